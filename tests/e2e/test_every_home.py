"""Each role's home page and the annual summary in a real browser, at desktop and tablet
width: the cards of the role are there with their records, nothing failed to load, and
nothing runs off the side of a tablet's screen (issue 13)."""

from datetime import date, timedelta

import pytest
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

WIDTHS = {"desktop": 1366, "tablet": 820}


def assigned_item(staff, leader, unit, title):
    """The leader's instruction, registered by staff and assigned to ``unit``, due Friday."""
    today = timezone.localdate()
    friday = today + timedelta(days=(4 - today.weekday()) % 7)
    data = services.ItemData(
        title=title,
        source_kind=SourceKind.INSTRUCTION,
        instruction_text="请抓紧推进并按期报送进展。",
        instructing_leader=leader.name,
        instructing_leader_user=leader,
        instruction_date=today,
        urgency=Urgency.NORMAL,
        lead_unit=unit,
        deadline=max(friday, today),
    )
    item = services.item_register(actor=staff, data=data)
    services.item_assign(actor=staff, item=item)
    return item


def fits_the_screen(page, width) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= width, f"the page is {overflow}px wide on a {width}px screen"


@pytest.fixture
def office_people(make_user, county_a):
    return {
        "director": make_user(county_a["office"], Role.DIRECTOR, name="陈主任"),
        "leader": make_user(county_a["committee"], Role.LEADER, name="周书记"),
        "staff": make_user(county_a["section"], Role.STAFF, name="李科员"),
        "liaison": make_user(county_a["township"], Role.UNIT_LIAISON, name="杨联络员"),
    }


# role -> (the card or list the role must see, the text it must hold)
EXPECTED = {
    "director": ('[data-widget="office.workload"]', "城区背街小巷整治"),
    "leader": ('[data-widget="supervision.my_instructions"]', "城区背街小巷整治"),
    "staff": ("#todo-card", "我的待办"),
    "liaison": ("#todo-card", "城区背街小巷整治"),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_a_roles_home_shows_its_cards_and_fits_a_tablet(
    live_server, browser_page, screenshot, office_people, county_a, password, role
):
    people = office_people
    assigned_item(people["staff"], people["leader"], county_a["township"], "城区背街小巷整治")
    page = browser_page

    sign_in(page, live_server, people[role], password)

    selector, text = EXPECTED[role]
    expect(page.locator(selector)).to_contain_text(text)
    assert_loaded_whole(page)
    for name, width in WIDTHS.items():
        fits_the_screen(page, width)
        screenshot(page, f"home-{role}-{name}")


def test_the_annual_summary_reads_in_the_reports_chapters_on_desktop_and_tablet(
    live_server, browser_page, screenshot, office_people, county_a, password
):
    people = office_people
    assigned_item(people["staff"], people["leader"], county_a["township"], "城区背街小巷整治")
    page = browser_page
    year = date.today().year

    sign_in(page, live_server, people["director"], password)
    page.goto(f"{live_server.url}/reports/annual/{year}/")

    expect(page.locator("h2.page-title")).to_contain_text(str(year))
    expect(page.locator("body")).to_contain_text("督查落实")
    assert_loaded_whole(page)
    for name, width in WIDTHS.items():
        fits_the_screen(page, width)
        screenshot(page, f"annual-summary-{name}")
