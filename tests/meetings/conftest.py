"""Fixtures of the meetings tests: county A's people and meetings made through
``meetings.services`` at a frozen date (never by hand)."""

from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from meetings import services
from meetings.choices import AgendaKind, MeetingType
from office.roles import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Tuesday: the seed county meets on Tuesdays and Thursdays (一三五无会日).
TODAY = date(2026, 6, 9)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@contextmanager
def frozen(day: date = TODAY, hour: int = 9):
    with time_machine.travel(at(day, hour), tick=False):
        yield


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def people(make_user, county_a):
    return {
        "staff": make_user(county_a["section"], Role.STAFF, name="李明"),
        "section_head": make_user(county_a["section"], Role.SECTION_HEAD, name="张科长"),
        "director": make_user(county_a["office"], Role.DIRECTOR, name="陈主任"),
        "leader": make_user(county_a["committee"], Role.LEADER, name="周书记"),
        "leader2": make_user(county_a["committee"], Role.LEADER, name="王副书记"),
        "liaison": make_user(county_a["township"], Role.UNIT_LIAISON, name="杨丽"),
    }


@pytest.fixture
def material(people, county_a):
    return make_material(county_a, people["staff"], "习近平总书记在中央经济工作会议上的重要讲话")


def make_material(county, actor, title, issued=date(2026, 5, 20)):
    StudyMaterial = apps.get_model("training", "StudyMaterial")
    return StudyMaterial.objects.create(
        owning_office=county["office"], title=title, issued_on=issued, created_by=actor
    )


@pytest.fixture
def data(people, county_a):
    """MeetingData of a plain meeting: a Tuesday a week ahead, 9:00–10:30, 15 people."""

    def make(**changes):
        starts = changes.pop("starts_at", at(TODAY + timedelta(days=7)))
        minutes = changes.pop("minutes", 90)
        fields = {
            "meeting_type": MeetingType.SECRETARY_SPECIAL,
            "title": "县委书记专题会议（防汛准备）",
            "organiser_unit": county_a["office"],
            "chair": people["leader"],
            "starts_at": starts,
            "ends_at": starts + timedelta(minutes=minutes),
            "place": "县委常委会议室",
            "expected_attendance": 15,
            "reason": "研究部署防汛工作。",
            **changes,
        }
        return services.MeetingData(**fields)

    return make


@pytest.fixture
def make_meeting(people, data):
    """A meeting carried to ``state`` through the services."""

    def make(state="draft", *, actor=None, agenda=True, **changes):
        actor = actor or people["staff"]
        exception = changes.pop("exception", "确需召开。")
        meeting = services.meeting_request(actor=actor, data=data(**changes))
        if state == "draft":
            return meeting
        if agenda:
            services.agenda_item_add(
                actor=actor, meeting=meeting, kind=AgendaKind.REPORT, title="情况汇报", minutes=20
            )
        services.meeting_submit(actor=actor, meeting=meeting, exception_reason=exception)
        if state == "submitted":
            return meeting
        services.meeting_approve(actor=people["director"], meeting=meeting, comment="同意。")
        if state == "approved":
            return meeting
        for task in meeting.tasks.all():
            services.task_done(actor=actor, task=task)
        services.meeting_mark_ready(actor=actor, meeting=meeting)
        if state == "ready":
            return meeting
        services.meeting_hold(actor=people["staff"], meeting=meeting)
        return meeting

    return make
