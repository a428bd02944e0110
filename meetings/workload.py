"""Meetings' part of the director's week (office.workload): open preparation tasks due in the
period, counted under their owner's section."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.registry import WorkItem, WorkloadSource

from .choices import MeetingStatus
from .models import ChecklistTask


def tasks_due(office, start, end) -> list[WorkItem]:
    rows = (
        ChecklistTask.objects.filter(
            meeting__owning_office=office,
            done_on__isnull=True,
            deadline__range=(start, end),
        )
        .exclude(meeting__status__in=(MeetingStatus.CANCELLED, MeetingStatus.REJECTED))
        .values_list("meeting_id", "meeting__title", "title", "deadline", "owner__org_unit_id")
    )
    kind = _("Meeting preparation")
    return [
        WorkItem(
            unit_id,
            f"{meeting_title}：{title}",
            deadline,
            reverse("meetings:meeting_detail", args=[meeting_id]),
            kind,
        )
        for meeting_id, meeting_title, title, deadline, unit_id in rows
    ]


WORKLOAD = [WorkloadSource("meetings.tasks", gettext_lazy("Meeting preparation"), tasks_due)]
