"""The pages and the API as people use them: constant query counts on every list and the
detail page, the annual figures against counts made here, the API's actions and refusals."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetings import services
from meetings.choices import AgendaKind, MeetingType

from .conftest import TODAY, at, make_material

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def held_with_decision(make_meeting, people, county_a, n, *, material=None):
    meeting = make_meeting(
        "draft",
        title=f"第{n}次会议",
        starts_at=at(TODAY + timedelta(days=7 * (n + 1))),
        meeting_type=MeetingType.STANDING_COMMITTEE if material else MeetingType.SECRETARY_SPECIAL,
        minutes=100,
    )
    staff = people["staff"]
    if material:
        services.agenda_item_add(
            actor=staff, meeting=meeting, kind=AgendaKind.STUDY, title="学习",
            minutes=20, presenter=people["leader"], study_materials=[material],
        )  # fmt: skip
    services.agenda_item_add(
        actor=staff, meeting=meeting, kind=AgendaKind.REPORT, title="汇报", minutes=20
    )
    services.meeting_submit(actor=staff, meeting=meeting, exception_reason="需要。")
    services.meeting_approve(actor=people["director"], meeting=meeting)
    for task in meeting.tasks.all():
        services.task_done(actor=staff, task=task)
    services.meeting_mark_ready(actor=staff, meeting=meeting)
    services.meeting_hold(actor=staff, meeting=meeting)
    decision = services.decision_add(
        actor=staff, meeting=meeting, text=f"议定事项{n}", lead_unit=county_a["township"]
    )
    services.decision_to_supervision(actor=staff, decision=decision)
    return meeting


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/",
        "/meetings/study-ledger/",
        "/meetings/decisions/",
        "/meetings/?export=xlsx",
        "/meetings/calendar/?view=month&day=2026-07-01",
    ],
)
def test_each_list_costs_the_same_queries_for_few_and_many_rows(
    make_meeting, people, county_a, url
):
    client = client_for(people["director"])
    for n in range(2):
        material = make_material(county_a, people["staff"], f"重要讲话{n}")
        held_with_decision(make_meeting, people, county_a, n, material=material)
    few = queries(client, url)
    for n in range(2, 8):
        material = make_material(county_a, people["staff"], f"重要讲话{n}")
        held_with_decision(make_meeting, people, county_a, n, material=material)
    assert queries(client, url) == few


def test_the_detail_page_costs_the_same_queries_for_a_short_and_a_long_agenda(
    make_meeting, people, county_a
):
    client = client_for(people["director"])
    short = held_with_decision(make_meeting, people, county_a, 1)
    long = held_with_decision(make_meeting, people, county_a, 2)
    for n in range(3):
        services.decision_add(actor=people["staff"], meeting=long, text=f"又一项{n}")
        services.minutes_save(actor=people["staff"], meeting=long, text=f"纪要{n}")
    assert queries(client, long.get_absolute_url()) == queries(client, short.get_absolute_url())


def test_the_annual_figures_are_counted_from_the_meetings(make_meeting, people, county_a):
    staff, director = people["staff"], people["director"]
    made = []

    def held(meeting_type, day, *, first_topic=None, attendance=15, exception=""):
        meeting = make_meeting(
            meeting_type=meeting_type, starts_at=at(day), minutes=90,
            expected_attendance=attendance, title=f"{meeting_type}{day}",
        )  # fmt: skip
        if first_topic:
            services.agenda_item_add(
                actor=staff, meeting=meeting, kind=AgendaKind.STUDY, title="学习",
                minutes=20, study_materials=[first_topic],
            )  # fmt: skip
        services.agenda_item_add(
            actor=staff, meeting=meeting, kind=AgendaKind.REPORT, title="汇报", minutes=20
        )
        services.meeting_submit(actor=staff, meeting=meeting, exception_reason=exception)
        services.meeting_approve(actor=director, meeting=meeting)
        for task in meeting.tasks.all():
            services.task_done(actor=staff, task=task)
        services.meeting_mark_ready(actor=staff, meeting=meeting)
        services.meeting_hold(actor=staff, meeting=meeting)
        made.append((meeting_type, 90, bool(exception)))
        return meeting

    tuesdays = [date(2025, 3, 4) + timedelta(days=7 * n) for n in range(10)]
    for n, day in enumerate(tuesdays[:3]):
        held(
            MeetingType.STANDING_COMMITTEE,
            day,
            first_topic=make_material(county_a, staff, f"讲话{n}"),
        )
    for day in tuesdays[3:5]:
        held(MeetingType.SECRETARY_SPECIAL, day)
    held(MeetingType.WORK_CONFERENCE, tuesdays[5], attendance=250, exception="全县大会。")
    cancelled = make_meeting(starts_at=at(tuesdays[6]), title="取消的会")
    services.meeting_cancel(actor=staff, meeting=cancelled, reason="取消。")
    make_meeting(starts_at=at(date(2026, 6, 16)), title="今年的会")

    response = client_for(director).get("/api/v1/reports/annual/2025/")
    figures = response.json()["figures"]["meetings"]
    expected_types = [t for t, _m, _e in made]
    assert figures["standing_committee"] == expected_types.count(MeetingType.STANDING_COMMITTEE)
    assert figures["secretary_special"] == expected_types.count(MeetingType.SECRETARY_SPECIAL)
    assert figures["organised_total"] == len(made) == 6
    assert figures["first_topic"] == 3
    assert figures["exceptions_granted"] == sum(e for _t, _m, e in made) == 1
    assert figures["average_minutes"] == 90
    assert figures["average_attendance"] == round((5 * 15 + 250) / 6, 1)


def test_the_api_requests_submits_and_refuses(people, county_a):
    client = client_for(people["liaison"])
    body = {
        "meeting_type": "work_conference",
        "title": "城关镇安全生产推进会",
        "organiser_unit": county_a["township"].pk,
        "chair": people["leader"].pk,
        "starts_at": "2026-06-19T09:00:00+08:00",
        "ends_at": "2026-06-19T10:00:00+08:00",
        "place": "城关镇会议室",
        "expected_attendance": 40,
        "reason": "部署安全生产。",
    }
    created = client.post("/api/v1/meetings/meetings/", body, content_type="application/json")
    assert created.status_code == 201
    meeting_id = created.json()["id"]
    refused = client.post(
        f"/api/v1/meetings/meetings/{meeting_id}/submit/", {}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "无会日" in refused.json()["detail"]
    done = client.post(
        f"/api/v1/meetings/meetings/{meeting_id}/submit/",
        {"exception_reason": "汛期前必须部署。"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    assert [b["rule"] for b in done.json()["breaches"]] == ["no_meeting_day"]
    bad = client.post(
        "/api/v1/meetings/meetings/",
        {**body, "ends_at": "2026-06-19T08:00:00+08:00"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "结束时间" in str(bad.json())


def test_the_week_widget_shows_a_leaders_own_meetings(make_meeting, people):
    mine = make_meeting("submitted", starts_at=at(TODAY + timedelta(days=2)), title="我主持的会")
    make_meeting(
        "submitted",
        starts_at=at(TODAY + timedelta(days=2), 15),
        title="别人的会",
        chair=people["director"],
    )
    page = client_for(people["leader"]).get("/").content.decode()
    assert mine.title in page and "别人的会" not in page
    director_page = client_for(people["director"]).get("/").content.decode()
    assert "待主任处理的会议" in director_page and "别人的会" in director_page


def test_pages_answer_for_each_role(make_meeting, people):
    meeting = make_meeting("held")
    for name in ("staff", "director", "leader"):
        client = client_for(people[name])
        for url in ("/meetings/", "/meetings/study-ledger/", "/meetings/decisions/",
                    meeting.get_absolute_url()):  # fmt: skip
            assert client.get(url).status_code == 200, (name, url)


def test_the_calendar_shows_the_weeks_meetings_and_the_no_meeting_days(make_meeting, people):
    meeting = make_meeting("submitted", title="防汛专题会")
    make_meeting(title="还在起草的会", starts_at=at(TODAY + timedelta(days=9)))
    page = client_for(people["staff"]).get(
        f"/meetings/calendar/?day={(TODAY + timedelta(days=7)).isoformat()}"
    )
    text = page.content.decode()
    assert meeting.title in text and "还在起草的会" not in text
    assert text.count("无会日") >= 3
