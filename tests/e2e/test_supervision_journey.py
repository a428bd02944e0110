"""An item's journey in a real browser: office staff register and assign it, the township's
liaison reports progress with a file and submits the completion report, and the director
closes it. Each step is seen the way its user sees it, status labels included."""

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from office.roles import Role
from office.twofactor import required_for
from supervision.choices import ItemStatus
from supervision.models import Item
from supervision.services import proposed_deadline
from tests.factories import enrol_two_factor, recovery_code

from .test_login_browser import assert_loaded_whole

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "推进城区排水管网改造"


def zh(message) -> str:
    """What the Chinese UI shows for a message or a choice label (the catalog's Chinese once
    it has the string)."""
    with translation.override("zh-hans"):
        return str(translation.gettext(str(message)) if isinstance(message, str) else message)


def sign_in(page, live_server, user, password) -> None:
    """Sign in through the pages; a role that must use two-factor sign-in (the director)
    types one of their recovery codes as the second step."""
    if required_for(user):
        enrol_two_factor(user)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    if required_for(user):
        page.fill("#id_token", recovery_code(user))
        page.click("#two-factor-form button[type=submit]")
    expect(page.locator("h2.page-title")).to_contain_text(user.name)


def sign_out(page, user) -> None:
    page.locator(".dropdown-toggle", has_text=user.name).click()
    page.locator(".dropdown-menu form[action$='/accounts/logout/'] button").click()
    expect(page.locator("#id_username")).to_be_visible()


def expect_status(page, status: ItemStatus) -> None:
    badge = page.locator(".item-heading .item-status")
    expect(badge).to_have_attribute("data-status", status.value)
    expect(badge).to_have_text(zh(status.label))


def test_an_item_goes_from_registration_to_closure(
    live_server, browser_page, screenshot, make_user, county_a, password, tmp_path
):
    page = browser_page
    staff = make_user(county_a["section"], Role.STAFF)
    liaison = make_user(county_a["township"], Role.UNIT_LIAISON)
    director = make_user(county_a["office"], Role.DIRECTOR)
    ledger_url = f"{live_server.url}/supervision/"

    # Office staff register a leader's instruction and assign it at once.
    sign_in(page, live_server, staff, password)
    page.goto(ledger_url)
    expect(page.locator(".empty-state")).to_be_visible()
    page.locator("a[href='/supervision/add/']").click()
    page.fill("#id_title", TITLE)
    page.select_option("#id_source_kind", "instruction")
    expect(page.locator("#instruction-fields")).to_be_visible()
    page.fill("#id_instruction_text", "请城关镇牵头，汛期前完成主干管网改造。")
    page.fill("#id_instructing_leader", "王书记")
    page.fill("#id_instruction_date", timezone.localdate().isoformat())
    page.select_option("#id_urgency", "urgent")
    # The proposed deadline arrives over htmx; one click copies it into the field.
    proposed = proposed_deadline(
        source_kind="instruction", urgency="urgent", start=timezone.localdate()
    ).isoformat()
    use_date = page.locator(f"[data-fill-deadline='{proposed}']")
    expect(use_date).to_be_visible()
    use_date.click()
    expect(page.locator("#id_deadline")).to_have_value(proposed)
    page.select_option("#id_lead_unit", str(county_a["township"].pk))
    page.fill("#id_responsible_person", "李明")
    page.check("#id_assign_now")
    assert_loaded_whole(page)
    screenshot(page, "register")
    page.click(".item-register-form button[type=submit]")

    item = Item.objects.get(title=TITLE)
    expect(page).to_have_url(f"{live_server.url}{item.get_absolute_url()}")
    assert item.number == f"督〔{timezone.localdate().year}〕1号"
    assert item.deadline.isoformat() == proposed
    expect(page.locator("h2.page-title")).to_have_text(item.number)
    expect_status(page, ItemStatus.ASSIGNED)
    # The timeline tells the assignment as a sentence naming the unit.
    expect(page.locator("#item-history")).to_contain_text(f"交办至{county_a['township'].name}")
    page.goto(ledger_url)
    row = page.locator(f"tr[data-item='{item.number}']")
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text(county_a["township"].name)
    expect(row.locator(".item-status")).to_have_text(zh(ItemStatus.ASSIGNED.label))
    assert_loaded_whole(page)
    screenshot(page, "ledger")
    sign_out(page, staff)

    # The township's liaison reports progress with a photo, then the completion report.
    sign_in(page, live_server, liaison, password)
    page.goto(ledger_url)
    page.locator(f"tr[data-item='{item.number}'] a").first.click()
    expect(page).to_have_url(f"{live_server.url}{item.get_absolute_url()}")
    expect(page.locator("#action-assign")).to_have_count(0)
    # 签收 first: it is what waits, its form already open; no report before it.
    expect(page.locator("#action-report")).to_have_count(0)
    expect(page.locator(".item-acknowledge")).to_contain_text(zh("Awaiting acknowledgement"))
    accept = page.locator("#action-accept form")
    expect(accept).to_be_visible()
    screenshot(page, "detail-to-acknowledge")
    accept.locator("button[type=submit]").click()
    expect_status(page, ItemStatus.IN_PROGRESS)
    expect(page.locator("#item-history")).to_contain_text(f"{county_a['township'].name}签收办理")
    # The actions are buttons; each opens its form, one at a time.
    expect(page.locator("#action-report form")).to_be_hidden()
    page.locator("button[data-action=report]").click()
    photo = tmp_path / "施工现场.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    report = page.locator("#action-report form")
    expect(report).to_be_visible()
    report.locator("input[name=percent]").fill("60")
    report.locator("textarea[name=text]").fill("已完成主干管网改造60%")
    report.locator("input[name=attachments]").set_input_files(str(photo))
    report.locator("button[type=submit]").click()
    expect(page.locator("[role=alert]").first).to_contain_text(zh("Progress report filed."))
    expect_status(page, ItemStatus.IN_PROGRESS)
    expect(page.locator(".item-fields .item-progress")).to_contain_text("60%")
    expect(page.locator("#item-history .attachment-link")).to_contain_text("施工现场.png")
    with page.expect_download() as download:
        page.locator("#item-history .attachment-link").click()
    assert download.value.suggested_filename == "施工现场.png"
    page.locator("button[data-action=report]").click()
    expect(page.locator("#action-report form")).to_be_visible()
    page.locator("button[data-action=complete]").click()
    completion = page.locator("#action-complete form")
    expect(completion).to_be_visible()
    expect(page.locator("#action-report form")).to_be_hidden()
    completion.locator("textarea[name=text]").fill("管网改造全部完成，已通过验收。")
    completion.locator("button[type=submit]").click()
    expect_status(page, ItemStatus.COMPLETION_REQUESTED)
    expect(page.locator("#action-report")).to_have_count(0)
    assert_loaded_whole(page)
    screenshot(page, "detail-completion-requested")
    sign_out(page, liaison)

    # The director reads the report and strikes the item off.
    sign_in(page, live_server, director, password)
    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    expect(page.locator("#item-history")).to_contain_text("管网改造全部完成，已通过验收。")
    page.locator("button[data-action=close]").click()
    close = page.locator("#action-close form")
    close.locator("input[name=comment]").fill("同意销号")
    # Striking off cannot be undone, so the page asks first; the director confirms.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    close.locator("button[type=submit]").click()
    expect_status(page, ItemStatus.CLOSED)
    assert questions == [zh("Close this item and strike it off? This cannot be undone.")]
    expect_status(page, ItemStatus.CLOSED)
    expect(page.locator("#action-close")).to_have_count(0)
    expect(page.locator("#item-history")).to_contain_text("同意销号")
    assert_loaded_whole(page)
    screenshot(page, "detail-closed")

    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED
    assert item.closed_on == timezone.localdate()
