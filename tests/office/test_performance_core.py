"""The core's performance mechanisms (issue 11): the registry's scale slot, the session written
at most once a minute, the city office's scope by office ids, the estimated count."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office import reminders
from office.models import OrgUnit, User
from office.registry import Registry
from office.roles import Role
from office.views.generic import EXACT_COUNT_LIMIT, EstimatedCountPaginator
from tests.factories import UserFactory

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
    # Read back as a request would (the factory's user caches its roles before they are set).
    city_staff = User.objects.get(pk=make_user(city, Role.STAFF).pk)

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


class ManyDeadlines:
    """A source with a due reminder for each of ``count`` records and each recipient."""

    key = "tests.many"

    def __init__(self, recipients, count):
        self.recipients, self.count = recipients, count

    def collect(self, now):
        for number in range(self.count):
            for user in self.recipients:
                yield reminders.Due(user, str(number), "overdue", "2026-03-10", f"第{number}项逾期")


@pytest.fixture
def many_sources(monkeypatch):
    monkeypatch.setattr(reminders, "_sources", {})


@pytest.mark.django_db
def test_a_scan_of_many_reminders_records_each_once_in_a_few_queries(many_sources, staff_a):
    from office.models import Reminder

    other = UserFactory()
    reminders.register(ManyDeadlines([staff_a, other], 600))

    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as captured:
        first = reminders.scan()
    second = reminders.scan()

    assert first.created == 1200 and second.created == 0
    assert Reminder.objects.filter(notification__isnull=True).count() == 0
    assert Reminder.objects.filter(notification__recipient=staff_a).count() == 600
    # Chunks of 500, not a transaction per reminder.
    assert len(captured) < 40


@pytest.mark.django_db
def test_bulk_reminders_reach_the_channels_each_recipient_chose(many_sources, staff_a):
    from office.models import ChannelPreference, Delivery

    emailed = UserFactory(email="li@example.gov.cn")
    ChannelPreference.objects.create(user=emailed, email=True)
    reminders.register(ManyDeadlines([staff_a, emailed], 3))

    with time_machine.travel(NOW, tick=False):
        reminders.scan()

    assert Delivery.objects.filter(notification__recipient=emailed).count() == 3
    assert Delivery.objects.filter(notification__recipient=staff_a).count() == 0


@pytest.mark.django_db
def test_a_huge_list_says_its_count_is_an_estimate(client, staff_a, county_a, monkeypatch):
    # The planner's estimate stands in for a province's two million rows.
    monkeypatch.setattr("office.views.generic.estimated_count", lambda queryset: 2_000_000)
    client.force_login(staff_a)

    page = client.get("/org/units/").content.decode()

    assert "约2000000条记录" in page
    assert "共2000000条记录" not in page


@pytest.mark.django_db
def test_a_small_list_states_its_exact_count(client, staff_a, county_a):
    client.force_login(staff_a)

    page = client.get("/org/units/").content.decode()

    assert "共" in page and "条记录" in page and "约" not in page.split("条记录")[0][-12:]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["supervision:item_list", "meetings:meeting_list", "reforms:task_list", "reforms:pilot_list"],
)
def test_city_staff_lists_load_their_unit_filters_as_one_types(
    client, make_user, city, county_a, county_b, url_name
):
    """Every county's units in every list page's filter made the city office's lists grow
    with the province: each filter choosing a unit renders only the chosen one."""
    from django.urls import reverse

    client.force_login(make_user(city, Role.STAFF))
    page = client.get(reverse(url_name)).content.decode()

    assert 'data-autocomplete="/org/units/lookup/"' in page
    assert county_a["township"].name not in page and county_b["township"].name not in page

    client.force_login(make_user(county_a["office"], Role.STAFF))
    assert county_a["township"].name in client.get(reverse(url_name)).content.decode()


def test_every_admin_list_reads_the_records_its_columns_name_with_its_rows(rf):
    """A column naming a record (a task's lead leader, which may be empty) cost a query per
    row of the admin's change list: 110 queries for a page of reform tasks."""
    from django.contrib import admin

    from office.admin import RestrictedAdminMixin

    missing = {}
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, RestrictedAdminMixin):
            continue
        related = set(model_admin.get_list_select_related(rf.get("/")) or ())
        for name in model_admin.list_display:
            if not isinstance(name, str):
                continue
            try:
                field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001, S112 -- a method column, not a field
                continue
            if field.many_to_one and name not in related:
                missing.setdefault(model._meta.label, []).append(name)
    assert missing == {}
