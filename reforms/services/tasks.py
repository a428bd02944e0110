"""Writes of key reform tasks and their milestones: create, edit, report, accept, return,
and sending a task that fell behind to supervision.

Who may do each is declared once on the models (``KeyTask.workflow``, ``Milestone.workflow``)
and asked here through ``require`` / ``transition_perform``.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.attachments import attachment_create, check_uploads
from office.classification import refuse_classified
from office.models import OrgUnit
from office.notifications import notify
from office.selectors import office_leaders, unit_liaisons, units_outside_scope
from office.texts import check_texts
from office.workflow import TransitionForbidden, require, transition_perform
from supervision import services as supervision

from ..choices import MilestoneStatus, TaskStatus
from ..models import KeyTask, Milestone, MilestoneAttachment, MilestoneReport, PlanChange
from ..rules import (
    PlanDiff,
    PlannedMilestone,
    expected_progress,
    milestone_errors,
    plan_diff,
    weighted_progress,
)


@dataclass
class TaskData:
    """What a person types for a task (a form, an import row or an API call)."""

    title: str
    area: str
    lead_unit: OrgUnit | None
    year: int
    milestones: list[PlannedMilestone]
    lead_leader: object = None
    goal: str = ""
    cooperating_units: list = field(default_factory=list)


def _check_task_data(actor, data: TaskData) -> None:
    errors = {}
    if not data.title.strip():
        errors["title"] = _("Enter the task's title.")
    if data.lead_unit is None:
        errors["lead_unit"] = _("Choose the lead unit.")
    outside = units_outside_scope(actor, [data.lead_unit, *data.cooperating_units])
    if outside:
        errors["lead_unit"] = _("%(unit)s is outside your office.") % {"unit": outside[0]}
    leader = data.lead_leader
    if leader is not None and not office_leaders(actor).filter(pk=leader.pk).exists():
        errors["lead_leader"] = _("%(leader)s is not a leader of your office.") % {"leader": leader}
    plan_errors = milestone_errors(data.milestones, data.year)
    if plan_errors:
        errors["milestones"] = plan_errors
    if errors:
        raise ValidationError(errors)
    check_texts(KeyTask, goal=data.goal)
    refuse_classified(
        actor=actor,
        where="reforms.task_save",
        title=data.title,
        goal=data.goal,
        milestones=" ".join(m.title for m in data.milestones),
    )


@transaction.atomic
def task_create(*, actor, data: TaskData) -> KeyTask:
    """A key reform task of the year with its milestones (weights adding up to 100)."""
    if not actor.has_perm("reforms.add_keytask"):
        raise TransitionForbidden(_("Only the office enters key reform tasks."))
    _check_task_data(actor, data)
    task = KeyTask(
        owning_office=actor.office,
        year=data.year,
        title=data.title.strip(),
        area=data.area,
        lead_leader=data.lead_leader,
        lead_unit=data.lead_unit,
        goal=data.goal.strip(),
        created_by=actor,
    )
    task.full_clean()
    task.save()
    task.cooperating_units.set([u for u in data.cooperating_units if u != data.lead_unit])
    _create_milestones(task, data.milestones)
    return task


def _create_milestones(task, milestones) -> None:
    for planned in sorted(milestones, key=lambda m: m.due_date):
        Milestone.objects.create(
            task=task, title=planned.title, due_date=planned.due_date, weight=planned.weight
        )


def plan_locked(task: KeyTask) -> bool:
    """Once a milestone has been reported, changing the plan needs a written reason."""
    return task.milestones.exclude(status=MilestoneStatus.PENDING).exists()


@transaction.atomic
def task_update(
    *, actor, task: KeyTask, data: TaskData, reason: str = "", today: date | None = None
) -> KeyTask:
    """The office corrects a task and may change its plan: add a milestone, move a date,
    change the weights (still 100 in all). Milestones are matched by their titles. Once work
    has been reported on the plan the change needs a written reason, kept with the task and
    told on its timeline; milestones keep their reports, and one with reports is never
    removed."""
    require(actor, "edit", task)
    data.year = task.year
    _check_task_data(actor, data)
    diff = plan_diff(list(task.milestones.all()), data.milestones)
    if diff:
        _check_plan_change(actor, task, diff, reason)
    for name in ("title", "area", "lead_leader", "lead_unit", "goal"):
        setattr(task, name, getattr(data, name))
    task._history_user = actor
    task.full_clean()
    task.save()
    task.cooperating_units.set([u for u in data.cooperating_units if u != data.lead_unit])
    if diff:
        _change_plan(actor, task, diff, reason.strip(), today or timezone.localdate())
    return task


def _check_plan_change(actor, task, diff: PlanDiff, reason: str) -> None:
    reported = sorted(
        MilestoneReport.objects.filter(milestone__in=diff.removed)
        .values_list("milestone__title", flat=True)
        .distinct()
    )
    if reported:
        raise ValidationError(
            {
                "milestones": [
                    _(
                        "The milestone %(title)s already has progress reports and cannot be "
                        "removed; move its date or change its weight instead."
                    )
                    % {"title": title}
                    for title in reported
                ]
            }
        )
    if plan_locked(task) and not reason.strip():
        raise ValidationError(
            {
                "plan_reason": _(
                    "Work has been reported on this plan: give the reason for changing it."
                )
            }
        )
    check_texts(PlanChange, reason=reason)
    refuse_classified(actor=actor, where="reforms.plan_change", reason=reason)


def _change_plan(actor, task, diff: PlanDiff, reason: str, today: date) -> None:
    why = reason or _("Plan changed")
    lines = []
    for milestone in diff.removed:
        lines.append(_plan_line(_("Milestone removed"), _planned_text(milestone), ""))
        milestone._history_user, milestone._change_reason = actor, why
        milestone.delete()
    for milestone, planned in diff.changed:
        if milestone.due_date != planned.due_date:
            label = f"{milestone.title} · {_('due date')}"
            lines.append(_plan_line(label, milestone.due_date, planned.due_date))
        if milestone.weight != planned.weight:
            label = f"{milestone.title} · {_('weight')}"
            lines.append(_plan_line(label, f"{milestone.weight}%", f"{planned.weight}%"))
        milestone.due_date, milestone.weight = planned.due_date, planned.weight
        milestone._history_user, milestone._change_reason = actor, why
        milestone.save(update_fields=["due_date", "weight"])
    for planned in diff.added:
        lines.append(_plan_line(_("Milestone added"), "", _planned_text(planned)))
        milestone = Milestone(
            task=task, title=planned.title, due_date=planned.due_date, weight=planned.weight
        )
        milestone._history_user, milestone._change_reason = actor, why
        milestone.save()
    PlanChange.objects.create(task=task, actor=actor, reason=reason, changes=lines)
    _refresh_progress(task, today)


def _planned_text(milestone) -> str:
    return f"{milestone.due_date.isoformat()} {milestone.title}（{milestone.weight}%）"


def _plan_line(field_label, old, new) -> dict:
    return {"field": str(field_label), "old": str(old or ""), "new": str(new or "")}


def _refresh_progress(task: KeyTask, today: date) -> KeyTask:
    """The weighted sum of the accepted milestones; the task is completed at 100."""
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    task.progress = weighted_progress(
        (m.weight, m.status == MilestoneStatus.ACCEPTED) for m in task.milestones.all()
    )
    KeyTask.objects.filter(pk=task.pk).update(progress=task.progress)
    if task.progress >= 100 and task.status == TaskStatus.IN_PROGRESS:
        transition_perform(obj=task, name="complete", actor=None, completed_on=today)
    return task


@transaction.atomic
def milestone_report(
    *, actor, milestone: Milestone, text: str, files=(), today: date | None = None
) -> MilestoneReport:
    """The lead unit reports a milestone done, with its evidence; the office is told."""
    today = today or timezone.localdate()
    require(actor, "report", milestone, today)
    if not text.strip():
        raise ValidationError({"text": _("Describe what was done.")})
    check_texts(MilestoneReport, text=text)
    refuse_classified(actor=actor, where="reforms.milestone_report", text=text)
    check_uploads(files, actor=actor, where="reforms.milestone_report")
    report = MilestoneReport.objects.create(
        milestone=milestone, author=actor, text=text.strip(), reported_on=today
    )
    for upload in files:
        attachment_create(MilestoneAttachment, upload=upload, report=report)
    transition_perform(obj=milestone, name="report", actor=actor, reported_on=today)
    return report


@transaction.atomic
def milestone_accept(
    *, actor, milestone: Milestone, comment: str = "", today: date | None = None
) -> Milestone:
    """The office accepts the report: the milestone's weight counts in the task's progress,
    and the last one completes the task."""
    today = today or timezone.localdate()
    transition_perform(
        obj=milestone, name="accept", actor=actor, comment=comment, accepted_on=today
    )
    task = _refresh_progress(milestone.task, today)
    milestone.task.progress = task.progress
    _tell_lead_unit(
        milestone, _("Milestone accepted: %(title)s") % {"title": milestone.title}, comment
    )
    return milestone


@transaction.atomic
def milestone_return(*, actor, milestone: Milestone, reason: str) -> Milestone:
    """The office sends the report back with a reason; the unit reports again."""
    refuse_classified(actor=actor, where="reforms.milestone_return", reason=reason)
    transition_perform(obj=milestone, name="return", actor=actor, comment=reason)
    _tell_lead_unit(
        milestone, _("Milestone report returned: %(title)s") % {"title": milestone.title}, reason
    )
    return milestone


def _tell_lead_unit(milestone, title: str, body: str) -> None:
    notify(
        recipients=unit_liaisons(milestone.task.lead_unit),
        title=title[:200],
        body=body,
        url=milestone.get_absolute_url(),
    )


@transaction.atomic
def task_supervise(*, actor, task: KeyTask, today: date | None = None):
    """One click: a task behind its plan becomes a supervision item (key work) of its lead
    unit, assigned at once, due on the next milestone not yet accepted."""
    today = today or timezone.localdate()
    task = KeyTask.objects.select_for_update().get(pk=task.pk)
    require(actor, "supervise", task, today)
    milestones = list(task.milestones.all())
    expected = expected_progress(task.plan(), today)
    open_dates = [m.due_date for m in milestones if m.status != MilestoneStatus.ACCEPTED]
    upcoming = [d for d in open_dates if d > today]
    # Due on the next open milestone; with none ahead, the time limit for key work applies.
    deadline = min(upcoming) if upcoming else None
    data = supervision.ItemData(
        title=_("Key reform task behind plan: %(title)s") % {"title": task.title},
        source_kind="key_work",
        lead_unit=task.lead_unit,
        cooperating_units=list(task.cooperating_units.all()),
        deadline=deadline,
        source_reference=_("Key reform tasks %(year)d") % {"year": task.year},
        instruction_text=_("Progress %(progress)d%%, the plan expects %(expected)d%% by now.")
        % {"progress": task.progress, "expected": expected},
    )
    item = supervision.item_register(actor=actor, data=data, today=today, origin=task)
    supervision.item_assign(actor=actor, item=item, today=today)
    task.supervision_item = item
    task._history_user = actor
    task.save(update_fields=["supervision_item"])
    return item
