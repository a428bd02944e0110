"""The city office reads every county's reform tasks: the list rolls them up by county (a
row per county office, each leading to that county's tasks), not by every unit of every
county; a county's own list rolls up by its units."""

from datetime import date

import pytest

from office.roles import Role
from reforms import services

from .conftest import frozen, task_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_counties(staff, staff_b, lead_unit, other_unit, county_b):
    with frozen(date(2026, 1, 10)):
        for unit, title in ((lead_unit, "甲县任务一"), (other_unit, "甲县任务二")):
            services.task_create(actor=staff, data=task_data(unit, title=title))
        services.task_create(actor=staff_b, data=task_data(county_b["township"], title="乙县任务"))


def _rollup_rows(page: str) -> list[str]:
    card = page.split('id="rollup-unit"', 1)[1].split("</table>", 1)[0]
    return [row.split("</a>", 1)[0].rsplit(">", 1)[1] for row in card.split("<tr data-key=")[1:]]


def test_the_city_office_rolls_the_tasks_up_by_county(client, make_user, city, two_counties,
                                                      county_a, county_b):  # fmt: skip
    client.force_login(make_user(city, Role.STAFF))
    with frozen(date(2026, 3, 1)):
        page = client.get("/reforms/").content.decode()
        assert "按县统计" in page
        assert set(_rollup_rows(page)) == {
            county_a["office"].short_name or county_a["office"].name,
            county_b["office"].short_name or county_b["office"].name,
        }
        one_county = client.get("/reforms/", {"owning_office": county_b["office"].pk})
    assert "乙县任务" in one_county.content.decode()
    assert "甲县任务一" not in one_county.content.decode()


def test_a_countys_list_rolls_up_by_its_units(client, staff, two_counties, lead_unit, other_unit):
    client.force_login(staff)
    with frozen(date(2026, 3, 1)):
        page = client.get("/reforms/").content.decode()
    assert set(_rollup_rows(page)) == {
        lead_unit.short_name or lead_unit.name,
        other_unit.short_name or other_unit.name,
    }
    assert 'name="owning_office"' not in page
