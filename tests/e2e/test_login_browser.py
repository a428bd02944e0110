"""A member of staff signs in with a real browser, adds a to-do and signs out.

Runs against pytest-django's live server (static files served by the staticfiles handler) with
Debian's chromium, in a Chinese browser, as the office's users have it.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from office.models import Todo
from office.roles import Role

pytestmark = [
    pytest.mark.e2e,
    # Transactional, so the live server's thread sees the user; serialized rollback, so the
    # roles and holidays seeded by migrations are back for this test whatever ran before it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BANNER = "非涉密系统，严禁处理涉密信息"
BANNER_RED = "rgb(185, 28, 28)"  # #b91c1c in static/css/office.css
CJK = re.compile(r"[\u4e00-\u9fff]")


def zh(message: str) -> str:
    """What the zh_Hans catalog says for ``message``; fails when it says nothing Chinese."""
    with translation.override("zh-hans"):
        text = str(gettext(message))
    assert text != message and CJK.search(text), (
        f"locale/zh_Hans/LC_MESSAGES/django.mo has no Chinese translation for {message!r}"
    )
    return text


def assert_loaded_whole(page) -> None:
    """The stylesheets applied (not only requested), and nothing the page asked for failed."""
    expect(page.locator(".banner-secret")).to_have_css("background-color", BANNER_RED)
    unloaded = page.evaluate(
        """() => [...document.querySelectorAll('link[rel=stylesheet]')]
                 .filter(link => !link.sheet || link.sheet.cssRules.length === 0)
                 .map(link => link.href)"""
    )
    assert unloaded == [], f"stylesheets that did not load: {unloaded}"
    assert page.failed_responses == [], f"failed requests: {page.failed_responses}"
    assert page.js_errors == [], f"JavaScript errors: {page.js_errors}"


def test_staff_signs_in_in_chinese_adds_a_todo_and_signs_out(
    live_server, browser_page, screenshot, staff_a, password
):
    page = browser_page
    login_url = f"{live_server.url}/accounts/login/"
    home_url = f"{live_server.url}/"

    # The sign-in page: Chinese, with the red non-classified banner, styled by our CSS.
    page.goto(login_url)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".banner-secret")).to_contain_text(BANNER)
    expect(page.locator(".card [role=note]")).to_contain_text(BANNER)
    expect(page.locator(".card h2")).to_have_text(zh("Sign in to your account"))
    assert_loaded_whole(page)
    screenshot(page, "login")

    # A wrong password: a Chinese error, the username kept, no way in.
    page.fill("#id_username", staff_a.username)
    page.fill("#id_password", "not-the-" + password)
    page.click("form button[type=submit]")
    expect(page.locator(".card [role=alert]")).to_contain_text(
        zh("Wrong username or password. Note that both are case-sensitive.")
    )
    expect(page).to_have_url(login_url)
    expect(page.locator("#id_username")).to_have_value(staff_a.username)
    screenshot(page, "login-wrong-password")

    # The right password lands on the home page, which greets the user by name.
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    expect(page).to_have_url(home_url)
    expect(page.locator("h2.page-title")).to_contain_text(staff_a.name)
    expect(page.locator(".office-page-header")).to_contain_text(staff_a.org_unit.name)
    with translation.override("zh-hans"):
        expect(page.locator(".office-page-header")).to_contain_text(str(Role.STAFF.label))
    expect(page.locator("#todo-card .card-title")).to_have_text(zh("My to-do list"))
    expect(page.locator("#notification-card .card-title")).to_have_text(zh("Unread notifications"))
    expect(page.locator("#todo-card")).to_contain_text(zh("Nothing waiting for you."))
    assert_loaded_whole(page)

    # Add a to-do with a due date: it is listed with its date, and stored as the user's.
    title = "报送第三季度督查台账"
    due = timezone.localdate() + timedelta(days=3)
    add_form = page.locator("#todo-card form[action$='/todos/add/']")
    add_form.locator("input[name=title]").fill(title)
    add_form.locator("input[name=due_date]").fill(due.isoformat())
    add_form.locator("button").click()
    expect(page).to_have_url(home_url)
    expect(page.locator("[role=alert]")).to_contain_text(zh("To-do added."))
    listed = page.locator("#todo-card .list-group-item", has_text=title)
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(due.strftime("%m-%d"))
    expect(page.locator("#todo-card")).not_to_contain_text(zh("Nothing waiting for you."))
    assert Todo.objects.filter(owner=staff_a, title=title, due_date=due).count() == 1
    assert_loaded_whole(page)
    screenshot(page, "home")

    # Sign out from the user menu (a Bootstrap dropdown, so the JavaScript works too).
    page.locator(".dropdown-toggle", has_text=staff_a.name).click()
    logout = page.locator(".dropdown-menu form[action$='/accounts/logout/'] button")
    expect(logout).to_be_visible()
    expect(logout).to_contain_text(zh("Log out"))
    logout.click()
    expect(page).to_have_url(login_url)
    expect(page.locator(".banner-secret")).to_contain_text(BANNER)

    # Signed out means signed out: the home page sends the browser back to sign in.
    page.goto(home_url)
    expect(page).to_have_url(re.compile(re.escape(login_url) + r"\?next=/$"))
    expect(page.locator("body")).not_to_contain_text(title)
