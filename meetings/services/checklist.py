"""The preparation checklist: made from the meeting type's template when the meeting is
approved, each task with an owner and a deadline counted back in working days."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.workdays import add_working_days
from office.workflow import require

from ..models import ChecklistTask, ChecklistTemplate, Meeting


def task_deadline(meeting_day: date, working_days_before: int) -> date:
    """``working_days_before`` working days before the meeting day (holidays skipped)."""
    if working_days_before == 0:
        return meeting_day
    return add_working_days(meeting_day, -working_days_before)


def checklist_create(*, meeting: Meeting, owner) -> list[ChecklistTask]:
    """The meeting type's template as the meeting's tasks (once: a second call adds none)."""
    if meeting.tasks.exists():
        return list(meeting.tasks.all())
    day = timezone.localtime(meeting.starts_at).date()
    tasks = [
        ChecklistTask(
            meeting=meeting,
            title=template.title,
            mandatory=template.mandatory,
            owner=owner,
            deadline=task_deadline(day, template.working_days_before),
            position=template.position,
        )
        for template in ChecklistTemplate.objects.filter(meeting_type=meeting.meeting_type)
    ]
    return ChecklistTask.objects.bulk_create(tasks)


@transaction.atomic
def task_done(*, actor, task: ChecklistTask, today: date | None = None) -> ChecklistTask:
    require(actor, "checklist", task.meeting)
    if task.done_on is not None:
        raise ValidationError(_("This task is done already."))
    task.done_on = today or timezone.localdate()
    task.done_by = actor
    task._history_user = actor
    task.save(update_fields=["done_on", "done_by"])
    return task


@transaction.atomic
def task_reopen(*, actor, task: ChecklistTask) -> ChecklistTask:
    require(actor, "checklist", task.meeting)
    task.done_on = None
    task.done_by = None
    task._history_user = actor
    task.save(update_fields=["done_on", "done_by"])
    return task
