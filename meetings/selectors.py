"""Reads of meetings other code may use: the week's meetings, what waits on the director,
the annual figures. Each runs a fixed number of queries."""

from datetime import date

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from office.workload import week_of

from .choices import HELD_STATUSES, AgendaKind, MeetingStatus, MeetingType
from .models import AgendaItem, ChecklistTask, Meeting


def week_bounds(day: date) -> tuple[date, date]:
    """Monday to Sunday of ``day``'s week (the core's one definition)."""
    return week_of(day)


def visible_meetings(user, action: str = "view") -> QuerySet:
    return Meeting.objects.restrict(user, action)


def week_meetings(user, day: date) -> QuerySet:
    """The meetings of ``day``'s week the user may see, not cancelled or rejected."""
    start, end = week_bounds(day)
    return (
        visible_meetings(user)
        .filter(starts_at__date__range=(start, end))
        .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.REJECTED, MeetingStatus.DRAFT])
        .select_related("chair", "organiser_unit")
        .order_by("starts_at")
    )


def own_week_meetings(user, day: date) -> QuerySet:
    """A leader's own meetings of the week: those they chair or must attend."""
    return week_meetings(user, day).filter(
        Q(chair=user)
        | Q(pk__in=Meeting.required_leaders.through.objects.filter(user=user).values("meeting_id"))
    )


def awaiting_approval(user) -> QuerySet:
    return (
        visible_meetings(user, "change")
        .filter(status=MeetingStatus.SUBMITTED)
        .select_related("organiser_unit")
        .order_by("starts_at")
    )


def open_mandatory_tasks():
    return ChecklistTask.objects.filter(
        meeting=OuterRef("pk"), mandatory=True, done_on__isnull=True
    )


def with_open_checklists(user) -> QuerySet:
    return (
        visible_meetings(user, "change")
        .filter(status=MeetingStatus.APPROVED)
        .filter(Exists(open_mandatory_tasks()))
        .order_by("starts_at")
    )


# --- Annual figures (no user: the office's records) ----------------------------------------


def office_meetings(office) -> QuerySet:
    if office is None:
        return Meeting.objects.none()
    return Meeting.objects.for_office(office)


# The conditions the annual figures count by, shared with the list's filters so that a
# figure's link lists exactly the meetings it counts.
HELD = Q(status__in=HELD_STATUSES)
# Approved (or further) although a rule was broken: the director's exception.
EXCEPTION_GRANTED = Q(
    status__in=[MeetingStatus.APPROVED, MeetingStatus.READY, *HELD_STATUSES]
) & ~Q(exception_reason="")


def opened_with_first_topic():
    """第一议题: the meeting's first agenda item is a study item."""
    return Exists(
        AgendaItem.objects.filter(meeting=OuterRef("pk"), position=1, kind=AgendaKind.STUDY)
    )


def held_in(office, year: int) -> QuerySet:
    return office_meetings(office).filter(HELD, starts_at__year=year)


def held_count(office, year: int, meeting_type: str | None = None) -> int:
    meetings = held_in(office, year)
    if meeting_type:
        meetings = meetings.filter(meeting_type=meeting_type)
    return meetings.count()


def exceptions_granted(office, year: int) -> int:
    """Meetings approved although they broke a rule (with the director's approval)."""
    return office_meetings(office).filter(EXCEPTION_GRANTED, starts_at__year=year).count()


def average_minutes(office, year: int) -> float | None:
    value = held_in(office, year).aggregate(m=Avg("planned_minutes"))["m"]
    return None if value is None else round(value, 1)


def average_attendance(office, year: int) -> float | None:
    value = held_in(office, year).aggregate(m=Avg("expected_attendance"))["m"]
    return None if value is None else round(value, 1)


def first_topic_count(office, year: int) -> int:
    """第一议题 studied at held meetings: the first agenda item when it is a study item."""
    return held_in(office, year).filter(opened_with_first_topic()).count()


# The 第一议题 ledger's model, for another app's page listing it (training's first-topic page):
# the public name, so no app reaches into meetings.models.
FIRST_TOPIC_LEDGER = AgendaItem


def first_topic_studies(user) -> QuerySet:
    """The 第一议题 studies of held meetings as ``user`` may see them (every year): the study
    item each held meeting opens with."""
    return (
        AgendaItem.objects.restrict(user)
        .filter(kind=AgendaKind.STUDY, position=1, meeting__status__in=HELD_STATUSES)
        .select_related("meeting")
    )


__all__ = ["MeetingType", "FIRST_TOPIC_LEDGER"]


# Supervision items still being worked on (their states, read off the linked item).
FINISHED_ITEM_STATES = ("closed", "cancelled")


def open_decisions_before(meeting) -> QuerySet:
    """回头看: decisions of this body's earlier meetings that are not done yet (no supervision
    item, or one still open), for the next meeting's agenda."""
    from .models import Decision

    return (
        Decision.objects.filter(
            meeting__owning_office_id=meeting.owning_office_id,
            meeting__meeting_type=meeting.meeting_type,
            meeting__starts_at__lt=meeting.starts_at,
            meeting__status__in=HELD_STATUSES,
        )
        .exclude(supervision_item__status__in=FINISHED_ITEM_STATES)
        .select_related("meeting", "supervision_item", "lead_unit")
        .order_by("meeting__starts_at", "pk")
    )


# --- A person's own meetings (the calendar feed) -------------------------------------------

# How far back the feed reaches: a calendar keeps what it fetched, so older meetings are not
# sent again on every refresh.
FEED_DAYS_BACK = 92


def own_meetings(user, since: date) -> QuerySet:
    """The meetings ``user`` chairs, must attend as a leader, or was sent the notice of, from
    ``since`` on: requested, approved, ready, held, and cancelled ones (so a subscribed
    calendar drops them); never drafts or rejected requests."""
    from .models import Attendance

    required = Meeting.required_leaders.through.objects.filter(user=user).values("meeting_id")
    noticed = Attendance.objects.filter(user=user).values("meeting_id")
    return (
        Meeting.objects.filter(Q(chair=user) | Q(pk__in=required) | Q(pk__in=noticed))
        .filter(starts_at__date__gte=since)
        .exclude(status__in=[MeetingStatus.DRAFT, MeetingStatus.REJECTED])
        .select_related("chair", "organiser_unit")
        .order_by("starts_at", "pk")
    )


# --- 精文减会: this year against last year --------------------------------------------------


def same_day_last_year(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def type_comparison(office, today: date) -> list[dict]:
    """Meetings held per type this year (to today), in the same part of last year, and in the
    whole of last year: one query."""
    year, until = today.year, same_day_last_year(today)
    counts = {
        row["meeting_type"]: row
        for row in office_meetings(office)
        .filter(HELD, starts_at__year__in=[year, year - 1])
        .values("meeting_type")
        .annotate(
            this_year=Count("pk", filter=Q(starts_at__year=year)),
            same_period=Count("pk", filter=Q(starts_at__year=year - 1, starts_at__date__lte=until)),
            last_year=Count("pk", filter=Q(starts_at__year=year - 1)),
        )
    }
    empty = {"this_year": 0, "same_period": 0, "last_year": 0}
    return [
        {"meeting_type": value, "label": label, **{k: counts.get(value, empty)[k] for k in empty}}
        for value, label in MeetingType.choices
        if value in counts
    ]
