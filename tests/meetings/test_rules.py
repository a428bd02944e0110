"""The 精文减会 checks on submission, each breach shown with its rule; a breach needs a written
reason and then only the director approves; bad input refused with a clear message."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from meetings import services
from meetings.choices import MeetingStatus, MeetingType
from meetings.models import AnnualPlan, Meeting
from office.models import Notification, TransitionLog
from office.workflow import TransitionForbidden

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db

NEXT_TUESDAY = TODAY + timedelta(days=7)
NEXT_FRIDAY = TODAY + timedelta(days=10)


def rules_of(meeting) -> list[str]:
    return [breach.rule for breach in services.meeting_checks(meeting)]


def test_a_plain_meeting_on_a_tuesday_breaks_no_rule(make_meeting):
    meeting = make_meeting()
    assert rules_of(meeting) == []
    services.meeting_submit(actor=meeting.requested_by, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SUBMITTED
    assert meeting.breaches == []


def test_a_friday_is_a_no_meeting_day_and_the_breach_says_so(make_meeting):
    meeting = make_meeting(starts_at=at(NEXT_FRIDAY))
    [breach] = services.meeting_checks(meeting)
    assert breach.rule == "no_meeting_day"
    assert "2026-06-19" in breach.message and "周五" in breach.message


@override_settings(MEETINGS_NO_MEETING_WEEKDAYS=(1,))
def test_the_no_meeting_days_are_a_setting(make_meeting):
    assert rules_of(make_meeting(starts_at=at(NEXT_FRIDAY))) == []
    assert rules_of(make_meeting(starts_at=at(NEXT_TUESDAY, 14))) == ["no_meeting_day"]


def test_length_and_attendance_caps_per_type(make_meeting):
    long = make_meeting(minutes=150)  # a secretary's special meeting: 120 minutes at most
    assert rules_of(long) == ["length_cap"]
    crowded = make_meeting(expected_attendance=31, starts_at=at(NEXT_TUESDAY + timedelta(days=7)))
    assert rules_of(crowded) == ["attendance_cap"]
    plenary = make_meeting(
        meeting_type=MeetingType.PLENARY,
        minutes=150,
        expected_attendance=180,
        starts_at=at(NEXT_TUESDAY + timedelta(days=14)),
    )
    assert rules_of(plenary) == []


def test_a_clash_with_the_chair_or_a_required_leader(make_meeting, people):
    booked = make_meeting("submitted", required_leaders=[people["leader2"]])
    same_chair = make_meeting(starts_at=booked.starts_at + timedelta(minutes=30), title="另一个会")
    [breach] = [b for b in services.meeting_checks(same_chair) if b.level == "breach"]
    assert breach.rule == "clash"
    assert booked.title in breach.message and "周书记" in breach.message
    # The second leader must attend the booked meeting too.
    other_chair = make_meeting(
        starts_at=booked.starts_at, chair=people["director"], required_leaders=[people["leader2"]]
    )
    assert "clash" in rules_of(other_chair)
    # Back to back is no clash; a draft does not book a slot.
    after = make_meeting(starts_at=booked.ends_at, title="接续的会")
    assert "clash" not in rules_of(after)


def test_the_years_count_against_the_annual_plan(make_meeting, people, county_a):
    AnnualPlan.objects.create(
        owning_office=county_a["office"],
        year=2026,
        meeting_type=MeetingType.SECRETARY_SPECIAL,
        planned_count=1,
    )
    make_meeting("submitted")
    second = make_meeting(starts_at=at(NEXT_TUESDAY + timedelta(days=7)))
    [breach] = services.meeting_checks(second)
    assert breach.rule == "annual_plan"
    assert "第2次" in breach.message and "1次" in breach.message


def test_same_organiser_same_week_suggests_merging_without_requiring_a_reason(make_meeting):
    make_meeting("submitted")
    again = make_meeting(starts_at=at(NEXT_TUESDAY + timedelta(days=2), 15), title="第二个会")
    [suggestion] = services.meeting_checks(again)
    assert suggestion.rule == "merge" and suggestion.level == "suggestion"
    services.meeting_submit(actor=again.requested_by, meeting=again)
    again.refresh_from_db()
    assert again.status == MeetingStatus.SUBMITTED
    assert not again.has_breaches


def test_a_breach_without_a_written_reason_is_refused_and_nothing_changes(make_meeting):
    meeting = make_meeting(starts_at=at(NEXT_FRIDAY))
    with pytest.raises(ValidationError) as caught:
        services.meeting_submit(actor=meeting.requested_by, meeting=meeting, exception_reason=" ")
    assert "无会日" in " ".join(caught.value.messages)
    assert "例外理由" in " ".join(caught.value.messages)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    assert not TransitionLog.objects.filter(object_id=meeting.pk, transition="submit").exists()


def test_with_a_reason_only_the_director_approves_a_breach(make_meeting, people):
    meeting = make_meeting(starts_at=at(NEXT_FRIDAY))
    services.meeting_submit(
        actor=meeting.requested_by, meeting=meeting, exception_reason="汛期前必须部署。"
    )
    meeting.refresh_from_db()
    assert meeting.has_breaches and meeting.exception_reason == "汛期前必须部署。"
    with pytest.raises(TransitionForbidden):
        services.meeting_approve(actor=people["section_head"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SUBMITTED
    services.meeting_approve(actor=people["director"], meeting=meeting, comment="同意。")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    assert Notification.objects.filter(
        recipient=people["staff"], title__contains="会议已批准"
    ).exists()


def test_the_section_head_approves_a_meeting_within_the_rules(make_meeting, people):
    meeting = make_meeting("submitted")
    services.meeting_approve(actor=people["section_head"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED


def test_a_rejection_needs_a_comment_and_tells_the_requester(make_meeting, people):
    meeting = make_meeting("submitted")
    with pytest.raises(ValidationError):
        services.meeting_reject(actor=people["director"], meeting=meeting, comment="")
    services.meeting_reject(actor=people["director"], meeting=meeting, comment="与上周重复。")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REJECTED
    assert Notification.objects.filter(recipient=people["staff"], body="与上周重复。").exists()


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "结束时间必须晚于开始时间"),
        (-30, "结束时间必须晚于开始时间"),
        (5 * 24 * 60, "不能超过3天"),
    ],
)
def test_bad_times_are_refused_with_a_clear_message(data, people, minutes, message):
    with pytest.raises(ValidationError) as caught:
        services.meeting_request(actor=people["staff"], data=data(minutes=minutes))
    assert message in " ".join(caught.value.messages)
    assert Meeting.objects.count() == 0


def test_a_liaison_requests_only_for_their_own_unit(data, people, county_a):
    with pytest.raises(ValidationError):
        services.meeting_request(
            actor=people["liaison"], data=data(organiser_unit=county_a["department"])
        )
    meeting = services.meeting_request(
        actor=people["liaison"], data=data(organiser_unit=county_a["township"])
    )
    assert meeting.owning_office == county_a["office"]


def test_a_leader_may_not_request_a_meeting(data, people):
    with pytest.raises(TransitionForbidden):
        services.meeting_request(actor=people["leader"], data=data())


def test_the_chair_of_another_county_is_refused(data, people, county_b, make_user):
    from office.roles import Role

    other = make_user(county_b["committee"], Role.LEADER)
    with pytest.raises(ValidationError):
        services.meeting_request(actor=people["staff"], data=data(chair=other))


def test_a_holiday_weekday_is_still_checked_by_the_calendar(make_meeting):
    # Tuesday 2026-06-16 is an ordinary Tuesday: no breach whatever the holidays.
    meeting = make_meeting(starts_at=at(date(2026, 6, 16)))
    assert rules_of(meeting) == []
