"""What meetings contribute to the home page, the annual figures and the search."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.registry import (
    YEAR,
    AnnualFigure,
    DashboardWidget,
    SearchSource,
    TodoEntry,
    TodoProvider,
    list_link,
)
from office.roles import Role

from .choices import MeetingStatus, MeetingType
from .models import ChecklistTask, Meeting
from .selectors import (
    average_attendance,
    average_minutes,
    awaiting_approval,
    exceptions_granted,
    first_topic_count,
    held_count,
    own_week_meetings,
    same_day_last_year,
    type_comparison,
    week_meetings,
    with_open_checklists,
)

TODO_LIMIT = 10
WEEK_LIMIT = 12

# --- Annual figures --------------------------------------------------------------------------


def _typed(meeting_type):
    return lambda year, office: held_count(office, year, meeting_type)


def meetings_link(**query):
    """The meeting list filtered to exactly the meetings a figure counts, e.g.
    ``meetings_link(held=True)`` -> (year) -> URL."""
    return list_link("meetings:meeting_list", year=YEAR, **query)


HELD_LINK = meetings_link(held=True)


ANNUAL_FIGURES = [
    AnnualFigure(
        "meetings.standing_committee",
        _("Standing committee meetings served"),
        compute=_typed(MeetingType.STANDING_COMMITTEE),
        description=_("Standing committee meetings held in the year (cancelled ones are not)."),
        unit=_("meetings"),
        order=40,
        chapter="political",
        sentence=_("served %(value)s standing committee meetings"),
        link=meetings_link(meeting_type=MeetingType.STANDING_COMMITTEE.value, held=True),
    ),
    AnnualFigure(
        "meetings.secretary_special",
        _("Secretary's special meetings served"),
        compute=_typed(MeetingType.SECRETARY_SPECIAL),
        description=_("Secretary's special meetings held in the year."),
        unit=_("meetings"),
        order=41,
        chapter="political",
        sentence=_("%(value)s secretary's special meetings"),
        link=meetings_link(meeting_type=MeetingType.SECRETARY_SPECIAL.value, held=True),
    ),
    AnnualFigure(
        "meetings.organised_total",
        _("Meetings organised"),
        compute=_typed(None),
        description=_(
            "Meetings of every type held in the year; cancelled or rejected ones are not counted."
        ),
        link=HELD_LINK,
        unit=_("meetings"),
        order=42,
        chapter="coordination",
        sentence=_("organised %(value)s meetings of every kind"),
        headline=True,
    ),
    AnnualFigure(
        "meetings.first_topic",
        _("第一议题 studies"),
        compute=lambda year, office: first_topic_count(office, year),
        description=_(
            "Held meetings of the year that opened by studying the General Secretary's speeches or instructions."
        ),
        link=meetings_link(held=True, first_topic=True),
        unit=_("times"),
        order=43,
        chapter="political",
        sentence=_("studied the first topic %(value)s times at meetings"),
    ),
    AnnualFigure(
        "meetings.exceptions_granted",
        _("Rule exceptions granted"),
        compute=lambda year, office: exceptions_granted(office, year),
        description=_(
            "Meetings of the year approved by the director although they broke a 精文减会 rule."
        ),
        link=meetings_link(exception=True),
        unit=_("meetings"),
        order=44,
        chapter="burden",
        sentence=_("%(value)s exceptions to the meeting rules approved"),
    ),
    AnnualFigure(
        "meetings.average_attendance",
        _("Average attendance"),
        compute=lambda year, office: average_attendance(office, year),
        description=_("The expected attendance of the meetings held in the year, on average."),
        unit=_("people"),
        order=46,
        chapter="burden",
        sentence=_("%(value)s people attended a meeting on average"),
        link=HELD_LINK,
    ),
    AnnualFigure(
        "meetings.average_minutes",
        _("Average meeting length"),
        compute=lambda year, office: average_minutes(office, year),
        description=_("The planned length of the meetings held in the year, on average."),
        unit=_("minutes"),
        order=45,
        chapter="burden",
        sentence=_("meetings lasted %(value)s minutes on average"),
        link=HELD_LINK,
    ),
]

# --- To-dos ----------------------------------------------------------------------------------


def todos_for(user) -> list:
    entries = []
    if user.has_role(Role.DIRECTOR, Role.SECTION_HEAD):
        for meeting in awaiting_approval(user)[:TODO_LIMIT]:
            if meeting.has_breaches and not user.has_role(Role.DIRECTOR):
                continue
            entries.append(
                TodoEntry(
                    _("Approve the meeting: %(title)s") % {"title": meeting.title},
                    meeting.get_absolute_url(),
                    due=timezone.localtime(meeting.starts_at).date(),
                    kind=str(_("Meeting")),
                    tone="red" if meeting.has_breaches else "purple",
                    detail=str(_("Exception requested")) if meeting.has_breaches else "",
                )
            )
    tasks = (
        ChecklistTask.objects.filter(owner=user, done_on__isnull=True)
        .filter(meeting__status__in=[MeetingStatus.APPROVED, MeetingStatus.READY])
        .select_related("meeting")
        .order_by("deadline")[:TODO_LIMIT]
    )
    today = timezone.localdate()
    for task in tasks:
        entries.append(
            TodoEntry(
                f"{task.title} · {task.meeting.title}",
                task.meeting.get_absolute_url(),
                due=task.deadline,
                kind=str(_("Meeting preparation")),
                tone="red" if task.deadline < today else "azure",
            )
        )
    return entries


TODOS = [TodoProvider("meetings", todos_for)]

# --- Widgets ---------------------------------------------------------------------------------


def week_widget_context(user, today) -> dict | None:
    """This week's meetings: a leader's own first, then the office's."""
    if user.has_role(Role.LEADER):
        meetings = own_week_meetings(user, today)
    else:
        meetings = week_meetings(user, today)
    rows = list(meetings[:WEEK_LIMIT])
    return {
        "rows": rows,
        "all_url": reverse("meetings:meeting_list") + "?week=true",
        "today": today,
    }


def director_widget_context(user, today) -> dict | None:
    waiting = list(awaiting_approval(user)[:TODO_LIMIT])
    open_lists = list(with_open_checklists(user)[:TODO_LIMIT])
    if not waiting and not open_lists:
        return None
    return {"waiting": waiting, "open_lists": open_lists}


def comparison_widget_context(user, today) -> dict | None:
    """精文减会: meetings held per type this year against the same part of last year."""
    rows = type_comparison(user.office, today)
    if not rows:
        return None
    year, until = today.year, same_day_last_year(today)
    for row in rows:
        kind = {"meeting_type": row["meeting_type"]}
        row["change"] = row["this_year"] - row["same_period"]
        row["this_url"] = meetings_link(held=True, **kind)(year)
        row["same_url"] = meetings_link(held=True, until=until.isoformat(), **kind)(year - 1)
        row["last_url"] = meetings_link(held=True, **kind)(year - 1)
    total = {
        key: sum(row[key] for row in rows) for key in ("this_year", "same_period", "last_year")
    }
    total.update(
        change=total["this_year"] - total["same_period"],
        this_url=HELD_LINK(year),
        same_url=meetings_link(held=True, until=until.isoformat())(year - 1),
        last_url=HELD_LINK(year - 1),
    )
    return {"rows": rows, "total": total, "year": year, "until": until}


WIDGETS = [
    DashboardWidget(
        "meetings.week",
        _("This week's meetings"),
        template="meetings/widgets/week.html",
        context=week_widget_context,
        roles=(Role.LEADER, Role.DIRECTOR),
        order=35,
    ),
    DashboardWidget(
        "meetings.comparison",
        _("Meetings against last year (精文减会)"),
        template="meetings/widgets/comparison.html",
        context=comparison_widget_context,
        roles=(Role.LEADER, Role.DIRECTOR),
        order=37,
    ),
    DashboardWidget(
        "meetings.director",
        _("Meetings awaiting the director"),
        template="meetings/widgets/director.html",
        context=director_widget_context,
        roles=(Role.DIRECTOR,),
        order=36,
    ),
]

# --- Search ----------------------------------------------------------------------------------


def _meeting_detail(meeting) -> str:
    return (
        f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M} · {meeting.get_status_display()}"
    )


SEARCH = [
    SearchSource(
        "meetings.meetings",
        _("Meetings"),
        Meeting,
        fields=("place", "reason"),
        title=lambda meeting: meeting.title,
        detail=_meeting_detail,
    )
]
