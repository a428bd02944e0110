"""The Thursday schedule and attendance in a real browser: office staff create a year's
Thursday collective studies in one step (holidays skipped), then, as the organiser, confirm
who attended one of them and who was on leave, with the reason. Nobody checks in."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from office.roles import Role
from training.models import StudySession

from .test_login_browser import assert_loaded_whole
from .test_supervision_journey import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_thursday_schedule_is_created_and_attendance_recorded(
    live_server, browser_page, screenshot, make_user, county_a, password
):
    page = browser_page
    staff = make_user(county_a["section"], Role.STAFF, name="李明")
    colleague = make_user(county_a["section"], Role.STAFF, name="王芳")
    year = timezone.localdate().year - 1  # a year whose Thursdays have all taken place

    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}/training/sessions/")
    page.get_by_role("link", name="周四学习安排").click()
    page.fill("#id_year", str(year))
    page.fill("#id_location", "三楼会议室")
    page.click("form.office-form button[type=submit]")
    alert = page.locator(".alert-success")
    expect(alert).to_contain_text("已安排周四集体学习")
    expect(alert).to_contain_text("逢节假日不安排")
    thursdays = StudySession.objects.filter(held_on__year=year, kind="thursday")
    count = thursdays.count()
    assert 48 <= count <= 53
    expect(page.locator(".card-body.small")).to_contain_text(str(count))
    assert_loaded_whole(page)
    screenshot(page, "training-schedule")

    session = thursdays.order_by("-held_on").first()
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_role("link", name="确认出勤").first.click()
    row = page.locator("tr", has_text="王芳")
    row.get_by_label("请假", exact=True).check()
    row.locator("input[type=text]").fill("下乡调研")
    page.click("form.office-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("出勤已确认")
    attendance = page.locator("#session-attendance")
    expect(attendance).to_contain_text("王芳（下乡调研）")
    expect(attendance).to_contain_text("李明")
    assert_loaded_whole(page)
    screenshot(page, "training-attendance")
    session.refresh_from_db()
    assert session.status == "held"
    assert session.attendance.get(person=colleague).leave_reason == "下乡调研"
