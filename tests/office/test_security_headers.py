"""The Content-Security-Policy on every page, no inline script anywhere for it to refuse, and
no caching of what a signed-in user sees or downloads."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def directives(response) -> dict:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_carries_a_policy_that_runs_only_the_apps_own_scripts(client, staff_a):
    anonymous = client.get(reverse("login"))
    client.force_login(staff_a)
    signed_in = client.get(reverse("home"))

    for response in (anonymous, signed_in):
        policy = directives(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER):
            offenders += [f"{template.relative_to(TEMPLATES)}: {m}" for m in pattern.findall(text)]

    assert offenders == []


def test_signed_in_pages_and_downloads_are_not_stored(client, staff_a, sec_admin_a):
    client.force_login(sec_admin_a)

    page = client.get(reverse("user_list"))
    export = client.get(reverse("user_list"), {"export": "xlsx"})

    for response in (page, export):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_the_idle_clock_starts_at_sign_in_and_signs_out_after_the_timeout(
    client, staff_a, settings
):
    import time

    from django.urls import reverse

    client.force_login(staff_a)
    started = client.session["last_activity"]
    assert abs(started - time.time()) < 5
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["last_activity"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 1
    session.save()
    answer = client.get(reverse("home"))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
