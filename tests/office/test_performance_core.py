"""The core's performance mechanisms (issue 11): the registry's scale slot, the session written
at most once a minute, the city office's scope by office ids, the estimated count."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.models import OrgUnit, User
from office.registry import Registry
from office.roles import Role
from office.views.generic import EXACT_COUNT_LIMIT, EstimatedCountPaginator

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_an_app_hands_its_scale_generator_to_the_registry():
    def generate(ctx):
        return {"rows": 1}

    registry = Registry()
    registry.register("testapp", scale=generate)

    assert [(g.app_label, g.generate) for g in registry.scale_generators] == [("testapp", generate)]


@pytest.mark.django_db
def test_a_second_page_within_a_minute_does_not_write_the_session(client, staff_a):
    client.force_login(staff_a)
    with time_machine.travel(NOW, tick=False):
        client.get("/")
    with time_machine.travel(NOW.replace(second=30), tick=False):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
    writes = [q["sql"] for q in captured if q["sql"].startswith('UPDATE "django_session"')]
    assert writes == []


@pytest.mark.django_db
def test_city_office_staff_see_every_county_and_its_units(make_user, city, county_a, county_b):
    city_staff = make_user(city, Role.STAFF)

    visible = set(OrgUnit.objects.restrict(city_staff).values_list("pk", flat=True))
    people = User.objects.restrict(city_staff)

    assert {county_a["township"].pk, county_b["township"].pk, city.pk} <= visible
    assert people.filter(pk=city_staff.pk).exists()


@pytest.mark.django_db
def test_a_small_list_is_counted_exactly(county_a):
    units = OrgUnit.objects.all()
    assert EstimatedCountPaginator(units, 25).count == units.count() < EXACT_COUNT_LIMIT


@pytest.mark.django_db
def test_a_unit_picker_finds_only_the_units_the_user_may_see(client, staff_a, county_a, county_b):
    client.force_login(staff_a)

    found = client.get("/org/units/lookup/", {"q": county_a["township"].name[:2]}).json()
    names = [row["text"] for row in found["results"]]

    assert any(county_a["township"].name in name for name in names)
    assert not any(county_b["township"].name in name for name in names)


def test_the_autocomplete_picker_renders_only_the_chosen_unit():
    from office.forms import UnitAutocomplete

    widget = UnitAutocomplete()
    widget.choices = [("", "全部"), (1, "甲镇"), (2, "乙镇"), (3, "丙镇")]
    html = widget.render("lead_unit", 2)

    assert "乙镇" in html and "甲镇" not in html and "丙镇" not in html
    assert 'data-autocomplete="/org/units/lookup/"' in html
