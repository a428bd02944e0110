"""The annual figures "reforms.<key>" in GET /api/v1/reports/annual/<year>/, against counts
made independently in the test; and the demo data giving the seed's figures."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from office.models import User
from office.registry import registry
from reforms import services
from reforms.models import Honour, KeyTask, Pilot

from .conftest import frozen, task_data
from .test_services import pilot_data

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/annual/{year}/"


def honour(staff, unit, level, day, title):
    return services.honour_create(
        actor=staff,
        data=services.HonourData(
            title=title, level=level, awarding_body="某机关", awarded_on=day, unit=unit
        ),
    )


@pytest.fixture
def year_2026(staff, lead_unit, other_unit, liaison, staff_b, county_b):
    """A small year by hand: two tasks (one completed), four pilots (two approved at
    municipal level or above, one of them withdrawn since), honours of this year and last,
    and one of the other county."""
    with frozen(date(2026, 1, 5)):
        done = services.task_create(actor=staff, data=task_data(lead_unit, title="任务一"))
        services.task_create(actor=staff, data=task_data(lead_unit, title="任务二"))
    for milestone in done.milestones.all():
        with frozen(milestone.due_date):
            services.milestone_report(actor=liaison, milestone=milestone, text="已完成。")
            milestone.refresh_from_db()
            services.milestone_accept(actor=staff, milestone=milestone)
    with frozen(date(2026, 6, 1)):
        approved = [services.pilot_create(actor=staff, data=pilot_data(lead_unit, name=f"试点{n}",
                    level=level)) for n, level in enumerate(["national", "municipal", "county"])]  # fmt: skip
        for pilot in approved:
            services.pilot_approve(actor=staff, pilot=pilot, approved_on=date(2026, 5, 1))
        services.pilot_move(actor=staff, pilot=approved[1], name="withdraw", comment="暂缓。")
        services.pilot_create(actor=staff, data=pilot_data(lead_unit, name="待批试点"))
        honour(staff, lead_unit, "national", date(2026, 3, 1), "全国荣誉")
        honour(staff, other_unit, "provincial", date(2026, 4, 1), "全省荣誉")
        honour(staff, other_unit, "provincial", date(2025, 4, 1), "去年的全省荣誉")
        honour(staff_b, county_b["township"], "national", date(2026, 3, 1), "乙县的荣誉")


def test_the_annual_figures_count_what_the_year_holds(client, director, year_2026):
    with frozen(date(2026, 12, 31)):
        client.force_login(director)
        figures = client.get(URL.format(year=2026)).json()["figures"]["reforms"]
    office = director.office
    # Counted here without the app's selectors.
    honours = Honour.objects.filter(owning_office=office, awarded_on__year=2026)
    assert figures == {
        "key_tasks": KeyTask.objects.filter(owning_office=office, year=2026).count(),
        "key_tasks_completed": sum(
            1
            for t in KeyTask.objects.filter(owning_office=office, year=2026)
            if all(m.status == "accepted" for m in t.milestones.all())
        ),
        "pilots_municipal_or_above": sum(
            1
            for p in Pilot.objects.filter(owning_office=office)
            if p.approved_on and p.approved_on.year == 2026 and p.level != "county"
        ),
        "honours_national": honours.filter(level="national").count(),
        "honours_provincial": honours.filter(level="provincial").count(),
        "honours_municipal": honours.filter(level="municipal").count(),
    }
    assert figures == {
        "key_tasks": 2,
        "key_tasks_completed": 1,
        "pilots_municipal_or_above": 2,
        "honours_national": 1,
        "honours_provincial": 1,
        "honours_municipal": 0,
    }


def test_each_figure_links_to_a_list_with_that_many_rows(client, director, year_2026):
    with frozen(date(2026, 12, 31)):
        client.force_login(director)
        figures = [
            (figure, value)
            for figure, value in registry.annual_figures(2026, director.office)
            if figure.app == "reforms"
        ]
        assert len(figures) == 6
        for figure, value in figures:
            assert figure.link is not None, f"{figure.key} has no link"
            listed = client.get(figure.link(2026))
            assert listed.status_code == 200
            rows = listed.context["table"].paginator.count
            assert rows == value, f"{figure.key}: {value}, its list {rows} rows"
    assert [value for _figure, value in figures] == [2, 1, 2, 1, 1, 0]


NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.slow
def test_the_demo_gives_the_seeds_figures_for_the_report_year(client):
    from office import demo as core_demo
    from reforms import demo

    with time_machine.travel(NOW, tick=False):
        core_demo.seed(year=2025, password="demo-Office-2026", stdout=io.StringIO())
        demo.seed(year=2025, password="demo-Office-2026", stdout=io.StringIO())
        director = User.objects.get(username="director")
        client.force_login(director)
        figures = client.get(URL.format(year=2025)).json()["figures"]["reforms"]
        current = client.get(URL.format(year=2026)).json()["figures"]["reforms"]
    office = director.office
    tasks = KeyTask.objects.filter(owning_office=office, year=2025)
    assert figures["key_tasks"] == tasks.count() > 0
    assert figures["key_tasks_completed"] == figures["key_tasks"]  # every task completed
    assert figures["pilots_municipal_or_above"] == 10
    assert (
        figures["honours_national"],
        figures["honours_provincial"],
        figures["honours_municipal"],
    ) == (17, 13, 2)
    assert Honour.objects.filter(owning_office=office, advanced_unit=True,
                                 title="全市全面深化改革先进单位").exists()  # fmt: skip
    # The current year is under way: some tasks behind plan, none completed yet.
    assert current["key_tasks"] > 0 and current["key_tasks_completed"] < current["key_tasks"]

    # 云溪县 has a year of its own, seen by its own director.
    with time_machine.travel(NOW, tick=False):
        client.force_login(User.objects.get(username="b_director"))
        yunxi = client.get(URL.format(year=2025)).json()["figures"]["reforms"]
        yunxi_now = client.get(URL.format(year=2026)).json()["figures"]["reforms"]
    assert yunxi == {
        "key_tasks": 8,
        "key_tasks_completed": 8,
        "pilots_municipal_or_above": 6,
        "honours_national": 5,
        "honours_provincial": 9,
        "honours_municipal": 1,
    }
    assert 0 < yunxi_now["key_tasks"] < current["key_tasks"]
    b_office = User.objects.get(username="b_staff").office
    assert Honour.objects.filter(owning_office=b_office, advanced_unit=True).count() == 1

    # A second run creates nothing.
    before = (KeyTask.objects.count(), Pilot.objects.count(), Honour.objects.count())
    with time_machine.travel(NOW, tick=False):
        again = demo.seed(year=2025, password="demo-Office-2026", stdout=io.StringIO())
    assert not again
    assert (KeyTask.objects.count(), Pilot.objects.count(), Honour.objects.count()) == before


def test_the_dashboards_figures_of_two_years_are_the_annual_figures(director, year_2026):
    """The reform dashboard reads both years' figures in three queries
    (reforms.summary.figures_of_years); they must be the annual figures, year by year."""
    from reforms.summary import ANNUAL_FIGURES, figures_of_years

    office = director.office
    with frozen(date(2026, 12, 31)):
        batched = figures_of_years(office, (2026, 2025))
        one_by_one = {
            year: {figure.key: figure.compute(year, office) for figure in ANNUAL_FIGURES}
            for year in (2026, 2025)
        }
    assert batched == one_by_one
    assert batched[2025]["reforms.honours_provincial"] == 1
