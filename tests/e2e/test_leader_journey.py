"""A county leader's day in a real browser: the home page shows what they instructed and
what is overdue, a red count leads to the red list with that item, the search box finds it
by a word of the instruction, and the leader's comment on it reaches the item's timeline."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from office.roles import Role
from supervision import services
from supervision.choices import SourceKind, Urgency

from .test_login_browser import assert_loaded_whole
from .test_supervision_journey import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "城东片区雨污分流管网改造"


def overdue_item(staff, leader, unit):
    """An instruction of the leader's, assigned three weeks ago, its deadline a week past."""
    today = timezone.localdate()
    registered = today - timedelta(days=21)
    data = services.ItemData(
        title=TITLE,
        source_kind=SourceKind.INSTRUCTION,
        instruction_text="请城关镇加快推进雨污分流管网改造，确保汛期前完工。",
        instructing_leader=leader.name,
        instructing_leader_user=leader,
        instruction_date=registered,
        urgency=Urgency.NORMAL,
        lead_unit=unit,
        deadline=today - timedelta(days=7),
    )
    moment = datetime(
        registered.year, registered.month, registered.day, 9, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    with time_machine.travel(moment, tick=False):
        item = services.item_register(actor=staff, data=data)
        services.item_assign(actor=staff, item=item)
    return item


def test_a_leader_sees_finds_and_comments_on_an_overdue_instruction(
    live_server, browser_page, screenshot, make_user, county_a, password
):
    page = browser_page
    staff = make_user(county_a["section"], Role.STAFF)
    leader = make_user(county_a["committee"], Role.LEADER, name="王书记")
    item = overdue_item(staff, leader, county_a["township"])
    assert item.deadline < date.today()

    sign_in(page, live_server, leader, password)
    # Home: the instruction among 我的批示, and the red count in 督查督办一览.
    mine = page.locator("[data-widget='supervision.my_instructions']")
    expect(mine).to_contain_text(TITLE)
    red = page.locator("[data-widget='supervision.glance'] .glance-colour[data-colour='red']")
    expect(red).to_contain_text("1")
    assert_loaded_whole(page)
    screenshot(page, "leader-home")

    # The red count leads to the list behind it, with that one item.
    red.click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).to_contain_text(TITLE)

    # The search page finds it by a word from the middle of the instruction.
    page.goto(f"{live_server.url}/search/?q=雨污分流")
    hit = page.locator(".search-group[data-source='supervision.items'] a.list-group-item")
    expect(hit).to_have_count(1)
    expect(hit.locator("mark").first).to_have_text("雨污分流")
    hit.click()
    expect(page).to_have_url(f"{live_server.url}{item.get_absolute_url()}")

    # The leader's comment goes on the item's timeline.
    # A leader's only action here, so its form is open already.
    form = page.locator("#action-comment form")
    expect(form).to_be_visible()
    form.locator("textarea[name=text]").fill("务必在月底前完成，每周报告进度。")
    form.locator("button[type=submit]").click()
    expect(page.locator("#item-history")).to_contain_text("务必在月底前完成")
    assert_loaded_whole(page)
    screenshot(page, "leader-comment")
