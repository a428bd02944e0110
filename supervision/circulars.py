"""Supervision circulars (督查通报): figures of a period, the draft text, publication, .docx.

The figures rank units, never individuals. Each figure function runs a fixed number of
queries whatever the number of units or items (aggregates with values/annotate).

Definitions, for a period [start, end] of one office's leaf items (cancelled ones were
withdrawn and do not count) and ``as_of`` = the period's end, or today if it is still running:

- registered: registered in the period;
- active (a unit's items in the table): registered by the end and not closed before the start;
- closed: closed in the period; on time: closed on or before the deadline in force;
- open: registered by ``as_of`` and not closed by then; overdue: open past its deadline;
- closed rate = closed / active; on-time rate = on time / closed.
"""

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from office.docx import Attachment, OfficialDocument, Paragraph, Table, paragraphs_from_text
from office.docx import render as render_docx

from .choices import CircularStatus, ItemStatus
from .models import Circular, Item

NOTEWORTHY_LIMIT = 5
# An item closed this many days or more before its deadline is a noteworthy completion.
NOTEWORTHY_DAYS_EARLY = getattr(settings, "SUPERVISION_CIRCULAR_EARLY_DAYS", 5)
BEST_UNITS_IN_TEXT = 3


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    name: str
    active: int
    closed: int
    on_time: int
    overdue: int
    rank: int = 0

    @property
    def closed_rate(self) -> float | None:
        return self.closed / self.active if self.active else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.closed if self.closed else None


@dataclass(frozen=True)
class Totals:
    registered: int
    active: int
    closed: int
    on_time: int
    open: int
    overdue: int

    @property
    def closed_rate(self) -> float | None:
        return self.closed / self.active if self.active else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.closed if self.closed else None


@dataclass(frozen=True)
class OverdueItem:
    pk: int
    number: str
    title: str
    deadline: date
    days_overdue: int


@dataclass(frozen=True)
class OverdueGroup:
    unit_name: str
    items: list[OverdueItem]


@dataclass(frozen=True)
class Completion:
    """An item closed ahead of its deadline: a noteworthy completion."""

    pk: int
    number: str
    title: str
    unit_name: str
    closed_on: date
    deadline: date

    @property
    def days_early(self) -> int:
        return (self.deadline - self.closed_on).days


@dataclass(frozen=True)
class CircularFigures:
    start: date
    end: date
    as_of: date
    totals: Totals
    units: list[UnitFigures] = field(default_factory=list)
    overdue: list[OverdueGroup] = field(default_factory=list)
    noteworthy: list[Completion] = field(default_factory=list)


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _unit_name(name: str, short_name: str) -> str:
    return short_name or name


# --- Figures --------------------------------------------------------------------------------


def _conditions(start: date, end: date, as_of: date) -> dict[str, Q]:
    closed = Q(status=ItemStatus.CLOSED, closed_on__range=(start, end))
    open_ = Q(registered_on__lte=as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
    return {
        "registered": Q(registered_on__range=(start, end)),
        "active": Q(registered_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start)),
        "closed": closed,
        "on_time": closed & Q(closed_on__lte=F("deadline")),
        "open": open_,
        "overdue": open_ & Q(deadline__lt=as_of),
    }


def circular_items(office):
    """The items a circular of the office counts: its own leaves, cancelled ones left out."""
    return Item.objects.leaves().filter(owning_office=office).exclude(status=ItemStatus.CANCELLED)


def compute_figures(office, start: date, end: date, today: date | None = None) -> CircularFigures:
    """Every figure of a circular, in four queries."""
    today = today or timezone.localdate()
    as_of = min(end, today)
    conditions = _conditions(start, end, as_of)
    items = circular_items(office).order_by()
    totals = items.aggregate(**{key: Count("pk", filter=q) for key, q in conditions.items()})
    return CircularFigures(
        start=start,
        end=end,
        as_of=as_of,
        totals=Totals(**totals),
        units=_units(items, conditions),
        overdue=_overdue(items, conditions["overdue"], as_of),
        noteworthy=_noteworthy(items, conditions["closed"]),
    )


def _units(items, conditions) -> list[UnitFigures]:
    """Lead units of the period's active items, ranked: closed rate, then on-time rate."""
    rows = (
        items.filter(conditions["active"], lead_unit__isnull=False)
        .values("lead_unit", "lead_unit__name", "lead_unit__short_name")
        .annotate(
            active=Count("pk"),
            closed=Count("pk", filter=conditions["closed"]),
            on_time=Count("pk", filter=conditions["on_time"]),
            overdue=Count("pk", filter=conditions["overdue"]),
        )
    )
    units = [
        UnitFigures(
            unit_id=row["lead_unit"],
            name=_unit_name(row["lead_unit__name"], row["lead_unit__short_name"]),
            active=row["active"],
            closed=row["closed"],
            on_time=row["on_time"],
            overdue=row["overdue"],
        )
        for row in rows
    ]
    units.sort(
        key=lambda u: (
            -(u.closed_rate if u.closed_rate is not None else -1),
            -(u.on_time_rate if u.on_time_rate is not None else -1),
            u.overdue,
            u.name,
        )
    )
    # Units tied on both rates and the overdue count share a rank (1, 1, 3).
    ranked, previous = [], None
    for index, unit in enumerate(units, start=1):
        key = (unit.closed_rate, unit.on_time_rate, unit.overdue)
        rank = ranked[-1].rank if key == previous else index
        ranked.append(replace(unit, rank=rank))
        previous = key
    return ranked


def _overdue(items, condition: Q, as_of: date) -> list[OverdueGroup]:
    rows = (
        items.filter(condition)
        .select_related("lead_unit")
        .order_by("lead_unit__sort_order", "lead_unit__name", "deadline", "pk")
    )
    groups: dict[str, list[OverdueItem]] = {}
    for item in rows:
        unit = item.lead_unit
        name = _unit_name(unit.name, unit.short_name) if unit else _("No lead unit")
        groups.setdefault(name, []).append(
            OverdueItem(
                item.pk, item.number, item.title, item.deadline, (as_of - item.deadline).days
            )
        )
    return [OverdueGroup(name, overdue) for name, overdue in groups.items()]


def _noteworthy(items, closed: Q) -> list[Completion]:
    rows = items.filter(closed, closed_on__lt=F("deadline")).select_related("lead_unit")
    completions = [
        Completion(
            item.pk,
            item.number,
            item.title,
            _unit_name(item.lead_unit.name, item.lead_unit.short_name) if item.lead_unit else "",
            item.closed_on,
            item.deadline,
        )
        for item in rows
    ]
    completions = [c for c in completions if c.days_early >= NOTEWORTHY_DAYS_EARLY]
    completions.sort(key=lambda c: (-c.days_early, c.closed_on, c.number))
    return completions[:NOTEWORTHY_LIMIT]


def figures_for(circular: Circular, today: date | None = None) -> CircularFigures:
    """A published circular's figures as they went out; a draft's as the data stand today."""
    if circular.status == CircularStatus.PUBLISHED and circular.figures:
        return figures_from_snapshot(circular.figures)
    return compute_figures(
        circular.owning_office, circular.period_start, circular.period_end, today
    )


# --- The snapshot kept with a published circular ---------------------------------------------
# Later work (a deadline moved, an item closed or cancelled) changes the live figures; what the
# units were sent must not change with them.


def figures_snapshot(figures: CircularFigures) -> dict:
    """The figures as plain JSON (dates as ISO strings), to store on the circular."""
    return json.loads(json.dumps(asdict(figures), cls=DjangoJSONEncoder))


def figures_from_snapshot(data: dict) -> CircularFigures:
    day = date.fromisoformat
    return CircularFigures(
        start=day(data["start"]),
        end=day(data["end"]),
        as_of=day(data["as_of"]),
        totals=Totals(**data["totals"]),
        units=[UnitFigures(**unit) for unit in data["units"]],
        overdue=[
            OverdueGroup(
                group["unit_name"],
                [OverdueItem(**{**i, "deadline": day(i["deadline"])}) for i in group["items"]],
            )
            for group in data["overdue"]
        ],
        noteworthy=[
            Completion(**{**c, "closed_on": day(c["closed_on"]), "deadline": day(c["deadline"])})
            for c in data["noteworthy"]
        ],
    )


# --- The draft text -------------------------------------------------------------------------


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def period_text(start: date, end: date) -> str:
    """How a writer names the period: "2026年10月份" for a whole month, "2026年" for a whole
    year, otherwise from one day to the other."""
    if start.day == 1 and (end + timedelta(days=1)).day == 1:
        if (start.year, start.month) == (end.year, end.month):
            return _("%(year)d, month %(month)d") % {"year": start.year, "month": start.month}
        if (start.month, end.month, start.year) == (1, 12, end.year):
            return _("the year %(year)d") % {"year": start.year}
    return _("%(start)s to %(end)s") % {"start": _day(start), "end": _day(end)}


def _rates_sentence(t: Totals) -> str:
    """The rates with what they count, or a plain sentence when nothing was closed."""
    if t.closed_rate is None:
        return _("No item was being handled in the period.")
    if t.on_time_rate is None:
        return _(
            "None was closed: the closed rate (items closed ÷ items being handled in the "
            "period) is 0%."
        )
    return _(
        "The closed rate (items closed ÷ items being handled in the period) is "
        "%(closed_rate)s; the on-time rate (items closed by their deadline ÷ items closed) "
        "is %(on_time_rate)s."
    ) % {"closed_rate": percent(t.closed_rate), "on_time_rate": percent(t.on_time_rate)}


def draft_text(figures: CircularFigures) -> str:
    """The circular as the office would first write it; the director edits it."""
    t = figures.totals
    paragraphs = [
        _(
            "In %(period)s, %(registered)d supervision items were registered and %(closed)d "
            "were closed. As of %(as_of)s, %(open)d items are still being handled, %(overdue)d "
            "of them overdue. %(rates)s The situation is circulated as follows."
        )
        % {
            "period": period_text(figures.start, figures.end),
            "as_of": _day(figures.as_of),
            "registered": t.registered,
            "closed": t.closed,
            "open": t.open,
            "overdue": t.overdue,
            "rates": _rates_sentence(t),
        },
        _("I. Closure by unit"),
        *_units_paragraphs(figures),
        _("II. Overdue items"),
        *_overdue_paragraphs(figures),
        _("III. Noteworthy completions"),
        *_noteworthy_paragraphs(figures),
        _("IV. Requirements"),
        _(
            "Units with overdue items shall find the reasons, take measures and finish the work "
            "at once. Every unit shall report its progress on time and keep its ledger of items "
            "accurate, so that every matter is followed up and closed."
        ),
    ]
    return "\n\n".join(paragraphs)


def _units_paragraphs(figures: CircularFigures) -> list[str]:
    if not figures.units:
        return [_("No unit had supervision items in the period.")]
    best = [u for u in figures.units if u.closed][:BEST_UNITS_IN_TEXT]
    paragraphs = []
    if best:
        names = "、".join(f"{u.name}（{percent(u.closed_rate)}）" for u in best)
        paragraphs.append(_("The highest closed rates: %(units)s.") % {"units": names})
    behind = [u for u in figures.units if u.overdue]
    if behind:
        names = "、".join(
            _("%(unit)s (%(count)d items)") % {"unit": u.name, "count": u.overdue} for u in behind
        )
        paragraphs.append(_("Units with overdue items: %(units)s.") % {"units": names})
    paragraphs.append(
        _("The closed rate and on-time rate of each unit are given in the attached table.")
    )
    return paragraphs


def _overdue_paragraphs(figures: CircularFigures) -> list[str]:
    if not figures.overdue:
        return [_("No item was overdue.")]
    paragraphs = []
    for group in figures.overdue:
        entries = "；".join(
            _("%(number)s “%(title)s” (deadline %(deadline)s, %(days)d days overdue)")
            % {
                "number": item.number,
                "title": item.title,
                "deadline": _day(item.deadline),
                "days": item.days_overdue,
            }
            for item in group.items
        )
        paragraphs.append(
            _("%(unit)s, %(count)d: %(entries)s.")
            % {"unit": group.unit_name, "count": len(group.items), "entries": entries}
        )
    return paragraphs


def _noteworthy_paragraphs(figures: CircularFigures) -> list[str]:
    if not figures.noteworthy:
        return [_("No item was closed ahead of its deadline in the period.")]
    return [
        _(
            "%(unit)s closed %(number)s “%(title)s” on %(closed)s, %(days)d days before the "
            "deadline."
        )
        % {
            "unit": c.unit_name,
            "number": c.number,
            "title": c.title,
            "closed": _day(c.closed_on),
            "days": c.days_early,
        }
        for c in figures.noteworthy
    ]


def default_title(start: date, end: date) -> str:
    return _("Circular on the handling of supervision items in %(period)s") % {
        "period": period_text(start, end)
    }


# --- Services -------------------------------------------------------------------------------


# --- The .docx ------------------------------------------------------------------------------
# Laid out by office.docx after GB/T 9704, as a bulletin: the red 督查通报 mark with its 期数,
# the office and date above the red rule, the text, the office's signature, the table of
# rates by unit as the attachment, and the colophon.


def circular_docx(circular: Circular, figures: CircularFigures) -> bytes:
    return render_docx(circular_document(circular, figures))


def circular_document(circular: Circular, figures: CircularFigures) -> OfficialDocument:
    office = str(circular.owning_office)
    day = _issued_on(circular)
    return OfficialDocument(
        issuer_mark=_("Supervision circular"),
        issue=_issue(circular),
        compiled_by=office,
        compiled_on=day,
        title=circular.title,
        body=paragraphs_from_text(circular.text),
        attachments=[_unit_attachment(figures)],
        signature=office,
        written_on=day,
        printed_by=office,
        printed_on=day,
    )


def _issued_on(circular: Circular) -> date:
    """The day it went out; a draft is dated today."""
    if circular.published_at:
        return timezone.localdate(circular.published_at)
    return timezone.localdate()


def _issue(circular: Circular) -> str:
    """第N期: the circular's place among the office's circulars published that year; a draft
    has no number yet."""
    if circular.published_at is None:
        return ""
    year = timezone.localdate(circular.published_at).year
    at = circular.published_at
    number = (
        Circular.objects.filter(
            owning_office=circular.owning_office,
            status=CircularStatus.PUBLISHED,
            published_at__year=year,
        )
        .filter(Q(published_at__lt=at) | Q(published_at=at, pk__lte=circular.pk))
        .count()
    )
    return _("Issue %(number)d") % {"number": number}


def _unit_attachment(figures: CircularFigures) -> Attachment:
    rows = unit_table_rows(figures)
    period = _("%(start)s to %(end)s") % {"start": _day(figures.start), "end": _day(figures.end)}
    # The unit's name (column 1) never breaks over two lines.
    blocks: list = [Table(unit_table_headers(), rows, caption=period, nowrap=[1])]
    if not rows:
        blocks.append(Paragraph(_("No unit had items in the period.")))
    return Attachment(_("Closed and on-time rates by unit"), blocks)


def unit_table_headers() -> list[str]:
    return [
        _("Rank"),
        _("Unit"),
        _("Items"),
        _("Closed"),
        _("Closed rate"),
        _("Closed on time"),
        _("On-time rate"),
        _("Overdue"),
    ]


def unit_table_rows(figures: CircularFigures) -> list[list[str]]:
    return [
        [
            str(u.rank),
            u.name,
            str(u.active),
            str(u.closed),
            percent(u.closed_rate),
            str(u.on_time),
            percent(u.on_time_rate),
            str(u.overdue),
        ]
        for u in figures.units
    ]
