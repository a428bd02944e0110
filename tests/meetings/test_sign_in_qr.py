"""Sign-in by QR code: the organiser's device shows the code on the meeting's day; an invited
attendee, signed in on their phone, scans it and is signed in once; nobody else, no other
day. The organiser's tick list still records everyone."""

from datetime import timedelta

import pytest
from django.test import Client

from meetings import services

from .conftest import TODAY, frozen

pytestmark = pytest.mark.django_db

MEETING_DAY = TODAY + timedelta(days=7)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def meeting(make_meeting, people):
    meeting = make_meeting("ready", required_leaders=[people["leader2"]])
    services.notice_send(actor=people["staff"], meeting=meeting, attendees=[people["director"]])
    return meeting


def scan_address(meeting, organiser) -> str:
    page = signed_in(organiser).get(f"/meetings/{meeting.pk}/sign-in/qr/")
    assert page.status_code == 200
    return page.context["address"]


def test_on_the_day_the_organiser_shows_a_qr_code_and_an_attendee_signs_in_once(meeting, people):
    with frozen(MEETING_DAY, 8):
        page = signed_in(people["staff"]).get(f"/meetings/{meeting.pk}/sign-in/qr/")
        html = page.content.decode()
        assert "<svg" in html and "扫码签到" in html
        assert "已签到0/3人" in html
        address = page.context["address"]
        assert address.startswith("http://testserver/meetings/")

        phone = signed_in(people["leader2"])
        assert "点击签到" in phone.get(address).content.decode()
        answer = phone.post(address, follow=True).content.decode()
        assert "签到成功" in answer and "已于08:00签到" in answer
        row = meeting.attendances.get(user=people["leader2"])
        first = row.signed_in_at
        assert first is not None

    with frozen(MEETING_DAY, 8):
        again = phone.post(address, follow=True).content.decode()
    assert "您已于08:00签到" in again
    row.refresh_from_db()
    assert row.signed_in_at == first
    # The organiser's device and the tick list show it.
    with frozen(MEETING_DAY, 8):
        organiser = signed_in(people["staff"])
        assert (
            "已签到1/3人" in organiser.get(f"/meetings/{meeting.pk}/sign-in/qr/").content.decode()
        )
        detail = organiser.get(meeting.get_absolute_url()).content.decode()
    assert f'name="present" value="{row.pk}" checked' in detail
    assert "显示签到二维码" in detail


def test_someone_not_invited_cannot_sign_in(meeting, people):
    with frozen(MEETING_DAY, 8):
        address = scan_address(meeting, people["staff"])
        phone = signed_in(people["section_head"])
        assert "不在本次会议的参会名单中" in phone.get(address).content.decode()
        answer = phone.post(address, follow=True).content.decode()
    assert "不在本次会议的参会名单中" in answer
    assert not meeting.attendances.filter(signed_in_at__isnull=False).exists()


def test_the_code_works_on_the_meeting_day_only(meeting, people):
    # The day before: the organiser's page shows no code.
    with frozen(MEETING_DAY - timedelta(days=1), 16):
        page = signed_in(people["staff"]).get(f"/meetings/{meeting.pk}/sign-in/qr/")
        assert "<svg" not in page.content.decode()
        assert "仅在会议当天显示" in page.content.decode()
    with frozen(MEETING_DAY, 8):
        address = scan_address(meeting, people["staff"])
    # The next day the same address is no sign-in code any more.
    with frozen(MEETING_DAY + timedelta(days=1), 9):
        assert signed_in(people["leader2"]).post(address).status_code == 404
    assert not meeting.attendances.filter(signed_in_at__isnull=False).exists()


def test_a_made_up_code_is_a_404_and_a_visitor_is_sent_to_sign_in(meeting, people):
    with frozen(MEETING_DAY, 8):
        address = scan_address(meeting, people["staff"])
        made_up = f"/meetings/{meeting.pk}/sign-in/0123456789abcdef0123/"
        assert signed_in(people["leader2"]).get(made_up).status_code == 404
        visitor = Client().get(address)
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]


def test_only_the_organiser_opens_the_qr_page(meeting, people):
    with frozen(MEETING_DAY, 8):
        assert (
            signed_in(people["leader2"]).get(f"/meetings/{meeting.pk}/sign-in/qr/").status_code
            == 403
        )


def test_saving_the_tick_list_keeps_whoever_signed_in_by_qr_after_it_was_opened(meeting, people):
    director_row = meeting.attendances.get(user=people["director"])
    leader_row = meeting.attendances.get(user=people["leader2"])
    with frozen(MEETING_DAY, 8):
        organiser = signed_in(people["staff"])
        organiser.get(meeting.get_absolute_url())  # the list opens: nobody ticked yet
        address = scan_address(meeting, people["staff"])
        signed_in(people["leader2"]).post(address)  # meanwhile the leader scans the code
        # The organiser ticks the director on the list as it was shown, and saves.
        organiser.post(f"/meetings/{meeting.pk}/sign-in/", {"present": [director_row.pk]})
    leader_row.refresh_from_db()
    director_row.refresh_from_db()
    assert director_row.signed_in_at is not None
    assert leader_row.signed_in_at is not None  # not unticked by a list that never showed it

    # Unticking someone the list showed as signed in still signs them out.
    with frozen(MEETING_DAY, 8):
        organiser.post(
            f"/meetings/{meeting.pk}/sign-in/",
            {"present": [director_row.pk], "was_present": [director_row.pk, leader_row.pk]},
        )
    leader_row.refresh_from_db()
    assert leader_row.signed_in_at is None


def test_signing_oneself_in_is_a_declared_rule_of_the_meeting(meeting, people):
    """The one "may" question answers for the QR sign-in as for every other action: an
    invited attendee, on the meeting's day, while the meeting is ready or under way."""
    from office.workflow import may

    leader = people["leader2"]
    assert may(leader, "sign_in_self", meeting, MEETING_DAY)
    assert not may(leader, "sign_in_self", meeting, MEETING_DAY - timedelta(days=1))
    assert not may(people["section_head"], "sign_in_self", meeting, MEETING_DAY)
    meeting.status = "cancelled"  # not saved: the rule reads the state it is given
    assert not may(leader, "sign_in_self", meeting, MEETING_DAY)
