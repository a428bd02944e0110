"""Query budgets (issue 11): every list, detail and dashboard page of supervision runs the same
number of queries with 5 items as with 50 — no query per row — and stays within its budget.

The budget counts the whole request, the signed-in page's own cost included (session, user,
unit, permissions, the unread-notification count: FLOOR below)."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.roles import Role

from .conftest import frozen

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
# What a bare signed-in page costs, measured by the bench's floor (office/bench.py).
FLOOR = 8
BUDGET = {"list": FLOOR + 14, "detail": FLOOR + 30, "dashboard": FLOOR + 20}


@pytest.fixture
def city_staff(make_user, city):
    return make_user(city, Role.STAFF, name="市委办干事")


def _fill(make_item, advance, other_unit, count):
    """``count`` items over the spring, some reported on, some done, some overdue."""
    made = []
    for index in range(count):
        day = date(2026, 1 + index % 5, 1 + index % 27)
        fields = {"title": f"第{index}项工作"}
        if index % 3 == 0:
            fields["cooperating_units"] = [other_unit]
        item = make_item(on=day, **fields)
        if index % 4 == 1:
            advance(item, "in_progress", on=day)
        made.append(item)
    return made


def _queries(client, user, url) -> int:
    client.force_login(user)
    with frozen(TODAY):
        client.get(url)  # warm: the session's first write
        # The city office's overview is cached: the budget is what computing it costs.
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = [
    ("director", "/supervision/", "list"),
    ("director", "/supervision/?open=true", "list"),
    ("director", "/supervision/?colour=red", "list"),
    ("director", "/supervision/red-list/", "list"),
    ("director", "/supervision/dashboard/", "dashboard"),
    ("director", "/api/v1/supervision/items/", "list"),
    ("liaison", "/supervision/", "list"),
    ("liaison", "/api/v1/supervision/items/", "list"),
    ("city_staff", "/supervision/", "list"),
    ("city_staff", "/supervision/red-list/", "list"),
    ("city_staff", "/supervision/dashboard/", "dashboard"),
    ("city_staff", "/api/v1/supervision/items/", "list"),
]


def test_each_list_and_dashboard_costs_the_same_at_5_and_at_50_items(
    client, make_item, advance, other_unit, director, liaison, city_staff
):
    users = {"director": director, "liaison": liaison, "city_staff": city_staff}
    _fill(make_item, advance, other_unit, 5)
    small = {(who, url): _queries(client, users[who], url) for who, url, _kind in PAGES}
    _fill(make_item, advance, other_unit, 45)
    large = {(who, url): _queries(client, users[who], url) for who, url, _kind in PAGES}

    assert large == small
    for who, url, kind in PAGES:
        assert large[(who, url)] <= BUDGET[kind], (who, url, large[(who, url)])


def _item_pages(client, make_item, advance, director):
    """The page of an item with one report, and of one with a report, a completion report
    and more history (each kind of record present on both, so only their number differs)."""
    quiet = make_item(on=date(2026, 3, 2))
    advance(quiet, "in_progress", on=date(2026, 3, 10))
    busy = make_item(on=date(2026, 3, 2))
    advance(busy, "completion_requested", on=date(2026, 3, 20))
    quiet_cost = _queries(client, director, f"/supervision/{quiet.pk}/")
    busy_cost = _queries(client, director, f"/supervision/{busy.pk}/")
    return quiet_cost, busy_cost


def test_the_item_page_stays_within_its_budget(client, make_item, advance, director):
    _quiet, busy = _item_pages(client, make_item, advance, director)
    assert busy <= BUDGET["detail"]


def test_the_item_page_costs_the_same_with_few_or_many_reports(
    client, make_item, advance, director
):
    quiet, busy = _item_pages(client, make_item, advance, director)
    assert busy == quiet


def test_the_admin_change_list_costs_the_same_at_5_and_at_50_items(
    client, make_item, advance, other_unit, django_user_model
):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    _fill(make_item, advance, other_unit, 5)
    small = _queries(client, admin, "/admin/supervision/item/")
    _fill(make_item, advance, other_unit, 45)
    assert _queries(client, admin, "/admin/supervision/item/") == small
