"""The annual work summary (年度工作总结): the year's figures laid out in the chapters of the
office's year-end report, beside last year's, and a text draft written around them that
the director edits, keeps in versions and downloads as a GB/T 9704 .docx.

The figures come from the registry (every app's ``AnnualFigure``), so the page, the draft,
the .docx and ``GET /api/v1/reports/annual/<year>/`` always say the same numbers.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from office import docx
from office.models import AnnualReportDraft, DraftStatus
from office.registry import figure_values, registry
from office.workflow import require

from .chapters import CHAPTERS

# The chapters of the seed's report (office/chapters.py, which the practices' areas use too).
CHAPTER_KEYS = [key for key, _label in CHAPTERS]
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass
class FigureRow:
    figure: object
    value: object
    last_year: object
    url: str = ""

    @property
    def change(self):
        """This year's count less last year's; None for rates and missing values."""
        if self.figure.unit == "%" or self.value is None or self.last_year is None:
            return None
        return self.value - self.last_year

    def shown(self, value=None) -> str:
        value = self.value if value is None else value
        if isinstance(value, float):
            return f"{value:.1f}"
        return f"{value}"


@dataclass
class Chapter:
    key: str
    label: str
    rows: list[FigureRow] = field(default_factory=list)


def chapter_of(figure) -> str:
    chapter = getattr(figure, "chapter", "")
    return chapter if chapter in CHAPTER_KEYS else "other"


def chapters(year: int, office, *, links_for=None) -> list[Chapter]:
    """The year's figures, each with last year's, grouped in the report's chapters (those
    with no figure left out). ``links_for``: the office whose records the reader's lists
    show (a figure links to its records only there, so the list has that many rows)."""
    this_year = dict((f.key, v) for f, v in registry.annual_figures(year, office))
    before = dict((f.key, v) for f, v in registry.annual_figures(year - 1, office))
    grouped = {key: Chapter(key, str(label)) for key, label in CHAPTERS}
    for figure in registry.figures:
        link = getattr(figure, "link", None)
        url = link(year) if link and links_for is not None and links_for == office else ""
        grouped[chapter_of(figure)].rows.append(
            FigureRow(figure, this_year.get(figure.key), before.get(figure.key), url or "")
        )
    return [chapter for chapter in grouped.values() if chapter.rows]


def _sentence(row: FigureRow) -> str:
    template = getattr(row.figure, "sentence", "")
    value = row.shown()
    if template:
        return str(template) % {"value": value}
    return f"{row.figure.label}{value}{row.figure.unit}"


def compose(year: int, office) -> str:
    """The draft as generated: a title line, then per chapter that has figures its heading
    (一、参谋辅政) and a paragraph telling each figure in its own words
    ("服务召开县委常委会会议36次")."""
    lines = [_("%(office)s work summary of %(year)d") % {"office": office, "year": year}]
    number = 0
    for chapter in chapters(year, office):
        # A count of nothing is not news in a year-end report: it is left out of the text
        # (the table above the draft still shows it).
        sentences = [_sentence(row) for row in chapter.rows if row.value]
        if not sentences:
            continue
        numeral = CHINESE_NUMERALS[number] if number < len(CHINESE_NUMERALS) else str(number + 1)
        number += 1
        lines.append(f"{numeral}、{chapter.label}")
        lines.append(f"{'，'.join(sentences)}。")
    return "\n".join(lines)


@dataclass
class ComparedFigure:
    figure: object
    cells: list  # [(value, rank or None)] in the counties' order


def shared_ranks(values: list) -> list:
    """Competition ranks, higher first, equal values sharing a rank (1, 2, 2, 4); a county
    without a value has none."""
    present = sorted((v for v in values if v is not None), reverse=True)
    return [None if v is None else present.index(v) + 1 for v in values]


def compare_counties(year: int, counties) -> list[ComparedFigure]:
    """Every figure of the year for each county side by side; ranked figures ranked."""
    columns = [dict((f.key, v) for f, v in registry.annual_figures(year, c)) for c in counties]
    compared = []
    for figure in registry.figures:
        values = [column.get(figure.key) for column in columns]
        ranks = shared_ranks(values) if figure.ranked else [None] * len(values)
        compared.append(ComparedFigure(figure, list(zip(values, ranks, strict=True))))
    return compared


def headline_rows(office, today) -> list[FigureRow]:
    """The year's key figures so far, each beside last year's whole-year figure."""
    headline = [figure for figure in registry.figures if figure.headline]
    this_year = figure_values(headline, today.year, office)
    last_year = figure_values(headline, today.year - 1, office)
    return [
        FigureRow(figure, value, before, (figure.link(today.year) if figure.link else "") or "")
        for figure, value, before in zip(headline, this_year, last_year, strict=True)
    ]


def headline_widget_context(user, today):
    office = user.office
    if office is None:
        return None
    rows = headline_rows(office, today)
    return (
        {"rows": rows, "year": today.year, "summary_url": reverse("annual_summary")}
        if rows
        else None
    )


def draft_of(year: int, office) -> AnnualReportDraft | None:
    return AnnualReportDraft.objects.filter(owning_office=office, year=year).first()


def blank_draft(year: int, office) -> AnnualReportDraft:
    """An unsaved draft, for asking ``may`` before the first one exists."""
    return AnnualReportDraft(owning_office=office, year=year, text="")


class EditedDraftError(Exception):
    """Regenerating would replace the director's edits: ask first."""


@transaction.atomic
def annual_draft_generate(*, actor, year: int, office, overwrite_edits: bool = False):
    """Write the draft afresh from the figures. An edited draft is replaced only when the
    director has said so (``overwrite_edits``); its text stays in the history."""
    draft = draft_of(year, office) or blank_draft(year, office)
    require(actor, "generate", draft)
    if draft.pk and draft.status == DraftStatus.EDITED and not overwrite_edits:
        raise EditedDraftError
    draft.text = compose(year, office)
    draft.status = DraftStatus.GENERATED
    draft.updated_by = actor
    draft.save()
    return draft


@transaction.atomic
def annual_draft_save(*, actor, year: int, office, text: str) -> AnnualReportDraft:
    """Save the director's edited text as a new version."""
    draft = draft_of(year, office) or blank_draft(year, office)
    require(actor, "edit", draft)
    draft.text = text
    draft.status = DraftStatus.EDITED
    draft.updated_by = actor
    draft.save()
    return draft


def draft_docx(draft: AnnualReportDraft) -> bytes:
    """The draft in the GB/T 9704 layout: its first line the title, the rest the body."""
    title, _newline, body = draft.text.partition("\n")
    today = timezone.localdate()
    written_on = min(today, date(draft.year + 1, 1, 31)) if draft.year < today.year else today
    return docx.render(
        docx.OfficialDocument(
            title=title.strip(),
            body=docx.paragraphs_from_text(body),
            signature=str(draft.owning_office),
            written_on=written_on,
        )
    )
