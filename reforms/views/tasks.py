"""Key reform tasks: the year's list with its roll-ups, entry and editing, the task's page with
its milestones, and the milestone's page where the lead unit reports and the office accepts or
returns the report."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.roles import OFFICE_ROLES
from office.tones import state_badge
from office.views.detail import ActionPanel, Event, ObjectDetailView, transition_events
from office.views.generic import ObjectEditView, ObjectListView
from office.workflow import may, transition_history

from .. import services
from ..choices import STATE_TONES, ReformArea
from ..filtersets import TaskFilterSet
from ..forms import AcceptForm, MilestoneReportForm, ReturnForm, SuperviseForm, TaskForm
from ..models import KeyTask, Milestone, MilestoneAttachment
from ..rules import expected_progress, task_state
from ..selectors import by_area, by_office, by_unit, with_plan
from ..tables import TaskTable, progress_bar, state_label


class TaskListView(ObjectListView):
    """The year's key reform tasks, each against its plan, rolled up by area and by unit."""

    model = KeyTask
    table_class = TaskTable
    filterset_class = TaskFilterSet
    create_url_name = "reforms:task_add"
    template_name = "reforms/task_list.html"
    title = gettext_lazy("Key reform tasks")

    def get_base_queryset(self):
        return with_plan(
            KeyTask.objects.select_related("lead_unit", "lead_leader").prefetch_related(
                "cooperating_units"
            ),
            timezone.localdate(),
        )

    def get_filterset_kwargs(self, filterset_class):
        """The year's list unless another year (or 全部, an empty year) is asked for."""
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "year" not in self.request.GET:
            data = self.request.GET.copy()
            data["year"] = str(timezone.localdate().year)
            kwargs["data"] = data
        return kwargs

    def get_export_filename(self, export_format):
        return f"{_('Key reform tasks')}-{timezone.localdate():%Y%m%d}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tasks = self.object_list
        user = self.request.user
        city = user.in_city_office
        context.update(
            by_area=by_area(tasks),
            by_unit=by_office(tasks) if city else by_unit(tasks),
            by_unit_heading=_("By county") if city else _("By lead unit"),
            by_unit_param="owning_office" if city else "lead_unit",
            may_import=user.has_perm("reforms.add_keytask"),
        )
        return context


class TaskEditView(ObjectEditView):
    model = KeyTask
    form_class = TaskForm
    template_name = "reforms/task_form.html"
    list_url_name = "reforms:task_list"

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user}
        instance = kwargs.pop("instance", None)
        if instance is not None:
            kwargs.update(instance=instance, locked_plan=services.plan_locked(instance))
        return kwargs

    def save(self, form):
        actor = self.request.user
        if self.object is None:
            return services.task_create(actor=actor, data=form.task_data())
        return services.task_update(
            actor=actor,
            task=self.object,
            data=form.task_data(),
            reason=form.cleaned_data.get("plan_reason", ""),
        )


def _supervise(view, task, data):
    item = services.task_supervise(actor=view.request.user, task=task)
    return _("Supervision item %(number)s opened and assigned to %(unit)s.") % {
        "number": item.number,
        "unit": task.lead_unit,
    }


TASK_ACTIONS = (
    ActionPanel(
        "supervise",
        SuperviseForm,
        _supervise,
        gettext_lazy("Behind plan: open a supervision item"),
        gettext_lazy("Open a supervision item"),
        "clipboard-check",
        "danger",
        intro=gettext_lazy(
            "The task becomes a supervision item of its lead unit, assigned at once and due "
            "on its next milestone."
        ),
        confirm=gettext_lazy("Open a supervision item for this task?"),
    ),
)


class TaskDetailView(ObjectDetailView):
    model = KeyTask
    template_name = "reforms/task_detail.html"
    edit_url_name = "reforms:task_edit"
    url_prefix = "reforms:task"
    action_panels = TASK_ACTIONS
    timeline_title = gettext_lazy("History")
    timeline_sources = ("milestone_events", "plan_events")
    workflow_fields = ("status", "completed_on")
    detail_fields = ("year", "area", "lead_leader", "lead_unit", "goal")

    def get_base_queryset(self):
        return KeyTask.objects.select_related(
            "lead_unit", "lead_leader", "owning_office", "supervision_item"
        ).prefetch_related(
            "cooperating_units",
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
        )

    def get_history(self):
        records = super().get_history()
        # Entering a task sets its cooperating units just after creating it: one step for
        # the person, so no "changed" line of its own.
        for newer, older in zip(records, records[1:], strict=False):
            if older.history_type == "+" and (newer.history_date - older.history_date).seconds < 2:
                newer.changes = [c for c in newer.changes if c["field"] != self.cooperating_label]
        return records

    cooperating_label = KeyTask._meta.get_field("cooperating_units").verbose_name

    def get_fields(self):
        rows = super().get_fields()
        units = "、".join(str(u) for u in self.object.cooperating_units.all())
        rows.insert(4, (KeyTask._meta.get_field("cooperating_units").verbose_name, units))
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        today = timezone.localdate()
        expected = expected_progress(task.plan(), today)
        state = task_state(task.progress, expected)
        milestones = list(task.milestones.all())
        for milestone in milestones:
            milestone.task = task
            milestone.overdue = milestone.due_date < today and milestone.status != "accepted"
            milestone.may_report = may(user, "report", milestone)
            milestone.may_decide = may(user, "accept", milestone)
            milestone.badge = state_badge(milestone)
        context.update(
            title=task.title,
            expected=expected,
            state=state,
            state_badge=state_label(state),
            progress=progress_bar(task.progress, expected, STATE_TONES[state]),
            milestones=milestones,
            supervision_item=task.supervision_item,
            area_label=ReformArea(task.area).label,
        )
        return context

    def milestone_events(self) -> list[Event]:
        """Each milestone's reports, and its acceptance or return, named by the milestone
        (the report's own transition is told by the report)."""
        events = []
        for milestone in self.object.milestones.all():
            milestone.task = self.object
            events.extend(report_events(milestone, with_title=True))
            decisions = [log for log in transition_history(milestone) if log.transition != "report"]
            for event in transition_events(decisions):
                event.title = f"{milestone.title} · {event.title}"
                events.append(event)
        return events

    def plan_events(self) -> list[Event]:
        """The changes of the plan, with the reason the office gave."""
        return [
            Event(
                change.created_at,
                "plan",
                "calendar2-week",
                "orange",
                _("Plan changed"),
                change.actor,
                change.reason,
                changes=change.changes,
            )
            for change in self.object.plan_changes.select_related("actor")
        ]


def report_events(milestone, *, with_title=False) -> list[Event]:
    reports = milestone.reports.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=MilestoneAttachment.objects.order_by("pk"))
    )
    prefix = f"{milestone.title} · " if with_title else ""
    return [
        Event(
            report.created_at,
            "report",
            "flag",
            "blue",
            prefix + _("Milestone report"),
            report.author,
            report.text,
            attachments=list(report.attachments.all()),
        )
        for report in reports
    ]


# --- Milestones ----------------------------------------------------------------------------


def _report(view, milestone, data):
    services.milestone_report(
        actor=view.request.user,
        milestone=milestone,
        text=data["text"],
        files=data["attachments"],
    )
    return _("Milestone reported; the office will review it.")


def _accept(view, milestone, data):
    services.milestone_accept(actor=view.request.user, milestone=milestone, comment=data["comment"])
    return _("Milestone accepted: the task's progress is now %(n)d%%.") % {
        "n": milestone.task.progress
    }


def _return(view, milestone, data):
    services.milestone_return(actor=view.request.user, milestone=milestone, reason=data["reason"])
    return _("Report returned to the lead unit.")


def _office_side(user) -> bool:
    return user.has_role(*OFFICE_ROLES)


MILESTONE_ACTIONS = (
    ActionPanel(
        "report",
        MilestoneReportForm,
        _report,
        gettext_lazy("Report the milestone done"),
        gettext_lazy("File the report"),
        "flag",
        intro=gettext_lazy("Say what was done and attach the evidence; the office accepts it."),
        primary_for=lambda user: user.sees_own_unit_only,
    ),
    ActionPanel(
        "accept",
        AcceptForm,
        _accept,
        gettext_lazy("Accept the report"),
        gettext_lazy("Accept the milestone"),
        "check2-circle",
        "success",
        primary_for=_office_side,
    ),
    ActionPanel(
        "return",
        ReturnForm,
        _return,
        gettext_lazy("Return the report"),
        gettext_lazy("Return"),
        "arrow-counterclockwise",
        "warning",
        primary_for=_office_side,
    ),
)


class MilestoneDetailView(ObjectDetailView):
    model = Milestone
    template_name = "reforms/milestone_detail.html"
    url_prefix = "reforms:milestone"
    action_panels = MILESTONE_ACTIONS
    timeline_title = gettext_lazy("History")
    timeline_sources = ("report_events",)
    workflow_fields = ("status", "reported_on", "accepted_on")
    detail_fields = (
        "task",
        "title",
        "due_date",
        "weight",
        "status",
        "reported_on",
        "accepted_on",
    )

    def get_base_queryset(self):
        return Milestone.objects.select_related("task__lead_unit", "task__owning_office")

    def may_edit(self) -> bool:
        return False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        milestone = self.object
        context.update(
            title=f"{milestone.task.title} · {milestone.title}",
            badge=state_badge(milestone),
            overdue=milestone.due_date < timezone.localdate() and milestone.status != "accepted",
        )
        return context

    def hidden_history_fields(self):
        return self.workflow_fields

    def get_transitions(self):
        # A report is told by the report itself, with its text and evidence.
        return [log for log in super().get_transitions() if log.transition != "report"]

    def report_events(self) -> list[Event]:
        return report_events(self.object)
