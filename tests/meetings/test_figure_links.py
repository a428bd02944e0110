"""Issue 13 and 14: every meetings figure of the annual report links to the meeting list that
shows exactly the meetings it counts (averages: those they are computed over), and the home
page compares this year's meetings per type with last year's (精文减会), each number a link
to as many rows."""

from datetime import date, timedelta
from statistics import mean

import pytest
from django.db.models import Avg
from django.test import Client

from meetings import services
from meetings.choices import AgendaKind, MeetingType
from meetings.summary import ANNUAL_FIGURES, comparison_widget_context

from .conftest import TODAY, at, make_material

pytestmark = pytest.mark.django_db

AVERAGES = {
    "meetings.average_minutes": "planned_minutes",
    "meetings.average_attendance": "expected_attendance",
}


@pytest.fixture
def year_of_meetings(make_meeting, people, county_a):
    """A small hand-made record: held meetings of several types over 2025 and this year, a
    rule exception held and one approved but not yet held, a cancelled meeting and a draft."""
    staff, director = people["staff"], people["director"]

    def held(meeting_type, day, *, minutes=90, attendance=15, exception="", study=False):
        meeting = make_meeting(
            meeting_type=meeting_type, starts_at=at(day), minutes=minutes,
            expected_attendance=attendance, title=f"{meeting_type}{day}", agenda=False,
            exception=exception, state="draft",
        )  # fmt: skip
        if study:
            material = make_material(county_a, staff, f"讲话{day}")
            services.agenda_item_add(
                actor=staff, meeting=meeting, kind=AgendaKind.STUDY, title="学习",
                minutes=20, study_materials=[material],
            )  # fmt: skip
        services.agenda_item_add(
            actor=staff, meeting=meeting, kind=AgendaKind.REPORT, title="汇报", minutes=20
        )
        services.meeting_submit(actor=staff, meeting=meeting, exception_reason=exception)
        services.meeting_approve(actor=director, meeting=meeting)
        if day > TODAY:
            return meeting
        for task in meeting.tasks.all():
            services.task_done(actor=staff, task=task)
        services.meeting_mark_ready(actor=staff, meeting=meeting)
        services.meeting_hold(actor=staff, meeting=meeting)
        return meeting

    tuesdays = [date(2025, 1, 7) + timedelta(days=7 * n) for n in range(52)]
    for n in (2, 10, 30):  # two before 9 June, one after
        held(MeetingType.STANDING_COMMITTEE, tuesdays[n], minutes=180, attendance=25, study=True)
    held(MeetingType.STANDING_COMMITTEE, tuesdays[12], minutes=150, attendance=20, study=True)
    # A special meeting that opened with a study item too (第一议题 is not its rule).
    held(MeetingType.SECRETARY_SPECIAL, tuesdays[20], minutes=60, attendance=12, study=True)
    for n in (4, 6, 35):
        held(MeetingType.SECRETARY_SPECIAL, tuesdays[n], minutes=60, attendance=12)
    held(
        MeetingType.WORK_CONFERENCE,
        tuesdays[14],
        minutes=150,
        attendance=250,
        exception="全县大会。",
    )
    cancelled = make_meeting(starts_at=at(tuesdays[16]), title="取消的会")
    services.meeting_cancel(actor=staff, meeting=cancelled, reason="取消。")
    make_meeting(starts_at=at(tuesdays[18]), title="草稿")
    # This year: fewer standing committee meetings, more special ones.
    this_year = [date(2026, 1, 6) + timedelta(days=7 * n) for n in range(22)]
    held(MeetingType.STANDING_COMMITTEE, this_year[3], minutes=180, attendance=25, study=True)
    for n in (5, 9, 13, 17, 20):
        held(MeetingType.SECRETARY_SPECIAL, this_year[n], minutes=60, attendance=12)
    # Approved with an exception, to be held next week: granted, not held.
    held(MeetingType.WORK_CONFERENCE, TODAY + timedelta(days=7), attendance=260, exception="必须。")


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    table = response.context["table"]
    return table.paginator.count, len(table.page.object_list), response.context["filter"].qs


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_figure_links_to_a_list_with_as_many_rows(year_of_meetings, people, year):
    client = Client()
    client.force_login(people["director"])
    figures = client.get(f"/api/v1/reports/annual/{year}/").json()["figures"]["meetings"]

    for figure in ANNUAL_FIGURES:
        assert figure.link is not None, figure.key
        value = figures[figure.name]
        count, shown, meetings = listed(client, figure.link(year))
        assert count == shown, figure.key
        if figure.key in AVERAGES:
            field = AVERAGES[figure.key]
            assert count == figures["organised_total"], figure.key
            assert value == round(meetings.aggregate(v=Avg(field))["v"], 1), figure.key
            assert value == round(mean(getattr(m, field) for m in meetings), 1)
        else:
            assert count == value, figure.key
    if year == 2025:
        assert (figures["standing_committee"], figures["secretary_special"]) == (4, 4)
        assert (figures["organised_total"], figures["first_topic"]) == (9, 5)
        assert figures["exceptions_granted"] == 1
    else:
        assert (figures["organised_total"], figures["exceptions_granted"]) == (6, 1)


def test_the_home_page_compares_this_year_with_last_year_per_type(year_of_meetings, people):
    director = people["director"]
    data = comparison_widget_context(director, TODAY)
    rows = {row["meeting_type"]: row for row in data["rows"]}
    sc, special = rows[MeetingType.STANDING_COMMITTEE], rows[MeetingType.SECRETARY_SPECIAL]
    # By 9 June 2025 the committee had met three times (the fourth was in August) and the
    # secretary's special meetings three times; this year once and five times.
    assert (sc["this_year"], sc["same_period"], sc["last_year"], sc["change"]) == (1, 3, 4, -2)
    assert (special["this_year"], special["same_period"], special["last_year"]) == (5, 3, 4)
    assert special["change"] == 2
    assert data["total"]["this_year"] == 6 and data["total"]["last_year"] == 9

    client = Client()
    client.force_login(director)
    for row in [*data["rows"], data["total"]]:
        for count, url in (
            (row["this_year"], row["this_url"]),
            (row["same_period"], row["same_url"]),
            (row["last_year"], row["last_url"]),
        ):
            assert listed(client, url)[0] == count, url

    home = client.get("/").content.decode()
    assert "会议数量同比（精文减会）" in home
    assert "去年同期" in home and 'class="bi bi-arrow-down"></i>2' in home
