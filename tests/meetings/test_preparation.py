"""Agenda budgets, the 第一议题 guard, the checklist counted back in working days (over
holidays) and its reminders once each, and 'ready' refused while a mandatory task is open."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from meetings import services
from meetings.choices import AgendaKind, MeetingStatus, MeetingType
from meetings.models import AgendaItem, ChecklistTask
from office.models import Holiday, Reminder
from office.reminders import scan

from .conftest import TODAY, at, frozen, make_material

pytestmark = pytest.mark.django_db


def test_agenda_budgets_must_fit_the_planned_length(make_meeting, people):
    meeting = make_meeting(minutes=60)
    staff = people["staff"]
    services.agenda_item_add(
        actor=staff, meeting=meeting, kind=AgendaKind.REPORT, title="汇报一", minutes=40
    )
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_add(
            actor=staff, meeting=meeting, kind=AgendaKind.DECISION, title="审议", minutes=30
        )
    assert "70分钟" in " ".join(caught.value.messages)
    assert "60分钟" in " ".join(caught.value.messages)
    assert meeting.agenda_items.count() == 1


def standing_committee(make_meeting, **changes):
    return make_meeting(
        meeting_type=MeetingType.STANDING_COMMITTEE, minutes=180, title="县委常委会会议", **changes
    )


def approve(meeting, people):
    services.meeting_submit(actor=people["staff"], meeting=meeting, exception_reason="需要。")
    services.meeting_approve(actor=people["director"], meeting=meeting)
    for task in meeting.tasks.all():
        services.task_done(actor=people["staff"], task=task)


def test_a_standing_committee_meeting_is_not_ready_without_its_first_topic(
    make_meeting, people, material
):
    meeting = standing_committee(make_meeting)
    services.agenda_item_add(
        actor=people["staff"], meeting=meeting, kind=AgendaKind.REPORT, title="汇报", minutes=20
    )
    approve(meeting, people)
    with pytest.raises(ValidationError) as caught:
        services.meeting_mark_ready(actor=people["staff"], meeting=meeting)
    assert "第一议题" in " ".join(caught.value.messages)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED


def test_the_first_topic_study_item_opens_the_meeting_and_then_it_is_ready(
    make_meeting, people, material
):
    meeting = standing_committee(make_meeting)
    services.agenda_item_add(
        actor=people["staff"],
        meeting=meeting,
        kind=AgendaKind.STUDY,
        title="传达学习重要讲话精神",
        minutes=20,
        presenter=people["leader"],
        study_materials=[material],
    )
    approve(meeting, people)
    services.meeting_mark_ready(actor=people["staff"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.READY


def test_a_material_this_body_studied_before_is_refused(make_meeting, people, material):
    first = standing_committee(make_meeting)
    services.agenda_item_add(
        actor=people["staff"], meeting=first, kind=AgendaKind.STUDY, title="学习",
        minutes=20, study_materials=[material],
    )  # fmt: skip
    second = standing_committee(make_meeting, starts_at=at(TODAY + timedelta(days=14)))
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_add(
            actor=people["staff"], meeting=second, kind=AgendaKind.STUDY, title="再学习",
            minutes=20, study_materials=[material],
        )  # fmt: skip
    assert "已学习过" in " ".join(caught.value.messages)
    assert material.title in " ".join(caught.value.messages)
    assert second.agenda_items.count() == 0
    # Another body (the office's 室务会) may study it.
    office_meeting = make_meeting(
        meeting_type=MeetingType.OFFICE_AFFAIRS, minutes=60, starts_at=at(TODAY + timedelta(days=9))
    )
    services.agenda_item_add(
        actor=people["staff"], meeting=office_meeting, kind=AgendaKind.STUDY, title="学习",
        minutes=20, study_materials=[material],
    )  # fmt: skip


def test_a_cancelled_meeting_does_not_count_as_studied(make_meeting, people, material):
    first = standing_committee(make_meeting)
    services.agenda_item_add(
        actor=people["staff"], meeting=first, kind=AgendaKind.STUDY, title="学习",
        minutes=20, study_materials=[material],
    )  # fmt: skip
    services.meeting_cancel(actor=people["staff"], meeting=first, reason="改期。")
    second = standing_committee(make_meeting, starts_at=at(TODAY + timedelta(days=14)))
    services.agenda_item_add(
        actor=people["staff"], meeting=second, kind=AgendaKind.STUDY, title="学习",
        minutes=20, study_materials=[material],
    )  # fmt: skip
    assert AgendaItem.objects.filter(study_materials=material).count() == 2


def test_ready_is_refused_while_a_mandatory_task_is_open(make_meeting, people):
    meeting = make_meeting("approved")
    tasks = list(meeting.tasks.order_by("position"))
    assert tasks and all(t.owner == people["staff"] for t in tasks)
    for task in tasks[1:]:
        services.task_done(actor=people["staff"], task=task)
    with pytest.raises(ValidationError) as caught:
        services.meeting_mark_ready(actor=people["staff"], meeting=meeting)
    assert tasks[0].title in " ".join(caught.value.messages)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    services.task_done(actor=people["staff"], task=tasks[0])
    services.meeting_mark_ready(actor=people["staff"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.READY


def test_checklist_deadlines_are_counted_back_in_working_days_over_holidays(make_meeting, people):
    # The meeting on Tuesday 2026-06-23; Monday 22 and Friday 19 are holidays here.
    for day in (date(2026, 6, 19), date(2026, 6, 22)):
        Holiday.objects.update_or_create(date=day, defaults={"name": "端午节", "is_workday": False})
    meeting = make_meeting("approved", starts_at=at(date(2026, 6, 23)))
    deadlines = {t.title: t.deadline for t in meeting.tasks.all()}
    # One working day back: Thursday 18 (not the holidays); three back: Tuesday 16.
    assert deadlines["排座次"] == date(2026, 6, 18)
    assert deadlines["准备会议材料"] == date(2026, 6, 17)
    assert deadlines["印发会议通知"] == date(2026, 6, 16)


def test_the_owner_is_reminded_the_day_before_and_on_the_day_once_each(make_meeting, people):
    meeting = make_meeting("approved", starts_at=at(date(2026, 6, 18)))  # a Thursday
    task = meeting.tasks.get(title="排座次")  # one working day before: Wednesday 17
    done = meeting.tasks.get(title="准备签到表")  # due the same day, but done already
    services.task_done(actor=people["staff"], task=done)
    with frozen(date(2026, 6, 16)):
        scan()
        scan()
    with frozen(date(2026, 6, 17)):
        scan()
    reminders = Reminder.objects.filter(source="meetings.checklist", object_key=str(task.pk))
    assert sorted(reminders.values_list("kind", flat=True)) == ["due_soon", "due_today"]
    assert all(r.recipient == people["staff"] for r in reminders)
    # A task done is not reminded.
    assert not Reminder.objects.filter(source="meetings.checklist", object_key=str(done.pk))


def test_the_checklist_is_made_once_from_the_template(make_meeting):
    meeting = make_meeting("approved")
    count = meeting.tasks.count()
    services.checklist_create(meeting=meeting, owner=meeting.requested_by)
    assert ChecklistTask.objects.filter(meeting=meeting).count() == count > 0


def test_only_a_study_item_links_materials(make_meeting, people, county_b, material):
    meeting = make_meeting()
    with pytest.raises(ValidationError):
        services.agenda_item_add(
            actor=people["staff"], meeting=meeting, kind=AgendaKind.REPORT, title="汇报",
            minutes=10, study_materials=[material],
        )  # fmt: skip
    foreign = make_material(county_b, people["staff"], "乙县的学习材料")
    with pytest.raises(ValidationError):
        services.agenda_item_add(
            actor=people["staff"], meeting=meeting, kind=AgendaKind.STUDY, title="学习",
            minutes=10, study_materials=[foreign],
        )  # fmt: skip
    assert meeting.agenda_items.count() == 0


def test_open_decisions_of_the_body_are_offered_as_a_review_item(make_meeting, people, county_a):
    earlier = make_meeting("held")
    services.decision_add(actor=people["staff"], meeting=earlier, text="完成防汛物资储备。")
    done = services.decision_add(
        actor=people["staff"],
        meeting=earlier,
        text="修订应急预案。",
        lead_unit=county_a["township"],
    )
    item = services.decision_to_supervision(actor=people["staff"], decision=done)
    type(item).objects.filter(pk=item.pk).update(status="closed")
    later = make_meeting(starts_at=at(TODAY + timedelta(days=21)), title="下一次专题会")
    page = Client()
    page.force_login(people["staff"])
    text = page.get(later.get_absolute_url()).content.decode()
    assert "完成防汛物资储备。" in text and "修订应急预案。" not in text
    page.post(f"/meetings/{later.pk}/review/")
    review = later.agenda_items.get()
    assert review.title.startswith("回头看") and "完成防汛物资储备。" in review.measures
    with pytest.raises(ValidationError):
        services.agenda_review_add(actor=people["staff"], meeting=later, decisions=[done])
