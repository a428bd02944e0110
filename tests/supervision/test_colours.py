"""The colour of an item (supervision.colours), computed at frozen times in Asia/Shanghai.

red    the deadline has passed and the item is open
blue   the deadline is within SUPERVISION_BLUE_WORKING_DAYS (3) working days
yellow a weekly report is more than 7 days late, or progress trails the time elapsed by more
       than SUPERVISION_BEHIND_MARGIN (20) points
none   otherwise, and always for closed or cancelled items and split parents

June 2025 has no holiday after 2 June; the National Day week is used where the calendar matters.
"""

from datetime import date

import pytest
from django.utils import timezone

from supervision import services
from supervision.choices import Colour, ItemStatus, ReportCycle
from supervision.colours import colours_by_pk, filter_by_colour
from supervision.models import Item

from .conftest import frozen, item_data

pytestmark = pytest.mark.django_db

MON_2 = date(2025, 6, 2)
MON_16 = date(2025, 6, 16)
TUE_17 = date(2025, 6, 17)
WED_18 = date(2025, 6, 18)
FRI_20 = date(2025, 6, 20)
MON_23 = date(2025, 6, 23)
FAR = date(2025, 8, 29)


def colour_on(item: Item, day: date, hour: int = 9) -> str:
    """The badge a user opening the list at that moment sees."""
    with frozen(day, hour):
        return colours_by_pk(Item.objects.filter(pk=item.pk), timezone.localdate())[item.pk]


def report(item, liaison, day: date, percent: int):
    with frozen(day):
        services.report_submit(actor=liaison, item=item, text="进展情况。", percent=percent)
    item.refresh_from_db()


# --- Red ----------------------------------------------------------------------------------


def test_an_item_is_red_the_day_after_its_deadline(make_item):
    item = make_item(on=MON_16, deadline=FRI_20)

    assert colour_on(item, date(2025, 6, 21)) == Colour.RED
    assert colour_on(item, MON_23) == Colour.RED


def test_an_item_is_blue_not_red_on_its_deadline_day_until_midnight(make_item):
    item = make_item(on=MON_16, deadline=FRI_20)

    assert colour_on(item, FRI_20, hour=23) == Colour.BLUE


def test_red_starts_at_midnight_in_shanghai_not_utc(make_item):
    item = make_item(on=MON_16, deadline=FRI_20)

    # 00:30 on Saturday in Shanghai is still Friday in UTC.
    assert colour_on(item, date(2025, 6, 21), hour=0) == Colour.RED


def test_an_overdue_item_awaiting_closure_is_still_red(make_item, advance):
    item = advance(
        make_item(on=MON_16, deadline=TUE_17), ItemStatus.COMPLETION_REQUESTED, on=MON_16
    )

    assert colour_on(item, WED_18) == Colour.RED


# --- Blue: working days, not calendar days ------------------------------------------------


def test_deadline_monday_is_blue_from_the_wednesday_before_over_the_weekend(make_item):
    # Wednesday + 3 working days: Thursday, Friday, Monday.
    item = make_item(on=MON_16, deadline=MON_23)

    assert colour_on(item, TUE_17) == Colour.NONE
    assert colour_on(item, WED_18) == Colour.BLUE


def test_an_item_is_blue_on_the_weekend_before_a_monday_deadline(make_item):
    item = make_item(on=MON_16, deadline=MON_23)

    assert colour_on(item, date(2025, 6, 22)) == Colour.BLUE


def test_blue_counts_working_days_over_national_day(make_item):
    # From Monday 29 September the next working days are 30/9, 9/10 and 10/10.
    item = make_item(on=date(2025, 9, 26), deadline=date(2025, 10, 10))

    assert colour_on(item, date(2025, 9, 26)) == Colour.NONE  # 28/9, 29/9, 30/9
    assert colour_on(item, date(2025, 9, 29)) == Colour.BLUE


def test_blue_counts_the_make_up_saturday_as_a_working_day(make_item, liaison):
    # From Thursday 9 October: 10/10, 11/10 (worked Saturday), 13/10 — Tuesday 14 is not yet
    # near; were the Saturday off, it would be.
    item = make_item(on=date(2025, 9, 26), deadline=date(2025, 10, 14))
    report(item, liaison, date(2025, 9, 29), percent=80)

    assert colour_on(item, date(2025, 10, 9)) == Colour.NONE
    assert colour_on(item, date(2025, 10, 10)) == Colour.BLUE


def test_blue_working_days_is_a_setting(make_item, liaison, settings):
    item = make_item(on=MON_16, deadline=MON_23)
    report(item, liaison, MON_16, percent=50)

    settings.SUPERVISION_BLUE_WORKING_DAYS = 1
    assert colour_on(item, WED_18) == Colour.NONE
    assert colour_on(item, FRI_20) == Colour.BLUE

    settings.SUPERVISION_BLUE_WORKING_DAYS = 5
    assert colour_on(item, MON_16) == Colour.BLUE


def test_blue_wins_over_behind(make_item):
    # Progress 0 with most of the time gone is behind, but the near deadline is what matters.
    item = make_item(on=MON_2, deadline=MON_23)

    assert colour_on(item, WED_18) == Colour.BLUE


# --- Yellow: a missing weekly report ------------------------------------------------------


def test_a_weekly_item_turns_yellow_after_seven_days_without_a_report(make_item, liaison):
    item = make_item(on=MON_2, deadline=FAR, report_cycle=ReportCycle.WEEKLY)
    report(item, liaison, date(2025, 6, 9), percent=30)

    assert colour_on(item, MON_16) == Colour.NONE  # exactly 7 days
    assert colour_on(item, TUE_17) == Colour.YELLOW  # 8 days


def test_a_new_report_takes_the_yellow_away(make_item, liaison):
    item = make_item(on=MON_2, deadline=FAR, report_cycle=ReportCycle.WEEKLY)
    report(item, liaison, date(2025, 6, 9), percent=30)
    assert colour_on(item, WED_18) == Colour.YELLOW

    report(item, liaison, WED_18, percent=40)

    assert colour_on(item, WED_18) == Colour.NONE


def test_a_weekly_item_never_reported_on_is_yellow_a_week_after_assignment(make_item):
    item = make_item(on=MON_2, deadline=FAR, report_cycle=ReportCycle.WEEKLY)

    assert colour_on(item, date(2025, 6, 9)) == Colour.NONE
    assert colour_on(item, date(2025, 6, 10)) == Colour.YELLOW


def test_a_once_only_item_is_not_yellow_for_lack_of_reports(make_item):
    item = make_item(on=MON_2, deadline=FAR, report_cycle=ReportCycle.ONCE)

    assert colour_on(item, TUE_17) == Colour.NONE


def test_a_monthly_item_waits_thirty_days_for_its_report(make_item, liaison):
    item = make_item(on=MON_2, deadline=FAR, report_cycle=ReportCycle.MONTHLY)
    report(item, liaison, MON_2, percent=50)

    assert colour_on(item, date(2025, 7, 2)) == Colour.NONE
    assert colour_on(item, date(2025, 7, 3)) == Colour.YELLOW


# --- Yellow: behind the time elapsed ------------------------------------------------------


@pytest.fixture
def thirty_day_item(make_item):
    """Assigned Monday 2 June, due Wednesday 2 July: on 22 June two thirds of the time is gone."""
    return make_item(on=MON_2, deadline=date(2025, 7, 2))


@pytest.mark.parametrize(("percent", "colour"), [(40, Colour.YELLOW), (50, Colour.NONE)])
def test_progress_more_than_twenty_points_behind_the_time_elapsed_is_yellow(
    thirty_day_item, liaison, percent, colour
):
    report(thirty_day_item, liaison, MON_16, percent=percent)

    assert colour_on(thirty_day_item, date(2025, 6, 22)) == colour


def test_the_behind_margin_is_a_setting(thirty_day_item, liaison, settings):
    report(thirty_day_item, liaison, MON_16, percent=50)
    settings.SUPERVISION_BEHIND_MARGIN = 5

    assert colour_on(thirty_day_item, date(2025, 6, 22)) == Colour.YELLOW


def test_a_fresh_item_is_not_behind(thirty_day_item):
    assert colour_on(thirty_day_item, MON_2) == Colour.NONE


# --- No colour ----------------------------------------------------------------------------


def test_closed_and_cancelled_items_have_no_colour_even_past_their_deadline(make_item, advance):
    closed = advance(make_item(on=MON_16, deadline=TUE_17), ItemStatus.CLOSED, on=MON_16)
    cancelled = advance(make_item(on=MON_16, deadline=TUE_17), ItemStatus.CANCELLED, on=MON_16)

    assert colour_on(closed, MON_23) == Colour.NONE
    assert colour_on(cancelled, MON_23) == Colour.NONE


@pytest.fixture
def overdue_split(staff, lead_unit, other_unit):
    """A split instruction due Tuesday 17 June, assigned to both units."""
    with frozen(MON_16):
        parent = services.item_register_split(
            actor=staff, data=item_data(deadline=TUE_17), units=[lead_unit, other_unit]
        )
        services.item_assign(actor=staff, item=parent)
    return parent


def test_a_split_parent_has_no_colour_its_unit_items_do(overdue_split):
    children = list(overdue_split.children.all())

    assert colour_on(overdue_split, WED_18) == Colour.NONE
    assert [colour_on(child, WED_18) for child in children] == [Colour.RED, Colour.RED]


# --- Filtering by colour ------------------------------------------------------------------


@pytest.fixture
def rainbow(make_item, advance, overdue_split):
    """One item of each colour on Wednesday 18 June, plus the colourless kinds."""
    return {
        "red": make_item(on=MON_16, deadline=TUE_17),
        "blue": make_item(on=MON_16, deadline=MON_23),
        "yellow": make_item(on=MON_2, deadline=FAR, report_cycle=ReportCycle.WEEKLY),
        "plain": make_item(on=MON_16, deadline=FAR),
        "closed": advance(make_item(on=MON_16, deadline=TUE_17), ItemStatus.CLOSED, on=MON_16),
        "cancelled": advance(
            make_item(on=MON_16, deadline=TUE_17), ItemStatus.CANCELLED, on=MON_16
        ),
        "parent": overdue_split,
        "children": list(overdue_split.children.all()),
    }


def pks(*items) -> set[int]:
    return {item.pk for item in items}


def test_filter_by_colour_returns_exactly_the_items_of_each_colour(rainbow):
    expected = {
        Colour.RED: pks(rainbow["red"], *rainbow["children"]),
        Colour.BLUE: pks(rainbow["blue"]),
        Colour.YELLOW: pks(rainbow["yellow"]),
        Colour.NONE: pks(
            rainbow["plain"], rainbow["closed"], rainbow["cancelled"], rainbow["parent"]
        ),
    }

    found = {
        colour: set(
            filter_by_colour(Item.objects.all(), colour, WED_18).values_list("pk", flat=True)
        )
        for colour in expected
    }

    assert found == expected
    assert set().union(*found.values()) == set(Item.objects.values_list("pk", flat=True))


def test_colours_by_pk_agrees_with_the_filter(rainbow):
    colours = colours_by_pk(Item.objects.all(), WED_18)

    for colour in Colour.values:
        filtered = filter_by_colour(Item.objects.all(), colour, WED_18)
        assert set(filtered.values_list("pk", flat=True)) == {
            pk for pk, found in colours.items() if found == colour
        }


def test_filter_by_colour_keeps_the_users_scope(rainbow, liaison, other_liaison):
    mine = Item.objects.restrict(liaison)
    red_for_liaison = set(filter_by_colour(mine, Colour.RED, WED_18).values_list("pk", flat=True))
    red_for_other = set(
        filter_by_colour(Item.objects.restrict(other_liaison), Colour.RED, WED_18).values_list(
            "pk", flat=True
        )
    )

    township_child = next(c for c in rainbow["children"] if c.lead_unit_id == liaison.org_unit_id)
    department_child = next(c for c in rainbow["children"] if c.lead_unit_id != liaison.org_unit_id)
    assert red_for_liaison == pks(rainbow["red"], township_child)
    assert red_for_other == pks(department_child)


def test_the_colours_change_as_the_days_pass(rainbow):
    blue_on_tuesday = set(
        filter_by_colour(Item.objects.all(), Colour.BLUE, TUE_17).values_list("pk", flat=True)
    )
    red_next_tuesday = set(
        filter_by_colour(Item.objects.all(), Colour.RED, date(2025, 6, 24)).values_list(
            "pk", flat=True
        )
    )

    # On Tuesday the 17th the red item's deadline is today: blue; Monday the 23rd is not yet near.
    assert pks(rainbow["red"]) <= blue_on_tuesday
    assert rainbow["blue"].pk not in blue_on_tuesday
    assert rainbow["blue"].pk in red_next_tuesday
