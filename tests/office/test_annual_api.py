"""GET /api/v1/reports/annual/<year>/: the annual figures every app registers, for the
caller's office (a city user may ask for a county under it), as the summary page shows them.

County A's supervision year 2025, made through the services: two tasks from higher levels
(one closed on time, one cancelled), an instruction closed late, a meeting decision still in
progress, an instruction split between two units; and an item of 2024 closed on time in 2025.
County B has one instruction of 2025."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import F
from django.urls import reverse

from office.models import User
from office.roles import Role
from supervision import services
from supervision.choices import ItemStatus, SourceKind, Urgency
from supervision.models import Item
from tests.supervision import test_demo

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
URL = "/api/v1/reports/annual/{year}/"


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=NOW.tzinfo))


def register(actor, lead_unit, *, day, deadline, source=SourceKind.INSTRUCTION, title="事项"):
    data = services.ItemData(
        title=title,
        source_kind=source,
        source_reference="上级交办文件" if source == SourceKind.HIGHER_LEVEL else "",
        instruction_text="请抓紧办理并按期报告进展。",
        instructing_leader="县委书记",
        instruction_date=day,
        urgency=Urgency.NORMAL,
        lead_unit=lead_unit,
        deadline=deadline,
    )
    with on(day):
        item = services.item_register(actor=actor, data=data)
        services.item_assign(actor=actor, item=item)
    return item


def close(item, liaison, director, *, day):
    with on(day):
        if item.status == "assigned":
            services.item_accept(actor=liaison, item=item)  # 签收 before any report
        services.report_submit(
            actor=liaison, item=item, text="已办结。", percent=100, completion=True
        )
        services.item_close(actor=director, item=item, comment="同意销号。")


@pytest.fixture
def people(make_user, county_a, county_b, city):
    return {
        "staff": make_user(county_a["section"], Role.STAFF),
        "director": make_user(county_a["office"], Role.DIRECTOR),
        "liaison": make_user(county_a["township"], Role.UNIT_LIAISON),
        "dept_liaison": make_user(county_a["department"], Role.UNIT_LIAISON),
        "staff_b": make_user(county_b["section"], Role.STAFF),
        "city_staff": make_user(city, Role.STAFF),
    }


@pytest.fixture
def year_2025(people, county_a, county_b):
    staff, director, liaison = people["staff"], people["director"], people["liaison"]
    township = county_a["township"]
    higher = register(
        staff,
        township,
        day=date(2025, 3, 3),
        deadline=date(2025, 4, 30),
        source=SourceKind.HIGHER_LEVEL,
    )
    close(higher, liaison, director, day=date(2025, 4, 28))  # on time
    withdrawn = register(
        staff,
        township,
        day=date(2025, 5, 6),
        deadline=date(2025, 6, 30),
        source=SourceKind.HIGHER_LEVEL,
    )
    with on(date(2025, 5, 20)):
        services.item_cancel(actor=director, item=withdrawn, reason="上级已撤回该事项。")
    late = register(staff, township, day=date(2025, 6, 3), deadline=date(2025, 6, 30))
    close(late, liaison, director, day=date(2025, 7, 15))  # late
    register(
        staff,
        township,
        day=date(2025, 9, 1),
        deadline=date(2025, 12, 31),
        source=SourceKind.MEETING,
    )
    split_data = services.ItemData(
        title="两单位联合办理",
        source_kind=SourceKind.DOCUMENT,
        source_reference="县委发〔2025〕3号",
        urgency=Urgency.NORMAL,
        deadline=date(2025, 11, 28),
    )
    with on(date(2025, 10, 9)):
        services.item_register_split(
            actor=staff, data=split_data, units=[township, county_a["department"]]
        )
    old = register(staff, township, day=date(2024, 11, 4), deadline=date(2025, 1, 24))
    close(old, liaison, director, day=date(2025, 1, 20))  # registered 2024, closed on time 2025
    register(
        people["staff_b"], county_b["township"], day=date(2025, 4, 7), deadline=date(2025, 5, 30)
    )


def expected(office_filter: dict, year: int) -> dict:
    """The supervision figures counted here straight from the item table."""
    leaves = Item.objects.filter(is_group=False, **office_filter)
    registered = leaves.filter(registered_on__year=year)
    closed = leaves.filter(status=ItemStatus.CLOSED, closed_on__year=year)
    on_time = closed.filter(closed_on__lte=F("deadline")).count()
    return {
        "from_higher_level": registered.filter(source_kind=SourceKind.HIGHER_LEVEL).count(),
        "instructed": registered.exclude(source_kind=SourceKind.HIGHER_LEVEL).count(),
        "registered": registered.count(),
        "closed": closed.count(),
        "on_time_rate": round(100 * on_time / closed.count(), 1) if closed.count() else None,
    }


def get(client, user, year=2025, **params):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(URL.format(year=year), params)


def test_director_reads_their_offices_figures_counted_from_the_records(
    client, people, county_a, year_2025
):
    response = get(client, people["director"])

    assert response.status_code == 200
    body = response.json()
    office = county_a["office"]
    assert body["year"] == 2025
    assert body["office"] == {"id": office.pk, "name": office.name}
    supervision = body["figures"]["supervision"]
    assert supervision == expected({"owning_office": office}, 2025)
    # What that is: the cancelled task counts as taken on; the split counts once per unit;
    # 2 of the 3 items closed in 2025 were on time (one was registered in 2024).
    assert supervision == {
        "from_higher_level": 2,
        "instructed": 4,
        "registered": 6,
        "closed": 3,
        "on_time_rate": 66.7,
    }
    # Counts are integers in the JSON, not 2.0.
    assert '"from_higher_level":2,' in response.content.decode().replace(" ", "")


def test_on_time_rate_is_null_in_a_year_when_nothing_was_closed(client, people, year_2025):
    body = get(client, people["director"], year=2024).json()

    assert body["figures"]["supervision"]["registered"] == 1
    assert body["figures"]["supervision"]["closed"] == 0
    assert body["figures"]["supervision"]["on_time_rate"] is None


def test_on_time_rate_has_one_decimal(client, people, county_a, year_2025):
    # Four more closed in 2025, three of them on time: 5 of 7 on time, 71.428… → 71.4.
    staff, liaison, director = people["staff"], people["liaison"], people["director"]
    for deadline, closed_on in [
        (date(2025, 8, 29), date(2025, 8, 1)),
        (date(2025, 8, 29), date(2025, 9, 5)),
        (date(2025, 11, 28), date(2025, 11, 3)),
    ]:
        item = register(staff, county_a["township"], day=date(2025, 7, 1), deadline=deadline)
        close(item, liaison, director, day=closed_on)
    seven = register(staff, county_a["township"], day=date(2025, 7, 1), deadline=date(2025, 9, 30))
    close(seven, liaison, director, day=date(2025, 9, 29))

    rate = get(client, people["director"]).json()["figures"]["supervision"]["on_time_rate"]

    assert rate == 71.4  # 5 of 7
    assert rate == expected({"owning_office": county_a["office"]}, 2025)["on_time_rate"]


def test_city_user_reads_the_city_total_or_one_county_under_it(
    client, people, city, county_a, county_b, year_2025
):
    total = get(client, people["city_staff"]).json()
    county = get(client, people["city_staff"], office=county_b["office"].pk).json()

    assert total["office"] == {"id": city.pk, "name": city.name}
    assert total["figures"]["supervision"] == expected(
        {"owning_office__path__startswith": city.path}, 2025
    )
    assert total["figures"]["supervision"]["instructed"] == 5  # 4 in county A, 1 in B
    assert county["office"]["id"] == county_b["office"].pk
    assert county["figures"]["supervision"] == expected({"owning_office": county_b["office"]}, 2025)
    assert county["figures"]["supervision"]["instructed"] == 1


def test_a_county_user_asking_for_another_office_gets_404(client, people, county_a, county_b):
    assert get(client, people["staff"], office=county_b["office"].pk).status_code == 404
    assert get(client, people["staff_b"], office=county_a["office"].pk).status_code == 404
    own = get(client, people["staff"], office=county_a["office"].pk)
    assert own.status_code == 200
    assert own.json()["office"]["id"] == county_a["office"].pk


def test_a_city_user_asking_for_a_unit_that_is_no_office_gets_404(client, people, county_a):
    for office in (county_a["section"].pk, county_a["committee"].pk, "abc", 999999):
        assert get(client, people["city_staff"], office=office).status_code == 404, office


def test_unit_liaisons_and_users_of_no_office_get_403(client, people, make_user):
    assert get(client, people["liaison"]).status_code == 403
    assert get(client, make_user(None, Role.STAFF)).status_code == 403


def test_anonymous_callers_are_asked_to_authenticate(client):
    with time_machine.travel(NOW, tick=False):
        assert client.get(URL.format(year=2025)).status_code == 401


def test_a_year_outside_the_reports_is_404(client, people):
    assert get(client, people["director"], year=1999).status_code == 404
    assert get(client, people["director"], year=2027).status_code == 404
    assert get(client, people["director"], year=2026).status_code == 200  # the year so far


def test_summary_page_shows_the_same_figures_with_what_each_counts(
    client, people, county_a, year_2025
):
    api = get(client, people["director"]).json()["figures"]["supervision"]
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("annual_summary"), {"year": 2025}).content.decode()

    assert 'data-figure="supervision.on_time_rate"' in page
    assert f"{api['on_time_rate']}" in page
    # The descriptions say what is counted, cancelled items included or not, and where the
    # circulars count otherwise.
    assert "包括后来撤销的事项" in page
    assert "督查通报不计已撤销的事项" in page


def test_city_summary_page_offers_its_counties(client, people, county_b, year_2025):
    client.force_login(people["city_staff"])
    with time_machine.travel(NOW, tick=False):
        page = client.get(
            reverse("annual_summary"), {"year": 2025, "office": county_b["office"].pk}
        )
        other = client.get(reverse("annual_summary"), {"office": 999999})

    assert page.status_code == 200
    assert page.context["office"] == county_b["office"]
    assert county_b["office"].name in page.content.decode()
    assert other.status_code == 404


def test_openapi_schema_describes_the_annual_report(client, staff_a):
    client.force_login(staff_a)
    schema = client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/reports/annual/{year}/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"year", "office"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(component["properties"]) == {"year", "office", "figures"}


@pytest.mark.slow
def test_demo_county_directors_report_of_2025_comes_from_the_seeded_records(client):
    with time_machine.travel(test_demo.NOW, tick=False):
        test_demo.seed_demo("--year", "2025")
        client.force_login(User.objects.get(username="director"))
        body = client.get(URL.format(year=2025)).json()

    office = User.objects.get(username="director").office
    supervision = body["figures"]["supervision"]
    assert body["office"] == {"id": office.pk, "name": "中共青川县委办公室"}
    assert supervision["from_higher_level"] == 137
    assert supervision["instructed"] == 1791
    assert supervision == expected({"owning_office": office}, 2025)
