"""The working-day arithmetic counts weekdays and adjusts by the holiday rows; it must agree
with the plain day-by-day walk it replaced, on any range and any holiday arrangement, and it
must cost the holidays in the range, not the days."""

import time
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from office.models import Holiday
from office.workdays import add_days, add_working_days, days_between, working_days_between


def _walk_is_working(day, exceptions):
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def walk_add(start, days, exceptions):
    """The day-by-day loop office.workdays used before (the reference)."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    if remaining == 0:
        while not _walk_is_working(day, exceptions):
            day += timedelta(days=1)
        return day
    while remaining:
        day += timedelta(days=step)
        if _walk_is_working(day, exceptions):
            remaining -= 1
    return day


def walk_between(start, end, exceptions):
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = min(start, end), max(start, end)
    count = 0
    day = low + timedelta(days=1)
    while day <= high:
        if _walk_is_working(day, exceptions):
            count += 1
        day += timedelta(days=1)
    return sign * count


class DictCalendar:
    """A holiday table in memory that counts what was asked of it."""

    def __init__(self, exceptions):
        self.exceptions = exceptions
        self.rows_read = 0

    def __call__(self, low, high):
        rows = {d: w for d, w in self.exceptions.items() if low <= d <= high}
        self.rows_read += len(rows)
        return rows


_days = st.dates(min_value=date(2001, 1, 1), max_value=date(2040, 12, 31))
# Dense holiday sets near the start (runs of days off, weekend make-up days, rows that repeat
# the weekday rule), so the arithmetic meets every kind of exception.
_holidays = st.dictionaries(st.integers(min_value=-400, max_value=400), st.booleans(), max_size=120)

_settings = settings(max_examples=300, deadline=None, database=None)


def _calendar(start, offsets):
    return {start + timedelta(days=o): worked for o, worked in offsets.items()}


@_settings
@given(start=_days, days=st.integers(min_value=-250, max_value=250), offsets=_holidays)
def test_add_days_agrees_with_the_day_by_day_walk(start, days, offsets):
    exceptions = _calendar(start, offsets)

    assert add_days(start, days, DictCalendar(exceptions)) == walk_add(start, days, exceptions)


@_settings
@given(start=_days, span=st.integers(min_value=-800, max_value=800), offsets=_holidays)
def test_days_between_agrees_with_the_day_by_day_walk(start, span, offsets):
    exceptions = _calendar(start, offsets)
    end = start + timedelta(days=span)

    assert days_between(start, end, DictCalendar(exceptions)) == walk_between(
        start, end, exceptions
    )


@_settings
@given(
    start=_days,
    days=st.integers(min_value=1, max_value=60),
    off=st.lists(st.integers(min_value=1, max_value=90), max_size=40),
)
def test_a_run_of_days_off_never_makes_a_holiday_the_deadline(start, days, off):
    """Whole weeks off (Spring Festival-like runs) push the deadline past them, forwards and
    backwards, exactly as the walk does."""
    exceptions = {start + timedelta(days=o): False for o in off}
    exceptions |= {start - timedelta(days=o): False for o in off}

    forward = add_days(start, days, DictCalendar(exceptions))
    backward = add_days(start, -days, DictCalendar(exceptions))

    assert forward == walk_add(start, days, exceptions)
    assert backward == walk_add(start, -days, exceptions)


def test_a_range_of_decades_reads_only_the_holiday_rows_in_it():
    start = date(2026, 1, 1)
    exceptions = {start + timedelta(days=n * 97): False for n in range(300)}
    calendar = DictCalendar(exceptions)

    days = days_between(start, date(9999, 12, 31), calendar)

    assert days == walk_between(start, date(2110, 1, 1), exceptions) + sum(
        1
        for n in range(date(2110, 1, 2).toordinal(), date(9999, 12, 31).toordinal() + 1)
        if date.fromordinal(n).weekday() < 5
    )
    # The start itself is not in the range (start, end].
    assert calendar.rows_read == len(exceptions) - 1


@pytest.mark.django_db
def test_a_deadline_at_the_end_of_the_calendar_is_counted_at_once():
    """The day-by-day walk took seconds to reach 9999-12-31 and then overflowed past it."""
    today = date(2026, 11, 27)
    holidays_after = Holiday.objects.filter(date__gt=today).count()
    weekdays = sum(
        1
        for n in range(today.toordinal() + 1, date.max.toordinal() + 1)
        if date.fromordinal(n).weekday() < 5
    )
    started = time.perf_counter()

    counted = working_days_between(today, date.max)

    assert time.perf_counter() - started < 0.5
    # The seeded holidays after today only move the count by their own number at most.
    assert weekdays - holidays_after <= counted <= weekdays + holidays_after
    assert working_days_between(date.max, today) == -counted


@pytest.mark.django_db
def test_the_database_calendar_agrees_with_the_walk_over_the_seeded_years():
    exceptions = dict(Holiday.objects.values_list("date", "is_workday"))
    for start, days in [(date(2025, 9, 26), 8), (date(2025, 1, 20), 25), (date(2024, 2, 20), -30)]:
        assert add_working_days(start, days) == walk_add(start, days, exceptions)
        end = start + timedelta(days=days * 2)
        assert working_days_between(start, end) == walk_between(start, end, exceptions)
