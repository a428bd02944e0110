"""Minutes locked once approved (a change is a new version with a reason); a decision
becomes a supervision item with one click, exactly once, the meeting named as its source;
the classified-marker guard on every text of the services."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from meetings import services
from meetings.choices import MeetingStatus
from meetings.models import Decision, Meeting, MinutesVersion
from office.models import ClassifiedRefusal

pytestmark = pytest.mark.django_db

MARKED = "机密★1年 会议内容"


def test_minutes_drafted_approved_locked_then_a_new_version_with_a_reason(make_meeting, people):
    meeting = make_meeting("held")
    staff, director = people["staff"], people["director"]
    services.minutes_save(actor=staff, meeting=meeting, text="初稿。")
    services.minutes_save(actor=staff, meeting=meeting, text="修改稿。")
    assert list(meeting.minutes.values_list("number", "text")) == [(1, "修改稿。")]
    services.minutes_approve(actor=director, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTED
    with pytest.raises(ValidationError) as caught:
        services.minutes_save(actor=staff, meeting=meeting, text="再改。")
    assert "理由" in " ".join(caught.value.messages)
    assert MinutesVersion.objects.get(meeting=meeting).text == "修改稿。"
    services.minutes_save(actor=staff, meeting=meeting, text="第二版。", reason="补充议定事项。")
    assert list(meeting.minutes.order_by("number").values_list("number", "text")) == [
        (1, "修改稿。"),
        (2, "第二版。"),
    ]


def test_only_the_director_approves_minutes_and_their_new_versions(make_meeting, people):
    meeting = make_meeting("held")
    services.minutes_save(actor=people["staff"], meeting=meeting, text="纪要。")
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=people["section_head"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    services.minutes_approve(actor=people["director"], meeting=meeting)
    services.minutes_save(actor=people["staff"], meeting=meeting, text="第二版。", reason="补充。")
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=people["section_head"], meeting=meeting)
    services.minutes_approve(actor=people["director"], meeting=meeting)
    assert not meeting.minutes.filter(approved_at__isnull=True).exists()


def test_a_decision_becomes_a_supervision_item_once(make_meeting, people, county_a):
    meeting = make_meeting("held")
    decision = services.decision_add(
        actor=people["staff"], meeting=meeting, text="城关镇牵头完成老旧小区改造。",
        lead_unit=county_a["township"],
    )  # fmt: skip
    item = services.decision_to_supervision(actor=people["staff"], decision=decision)
    assert item.source_kind == "meeting"
    assert meeting.title in item.source_reference
    assert item.origin == decision
    assert item.lead_unit == county_a["township"]
    # The meeting-decision time limit (20 working days) proposes the deadline.
    assert item.deadline > item.registered_on
    with pytest.raises(ValidationError) as caught:
        services.decision_to_supervision(actor=people["staff"], decision=decision)
    assert "不能重复立项" in " ".join(caught.value.messages)
    assert Decision.objects.get(pk=decision.pk).supervision_item == item
    assert type(item).objects.filter(source_kind="meeting").count() == 1


def test_the_meeting_page_shows_each_decisions_live_supervision_status(
    make_meeting, people, county_a
):
    meeting = make_meeting("held")
    decision = services.decision_add(
        actor=people["staff"], meeting=meeting, text="抓紧推进。", lead_unit=county_a["township"]
    )
    client = Client()
    client.force_login(people["director"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "转督办" in page
    response = client.post(
        f"/meetings/{meeting.pk}/supervise/", {"decision": decision.pk, "deadline": ""}, follow=True
    )
    assert "已据此议定事项立项督办" in response.content.decode()
    decision.refresh_from_db()
    item = decision.supervision_item
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f"{item.number} · {item.get_status_display()}" in page
    # A second click changes nothing.
    response = client.post(
        f"/meetings/{meeting.pk}/supervise/", {"decision": decision.pk, "deadline": ""}, follow=True
    )
    assert "不能重复立项" in response.content.decode()
    assert type(item).objects.filter(source_kind="meeting").count() == 1


@pytest.mark.django_db(databases=["default", "audit"])
@pytest.mark.parametrize("field", ["title", "place", "reason"])
def test_a_classified_mark_in_a_request_is_refused_and_nothing_stored(data, people, field):
    with pytest.raises(ValidationError):
        services.meeting_request(actor=people["staff"], data=data(**{field: MARKED}))
    assert Meeting.objects.count() == 0
    assert ClassifiedRefusal.objects.exists()


def test_classified_marks_in_minutes_decisions_and_agenda_are_refused(make_meeting, people):
    meeting = make_meeting("held")
    with pytest.raises(ValidationError):
        services.minutes_save(actor=people["staff"], meeting=meeting, text=MARKED)
    with pytest.raises(ValidationError):
        services.decision_add(actor=people["staff"], meeting=meeting, text=MARKED)
    draft = make_meeting(title="另一个会")
    with pytest.raises(ValidationError):
        services.agenda_item_add(
            actor=people["staff"], meeting=draft, kind="report", title=MARKED, minutes=10
        )
    assert not meeting.minutes.exists() and not meeting.decisions.exists()
    assert not draft.agenda_items.exists()


def test_the_guard_refuses_what_a_service_forgot(make_meeting):
    meeting = make_meeting()
    meeting.reason = MARKED
    with pytest.raises(ValidationError):
        meeting.save()
    meeting.refresh_from_db()
    assert meeting.reason == "研究部署防汛工作。"


def test_a_classified_mark_in_a_material_file_is_refused(make_meeting, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = make_meeting()
    upload = SimpleUploadedFile("汇报.txt", MARKED.encode(), "text/plain")
    with pytest.raises(ValidationError):
        services.agenda_item_add(
            actor=people["staff"], meeting=meeting, kind="report", title="汇报", minutes=10,
            files=[upload],
        )  # fmt: skip
    assert not meeting.agenda_items.exists()
