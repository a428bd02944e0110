"""Query plans (issue 11): the ledger's page, the red list's and the dashboard's reads use an
index for every scope — a county's staff, a liaison, the city office over every county —
never a sequential scan of the items. On a test database the tables are small enough for the
planner to prefer a scan anyway, so sequential scans are priced out (``enable_seqscan = off``):
a query that still scans has no index to use."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count

from office.models import User
from office.roles import Role
from supervision import selectors
from supervision.choices import Colour
from supervision.colours import ColourContext, colour_filter
from supervision.models import Item

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans"),
]

TODAY = date(2026, 6, 15)


@pytest.fixture
def no_seqscan():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_seqscan")


@pytest.fixture
def people(make_user, city, director, liaison, make_item, other_unit):
    for day in (date(2026, 3, 2), date(2026, 4, 1), date(2026, 5, 6)):
        make_item(on=day, cooperating_units=[other_unit])
    city_staff = make_user(city, Role.STAFF)
    # As a request reads them (the factory's users cache their roles before they are set).
    return {
        name: User.objects.get(pk=user.pk)
        for name, user in {"county": director, "liaison": liaison, "city": city_staff}.items()
    }


def scans_items(queryset) -> bool:
    plan = queryset.explain()
    return "Seq Scan on supervision_item " in plan + " "


@pytest.mark.parametrize("who", ["county", "liaison", "city"])
def test_a_ledger_page_reads_the_items_through_an_index(no_seqscan, people, who):
    page = Item.objects.restrict(people[who]).order_by("-year", "-sequence")[:25]
    assert not scans_items(page)


@pytest.mark.parametrize("who", ["county", "city"])
def test_the_red_list_reads_the_overdue_items_through_an_index(no_seqscan, people, who):
    red = colour_filter(Colour.RED, ColourContext(today=TODAY, blue_horizon=TODAY))
    page = Item.objects.restrict(people[who]).filter(red).order_by("deadline", "pk")[:25]
    assert not scans_items(page)


@pytest.mark.parametrize("who", ["county", "city"])
def test_the_dashboard_figures_read_the_items_through_an_index(no_seqscan, people, who):
    items = selectors.scoped_items(people[who])
    year = selectors.Period.of_year(2026)
    mix = (
        selectors.registered_in(items, year)
        .order_by()
        .values("status", "source_kind")
        .annotate(n=Count("pk"))
    )
    overdue = selectors.overdue_items(items, TODAY)[:20]
    assert not scans_items(mix)
    assert not scans_items(overdue)
