"""The working-day calendar every deadline is computed with.

The Holiday table is seeded by migration 0003 from chinese-calendar, so these tests run on
the real 2025 National Day arrangement: 1–8 October off, Sunday 28 September and Saturday
11 October worked (调休上班).
"""

from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from office.holidays import seed_holidays
from office.models import Holiday
from office.workdays import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db

SEP_26 = date(2025, 9, 26)  # Friday before the make-up Sunday
SEP_28 = date(2025, 9, 28)  # Sunday, worked
SEP_29 = date(2025, 9, 29)  # Monday
SEP_30 = date(2025, 9, 30)  # Tuesday, last working day before the holiday
OCT_1 = date(2025, 10, 1)  # National Day
OCT_8 = date(2025, 10, 8)  # last day off
OCT_9 = date(2025, 10, 9)  # Thursday, first working day after it
OCT_10 = date(2025, 10, 10)  # Friday
OCT_11 = date(2025, 10, 11)  # Saturday, worked
OCT_12 = date(2025, 10, 12)  # Sunday, off
OCT_13 = date(2025, 10, 13)  # Monday


# --- The seeded calendar ----------------------------------------------------------------


def test_national_day_2025_is_in_the_seeded_calendar_with_chinese_names():
    national_day = Holiday.objects.get(date=OCT_1)
    make_up_sunday = Holiday.objects.get(date=SEP_28)

    assert (national_day.name, national_day.is_workday) == ("国庆节", False)
    assert (make_up_sunday.name, make_up_sunday.is_workday) == ("国庆节调休上班", True)
    days_off = Holiday.objects.filter(date__range=(OCT_1, OCT_8), is_workday=False)
    assert days_off.count() == 8


def test_reseeding_keeps_a_holiday_the_admin_renamed():
    Holiday.objects.filter(date=OCT_1).update(name="国庆节（市里通知）")

    added = seed_holidays(Holiday)

    assert added == 0
    assert Holiday.objects.get(date=OCT_1).name == "国庆节（市里通知）"


# --- is_working_day ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "worked"),
    [
        (OCT_11, True),  # make-up Saturday
        (SEP_28, True),  # make-up Sunday
        (OCT_1, False),  # National Day, a Wednesday
        (OCT_12, False),  # ordinary Sunday
        (date(2025, 10, 18), False),  # ordinary Saturday
        (OCT_9, True),  # ordinary Thursday
    ],
)
def test_is_working_day_follows_the_holiday_arrangement(day, worked):
    assert is_working_day(day) is worked


# --- add_working_days -------------------------------------------------------------------


def test_one_working_day_after_the_eve_of_national_day_is_the_ninth_of_october():
    assert add_working_days(SEP_30, 1) == OCT_9


def test_one_working_day_after_friday_26_september_is_the_make_up_sunday():
    assert add_working_days(SEP_26, 1) == SEP_28


def test_one_working_day_after_friday_10_october_is_the_make_up_saturday():
    assert add_working_days(OCT_10, 1) == OCT_11


def test_a_five_working_day_limit_runs_across_the_whole_holiday_week():
    # Sep 28, 29, 30, Oct 9, 10
    assert add_working_days(SEP_26, 5) == OCT_10


def test_a_limit_that_starts_inside_the_holiday_counts_from_the_first_working_day():
    assert add_working_days(OCT_1, 1) == OCT_9
    assert add_working_days(OCT_1, 3) == OCT_11


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (OCT_9, -1, SEP_30),  # back across the holiday
        (SEP_29, -1, SEP_28),  # back onto the make-up Sunday
        (OCT_13, -1, OCT_11),  # back onto the make-up Saturday
        (OCT_13, -2, OCT_10),
        (OCT_9, -3, SEP_28),
    ],
)
def test_negative_working_days_count_backwards_over_the_calendar(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (OCT_1, OCT_9),  # a holiday rolls forward to the first working day
        (OCT_12, OCT_13),  # an ordinary Sunday rolls forward to Monday
        (OCT_11, OCT_11),  # a make-up Saturday is itself a working day
        (OCT_10, OCT_10),
    ],
)
def test_zero_working_days_from_a_day_off_rolls_forward_to_the_next_working_day(start, expected):
    assert add_working_days(start, 0) == expected


# --- working_days_between ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (SEP_30, OCT_9, 1),
        (OCT_1, OCT_8, 0),  # the whole holiday: no working day
        (SEP_26, OCT_13, 7),  # Sep 28, 29, 30, Oct 9, 10, 11, 13
        (SEP_26, SEP_28, 1),
        (OCT_10, OCT_12, 1),  # only the make-up Saturday
        (OCT_9, SEP_30, -1),  # backwards is negative
        (OCT_13, SEP_26, -7),
        (OCT_9, OCT_9, 0),
    ],
)
def test_working_days_between_counts_over_the_national_day_week(start, end, expected):
    assert working_days_between(start, end) == expected


# --- Editing the calendar ---------------------------------------------------------------


def test_a_day_off_added_in_the_admin_on_a_plain_tuesday_moves_deadlines():
    monday, tuesday, wednesday = date(2025, 6, 9), date(2025, 6, 10), date(2025, 6, 11)
    friday_before, friday = date(2025, 6, 6), date(2025, 6, 13)
    assert add_working_days(monday, 1) == tuesday
    assert working_days_between(friday_before, friday) == 5

    Holiday.objects.create(date=tuesday, name="防汛停工", is_workday=False)

    assert not is_working_day(tuesday)
    assert add_working_days(monday, 1) == wednesday
    assert working_days_between(friday_before, friday) == 4


def test_unticking_a_make_up_sunday_in_the_admin_makes_it_a_day_off_again():
    Holiday.objects.filter(date=SEP_28).update(is_workday=False)

    assert add_working_days(SEP_26, 1) == SEP_29
    assert working_days_between(SEP_26, OCT_13) == 6


# --- The round trip ---------------------------------------------------------------------

# Mostly the holiday seasons, where a naive weekday count goes wrong, plus any day the
# seeded calendar covers.
_starts = st.one_of(
    st.dates(min_value=date(2025, 9, 15), max_value=date(2025, 10, 15)),
    st.dates(min_value=date(2025, 1, 20), max_value=date(2025, 2, 10)),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)),
)


@settings(
    max_examples=30,
    deadline=None,
    database=None,  # keep no example database in the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start=_starts, days=st.integers(min_value=0, max_value=60))
def test_counting_back_a_computed_deadline_gives_the_working_days_added(db, start, days):
    assume(is_working_day(start))

    deadline = add_working_days(start, days)

    assert is_working_day(deadline)
    assert working_days_between(start, deadline) == days
