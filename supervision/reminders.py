"""Supervision's deadline source for the core reminder engine. Each reminder goes out once:
its occurrence names the deadline, the day or the week it is about."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from office.models import User
from office.reminders import Due
from office.roles import Role

from .choices import Colour, ItemStatus
from .colours import ColourContext, colour_of, item_row, next_report_due
from .models import Item, acknowledge_dates


class ItemDeadlines:
    key = "supervision.item"

    def collect(self, now: datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        context = ColourContext.for_day(today)
        # Not assigned yet: nobody to tell. Completion requested: the unit has done its part and
        # waits for the office's review, so it is not nagged.
        items = list(
            Item.objects.open()
            .leaves()
            .exclude(status__in=[ItemStatus.REGISTERED, ItemStatus.COMPLETION_REQUESTED])
            .select_related("lead_unit__head", "instructing_leader_user")
        )
        acknowledge_dates(items)
        liaisons = _liaisons_by_unit({item.lead_unit_id for item in items})
        for item in items:
            yield from self._for_item(item, liaisons.get(item.lead_unit_id, []), today, context)

    def _for_item(self, item, liaisons, today, context) -> Iterable[Due]:
        row = item_row(item)
        colour = colour_of(row, context)
        url = item.get_absolute_url()
        key = str(item.pk)
        label = f"{item.number} {item.title}"
        deadline = item.deadline.isoformat()

        def to_liaisons(kind, occurrence, title):
            for liaison in liaisons:
                yield Due(liaison, key, kind, occurrence, title[:200], url=url)

        acknowledge_by = item.acknowledge_by
        # 签收: from the time limit on, every working day until the unit acknowledges.
        if acknowledge_by is not None and acknowledge_by <= today and context.is_working_day:
            yield from to_liaisons(
                "acknowledge", today.isoformat(), _acknowledge_title(acknowledge_by, today, label)
            )
        if colour == Colour.BLUE:
            yield from to_liaisons(
                "blue",
                deadline,
                _("Due soon (%(date)s): %(item)s") % {"date": deadline, "item": label},
            )
        if item.deadline == today:
            yield from to_liaisons(
                "due_today", deadline, _("Due today: %(item)s") % {"item": label}
            )
        # Overdue urging goes out on working days only, not through a holiday week.
        if item.deadline < today and context.is_working_day:
            yield from to_liaisons(
                "overdue",
                today.isoformat(),
                _("Overdue since %(date)s: %(item)s") % {"date": deadline, "item": label},
            )
            head = item.lead_unit.head if item.lead_unit else None
            if head is not None and head.is_active:
                year, week, _weekday = today.isocalendar()
                yield Due(
                    head,
                    key,
                    "overdue_weekly",
                    f"{year}-W{week:02d}",
                    (_("Your unit's item is overdue: %(item)s") % {"item": label})[:200],
                    url=url,
                )
        if colour == Colour.RED:
            yield from _to_leader(item, key, deadline, label, url)
        report_due = next_report_due(row, today)
        if report_due is not None and report_due <= today:
            yield from to_liaisons(
                "report_due", report_due.isoformat(), _report_title(report_due, today, label)
            )


def _to_leader(item, key, deadline, label, url) -> Iterable[Due]:
    """The leader who gave the instruction hears once that it turned red: the occurrence is
    the deadline, so they are not told again every day, but are if an extended deadline
    passes too."""
    leader = item.instructing_leader_user
    if leader is None or not leader.is_active:
        return
    yield Due(
        leader,
        key,
        "overdue_leader",
        deadline,
        (
            _("Your instruction is overdue (deadline %(date)s): %(item)s")
            % {"date": deadline, "item": label}
        )[:200],
        url=url,
    )


def _liaisons_by_unit(unit_ids) -> dict[int, list[User]]:
    users = User.objects.filter(
        org_unit_id__in=unit_ids, is_active=True, groups__name=Role.UNIT_LIAISON
    ).select_related("org_unit")
    by_unit = defaultdict(list)
    for user in users:
        # The unit head is escalated to weekly; the daily notices are the liaison's.
        if user.org_unit.head_id != user.pk:
            by_unit[user.org_unit_id].append(user)
    return by_unit


def _report_title(report_due, today, label) -> str:
    """A reminder never asks for a report "by" a day already past: it says how late it is."""
    if report_due == today:
        return _("Progress report due today: %(item)s") % {"item": label}
    late = (today - report_due).days
    return ngettext(
        "Progress report %(days)d day late: %(item)s",
        "Progress report %(days)d days late: %(item)s",
        late,
    ) % {"days": late, "item": label}


def _acknowledge_title(acknowledge_by, today, label) -> str:
    if acknowledge_by == today:
        return _("Acknowledge today (签收): %(item)s") % {"item": label}
    late = (today - acknowledge_by).days
    return ngettext(
        "Acknowledgement %(days)d day late: %(item)s",
        "Acknowledgement %(days)d days late: %(item)s",
        late,
    ) % {"days": late, "item": label}
