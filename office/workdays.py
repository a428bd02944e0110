"""The one working-day calendar. Every deadline in every app is computed here.

A day is a working day when it is Monday–Friday and not a legal holiday, or when it is a
make-up working day (调休上班). The exceptions live in the Holiday table.
"""

from datetime import date, timedelta

from .models import Holiday

# n working days never span more than 2n calendar days plus the longest holiday run
# (Spring Festival, National Day): one query of that window is enough.
_SLACK_DAYS = 30


def _exceptions(start: date, end: date) -> dict[date, bool]:
    """Holiday-table entries between two dates: date -> is it worked."""
    low, high = min(start, end), max(start, end)
    rows = Holiday.objects.filter(date__range=(low, high)).values_list("date", "is_workday")
    return dict(rows)


def _is_working(day: date, exceptions: dict[date, bool]) -> bool:
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def is_working_day(day: date) -> bool:
    return _is_working(day, _exceptions(day, day))


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (before it when negative).

    ``start`` itself is not counted: a 15-working-day limit from a Friday instruction ends on
    the 15th working day after that Friday. ``add_working_days(d, 0)`` is ``d`` itself, or the
    next working day when ``d`` is not one."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    span = timedelta(days=step * (remaining * 2 + _SLACK_DAYS))
    exceptions = _exceptions(start, start + span)
    day = start
    if remaining == 0:
        while not _is_working(day, exceptions):
            day += timedelta(days=1)
        return day
    while remaining:
        day += timedelta(days=step)
        if _is_working(day, exceptions):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when end < start.

    So ``working_days_between(d, add_working_days(d, n)) == n`` for a working day d."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = min(start, end), max(start, end)
    exceptions = _exceptions(low, high)
    count = 0
    day = low + timedelta(days=1)
    while day <= high:
        if _is_working(day, exceptions):
            count += 1
        day += timedelta(days=1)
    return sign * count
