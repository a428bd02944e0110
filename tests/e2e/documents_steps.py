"""Steps of the documents journeys: signing in and out, and posting one action's form."""

from playwright.sync_api import expect

from .test_supervision_journey import sign_in, sign_out

__all__ = ["act", "sign_in", "sign_out"]


def act(page, name: str) -> None:
    """Submit the action panel ``name`` and wait for the page it leads back to."""
    panel = page.locator(f"#action-{name}")
    if panel.evaluate("el => el.tagName") == "DETAILS":
        panel.locator("summary").click()
    panel.locator("button[type=submit]").first.click()
    expect(page.locator(".alert-success").first).to_be_visible()
