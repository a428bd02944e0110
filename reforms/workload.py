"""Reforms' part of the director's week (office.workload): milestones of the year's key tasks
due in the period and not yet accepted, counted under the task's lead unit (the office
follows them up with that unit)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.registry import WorkItem, WorkloadSource

from .choices import MilestoneStatus
from .models import Milestone


def milestones_due(office, start, end) -> list[WorkItem]:
    rows = (
        Milestone.objects.filter(task__owning_office=office, due_date__range=(start, end))
        .exclude(status=MilestoneStatus.ACCEPTED)
        .values_list("task_id", "task__title", "title", "due_date", "task__lead_unit_id")
    )
    kind = _("Reform milestone")
    return [
        WorkItem(unit_id, f"{task_title}：{title}", due, _task_url(task_id), kind)
        for task_id, task_title, title, due, unit_id in rows
    ]


def _task_url(task_id) -> str:
    return reverse("reforms:task_detail", args=[task_id])


WORKLOAD = [WorkloadSource("reforms.milestones", gettext_lazy("Reform milestones"), milestones_due)]
