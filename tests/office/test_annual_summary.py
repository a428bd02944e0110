import pytest
import time_machine
from django.urls import reverse

from office.registry import AnnualFigure, registry
from office.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_figure(monkeypatch):
    """A figure that counts what the office has, so the page is tested without any app."""
    calls = []

    def compute(year, office):
        calls.append((year, office))
        return office.owned_units.count() * 1000 + year % 100

    figure = AnnualFigure("test.units", "单位数量", compute=compute, unit="个")
    monkeypatch.setattr(registry, "figures", [figure])
    return calls


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_summary_shows_each_registered_figure_for_the_users_office_and_last_year(
    client, make_user, county_a, counted_figure
):
    director = make_user(county_a["office"], Role.DIRECTOR)
    client.force_login(director)

    page = client.get(reverse("annual_summary")).content.decode()

    assert counted_figure == [(2025, county_a["office"])]
    assert "单位数量" in page
    units = county_a["office"].owned_units.count()
    # Chinese groups digits by ten thousands (万), so 5025 shows without a separator.
    assert f"{units * 1000 + 25}" in page.replace(",", "")


@time_machine.travel("2026-11-25 10:00 +0800", tick=False)
def test_summary_of_another_year_and_a_nonsense_year(client, staff_a, counted_figure):
    client.force_login(staff_a)
    client.get(reverse("annual_summary"), {"year": "2024"})
    client.get(reverse("annual_summary"), {"year": "abc"})
    client.get(reverse("annual_summary"), {"year": "2999"})
    assert [year for year, _office in counted_figure] == [2024, 2025, 2025]
