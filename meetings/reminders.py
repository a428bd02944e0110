"""Meetings' deadline source for the core reminder engine: a preparation task's owner is
reminded the working day before its deadline and on the day, once each."""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from office.reminders import Due
from office.workdays import add_working_days

from .choices import MeetingStatus
from .models import ChecklistTask


class ChecklistDeadlines:
    key = "meetings.checklist"

    def collect(self, now: datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        horizon = add_working_days(today, 1)
        tasks = (
            ChecklistTask.objects.filter(
                done_on__isnull=True,
                owner__isnull=False,
                deadline__gte=today,
                deadline__lte=horizon,
                meeting__status__in=[MeetingStatus.APPROVED, MeetingStatus.READY],
            )
            .select_related("owner", "meeting")
            .order_by("deadline", "pk")
        )
        for task in tasks:
            kind = "due_today" if task.deadline == today else "due_soon"
            title = (
                _("Due today: %(task)s for %(meeting)s")
                if kind == "due_today"
                else _("Due %(date)s: %(task)s for %(meeting)s")
            ) % {
                "task": task.title,
                "meeting": task.meeting.title,
                "date": task.deadline.strftime("%m-%d"),
            }
            yield Due(
                recipient=task.owner,
                object_key=str(task.pk),
                kind=kind,
                occurrence=task.deadline.isoformat(),
                title=title[:200],
                url=task.meeting.get_absolute_url(),
            )
