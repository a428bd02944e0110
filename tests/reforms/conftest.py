"""Fixtures of the reforms tests: the people of county A and records made the way the office
makes them, through ``reforms.services`` at a frozen date.

County A (tests/conftest.py): the office with its section, 城关镇 (the township, the usual
lead unit) and 财政局 (the department, "another unit")."""

from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from office.roles import Role
from reforms import services
from reforms.rules import PlannedMilestone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@contextmanager
def frozen(day: date, hour: int = 9):
    with time_machine.travel(at(day, hour), tick=False):
        yield


@pytest.fixture
def office_a(county_a):
    return county_a["office"]


@pytest.fixture
def lead_unit(county_a):
    return county_a["township"]


@pytest.fixture
def other_unit(county_a):
    return county_a["department"]


@pytest.fixture
def staff(make_user, county_a):
    return make_user(county_a["section"], Role.STAFF, name="秘书科干事")


@pytest.fixture
def director(make_user, county_a):
    return make_user(county_a["office"], Role.DIRECTOR, name="办公室主任")


@pytest.fixture
def leader(make_user, county_a):
    return make_user(county_a["committee"], Role.LEADER, name="周振华")


@pytest.fixture
def liaison(make_user, lead_unit):
    return make_user(lead_unit, Role.UNIT_LIAISON, name="城关镇联络员")


@pytest.fixture
def other_liaison(make_user, other_unit):
    return make_user(other_unit, Role.UNIT_LIAISON, name="财政局联络员")


# The plan of the arithmetic tests: 20 by 31 March, 30 by 30 June, 50 by 30 November.
PLAN = (("出台实施方案", date(2026, 3, 31), 20), ("完成流程再造", date(2026, 6, 30), 30),
        ("全面推开并总结", date(2026, 11, 30), 50))  # fmt: skip


def task_data(lead_unit, **fields) -> services.TaskData:
    defaults = {
        "title": "深化“放管服”改革",
        "area": "economy",
        "lead_unit": lead_unit,
        "year": 2026,
        "milestones": [PlannedMilestone(t, d, w) for t, d, w in PLAN],
        "goal": "企业开办压缩至1个工作日。",
    }
    return services.TaskData(**{**defaults, **fields})


@pytest.fixture
def make_task(staff, lead_unit):
    def make(*, on: date = date(2026, 1, 10), **fields):
        with frozen(on):
            task = services.task_create(actor=staff, data=task_data(lead_unit, **fields))
        task.refresh_from_db()
        return task

    return make


@pytest.fixture
def complete_milestone(liaison, staff):
    """Report a milestone as the lead unit and accept it as the office, on a day."""

    def complete(milestone, *, on: date):
        with frozen(on):
            services.milestone_report(actor=liaison, milestone=milestone, text="已完成。")
            milestone.refresh_from_db()
            services.milestone_accept(actor=staff, milestone=milestone)
        milestone.refresh_from_db()
        return milestone

    return complete
