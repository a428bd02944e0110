"""The leaders' calendar feed: a private address per person, made with icalendar, read here
with icalendar's own parser as a calendar program would; a wrong, replaced or revoked address
is a 404."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from meetings import services
from meetings.choices import MeetingType
from meetings.models import CalendarFeed

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fetch(url) -> tuple[int, Calendar | None]:
    response = Client().get(url)  # a calendar program: no session
    if response.status_code != 200:
        return response.status_code, None
    assert response["Content-Type"].startswith("text/calendar")
    return 200, Calendar.from_ical(response.content)


def feed_url(leader) -> str:
    page = signed_in(leader)
    page.post("/meetings/calendar/subscribe/", {"action": "issue"})
    return CalendarFeed.objects.get(user=leader).get_absolute_url()


@pytest.fixture
def meetings(make_meeting, people):
    """The second leader's meetings: one chaired, one as a required leader, one noticed; and
    meetings that are not theirs or not in anyone's calendar."""
    leader2, staff = people["leader2"], people["staff"]
    day = TODAY + timedelta(days=2)  # Thursday
    chaired = make_meeting(
        "approved", chair=leader2, title="县委书记专题会议（防汛）", starts_at=at(day, 15),
        minutes=90,
    )  # fmt: skip
    required = make_meeting(
        "submitted", title="县委常委会第12次会议", meeting_type=MeetingType.STANDING_COMMITTEE,
        starts_at=at(day + timedelta(days=5), 8, 30), minutes=180, required_leaders=[leader2],
    )  # fmt: skip
    noticed = make_meeting(
        "ready", title="全县安全生产工作会议", starts_at=at(day + timedelta(days=7), 9)
    )
    services.notice_send(actor=staff, meeting=noticed, attendees=[leader2])
    cancelled = make_meeting(
        "approved",
        chair=leader2,
        title="县委财经委员会会议",
        starts_at=at(day + timedelta(days=14), 15),
    )
    services.meeting_cancel(actor=staff, meeting=cancelled, reason="并入常委会。")
    draft = make_meeting(
        "draft", chair=leader2, title="尚未提交的会议", starts_at=at(day + timedelta(days=21), 15)
    )
    others = make_meeting("approved", title="别人的会议", starts_at=at(day + timedelta(days=9), 15))
    return {
        "chaired": chaired, "required": required, "noticed": noticed,
        "cancelled": cancelled, "draft": draft, "others": others,
    }  # fmt: skip


def test_a_leader_subscribes_to_their_own_meetings_at_shanghai_time(meetings, people):
    url = feed_url(people["leader2"])

    status, calendar = fetch(url)

    assert status == 200
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "县委书记专题会议（防汛）", "县委常委会第12次会议", "全县安全生产工作会议", "县委财经委员会会议",
    }  # fmt: skip
    chaired = events["县委书记专题会议（防汛）"]
    start, end = chaired.decoded("dtstart"), chaired.decoded("dtend")
    assert start == at(TODAY + timedelta(days=2), 15) and end - start == timedelta(minutes=90)
    assert chaired["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert start.astimezone(ZoneInfo("Asia/Shanghai")).hour == 15
    assert str(chaired["location"]) == "县委常委会议室"
    assert "本人：主持" in str(chaired["description"])
    assert chaired["url"].endswith(meetings["chaired"].get_absolute_url())
    # A request awaiting approval is tentative; a cancelled meeting is marked cancelled.
    assert str(events["县委常委会第12次会议"]["status"]) == "TENTATIVE"
    assert str(events["县委财经委员会会议"]["status"]) == "CANCELLED"
    assert "本人：出席" in str(events["全县安全生产工作会议"]["description"])
    # The calendar carries its time zone, so the client shows 15:00 wherever it is.
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_a_wrong_address_is_a_404(meetings, people):
    feed_url(people["leader2"])
    assert fetch("/meetings/feed/not-a-token.ics")[0] == 404


def test_a_new_address_replaces_the_old_and_a_revoked_one_is_a_404(meetings, people):
    leader2 = people["leader2"]
    old = feed_url(leader2)
    new = feed_url(leader2)  # 重新生成

    assert new != old
    assert fetch(old)[0] == 404
    assert fetch(new)[0] == 200

    page = signed_in(leader2)
    response = page.post("/meetings/calendar/subscribe/", {"action": "revoke"}, follow=True)
    assert "已停止订阅" in response.content.decode()
    assert fetch(new)[0] == 404
    assert "暂无订阅地址" in page.get("/meetings/calendar/subscribe/").content.decode()


def test_the_subscription_page_shows_the_address_to_its_owner_only(meetings, people):
    url = feed_url(people["leader2"])
    mine = signed_in(people["leader2"]).get("/meetings/calendar/subscribe/").content.decode()
    theirs = signed_in(people["leader"]).get("/meetings/calendar/subscribe/").content.decode()
    assert url in mine
    assert url not in theirs


def test_a_deactivated_account_s_feed_is_a_404(meetings, people):
    url = feed_url(people["leader2"])
    people["leader2"].is_active = False
    people["leader2"].save()
    assert fetch(url)[0] == 404


def test_the_feed_costs_the_same_queries_for_few_and_many_meetings(make_meeting, people):
    leader2 = people["leader2"]
    url = feed_url(leader2)

    def cost():
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        return len(captured)

    make_meeting(
        "approved", chair=leader2, title="第1次", starts_at=at(TODAY + timedelta(days=2), 15)
    )
    few = cost()
    for n in range(2, 7):
        day = TODAY + timedelta(days=2 + 7 * n)
        make_meeting("approved", chair=leader2, title=f"第{n}次", starts_at=at(day, 15))
    assert cost() == few <= 4
