"""The one working-day calendar. Every deadline in every app is computed here.

A day is a working day when it is Monday–Friday and not a legal holiday, or when it is a
make-up working day (调休上班). The exceptions live in the Holiday table.

The arithmetic costs the number of exceptions in the range, never the number of days: the
weekdays of a range are counted from the days' ordinals, then each Holiday row that breaks the
Monday–Friday rule adds or removes one. A deadline years ahead costs what a deadline next week
costs (a day-by-day walk to 9999-12-31 took seconds and then overflowed).
"""

from collections.abc import Callable
from datetime import date

from .models import Holiday

# Extra days fetched beyond the first guess of a deadline: the longest holiday run (Spring
# Festival, National Day) fits, so one query is nearly always enough.
_SLACK_DAYS = 30

# (low, high) -> the Holiday entries in that closed range: date -> is it worked.
Fetch = Callable[[date, date], dict[date, bool]]


def _exceptions(start: date, end: date) -> dict[date, bool]:
    """Holiday-table entries between two dates: date -> is it worked."""
    low, high = min(start, end), max(start, end)
    rows = Holiday.objects.filter(date__range=(low, high)).values_list("date", "is_workday")
    return dict(rows)


def _is_working(day: date, exceptions: dict[date, bool]) -> bool:
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def _breaks_rule(day: date, worked: bool) -> bool:
    """A row that says what the Monday–Friday rule says already changes nothing."""
    return worked != (day.weekday() < 5)


# --- Weekday arithmetic (no calendar) ----------------------------------------------------
# Ordinal 1 (0001-01-01) is a Monday, so the weekdays of ordinals 1..n are n // 7 whole weeks
# of five plus the first min(n % 7, 5) days of the last one.


def _weekdays_upto(ordinal: int) -> int:
    """Weekdays among the ordinals 1..ordinal."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday(count: int) -> int:
    """The ordinal of the count-th weekday since ordinal 1 (count >= 1)."""
    weeks, rest = divmod(count - 1, 5)
    return weeks * 7 + rest + 1


def _from_ordinal(ordinal: int) -> date:
    if not 1 <= ordinal <= date.max.toordinal():
        raise OverflowError("date value out of range")
    return date.fromordinal(ordinal)


def weekdays_between(low: date, high: date) -> int:
    """Monday–Friday days after ``low`` up to and including ``high`` (low <= high)."""
    return _weekdays_upto(high.toordinal()) - _weekdays_upto(low.toordinal())


def _weekday_after(day: date, count: int) -> date:
    """The count-th Monday–Friday day after ``day`` (count >= 1)."""
    return _from_ordinal(_nth_weekday(_weekdays_upto(day.toordinal()) + count))


def _weekday_before(day: date, count: int) -> date:
    """The count-th Monday–Friday day before ``day`` (count >= 1)."""
    return _from_ordinal(_nth_weekday(_weekdays_upto(day.toordinal() - 1) - count + 1))


def _shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at the ends of the calendar."""
    ordinal = min(max(day.toordinal() + days, 1), date.max.toordinal())
    return date.fromordinal(ordinal)


# --- The calendar ------------------------------------------------------------------------


def _forward(start: date, count: int, fetch: Fetch) -> date:
    """The count-th working day after ``start`` (count >= 1)."""
    current, remaining = start, count
    fetched_to = start  # every exception in (start, fetched_to] is in ``pending``
    pending: list[date] = []
    worked: dict[date, bool] = {}
    while True:
        candidate = _weekday_after(current, remaining)
        if candidate > fetched_to:
            # The answer is never before the plain-weekday one: fetch up to it and a slack.
            upto = _shift(candidate, _SLACK_DAYS)
            rows = fetch(_shift(fetched_to, 1), upto)
            found = sorted(d for d, w in rows.items() if d > fetched_to and _breaks_rule(d, w))
            pending.extend(found)
            worked.update(rows)
            fetched_to = upto
        if not pending or pending[0] > candidate:
            return candidate
        exception = pending.pop(0)
        # The weekdays before the exception are all worked; then the exception itself.
        remaining -= weekdays_between(current, _shift(exception, -1))
        if worked[exception]:
            remaining -= 1
            if remaining == 0:
                return exception
        current = exception


def _backward(start: date, count: int, fetch: Fetch) -> date:
    """The count-th working day before ``start`` (count >= 1); the mirror of ``_forward``."""
    current, remaining = start, count
    fetched_from = start  # every exception in [fetched_from, start) is in ``pending``
    pending: list[date] = []
    worked: dict[date, bool] = {}
    while True:
        candidate = _weekday_before(current, remaining)
        if candidate < fetched_from:
            downto = _shift(candidate, -_SLACK_DAYS)
            rows = fetch(downto, _shift(fetched_from, -1))
            found = sorted(
                (d for d, w in rows.items() if d < fetched_from and _breaks_rule(d, w)),
                reverse=True,
            )
            pending.extend(found)
            worked.update(rows)
            fetched_from = downto
        if not pending or pending[0] < candidate:
            return candidate
        exception = pending.pop(0)
        remaining -= weekdays_between(exception, _shift(current, -1))
        if worked[exception]:
            remaining -= 1
            if remaining == 0:
                return exception
        current = exception


def add_days(start: date, days: int, fetch: Fetch) -> date:
    """``add_working_days`` over any source of holiday entries (the tests give a dict)."""
    if days == 0:
        if _is_working(start, fetch(start, start)):
            return start
        return _forward(start, 1, fetch)
    if days > 0:
        return _forward(start, days, fetch)
    return _backward(start, -days, fetch)


def days_between(start: date, end: date, fetch: Fetch) -> int:
    """``working_days_between`` over any source of holiday entries."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = min(start, end), max(start, end)
    count = weekdays_between(low, high)
    for day, worked in fetch(_shift(low, 1), high).items():
        if low < day <= high and _breaks_rule(day, worked):
            count += 1 if worked else -1
    return sign * count


def is_working_day(day: date) -> bool:
    return _is_working(day, _exceptions(day, day))


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (before it when negative).

    ``start`` itself is not counted: a 15-working-day limit from a Friday instruction ends on
    the 15th working day after that Friday. ``add_working_days(d, 0)`` is ``d`` itself, or the
    next working day when ``d`` is not one."""
    return add_days(start, days, _exceptions)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when end < start.

    So ``working_days_between(d, add_working_days(d, n)) == n`` for a working day d."""
    return days_between(start, end, _exceptions)


class CalendarWindow:
    """The holiday table over a span of days, read in one query, answering the working-day
    questions inside it from memory (and asking the table again only outside it): for code
    that asks several of them about the same days, such as a page's colours."""

    def __init__(self, start: date, end: date):
        self.start, self.end = min(start, end), max(start, end)
        self.entries = _exceptions(self.start, self.end)

    def fetch(self, start: date, end: date) -> dict[date, bool]:
        low, high = min(start, end), max(start, end)
        if self.start <= low and high <= self.end:
            return {day: worked for day, worked in self.entries.items() if low <= day <= high}
        return _exceptions(low, high)

    def is_working_day(self, day: date) -> bool:
        return _is_working(day, self.fetch(day, day))

    def add_working_days(self, start: date, days: int) -> date:
        return add_days(start, days, self.fetch)


# How far past the plain-weekday answer add_working_days reads the holiday table.
SLACK_DAYS = _SLACK_DAYS
