"""What reform work contributes to the home page, the annual figures and the search.

The annual figures count the office's records (the city office: every county under it):
key tasks of the year and those completed, pilots approved in the year at municipal level or
above (whatever became of them since), and honours received in the year by level. Each
figure's description says so, and the achievements list counts the same way.
"""

from datetime import timedelta

from django.db.models import Count, Q
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
from office.roles import OFFICE_ROLES, Role

from .choices import Level, MilestoneStatus, TaskState, TaskStatus
from .models import Honour, KeyTask, Milestone, Pilot
from .selectors import (
    honours_in,
    municipal_or_above,
    office_honours,
    office_pilots,
    office_tasks,
    pilots_approved_in,
)

TODO_LIMIT = 10
# A lead unit sees the milestones due within a month, and those overdue.
DUE_WITHIN_DAYS = 30

# --- Annual figures --------------------------------------------------------------------------


def key_tasks(year: int, office) -> int:
    return office_tasks(office).filter(year=year).count()


def key_tasks_completed(year: int, office) -> int:
    return office_tasks(office).filter(year=year, status=TaskStatus.COMPLETED).count()


def pilots_municipal_or_above(year: int, office) -> int:
    return municipal_or_above(pilots_approved_in(office_pilots(office), year)).count()


def _honours(level):
    return lambda year, office: honours_in(office_honours(office), year, level).count()


def figures_of_years(office, years) -> dict[int, dict[str, int]]:
    """{year: {figure key: value}} of the annual figures for several years in three queries
    (the reform dashboard's comparison) instead of one per figure and year; counted as the
    figures count (tests/reforms/test_figures.py holds the two to the same values)."""
    years = list(years)
    tasks = (
        office_tasks(office)
        .filter(year__in=years)
        .aggregate(
            **{f"tasks_{y}": Count("pk", filter=Q(year=y)) for y in years},
            **{
                f"completed_{y}": Count("pk", filter=Q(year=y, status=TaskStatus.COMPLETED))
                for y in years
            },
        )
    )
    pilots = municipal_or_above(office_pilots(office)).aggregate(
        **{f"pilots_{y}": Count("pk", filter=Q(approved_on__year=y)) for y in years}
    )
    honours = office_honours(office).aggregate(
        **{
            f"{level}_{y}": Count("pk", filter=Q(awarded_on__year=y, level=level))
            for y in years
            for level in (Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL)
        }
    )
    return {
        y: {
            "reforms.key_tasks": tasks[f"tasks_{y}"],
            "reforms.key_tasks_completed": tasks[f"completed_{y}"],
            "reforms.pilots_municipal_or_above": pilots[f"pilots_{y}"],
            "reforms.honours_national": honours[f"national_{y}"],
            "reforms.honours_provincial": honours[f"provincial_{y}"],
            "reforms.honours_municipal": honours[f"municipal_{y}"],
        }
        for y in years
    }


# The lists behind the figures, filtered to exactly the records each counts.
def _tasks_link(**filters):
    return list_link("reforms:task_list", year=YEAR, **filters)


_pilots_link = list_link("reforms:pilot_list", approved_year=YEAR, municipal_or_above=True)


def _honours_link(level):
    return list_link("reforms:honour_list", year=YEAR, level=level)


ANNUAL_FIGURES = [
    AnnualFigure(
        "reforms.key_tasks",
        _("Key reform tasks of the year"),
        compute=key_tasks,
        description=_("The year's key reform tasks, as entered or imported."),
        unit=_("tasks"),
        order=60,
        chapter="reform",
        sentence=_("%(value)s key reform tasks in the year"),
        link=_tasks_link(),
    ),
    AnnualFigure(
        "reforms.key_tasks_completed",
        _("Key reform tasks completed"),
        compute=key_tasks_completed,
        description=_("Tasks of the year whose every milestone the office has accepted."),
        unit=_("tasks"),
        order=61,
        chapter="reform",
        sentence=_("%(value)s of them completed"),
        link=_tasks_link(status=TaskStatus.COMPLETED.value),
    ),
    AnnualFigure(
        "reforms.pilots_municipal_or_above",
        _("Reform pilots and demonstrations approved at municipal level or above"),
        compute=pilots_municipal_or_above,
        description=_(
            "Approved in the year by a national, provincial or municipal body, including any "
            "withdrawn later; county-level pilots are not counted."
        ),
        unit=_("pilots"),
        order=62,
        chapter="reform",
        sentence=_(
            "%(value)s reform pilots and demonstrations approved at municipal level or above"
        ),
        headline=True,
        link=_pilots_link,
    ),
    AnnualFigure(
        "reforms.honours_national",
        _("National honours"),
        compute=_honours(Level.NATIONAL),
        link=_honours_link(Level.NATIONAL.value),
        description=_("Honours received in the year from national bodies."),
        unit=_("honours"),
        order=63,
        chapter="reform",
        sentence=_("%(value)s national honours"),
        headline=True,
    ),
    AnnualFigure(
        "reforms.honours_provincial",
        _("Provincial honours"),
        compute=_honours(Level.PROVINCIAL),
        link=_honours_link(Level.PROVINCIAL.value),
        description=_("Honours received in the year from provincial bodies."),
        unit=_("honours"),
        order=64,
        chapter="reform",
        sentence=_("%(value)s provincial honours"),
        headline=True,
    ),
    AnnualFigure(
        "reforms.honours_municipal",
        _("Municipal honours"),
        compute=_honours(Level.MUNICIPAL),
        link=_honours_link(Level.MUNICIPAL.value),
        description=_(
            "Honours received in the year from municipal bodies, the office's advanced-unit "
            "titles included."
        ),
        unit=_("honours"),
        order=65,
        chapter="reform",
        sentence=_("%(value)s municipal honours"),
    ),
]

# --- To-dos ----------------------------------------------------------------------------------


def todos_for(user) -> list:
    """The office: milestone reports awaiting acceptance. A lead unit: its milestones due
    within a month or overdue, not yet reported (or returned)."""
    if not user.has_perm("reforms.view_milestone"):
        return []
    milestones = Milestone.objects.restrict(user).select_related("task")
    if user.has_role(*OFFICE_ROLES) and not user.sees_own_unit_only:
        waiting = milestones.filter(status=MilestoneStatus.REPORTED).order_by("reported_on")
        return [
            TodoEntry(
                f"{m.task.title} · {m.title}",
                m.get_absolute_url(),
                m.due_date,
                str(_("Milestone report to accept")),
                tone="purple",
            )
            for m in waiting[:TODO_LIMIT]
        ]
    if not user.sees_own_unit_only:
        return []
    today = timezone.localdate()
    due = milestones.filter(
        task__lead_unit=user.org_unit_id,
        status__in=[MilestoneStatus.PENDING, MilestoneStatus.RETURNED],
        due_date__lte=today + timedelta(days=DUE_WITHIN_DAYS),
    ).order_by("due_date")
    return [
        TodoEntry(
            f"{m.task.title} · {m.title}",
            m.get_absolute_url(),
            m.due_date,
            str(
                _("Returned milestone")
                if m.status == MilestoneStatus.RETURNED
                else _("Milestone due")
            ),
            tone="red" if m.due_date < today or m.status == MilestoneStatus.RETURNED else "azure",
        )
        for m in due[:TODO_LIMIT]
    ]


TODOS = [TodoProvider("reforms", todos_for)]

# --- Home page widget ------------------------------------------------------------------------


def glance_widget_context(user, today) -> dict | None:
    """Reform at a glance: the year's tasks done, on track and behind (each a link to the
    tasks behind it), and the behind ones by name."""
    from .selectors import with_plan

    if not user.has_perm("reforms.view_keytask"):
        return None
    tasks = with_plan(KeyTask.objects.restrict(user).filter(year=today.year), today)
    counts = dict.fromkeys(TaskState.values, 0)
    for state in tasks.order_by().values_list("state", flat=True):
        counts[state] += 1
    if not sum(counts.values()):
        return None
    task_list = reverse("reforms:task_list")
    behind = list(
        tasks.filter(state=TaskState.BEHIND).select_related("lead_unit").order_by("progress")[:5]
    )
    return {
        "year": today.year,
        "states": [
            (label, counts[state], f"{task_list}?year={today.year}&state={state}", state)
            for state, label in TaskState.choices
        ],
        "behind": behind,
        "more_url": reverse("reforms:dashboard"),
        # A county leader follows the tasks they lead.
        "led": tasks.filter(lead_leader=user).count(),
        "led_url": f"{task_list}?year={today.year}&lead_leader={user.pk}",
    }


WIDGETS = [
    DashboardWidget(
        "reforms.glance",
        _("Reform at a glance"),
        template="reforms/widgets/glance.html",
        context=glance_widget_context,
        roles=(Role.DIRECTOR, Role.LEADER),
        order=40,
    )
]

# --- Search ----------------------------------------------------------------------------------


SEARCH = [
    SearchSource(
        "reforms.tasks",
        _("Key reform tasks"),
        KeyTask,
        fields=("goal",),
        detail=lambda task: f"{task.year} · {task.get_area_display()}",
    ),
    SearchSource(
        "reforms.pilots",
        _("Reform pilots and demonstrations"),
        Pilot,
        fields=("approving_body", "evaluation"),
        detail=lambda pilot: pilot.get_status_display(),
    ),
    SearchSource(
        "reforms.honours",
        _("Honours"),
        Honour,
        fields=("awarding_body", "person"),
        detail=lambda honour: honour.get_level_display(),
    ),
]
