"""A township liaison's journey in a real browser: the item waits on the home page to be
acknowledged (签收); the liaison takes it on, reports progress and then its completion; the
director sends it back (退回); on the liaison's home it is now first of 我的待办, above an
item still waiting for 签收, marked 退回; the liaison reports on it again and it leaves the top."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from office.roles import Role
from supervision import services
from supervision.choices import ItemStatus, SourceKind, Urgency
from supervision.models import Item

from .test_login_browser import assert_loaded_whole
from .test_supervision_journey import expect_status, sign_in, sign_out, zh

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "老旧小区雨污管网改造"
OTHER = "农贸市场环境整治"


def assigned_item(staff, unit, title: str, days: int) -> Item:
    """An item registered and assigned today, due in ``days`` days."""
    data = services.ItemData(
        title=title,
        source_kind=SourceKind.HIGHER_LEVEL,
        source_reference="市委督查室〔2026〕8号",
        instruction_text="请城关镇按期完成并报送进展。",
        urgency=Urgency.NORMAL,
        lead_unit=unit,
        deadline=timezone.localdate() + timedelta(days=days),
    )
    item = services.item_register(actor=staff, data=data)
    return services.item_assign(actor=staff, item=item)


def report_progress(page, percent: int, text: str) -> None:
    """The liaison opens 报送进展, fills it in and sends it; the page shows the new progress."""
    page.locator("button[data-action=report]").click()
    report = page.locator("#action-report form")
    report.locator("input[name=percent]").fill(str(percent))
    report.locator("textarea[name=text]").fill(text)
    report.locator("button[type=submit]").click()
    expect(page.locator(".item-fields .item-progress")).to_contain_text(f"{percent}%")


def todo_entries(page):
    return page.locator("#todo-card a.list-group-item")


def test_a_sent_back_item_comes_first_in_the_liaisons_to_dos_until_reported_on(
    live_server, browser_page, screenshot, make_user, county_a, password
):
    page = browser_page
    township = county_a["township"]
    staff = make_user(county_a["section"], Role.STAFF)
    liaison = make_user(township, Role.UNIT_LIAISON, name="城关镇联络员")
    director = make_user(county_a["office"], Role.DIRECTOR, name="办公室主任")
    item = assigned_item(staff, township, TITLE, days=40)
    # Due sooner, still waiting for its 签收: without a send-back it would come first.
    assigned_item(staff, township, OTHER, days=20)

    # 签收: the item waits on the home page; its page opens the acknowledgement at once.
    sign_in(page, live_server, liaison, password)
    expect(todo_entries(page).filter(has_text=TITLE)).to_contain_text(zh("To acknowledge"))
    todo_entries(page).filter(has_text=TITLE).click()
    expect(page).to_have_url(f"{live_server.url}{item.get_absolute_url()}")
    page.locator("#action-accept form button[type=submit]").click()
    expect_status(page, ItemStatus.IN_PROGRESS)

    # A progress report, then the completion report.
    report_progress(page, 70, "主管网已铺设七成。")
    page.locator("button[data-action=complete]").click()
    completion = page.locator("#action-complete form")
    completion.locator("textarea[name=text]").fill("管网改造全部完成。")
    completion.locator("button[type=submit]").click()
    expect_status(page, ItemStatus.COMPLETION_REQUESTED)
    sign_out(page, liaison)

    # The director sends it back with the reason.
    sign_in(page, live_server, director, password)
    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("button[data-action=send_back]").click()
    send_back = page.locator("#action-send_back form")
    send_back.locator("[name=reason]").fill("缺少竣工验收材料，请补充后再报。")
    send_back.locator("button[type=submit]").click()
    expect_status(page, ItemStatus.IN_PROGRESS)
    # Back to what the last progress report said, not 100%.
    expect(page.locator(".item-fields .item-progress")).to_contain_text("70%")
    sign_out(page, director)

    # The liaison's home: the sent-back item first, marked 退回, above the one to acknowledge.
    sign_in(page, live_server, liaison, password)
    first = todo_entries(page).first
    expect(first).to_contain_text(TITLE)
    expect(first.locator(".todo-kind")).to_have_text(zh("Sent back"))
    expect(todo_entries(page).nth(1)).to_contain_text(OTHER)
    assert_loaded_whole(page)
    screenshot(page, "liaison-home-sent-back")

    # The liaison reads why and reports again; the item no longer heads the list.
    first.click()
    expect(page.locator("#item-history")).to_contain_text("缺少竣工验收材料")
    report_progress(page, 90, "已补充竣工验收材料。")
    page.goto(f"{live_server.url}/")
    expect(todo_entries(page).first).to_contain_text(OTHER)
    expect(todo_entries(page).filter(has_text=TITLE)).to_have_count(0)
    assert_loaded_whole(page)
    screenshot(page, "liaison-home-after-report")
