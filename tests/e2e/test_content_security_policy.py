"""The Content-Security-Policy in a real browser: the pages the director opens every day run
under it with nothing refused and no JavaScript error, and the behaviour that was inline script
(the register form's fields, the dashboard's charts) still works from the static files."""

import pytest
from playwright.sync_api import expect

from office.roles import Role
from supervision.choices import ItemStatus
from tests.supervision.factories import ItemFactory

from .test_login_browser import assert_loaded_whole
from .test_supervision_journey import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Runs before any page script (outside the policy): collects what the policy refused.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def visit(page, url: str) -> None:
    response = page.goto(url)
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, f"no Content-Security-Policy on {url}"
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    page.wait_for_load_state("networkidle")


def assert_nothing_refused(page, console: list) -> None:
    refused = page.evaluate("window.__cspViolations")
    assert refused == [], f"refused by the policy on {page.url}: {refused}"
    assert [m for m in console if "Content Security Policy" in m] == []
    assert_loaded_whole(page)


def test_the_directors_pages_run_under_the_policy(
    live_server, browser_page, make_user, county_a, password
):
    page = browser_page
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)
    director = make_user(county_a["office"], Role.DIRECTOR)
    item = ItemFactory(lead_unit=county_a["township"], title="推进老旧小区改造")
    ItemFactory(lead_unit=county_a["department"], status=ItemStatus.IN_PROGRESS)
    sign_in(page, live_server, director, password)

    for path in ("/", "/supervision/", item.get_absolute_url()):
        visit(page, f"{live_server.url}{path}")
        assert_nothing_refused(page, console)

    visit(page, f"{live_server.url}/supervision/dashboard/")
    # The charts are drawn by js/charts.js from the json_script data blocks.
    expect(page.locator("#chart-status canvas, #chart-status svg").first).to_be_visible()
    assert_nothing_refused(page, console)


def test_the_register_forms_script_runs_from_its_file(
    live_server, browser_page, make_user, county_a, password
):
    page = browser_page
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)
    staff = make_user(county_a["section"], Role.STAFF)
    sign_in(page, live_server, staff, password)

    visit(page, f"{live_server.url}/supervision/add/")
    page.select_option("#id_source_kind", "instruction")
    expect(page.locator("#instruction-fields")).to_be_visible()
    page.select_option("#id_source_kind", "higher_level")
    expect(page.locator("#instruction-fields")).to_be_hidden()

    assert_nothing_refused(page, console)
