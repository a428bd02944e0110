"""Key reform tasks in a real browser: office staff import the year's tasks from Excel
(preview, then confirm), the township's liaison reports a milestone with its evidence, the
office accepts it, and the progress moves on the task's page and on the leader's home."""

import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from office.roles import Role
from reforms.importer import TaskImporter
from reforms.models import KeyTask

from .test_login_browser import assert_loaded_whole
from .test_supervision_journey import sign_in, sign_out

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "深化城关镇“放管服”改革"


def tasks_file(path, year: int, township: str) -> str:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in TaskImporter.columns])
    sheet.append([TITLE, "经济体制改革", "", township, "", "企业开办1日办结。",
                  f"{year}-01-31 | 出台实施方案 | 20\n{year}-12-31 | 全面推开 | 80"])  # fmt: skip
    output = io.BytesIO()
    workbook.save(output)
    path.write_bytes(output.getvalue())
    return str(path)


def test_import_report_accept_and_the_progress_moves(
    live_server, browser_page, screenshot, make_user, county_a, password, tmp_path
):
    page = browser_page
    year = timezone.localdate().year
    township = county_a["township"]
    staff = make_user(county_a["section"], Role.STAFF)
    liaison = make_user(township, Role.UNIT_LIAISON)
    leader = make_user(county_a["committee"], Role.LEADER)

    # Office staff import the year's tasks: the preview first, then the confirmation.
    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}/reforms/import/")
    page.locator("input[name=file]").set_input_files(
        tasks_file(tmp_path / "任务.xlsx", year, township.name)
    )
    page.locator("form.office-form button[type=submit]").click()
    expect(page.locator("body")).to_contain_text(TITLE)
    assert not KeyTask.objects.exists()
    screenshot(page, "reforms-import-preview")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form[action$='/confirm/'] button[type=submit]").click()
    expect(page.locator("[role=alert]").first).to_contain_text("已录入1项重点改革任务")
    task = KeyTask.objects.get(title=TITLE)
    sign_out(page, staff)

    # The township's liaison reports the first milestone with its evidence.
    sign_in(page, live_server, liaison, password)
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    expect(page.locator(".task-progress-figure")).to_have_text("0%")
    page.locator("#milestones a.btn", has_text="报送").first.click()
    evidence = tmp_path / "实施方案.pdf"
    evidence.write_bytes(b"%PDF-1.4 plan")
    form = page.locator("#action-report form")
    form.locator("textarea[name=text]").fill("实施方案已印发。")
    form.locator("input[name=attachments]").set_input_files(str(evidence))
    form.locator("button[type=submit]").click()
    expect(page.locator("[role=alert]").first).to_contain_text("等待县委办验收")
    sign_out(page, liaison)

    # The office accepts it: the task's progress is 20%.
    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    page.locator("#milestones a.btn", has_text="审核").first.click()
    page.locator("#action-accept form button[type=submit]").click()
    expect(page.locator("[role=alert]").first).to_contain_text("任务进度现为20%")
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    expect(page.locator(".task-progress-figure")).to_have_text("20%")
    expect(page.locator("#record-timeline")).to_contain_text("实施方案.pdf")
    assert_loaded_whole(page)
    screenshot(page, "reforms-task")
    sign_out(page, staff)

    # The leader's home and the reform overview count it as on track.
    sign_in(page, live_server, leader, password)
    expect(page.locator(".reform-glance [data-state='on_track'] .h2")).to_have_text("1")
    page.goto(f"{live_server.url}/reforms/dashboard/")
    expect(page.locator("[data-figure='on_track']")).to_have_text("1")
    assert_loaded_whole(page)
    assert page.js_errors == []
    screenshot(page, "reforms-dashboard")
