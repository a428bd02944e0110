"""A meeting's journey in a real browser: office staff request a standing committee meeting
on a no-meeting day, see the breach with its rule and give a reason; the director approves;
the agenda opens with 第一议题, the checklist is worked, the notice goes out and a leader asks
for leave; the meeting is held, minuted, and a decision becomes a supervision item."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from office.roles import Role

from .test_login_browser import assert_loaded_whole
from .test_supervision_journey import sign_in, sign_out

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def next_weekday(weekday: int):
    day = timezone.localdate() + timedelta(days=7)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def test_a_meeting_from_request_to_a_supervision_item(
    live_server, browser_page, screenshot, make_user, county_a, password
):
    page = browser_page
    staff = make_user(county_a["section"], Role.STAFF, name="李明")
    director = make_user(county_a["office"], Role.DIRECTOR, name="陈主任")
    leader = make_user(county_a["committee"], Role.LEADER, name="周书记")
    material = apps.get_model("training", "StudyMaterial").objects.create(
        owning_office=county_a["office"],
        title="习近平总书记在中央经济工作会议上的重要讲话",
        issued_on=timezone.localdate() - timedelta(days=20),
    )
    friday = next_weekday(4)

    # Staff request a standing committee meeting on a Friday.
    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}/meetings/add/")
    assert_loaded_whole(page)
    page.select_option("#id_meeting_type", "standing_committee")
    page.fill("#id_title", "县委常委会会议")
    page.select_option("#id_organiser_unit", str(county_a["office"].pk))
    page.select_option("#id_chair", str(leader.pk))
    page.fill("#id_day", friday.isoformat())
    page.fill("#id_start", "09:00")
    page.fill("#id_end", "11:00")
    page.fill("#id_place", "县委常委会议室")
    page.fill("#id_expected_attendance", "25")
    page.fill("#id_reason", "研究部署重点工作。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h2.page-title")).to_have_text("县委常委会会议")
    meeting = Meeting.objects.get()

    # Submitting without a reason shows the breach with its rule; with one, it goes.
    submit = page.locator("#action-submit")
    submit.locator("button[type=submit]").click()
    expect(page.locator(".alert-danger, .alert")).to_contain_text("无会日")
    page.locator("#action-submit textarea[name=exception_reason]").fill("中央精神须及时传达。")
    page.locator("#action-submit button[type=submit]").click()
    expect(page.locator(".meeting-breach[data-rule=no_meeting_day]")).to_contain_text("周五")
    expect(page.locator(".meeting-status")).to_have_text("待审批")
    screenshot(page, "meeting-submitted")
    sign_out(page, staff)

    # The director approves the exception.
    sign_in(page, live_server, director, password)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.locator("#action-decide textarea[name=comment]").fill("同意。")
    page.locator("#action-decide button[value='1']").click()
    expect(page.locator(".meeting-status")).to_have_text("已批准")
    sign_out(page, director)

    # Staff prepare: 第一议题 first, the checklist, the notice; then mark ready.
    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    agenda = page.locator("#action-agenda")
    agenda.locator("summary").click()
    agenda.locator("select[name=kind]").select_option("study")
    agenda.locator("input[name=title]").fill("传达学习重要讲话精神")
    agenda.locator("input[name=minutes]").fill("20")
    agenda.locator("select[name=study_materials]").select_option(str(material.pk))
    agenda.locator("button[type=submit]").click()
    expect(page.locator(".agenda-item[data-kind=study]")).to_contain_text(material.title)
    while page.locator(".checklist-task.open button[value='1']").count():
        page.locator(".checklist-task.open button[value='1']").first.click()
    notice = page.locator("#action-notice")
    notice.locator("summary").click()
    notice.locator("button[type=submit]").click()
    page.locator("#action-ready button[type=submit]").click()
    expect(page.locator(".meeting-status")).to_have_text("筹备就绪")
    sign_out(page, staff)

    # The leader asks for leave, with a substitute.
    sign_in(page, live_server, leader, password)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    answer = page.locator("#action-answer")
    answer.locator("textarea[name=leave_reason]").fill("参加市委会议。")
    answer.locator("input[name=substitute]").fill("王副书记")
    answer.locator("button[value='0']").click()
    expect(page.locator(".attendance-row[data-answer=leave]")).to_contain_text("王副书记")
    sign_out(page, leader)

    # Held, minuted, a decision handed to supervision.
    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.locator("#action-hold button[type=submit]").click()
    page.locator("#action-minutes textarea[name=text]").fill(
        "会议传达学习了重要讲话精神，议定如下事项。"
    )
    page.locator("#action-minutes button[type=submit]").click()
    decision = page.locator("#action-decision")
    decision.locator("summary").click()
    decision.locator("textarea[name=text]").fill("城关镇牵头，月底前完成老旧小区改造方案。")
    decision.locator("select[name=lead_unit]").select_option(str(county_a["township"].pk))
    decision.locator("button[type=submit]").click()
    page.locator(".meeting-decision button").click()
    expect(page.locator(".decision-item")).to_contain_text("督〔")
    screenshot(page, "meeting-decision-supervised")
    page.locator(".decision-item").click()
    expect(page.locator("body")).to_contain_text("县委常委会会议")
    assert page.failed_responses == [] and page.js_errors == []
