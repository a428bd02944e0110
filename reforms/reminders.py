"""Reforms' deadline source for the core reminder engine: a milestone not yet reported is
announced to the lead unit's liaisons a week before it is due and on the day, and once when
it is overdue. Each reminder goes out once: its occurrence names the kind and the due date."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from office.reminders import Due
from office.selectors import unit_liaisons

from .choices import MilestoneStatus, TaskStatus
from .models import Milestone

NOTICE_DAYS = 7


class MilestoneDeadlines:
    key = "reforms.milestone"

    def collect(self, now: datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        milestones = (
            Milestone.objects.filter(
                status__in=[MilestoneStatus.PENDING, MilestoneStatus.RETURNED],
                task__status=TaskStatus.IN_PROGRESS,
                due_date__lte=today + timedelta(days=NOTICE_DAYS),
            )
            .select_related("task__lead_unit")
            .order_by("due_date")
        )
        liaisons = {}
        for milestone in milestones:
            unit = milestone.task.lead_unit
            if unit.pk not in liaisons:
                liaisons[unit.pk] = list(unit_liaisons(unit))
            kind, title = self._kind(milestone, today)
            for liaison in liaisons[unit.pk]:
                yield Due(
                    liaison,
                    str(milestone.pk),
                    kind,
                    milestone.due_date.isoformat(),
                    title[:200],
                    url=milestone.get_absolute_url(),
                )

    @staticmethod
    def _kind(milestone, today) -> tuple[str, str]:
        label = f"{milestone.task.title} · {milestone.title}"
        due = milestone.due_date.isoformat()
        if milestone.due_date < today:
            return "overdue", _("Milestone overdue since %(date)s: %(m)s") % {
                "date": due,
                "m": label,
            }
        if milestone.due_date == today:
            return "due_today", _("Milestone due today: %(m)s") % {"m": label}
        return "due_soon", _("Milestone due on %(date)s: %(m)s") % {"date": due, "m": label}
