"""The supervision dashboard's charts in a real browser: data reach them as text, never as
markup (issue 12, hole 2: a unit's name ran script in the unit chart's tooltip for everyone
who hovered it), and they fit a desktop, a tablet and an A4 page."""

import contextlib
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from office.models import OrgUnit, OrgUnitKind
from office.roles import Role
from supervision.choices import ItemStatus
from tests.supervision.factories import ItemFactory

from .test_login_browser import assert_loaded_whole
from .test_supervision_journey import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EVIL = 'X<img src=x onerror="window.__xss=1">'


def closed(unit, *, late: bool, **fields):
    """An item the unit closed today, on time or a day late."""
    today = timezone.localdate()
    deadline = today - timedelta(days=1) if late else today
    return ItemFactory(
        lead_unit=unit,
        status=ItemStatus.CLOSED,
        registered_on=today - timedelta(days=20),
        deadline=deadline,
        closed_on=today,
        **fields,
    )


@pytest.fixture
def evil_unit(county_a):
    """A unit whose name is an HTML payload, closing and owing items like any other."""
    unit = OrgUnit.objects.create(
        name=EVIL, kind=OrgUnitKind.TOWNSHIP, parent=county_a["committee"]
    )
    today = timezone.localdate()
    closed(unit, late=False)
    closed(unit, late=True)
    ItemFactory(
        lead_unit=unit,
        status=ItemStatus.IN_PROGRESS,
        registered_on=today - timedelta(days=10),
        deadline=today - timedelta(days=3),
    )
    ItemFactory(lead_unit=unit, status=ItemStatus.ASSIGNED)
    closed(county_a["township"], late=False)
    closed(county_a["department"], late=True)
    return unit


def hover_unit_bar(page, name: str) -> None:
    """Move the mouse onto the unit's bar (half way along it) in the unit chart."""
    page.locator("#chart-units").scroll_into_view_if_needed()
    point = page.evaluate(
        """(name) => {
            const el = document.getElementById("chart-units");
            const chart = echarts.getInstanceByDom(el);
            const names = chart.getOption().yAxis[0].data.map((d) => d.value ?? d);
            const index = names.indexOf(name);
            const value = chart.getOption().series[0].data[index];
            const [x, y] = chart.convertToPixel({gridIndex: 0}, [(value.value ?? value) / 2, index]);
            const box = el.getBoundingClientRect();
            return {x: box.left + x, y: box.top + y, index};
        }""",
        name,
    )
    assert point["index"] >= 0, f"{name!r} is not in the unit chart"
    page.mouse.move(point["x"], point["y"])


def unit_tooltip(page):
    # ECharts puts its HTML tooltip in the chart's element, after the drawing surface.
    return page.locator("#chart-units > div:not(:first-child)")


def test_a_units_name_is_shown_as_text_in_the_charts_and_runs_no_script(
    live_server, browser_page, screenshot, make_user, county_a, password, evil_unit
):
    page = browser_page
    director = make_user(county_a["office"], Role.DIRECTOR)
    sign_in(page, live_server, director, password)

    page.goto(f"{live_server.url}/supervision/dashboard/")
    expect(page.locator("#chart-units")).to_be_visible()
    # The red list names the unit too (Django escapes it there).
    expect(page.locator("#red-list")).to_contain_text(EVIL)

    hover_unit_bar(page, EVIL)
    tooltip = unit_tooltip(page)
    expect(tooltip).to_be_visible()
    # Whatever the tooltip's markup, any image it made has had the time to fail and fire.
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__xss") == "undefined", "the unit's name ran script"
    expect(tooltip).to_contain_text(EVIL)
    expect(tooltip).to_contain_text("1 / 2")
    expect(tooltip.locator("img")).to_have_count(0)
    # The unit's name on the axis is drawn as text as well.
    expect(page.locator("#chart-units svg text", has_text=EVIL)).to_have_count(1)

    # Every other tooltip, over each chart's middle.
    for chart_id in ("chart-status", "chart-colours", "chart-trend"):
        page.locator(f"#{chart_id}").hover()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert_loaded_whole(page)
    screenshot(page, "dashboard")


OVERFLOW = """() => Object.fromEntries([...document.querySelectorAll("[data-chart]")].map((el) => {
    const card = el.closest(".card-body").getBoundingClientRect();
    const drawing = el.querySelector("svg").getBoundingClientRect();
    return [el.id, Math.max(0, Math.round(drawing.right - card.right))];
}))"""


def assert_charts_fit(page) -> None:
    """No chart's drawing runs past its card (once the charts have followed a resize)."""
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(f"() => Object.values(({OVERFLOW})()).every((px) => px === 0)")
    overflow = page.evaluate(OVERFLOW)
    assert len(overflow) == 4 and set(overflow.values()) == {0}, f"pixels past the card: {overflow}"


def test_the_charts_fit_a_tablet_and_an_a4_page(
    live_server, browser_page, screenshot, make_user, county_a, password, evil_unit
):
    page = browser_page
    director = make_user(county_a["office"], Role.DIRECTOR)
    sign_in(page, live_server, director, password)

    # A tablet held upright: the charts stack, each as wide as the page.
    page.set_viewport_size({"width": 820, "height": 1180})
    page.goto(f"{live_server.url}/supervision/dashboard/")
    expect(page.locator("#chart-trend svg")).to_be_visible()
    assert_charts_fit(page)
    screenshot(page, "dashboard-tablet")

    # Printed on A4 (190 mm, 718 px, inside 1 cm margins), from the tablet.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})
    expect(page.locator("#chart-units svg text", has_text=EVIL)).to_have_count(1)
    assert_charts_fit(page)
    assert_loaded_whole(page)
