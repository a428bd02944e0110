"""Browser fixtures: Playwright driving Debian's chromium (never a downloaded browser).

CI installs the ``chromium`` package; a machine without it skips these tests.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread, and Django refuses ORM
# calls from a thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's chromium package is required at /usr/bin/chromium "
            "(CI installs it; locally: apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """A transactional test elsewhere (the Celery worker's) flushes the tables, and with them
    the groups and permissions the migrations seeded: put them back."""
    from office.roles import sync_roles

    sync_roles()


@pytest.fixture
def browser_page(chromium_browser):
    """A fresh page the way the office's users have it: a Chinese browser in Beijing time.

    It records every failed response (a 4xx/5xx, e.g. a missing static file) and every
    JavaScript error, so a test can assert the page loaded whole."""
    context = chromium_browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.failed_responses = []
    page.js_errors = []
    page.on(
        "response",
        lambda r: page.failed_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """``screenshot(page, "login")`` writes $SCREENSHOT_DIR/login.png, or nothing when unset."""
    directory = os.environ.get("SCREENSHOT_DIR")

    def take(page, name: str) -> None:
        if not directory:
            return
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)

    return take
