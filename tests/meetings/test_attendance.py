"""Notices and attendance: the notice reaches the attendees, each confirms or asks for leave
with a reason and a substitute (never after the meeting), the organiser sees who answered and
records the sign-in."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from meetings import services
from meetings.choices import AttendanceAnswer
from office.models import Notification
from office.workflow import TransitionForbidden

from .conftest import TODAY, frozen

pytestmark = pytest.mark.django_db


@pytest.fixture
def noticed(make_meeting, people):
    meeting = make_meeting("ready", required_leaders=[people["leader2"]])
    services.notice_send(actor=people["staff"], meeting=meeting, attendees=[people["director"]])
    return meeting


def test_the_notice_reaches_the_chair_the_required_leaders_and_the_attendees(noticed, people):
    assert set(noticed.attendances.values_list("user__name", flat=True)) == {
        "周书记", "王副书记", "陈主任",
    }  # fmt: skip
    assert Notification.objects.filter(
        recipient=people["leader2"], title__startswith="会议通知"
    ).exists()
    # Sending again notifies nobody twice.
    services.notice_send(actor=people["staff"], meeting=noticed, attendees=[people["director"]])
    assert (
        Notification.objects.filter(
            recipient=people["director"], title__startswith="会议通知"
        ).count()
        == 1
    )


def test_leave_needs_a_reason_and_tells_the_organiser(noticed, people):
    with pytest.raises(ValidationError) as caught:
        services.attendance_answer(actor=people["leader2"], meeting=noticed, confirm=False)
    assert "请假理由" in " ".join(caught.value.messages)
    services.attendance_answer(
        actor=people["leader2"], meeting=noticed, confirm=False,
        reason="参加市委会议。", substitute="李副县长",
    )  # fmt: skip
    row = noticed.attendances.get(user=people["leader2"])
    assert (row.answer, row.substitute) == (AttendanceAnswer.LEAVE, "李副县长")
    assert Notification.objects.filter(
        recipient=people["staff"], title__contains="申请请假"
    ).exists()


def test_someone_not_notified_cannot_answer(noticed, people):
    with pytest.raises(TransitionForbidden):
        services.attendance_answer(actor=people["section_head"], meeting=noticed, confirm=True)


def test_a_leave_request_after_the_meeting_is_refused(noticed, people):
    with frozen(TODAY + timedelta(days=8)):
        with pytest.raises(ValidationError) as caught:
            services.attendance_answer(
                actor=people["leader2"], meeting=noticed, confirm=False, reason="有事。"
            )
    assert "会议已召开" in " ".join(caught.value.messages)
    assert noticed.attendances.get(user=people["leader2"]).answer == AttendanceAnswer.PENDING


def test_the_organiser_sees_the_answers_and_ticks_the_sign_in(noticed, people):
    services.attendance_answer(actor=people["leader"], meeting=noticed, confirm=True)
    present = noticed.attendances.get(user=people["leader"])
    client = Client()
    client.force_login(people["staff"])
    client.post(f"/meetings/{noticed.pk}/sign-in/", {"present": [present.pk]})
    present.refresh_from_db()
    assert present.signed_in_at is not None
    page = client.get(noticed.get_absolute_url()).content.decode()
    assert "已回复1/3人，已签到1人" in page
    assert "确认参会" in page and "未回复" in page
