"""The director's view of the office's workload (issue 13): what falls due this week across
every app, by the section that carries it, and the reminders the engine sent that the people
reminded have not opened yet.

The apps say what is due through the registry's ``workload`` slot (``WorkloadSource``); this
module only groups it, so the card costs one query per app whatever the office's size.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .models import OrgUnit, OrgUnitKind, Reminder
from .registry import WorkItem, registry
from .workdays import add_working_days

# Items listed per section on the card; the count says how many there are in all.
ITEMS_PER_SECTION = 5
# Reminders look back this many working days: older unread ones are the inbox's business.
REMINDER_WORKING_DAYS = 10
LATEST_UNREAD = 5


@dataclass
class SectionLoad:
    unit: OrgUnit | None
    items: list[WorkItem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return (self.unit.short_name or self.unit.name) if self.unit else ""

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def shown(self) -> list[WorkItem]:
        return self.items[:ITEMS_PER_SECTION]

    @property
    def more(self) -> int:
        return max(self.count - ITEMS_PER_SECTION, 0)

    @property
    def overdue(self) -> int:
        today = timezone.localdate()
        return sum(1 for item in self.items if item.due < today)


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of ``day``'s week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def due_this_week(office: OrgUnit, today: date) -> list[SectionLoad]:
    """The office's open work due from Monday to Sunday of this week, grouped by the unit of
    the person carrying it: the office's sections in their order, then any other unit (the
    director's own, a unit outside the office), each soonest first."""
    start, end = week_of(today)
    items = [item for source in registry.workload for item in source.collect(office, start, end)]
    # Every unit of the office in one query, whether or not anything is due (the card then
    # costs the same in a quiet week); a unit outside the office counts under "others".
    units = {unit.pk: unit for unit in OrgUnit.objects.filter(office=office)}
    groups: dict[int | None, SectionLoad] = {}
    for item in sorted(items, key=lambda item: (item.due, item.title)):
        unit = units.get(item.unit_id)
        groups.setdefault(unit.pk if unit else None, SectionLoad(unit)).items.append(item)

    def order(group: SectionLoad):
        unit = group.unit
        if unit is None:
            return (2, "")
        return (0 if unit.kind == OrgUnitKind.SECTION else 1, unit.path)

    return sorted(groups.values(), key=order)


@dataclass
class UnitReminders:
    unit_name: str
    sent: int
    unread: int


@dataclass
class ReminderSummary:
    since: date
    sent: int
    unread: int
    by_unit: list[UnitReminders]
    latest_unread: list[Reminder]


def reminders_unread(office: OrgUnit, today: date) -> ReminderSummary:
    """Reminders sent over the last REMINDER_WORKING_DAYS working days to the people of
    ``office`` (its staff and the liaisons of its units), and those whose notification the
    person has not opened, by unit: who is not reading what the office sends."""
    since = add_working_days(today, -REMINDER_WORKING_DAYS)
    sent = Reminder.objects.filter(recipient__org_unit__office=office, created_at__date__gte=since)
    unread = Q(notification__read_at__isnull=True)
    rows = (
        sent.values("recipient__org_unit__name", "recipient__org_unit__short_name")
        .annotate(sent=Count("pk"), unread=Count("pk", filter=unread))
        .filter(unread__gt=0)
        .order_by("-unread", "recipient__org_unit__name")
    )
    by_unit = [
        UnitReminders(
            row["recipient__org_unit__short_name"] or row["recipient__org_unit__name"] or "",
            row["sent"],
            row["unread"],
        )
        for row in rows
    ]
    totals = sent.aggregate(sent=Count("pk"), unread=Count("pk", filter=unread))
    latest = list(
        sent.filter(unread)
        .select_related("recipient", "recipient__org_unit")
        .order_by("-created_at")[:LATEST_UNREAD]
    )
    return ReminderSummary(since, totals["sent"], totals["unread"], by_unit, latest)


def director_widget_context(user, today):
    office = user.office
    if office is None:
        return None
    return {
        "week": week_of(today),
        "sections": due_this_week(office, today),
        "reminders": reminders_unread(office, today),
        "today": today,
    }
