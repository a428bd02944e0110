"""The year's reform achievements (年度改革成果清单): the key tasks completed, the pilots
approved, the honours received and the office's advanced-unit titles, as one list for the page,
for Excel and for a .docx in the GB/T 9704 layout (office.docx)."""

import io
from dataclasses import dataclass

import openpyxl
from django.utils.translation import gettext as _

from office.docx import OfficialDocument, Paragraph, Table, date_text, render
from office.spreadsheets import as_text
from office.views.generic import fit_columns

from .choices import Level, TaskStatus
from .selectors import (
    honours_in,
    municipal_or_above,
    office_honours,
    office_pilots,
    office_tasks,
    pilots_approved_in,
)


@dataclass
class Achievements:
    year: int
    office: object
    tasks: list
    tasks_total: int
    pilots: list
    honours: list
    advanced_units: list

    @property
    def municipal_pilots(self) -> int:
        return sum(1 for p in self.pilots if p.level != Level.COUNTY)

    def honours_of(self, level) -> int:
        return sum(1 for h in self.honours if h.level == level)

    def summary(self) -> str:
        return _(
            "In %(year)d, %(done)d of %(total)d key reform tasks were completed; %(pilots)d "
            "reform pilots or demonstrations at municipal level or above were approved; "
            "%(national)d national, %(provincial)d provincial and %(municipal)d municipal "
            "honours were received."
        ) % {
            "year": self.year,
            "done": len(self.tasks),
            "total": self.tasks_total,
            "pilots": self.municipal_pilots,
            "national": self.honours_of(Level.NATIONAL),
            "provincial": self.honours_of(Level.PROVINCIAL),
            "municipal": self.honours_of(Level.MUNICIPAL),
        }


def achievements_of(office, year: int) -> Achievements:
    tasks = office_tasks(office).filter(year=year)
    honours = list(
        honours_in(office_honours(office), year)
        .select_related("unit")
        .order_by("level", "awarded_on")
    )
    return Achievements(
        year=year,
        office=office,
        tasks=list(
            tasks.filter(status=TaskStatus.COMPLETED)
            .select_related("lead_unit")
            .order_by("area", "completed_on", "pk")
        ),
        tasks_total=tasks.count(),
        pilots=list(
            municipal_or_above(pilots_approved_in(office_pilots(office), year))
            .select_related("lead_unit")
            .order_by("level", "approved_on")
        ),
        honours=honours,
        advanced_units=[h for h in honours if h.advanced_unit],
    )


def _sections(a: Achievements) -> list[tuple[str, list[str], list[list]]]:
    """(heading, column headers, rows) of each part of the list."""
    return [
        (
            _("Key reform tasks completed"),
            [_("task"), _("reform area"), _("lead unit"), _("completed on")],
            [
                [t.title, t.get_area_display(), str(t.lead_unit), _d(t.completed_on)]
                for t in a.tasks
            ],
        ),
        (
            _("Pilots and demonstrations approved at municipal level or above"),
            [_("name"), _("level"), _("approving body"), _("approval document"), _("approved on")],
            [
                [
                    p.name,
                    p.get_level_display(),
                    p.approving_body,
                    p.approval_document,
                    _d(p.approved_on),
                ]
                for p in a.pilots
            ],  # fmt: skip
        ),
        (
            _("Honours"),
            [_("honour"), _("level"), _("awarding body"), _("honoured"), _("awarded on")],
            [
                [h.title, h.get_level_display(), h.awarding_body, h.honoured, _d(h.awarded_on)]
                for h in a.honours
            ],
        ),
    ]


def _d(day) -> str:
    return day.isoformat() if day else ""


def achievements_xlsx(a: Achievements) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for heading, headers, rows in _sections(a):
        sheet = workbook.create_sheet(heading[:31])
        sheet.append([as_text(h) for h in headers])
        for row in rows:
            sheet.append([as_text(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return fit_columns(output.getvalue())


def achievements_docx(a: Achievements, *, today) -> bytes:
    office_name = a.office.name if a.office else ""
    body = [Paragraph(a.summary())]
    numerals = "一二三四五六七八九"
    for index, (heading, headers, rows) in enumerate(_sections(a)):
        body.append(Paragraph(f"{numerals[index]}、{heading}", level=1))
        if rows:
            body.append(Table(headers=headers, rows=rows))
        else:
            body.append(Paragraph(_("None.")))
    if a.advanced_units:
        body.append(Paragraph(f"{numerals[3]}、{_('Advanced-unit titles of the office')}", level=1))
        body.extend(Paragraph(f"{h.title}（{h.awarding_body}）") for h in a.advanced_units)
    return render(
        OfficialDocument(
            title=_("Reform achievements of %(year)d") % {"year": a.year},
            body=body,
            signature=office_name,
            written_on=today,
        )
    )


__all__ = ["Achievements", "achievements_docx", "achievements_of", "achievements_xlsx", "date_text"]
