"""Fixtures of the training tests: the people of county A (tests/conftest.py) and records made
through ``training.services`` at a frozen date, as the office makes them."""

from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from office.models import Notification
from office.roles import Role
from training import services

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 3, 10)  # a Tuesday


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@contextmanager
def frozen(day: date = TODAY, hour: int = 9):
    with time_machine.travel(at(day, hour), tick=False):
        yield


@pytest.fixture(autouse=True)
def _today():
    with frozen(TODAY):
        yield


def inbox(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True)
    )


@pytest.fixture
def people(make_user, county_a):
    """The office's people: two staff in the section, the section head, the director; the
    county leader, a township liaison and the security administrator."""
    return {
        "staff": make_user(county_a["section"], Role.STAFF, name="李明"),
        "staff2": make_user(county_a["section"], Role.STAFF, name="王芳"),
        "head": make_user(county_a["section"], Role.SECTION_HEAD, name="张科长"),
        "director": make_user(county_a["office"], Role.DIRECTOR, name="陈主任"),
        "leader": make_user(county_a["committee"], Role.LEADER, name="周书记"),
        "liaison": make_user(county_a["township"], Role.UNIT_LIAISON, name="杨联络员"),
        "sec_admin": make_user(county_a["office"], Role.SEC_ADMIN, name="何管理员"),
    }


@pytest.fixture
def material(people):
    return services.material_create(
        actor=people["staff"],
        data={
            "title": "习近平总书记在中央经济工作会议上的重要讲话",
            "kind": "speech",
            "issued_on": date(2026, 3, 2),
            "source": "新华社",
            "summary": "讲话的主要精神。",
            "full_text": "全文。",
        },
    )


def make_session(actor, day=date(2026, 3, 5), *, kind="thursday", materials=(), **extra):
    return services.session_create(
        actor=actor,
        data={"kind": kind, "topic": extra.pop("topic", "周四集体学习"), "held_on": day, **extra},
        materials=list(materials),
    )


def client_for(client, user):
    client.force_login(user)
    return client


def make_meeting_with_study(
    county, day: date, *, status="held", study_first=True, materials=(), title="县委常委会会议"
):
    """A meeting made by hand (the meetings app's own tests make them through its services):
    held on ``day`` at 9:00 with a study item first (第一议题) or a report first, and a
    study item further down that is not a first topic."""
    from meetings.models import AgendaItem, Meeting
    from tests.factories import UserFactory

    starts = at(day, 9)
    chair = UserFactory(org_unit=county["committee"], roles=[Role.LEADER])
    meeting = Meeting.objects.create(
        owning_office=county["office"],
        meeting_type="standing_committee",
        title=title,
        organiser_unit=county["office"],
        chair=chair,
        starts_at=starts,
        ends_at=at(day, 11),
        planned_minutes=120,
        place="县委常委会议室",
        expected_attendance=15,
        reason="研究工作。",
        status=status,
    )
    first = AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        kind="study" if study_first else "report",
        title="第一议题：学习重要讲话" if study_first else "情况汇报",
        minutes=30,
    )
    if study_first:
        first.study_materials.set(materials)
    AgendaItem.objects.create(
        meeting=meeting, position=2, kind="study", title="专题学习", minutes=20
    )
    return meeting
