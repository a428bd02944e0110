"""The colour of an item, computed from its dates and reports, never stored by hand.

red    the deadline has passed and the item is still open
blue   the deadline is within SUPERVISION_BLUE_WORKING_DAYS working days
yellow a cycle report is missing, or progress is behind the share of time elapsed
none   otherwise (and always for closed or cancelled items)
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from office.workdays import SLACK_DAYS, CalendarWindow

from .choices import CYCLE_DAYS, OPEN_STATUSES, Colour

# What the colour needs from an item: enough to compute it from a values() row.
COLOUR_FIELDS = (
    "pk",
    "status",
    "deadline",
    "registered_on",
    "assigned_on",
    "report_cycle",
    "last_report_on",
    "progress",
    "is_group",
)


@dataclass(frozen=True)
class ColourContext:
    """Per-day values shared by every item, computed once per request or scan."""

    today: date
    blue_horizon: date
    is_working_day: bool = True

    @classmethod
    def for_day(cls, today: date) -> "ColourContext":
        days = settings.SUPERVISION_BLUE_WORKING_DAYS
        # One read of the holiday table, as wide as add_working_days looks ahead (the horizon
        # in weekdays, and its slack for a Golden Week) and some more.
        calendar = CalendarWindow(today, today + timedelta(days=2 * abs(days) + 2 * SLACK_DAYS))
        return cls(
            today=today,
            blue_horizon=calendar.add_working_days(today, days),
            is_working_day=calendar.is_working_day(today),
        )


def next_report_due(row, today: date) -> date | None:
    """When the next cycle report is due, or None for a once-only item."""
    cycle_days = CYCLE_DAYS.get(row["report_cycle"])
    if not cycle_days:
        return None
    start = row["last_report_on"] or row["assigned_on"] or row["registered_on"]
    return start + timedelta(days=cycle_days)


def is_behind(row, today: date) -> bool:
    """Progress lags the share of the item's time already used by more than the margin."""
    start = row["assigned_on"] or row["registered_on"]
    total = (row["deadline"] - start).days
    if total <= 0:
        return False
    elapsed_share = min(max((today - start).days / total, 0), 1) * 100
    return row["progress"] + settings.SUPERVISION_BEHIND_MARGIN < elapsed_share


def colour_of(row, context: ColourContext) -> str:
    if row["status"] not in OPEN_STATUSES or row["is_group"]:
        return Colour.NONE
    if row["deadline"] < context.today:
        return Colour.RED
    if row["deadline"] <= context.blue_horizon:
        return Colour.BLUE
    due = next_report_due(row, context.today)
    if (due is not None and due < context.today) or is_behind(row, context.today):
        return Colour.YELLOW
    return Colour.NONE


def item_row(item) -> dict:
    """The colour fields of a model instance, for colour_of."""
    return {field: getattr(item, field) for field in COLOUR_FIELDS}


def colours_by_pk(queryset, today: date) -> dict[int, str]:
    """Colour of every item of a queryset, in one query."""
    context = ColourContext.for_day(today)
    rows = queryset.order_by().values(*COLOUR_FIELDS)
    return {row["pk"]: colour_of(row, context) for row in rows}


def colour_filter(colour: str, context: ColourContext) -> Q | None:
    """Red and blue as plain SQL conditions (their rule is about the deadline alone), so a
    list of them is an index range, not every open item loaded into Python; None for the
    colours whose rule needs the report cycle and the progress (yellow, none)."""
    open_leaf = Q(status__in=OPEN_STATUSES, is_group=False)
    if colour == Colour.RED:
        return open_leaf & Q(deadline__lt=context.today)
    if colour == Colour.BLUE:
        return open_leaf & Q(deadline__gte=context.today, deadline__lte=context.blue_horizon)
    return None


def filter_by_colour(queryset, colour: str, today: date):
    """Items of the queryset with the given colour (filterable although computed)."""
    context = ColourContext.for_day(today)
    condition = colour_filter(colour, context)
    if condition is not None:
        return queryset.filter(condition)
    # Yellow is decided in Python, among the open leaves that are neither red nor blue.
    candidates = queryset.filter(
        status__in=OPEN_STATUSES, is_group=False, deadline__gt=context.blue_horizon
    )
    rows = candidates.order_by().values(*COLOUR_FIELDS)
    yellow = [row["pk"] for row in rows if colour_of(row, context) == Colour.YELLOW]
    if colour == Colour.YELLOW:
        return queryset.filter(pk__in=yellow)
    # Closed and cancelled items have no colour, so "none" is everything not coloured.
    coloured = colour_filter(Colour.RED, context) | colour_filter(Colour.BLUE, context)
    return queryset.exclude(coloured).exclude(pk__in=yellow)
