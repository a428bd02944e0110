"""Where a section's computed score on an assessment target comes from: the year's records in
the other apps, read through their selectors and models (never typed in), and the records
behind each figure for its link.

A rate is already a score of 0 to 100. A count becomes one against the best section: the
section with the most records scores 100, the others their share of it (count ÷ most × 100),
so a section is scored on its work, and a year in which no section has any scores none.
Sections are ranked, never people.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.models import OrgUnitKind
from supervision.selectors import Period, office_items, on_time_by_unit

from .choices import CriterionSource, SessionStatus
from .models import SessionAttendance


@dataclass(frozen=True)
class SourceRecord:
    day: date | None
    title: str
    url: str


@dataclass(frozen=True)
class Source:
    key: str
    # "rate": the figure is a percentage and the score itself; "count": scored against the
    # section with the most.
    measure: str
    unit: str
    formula: str
    # (office, year) -> {section id: figure}, in one grouped query.
    figures: Callable
    # (office, year, section) -> the records behind one section's figure, or None when the
    # figure links to a list of the app that shows them.
    records: Callable | None = None
    row: Callable | None = None
    list_url: Callable | None = None


# --- Supervision -------------------------------------------------------------------------------


def _on_time_rates(office, year) -> dict[int, float]:
    """Items a section led that closed in the year: the share on time, in %."""
    return {
        rate.unit_id: round(rate.on_time / rate.closed * 100, 1)
        for rate in on_time_by_unit(office_items(office), Period.of_year(year))
        if rate.closed
    }


def _items_closed(office, year) -> dict[int, int]:
    """Items a section led that closed (were handled to the end) in the year."""
    return {
        rate.unit_id: rate.closed
        for rate in on_time_by_unit(office_items(office), Period.of_year(year))
        if rate.closed
    }


def _items_url(section, year) -> str:
    return f"{reverse('supervision:item_list')}?lead_unit={section.pk}&closed_in={year}"


# --- Documents (the documents app's records, by the section of their drafter) ------------------


def _documents(office, year) -> QuerySet:
    from documents.selectors import issued_in

    return issued_in(office, year)


def _documents_drafted(office, year) -> dict[int, int]:
    rows = _documents(office, year).values("drafter__org_unit").annotate(n=Count("pk"))
    return {row["drafter__org_unit"]: row["n"] for row in rows if row["drafter__org_unit"]}


def _manuscripts(office, year) -> QuerySet:
    from documents.selectors import delivered_manuscripts

    return delivered_manuscripts(office, year)


def _manuscripts_delivered(office, year) -> dict[int, int]:
    rows = _manuscripts(office, year).values("author__org_unit").annotate(n=Count("pk"))
    return {row["author__org_unit"]: row["n"] for row in rows if row["author__org_unit"]}


# --- Meetings (the meetings app's records: a section served a meeting when its people did
# tasks of the meeting's checklist) -------------------------------------------------------------


def _held_meetings(office, year) -> QuerySet:
    from meetings.selectors import held_in

    return held_in(office, year)


def _meetings_served(office, year) -> dict[int, int]:
    rows = (
        _held_meetings(office, year)
        .filter(tasks__owner__org_unit__isnull=False)
        .values("tasks__owner__org_unit")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["tasks__owner__org_unit"]: row["n"] for row in rows}


# --- Study -------------------------------------------------------------------------------------


def _attendance_rates(office, year) -> dict[int, float]:
    """The section's people present at the sessions held in the year, in % of their places."""
    rows = (
        SessionAttendance.objects.filter(
            session__owning_office=office,
            session__status=SessionStatus.HELD,
            session__held_on__year=year,
            person__org_unit__kind=OrgUnitKind.SECTION,
        )
        .values("person__org_unit")
        .annotate(places=Count("id"), present=Count("id", filter=Q(status="present")))
    )
    return {
        row["person__org_unit"]: round(row["present"] / row["places"] * 100, 1)
        for row in rows
        if row["places"]
    }


def _sessions_url(section, year) -> str:
    return f"{reverse('training:session_list')}?status=held&year={year}"


def _local_day(moment) -> date:
    return timezone.localdate(moment)


SOURCES = {
    CriterionSource.SUPERVISION_ON_TIME: Source(
        CriterionSource.SUPERVISION_ON_TIME,
        "rate",
        "%",
        _("items closed on time ÷ items closed × 100"),
        _on_time_rates,
        list_url=_items_url,
    ),
    CriterionSource.SUPERVISION_HANDLED: Source(
        CriterionSource.SUPERVISION_HANDLED,
        "count",
        _("items"),
        _("items the section led that closed in the year ÷ the most of any section × 100"),
        _items_closed,
        list_url=_items_url,
    ),
    CriterionSource.DOCUMENTS_DRAFTED: Source(
        CriterionSource.DOCUMENTS_DRAFTED,
        "count",
        _("documents"),
        _("documents issued in the year drafted in the section ÷ the most of any section × 100"),
        _documents_drafted,
        records=lambda office, year, section: (
            _documents(office, year).filter(drafter__org_unit=section).order_by("issued_on", "pk")
        ),
        row=lambda doc: SourceRecord(
            doc.issued_on, f"{doc.number or ''} {doc.title}".strip(), doc.get_absolute_url()
        ),
    ),
    CriterionSource.MANUSCRIPTS_DELIVERED: Source(
        CriterionSource.MANUSCRIPTS_DELIVERED,
        "count",
        _("manuscripts"),
        _(
            "manuscripts delivered in the year written in the section ÷ the most of any section × 100"
        ),
        _manuscripts_delivered,
        records=lambda office, year, section: (
            _manuscripts(office, year)
            .filter(author__org_unit=section)
            .order_by("delivered_on", "pk")
        ),
        row=lambda ms: SourceRecord(ms.delivered_on, ms.title, ms.get_absolute_url()),
    ),
    CriterionSource.MEETINGS_SERVED: Source(
        CriterionSource.MEETINGS_SERVED,
        "count",
        _("meetings"),
        _("meetings held in the year the section served ÷ the most of any section × 100"),
        _meetings_served,
        records=lambda office, year, section: (
            _held_meetings(office, year)
            .filter(pk__in=_held_meetings(office, year).filter(tasks__owner__org_unit=section))
            .order_by("starts_at", "pk")
        ),
        row=lambda meeting: SourceRecord(
            _local_day(meeting.starts_at), meeting.title, meeting.get_absolute_url()
        ),
    ),
    CriterionSource.STUDY_ATTENDANCE: Source(
        CriterionSource.STUDY_ATTENDANCE,
        "rate",
        "%",
        _("places present ÷ places at the sessions held × 100"),
        _attendance_rates,
        list_url=_sessions_url,
    ),
}


def scores_of(source: Source, figures: dict[int, float]) -> dict[int, float]:
    """Each section's score (0–100) from its figure."""
    if source.measure == "rate":
        return figures
    most = max(figures.values(), default=0)
    if not most:
        return {}
    return {section: round(value / most * 100, 1) for section, value in figures.items()}


def source_url(source: Source, assessment, criterion, section) -> str:
    if source.list_url is not None:
        return source.list_url(section, assessment.year)
    return reverse("training:assessment_source", args=[assessment.pk, criterion.pk, section.pk])
