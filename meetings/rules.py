"""The rules of a meeting, written once and used by the forms, the API, the services and
the demo.

Hard rules refuse the input (a meeting ending before it starts, of no length, lasting days;
agenda budgets over the planned length; a 第一议题 material this body studied before). The
精文减会 rules are checked on submission and each breach is shown with its rule: a breach can
still be submitted with a written reason, and then only the director approves it.
"""

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import BOOKED_STATUSES, AgendaKind, BreachLevel, MeetingStatus
from .conf import setting

WEEKDAY_NAMES = ("一", "二", "三", "四", "五", "六", "日")


@dataclass(frozen=True)
class Breach:
    rule: str
    label: str
    message: str
    level: str = BreachLevel.BREACH

    def as_dict(self) -> dict:
        return {**asdict(self), "level": str(self.level)}


# --- Hard rules --------------------------------------------------------------------------------


def time_errors(starts_at, ends_at) -> dict[str, str]:
    """A meeting ends after it starts, and lasts no longer than the longest a meeting may."""
    if starts_at is None or ends_at is None:
        return {}
    if ends_at <= starts_at:
        return {"ends_at": _("A meeting must end after it starts.")}
    minutes = (ends_at - starts_at).total_seconds() / 60
    if minutes > setting("MEETINGS_MAX_MINUTES"):
        return {
            "ends_at": _("A meeting cannot last more than %(days)s days.")
            % {"days": setting("MEETINGS_MAX_MINUTES") // (24 * 60)}
        }
    return {}


def minutes_between(starts_at, ends_at) -> int:
    return int((ends_at - starts_at).total_seconds() // 60)


def agenda_budget_error(planned_minutes: int, used_minutes: int, new_minutes: int) -> str:
    """The agenda's time budgets together fit the planned length ("" when they do)."""
    if used_minutes + new_minutes > planned_minutes:
        return _(
            "The agenda would take %(total)s minutes, more than the meeting's planned "
            "%(planned)s minutes."
        ) % {"total": used_minutes + new_minutes, "planned": planned_minutes}
    return ""


def carries_first_topic(meeting_type: str) -> bool:
    return meeting_type in setting("MEETINGS_FIRST_TOPIC_TYPES")


def studied_before(meeting, materials, agenda_items_qs):
    """Materials among ``materials`` this body (the office's meetings of the same type) has
    studied at another meeting that was not cancelled or rejected."""
    ids = [m.pk for m in materials]
    if not ids:
        return []
    rows = (
        agenda_items_qs.filter(
            kind=AgendaKind.STUDY,
            study_materials__in=ids,
            meeting__owning_office_id=meeting.owning_office_id,
            meeting__meeting_type=meeting.meeting_type,
        )
        .exclude(meeting=meeting)
        .exclude(meeting__status__in=[MeetingStatus.CANCELLED, MeetingStatus.REJECTED])
        .values_list("study_materials", flat=True)
    )
    seen = set(rows)
    return [m for m in materials if m.pk in seen]


def first_topic_error(meeting, agenda) -> str:
    """A meeting of a first-topic type opens with a study item linked to study materials."""
    if not carries_first_topic(meeting.meeting_type):
        return ""
    first = agenda[0] if agenda else None
    if first is None or first.kind != AgendaKind.STUDY:
        return _("%(type)s opens with 第一议题: the first agenda item must be a study item.") % {
            "type": meeting.get_meeting_type_display()
        }
    if not first.study_materials.exists():
        return _("The 第一议题 study item must be linked to one or more study materials.")
    return ""


# --- 精文减会 checks ------------------------------------------------------------------------------


def no_meeting_day(meeting) -> Breach | None:
    day = timezone.localtime(meeting.starts_at)
    weekdays = setting("MEETINGS_NO_MEETING_WEEKDAYS")
    if day.weekday() not in weekdays:
        return None
    days = "、".join(f"周{WEEKDAY_NAMES[d]}" for d in sorted(weekdays))
    return Breach(
        "no_meeting_day",
        _("No-meeting days"),
        _("%(date)s is a no-meeting day (%(days)s are kept free of meetings).")
        % {"date": day.strftime("%Y-%m-%d") + f" 周{WEEKDAY_NAMES[day.weekday()]}", "days": days},
    )


def length_cap(meeting) -> Breach | None:
    cap = setting("MEETINGS_LENGTH_CAPS").get(meeting.meeting_type)
    if cap is None or meeting.planned_minutes <= cap:
        return None
    return Breach(
        "length_cap",
        _("Length cap"),
        _("%(minutes)s minutes is over the %(cap)s-minute cap for a %(type)s.")
        % {
            "minutes": meeting.planned_minutes,
            "cap": cap,
            "type": meeting.get_meeting_type_display(),
        },
    )


def attendance_cap(meeting) -> Breach | None:
    cap = setting("MEETINGS_ATTENDANCE_CAPS").get(meeting.meeting_type)
    if cap is None or meeting.expected_attendance <= cap:
        return None
    return Breach(
        "attendance_cap",
        _("Attendance cap"),
        _("%(count)s attendees is over the cap of %(cap)s for a %(type)s.")
        % {
            "count": meeting.expected_attendance,
            "cap": cap,
            "type": meeting.get_meeting_type_display(),
        },
    )


def clashes(meeting, leaders, meetings_qs) -> list[Breach]:
    """The chair or a required leader is at another booked meeting at the same time."""
    people = {meeting.chair_id, *(leader.pk for leader in leaders)} - {None}
    others = (
        meetings_qs.filter(
            owning_office_id=meeting.owning_office_id,
            status__in=BOOKED_STATUSES,
            starts_at__lt=meeting.ends_at,
            ends_at__gt=meeting.starts_at,
        )
        .filter(Q(chair__in=people) | Q(required_leaders__in=people))
        .exclude(pk=meeting.pk)
        .select_related("chair")
        .prefetch_related("required_leaders")
        .distinct()
        .order_by("starts_at")
    )
    found = []
    for other in others:
        busy = [
            person for person in [other.chair, *other.required_leaders.all()] if person.pk in people
        ]
        names = "、".join(dict.fromkeys(str(person) for person in busy))
        found.append(
            Breach(
                "clash",
                _("Leader's schedule"),
                _("%(names)s will be at %(meeting)s (%(time)s) at the same time.")
                % {
                    "names": names,
                    "meeting": other.title,
                    "time": timezone.localtime(other.starts_at).strftime("%m-%d %H:%M"),
                },
            )
        )
    return found


def planned_count(meeting, plans_qs) -> int | None:
    year = timezone.localtime(meeting.starts_at).year
    plan = plans_qs.filter(
        owning_office_id=meeting.owning_office_id, year=year, meeting_type=meeting.meeting_type
    ).first()
    if plan is not None:
        return plan.planned_count
    return setting("MEETINGS_ANNUAL_PLAN_DEFAULTS").get(meeting.meeting_type)


def over_annual_plan(meeting, meetings_qs, plans_qs) -> Breach | None:
    planned = planned_count(meeting, plans_qs)
    if planned is None:
        return None
    year = timezone.localtime(meeting.starts_at).year
    count = (
        meetings_qs.filter(
            owning_office_id=meeting.owning_office_id,
            meeting_type=meeting.meeting_type,
            status__in=BOOKED_STATUSES,
            starts_at__year=year,
        )
        .exclude(pk=meeting.pk)
        .count()
    )
    if count + 1 <= planned:
        return None
    return Breach(
        "annual_plan",
        _("Annual meeting plan"),
        _(
            "This would be %(type)s number %(count)s of %(year)s; the annual plan allows %(planned)s."
        )
        % {
            "type": meeting.get_meeting_type_display(),
            "count": count + 1,
            "year": year,
            "planned": planned,
        },
    )


def merge_suggestions(meeting, meetings_qs) -> list[Breach]:
    """Another meeting of the same organiser in the same week: merging them is suggested."""
    start = timezone.localtime(meeting.starts_at).date()
    monday = start - timedelta(days=start.weekday())
    others = (
        meetings_qs.filter(
            organiser_unit_id=meeting.organiser_unit_id,
            status__in=BOOKED_STATUSES,
            starts_at__date__range=(monday, monday + timedelta(days=6)),
        )
        .exclude(pk=meeting.pk)
        .order_by("starts_at")
    )
    return [
        Breach(
            "merge",
            _("Merge meetings"),
            _("%(unit)s already holds %(meeting)s on %(date)s this week: could one meeting do?")
            % {
                "unit": meeting.organiser_unit,
                "meeting": other.title,
                "date": timezone.localtime(other.starts_at).strftime("%m-%d"),
            },
            BreachLevel.SUGGESTION,
        )
        for other in others
    ]


def check_meeting(meeting, leaders, *, meetings_qs, plans_qs) -> list[Breach]:
    """Every 精文减会 check of the meeting, breaches first, then suggestions."""
    found = [
        no_meeting_day(meeting),
        length_cap(meeting),
        attendance_cap(meeting),
        *clashes(meeting, leaders, meetings_qs),
        over_annual_plan(meeting, meetings_qs, plans_qs),
        *merge_suggestions(meeting, meetings_qs),
    ]
    return [breach for breach in found if breach is not None]
