"""Every role's home page costs the same number of queries whatever the size of the office's
data (issue 13: "query counts on dashboards do not grow with the data"), and a return to it
while no record has changed costs no more than a dashboard's budget: its cards are kept until
a record changes (office.data_version).

Two counties are generated with every app's ``seed_scale`` generator (office/scale.py), one
with 5 records of each app's main kind and one with 50, over the current year; each role's
home page, widgets and to-do list included, is read in both and must cost the same. The cost
beyond the floor (a bare signed-in page, office/bench.py) is held to a budget per role.
"""

import random
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office import data_version, scale
from office.models import User
from office.registry import registry
from office.roles import Role

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = date(2026, 11, 25)

# Queries beyond the floor, per role, with every app's cards and to-dos drawn afresh (the
# first visit after any record changed: this year's and last year's key figures included)...
BUDGET = {"director": 62, "leader": 45, "staff": 20, "liaison": 15}
# ...and on a return while nothing changed: the 20 for a dashboard. What is left is
# the user's own lists (to-dos of every app, notifications), read on every visit.
RETURN_BUDGET = 20

pytestmark = [
    pytest.mark.urls("office.bench"),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="seed_scale writes with PostgreSQL's COPY",
    ),
]


@pytest.fixture
def two_counties(db):
    """A county with 5 records per app and one with 50 (rolled back after the test)."""
    with time_machine.travel(NOW, tick=False):
        city, counties = scale.seed_org_and_users(2, "scale-Password-2026")
        for county, size in zip(counties, (5, 50), strict=True):
            ctx = scale.ScaleContext(
                city=city,
                counties=[county],
                years=[TODAY.year],
                today=TODAY,
                rng=random.Random(size),  # nosec B311: generated test data
                items_per_year=size,
            )
            for generator in registry.scale_generators:
                generator.generate(ctx)
    return counties


def _people(county) -> dict[str, User]:
    users = county.users
    return {
        "director": users[str(Role.DIRECTOR)][0],
        "leader": users[str(Role.LEADER)][0],
        "staff": users[str(Role.STAFF)][0],
        "liaison": next(iter(county.liaisons.values())),
    }


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _cost(client, user) -> tuple[int, int]:
    """The home page's queries beyond the floor: drawn afresh, then on a return."""
    client.force_login(User.objects.get(pk=user.pk))
    with time_machine.travel(NOW, tick=False):
        client.get("/")  # the first page after sign-in writes the session
        floor = _queries(client, "/__bench__/floor/")
        data_version.bump()  # as after any save: every card is drawn again
        afresh = _queries(client, "/")
        on_return = _queries(client, "/")
    return afresh - floor, on_return - floor


def test_every_roles_home_costs_the_same_with_5_or_50_records_per_app(client, two_counties):
    # One test over the four roles: the two counties are generated once.
    costs = {}
    for role in BUDGET:
        small, large = (_people(county)[role] for county in two_counties)
        costs[role] = (_cost(client, small), _cost(client, large))

    assert {role: large for role, (_small, large) in costs.items()} == {
        role: small for role, (small, _large) in costs.items()
    }
    afresh = {role: small[0] for role, (small, _large) in costs.items()}
    assert {role: n for role, n in afresh.items() if n > BUDGET[role]} == {}
    on_return = {role: small[1] for role, (small, _large) in costs.items()}
    assert {role: n for role, n in on_return.items() if n > RETURN_BUDGET} == {}


def _figure_value(page: str, key: str) -> int:
    """A key figure's this-year number on a home page."""
    row = page.split(f'data-figure="{key}"', 1)[1]
    cell = row.split('<td class="text-end text-nowrap fw-semibold">', 1)[1]
    return int(re.sub(r"<[^>]+>", " ", cell.split("</td>", 1)[0]).split()[0].replace(",", ""))


def test_a_kept_card_is_drawn_again_once_a_record_changes(client, two_counties):
    """A meeting of this year is called off: the director's key figures, kept from the
    previous visit, show one meeting fewer at once."""
    from meetings.choices import HELD_STATUSES, MeetingStatus
    from meetings.models import Meeting

    director = _people(two_counties[1])["director"]
    client.force_login(User.objects.get(pk=director.pk))
    held = Meeting.objects.filter(
        owning_office=director.office, status__in=HELD_STATUSES, starts_at__year=TODAY.year
    )
    with time_machine.travel(NOW, tick=False):
        before = _figure_value(client.get("/").content.decode(), "meetings.organised_total")
        assert before > 0
        meeting = held.first()
        meeting.status = MeetingStatus.CANCELLED
        meeting.save()
        after = _figure_value(client.get("/").content.decode(), "meetings.organised_total")
    assert after == before - 1
