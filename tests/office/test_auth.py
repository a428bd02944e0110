"""Signing in and out: the Chinese login page with its banner, lock-out after repeated wrong
passwords, the home page after login, password change, idle timeout, hashing and language."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.factories import PASSWORD, NotificationFactory, TodoFactory

pytestmark = pytest.mark.django_db

BANNER = "非涉密系统，严禁处理涉密信息"
CJK = re.compile(r"[\u4e00-\u9fff]")


def zh(message: str, plural: str | None = None, number: int = 1) -> str:
    """The Chinese the catalog gives for an English message; fails when there is none."""
    with translation.override("zh-hans"):
        text = (
            translation.ngettext(message, plural, number)
            if plural
            else translation.gettext(message)
        )
    assert CJK.search(text), f"no Chinese translation in the catalog for {message!r}"
    return text


def shows(response, text: str) -> bool:
    return escape(text) in response.content.decode()


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def is_signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


# --- The login page ---------------------------------------------------------------------------


def test_login_page_is_in_chinese_with_the_non_classified_banner(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html
    assert '<html lang="zh-hans">' in html
    assert shows(response, zh("Sign in to your account"))
    assert shows(response, zh("After 5 wrong passwords the account is locked for 30 minutes."))


def test_wrong_password_shows_chinese_error_and_keeps_the_username(client, staff_a):
    response = sign_in(client, staff_a.username, "not-the-password")

    assert response.status_code == 200
    assert shows(response, zh("Wrong username or password. Note that both are case-sensitive."))
    assert f'value="{staff_a.username}"' in response.content.decode()
    assert not is_signed_in(client)


def test_unknown_username_gets_the_same_error_as_a_wrong_password(client):
    response = sign_in(client, "nobody-here", "whatever-password")

    assert shows(response, zh("Wrong username or password. Note that both are case-sensitive."))


def test_deactivated_account_cannot_sign_in(client, staff_a):
    staff_a.is_active = False
    staff_a.save()

    response = sign_in(client, staff_a.username, PASSWORD)

    assert response.status_code == 200
    assert not is_signed_in(client)


# --- Lock-out (django-axes) -------------------------------------------------------------------


def test_sixth_attempt_after_five_failures_is_locked_out_even_with_right_password(client, staff_a):
    for _attempt in range(5):
        sign_in(client, staff_a.username, "wrong-password")

    response = sign_in(client, staff_a.username, PASSWORD)

    assert response.status_code == 429
    assert shows(response, zh("Account locked"))
    assert BANNER in response.content.decode()
    assert not is_signed_in(client)


def test_four_failures_do_not_lock_the_account(client, staff_a):
    for _attempt in range(4):
        sign_in(client, staff_a.username, "wrong-password")

    response = sign_in(client, staff_a.username, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_lock_out_is_per_username_and_address(client, staff_a, staff_b):
    for _attempt in range(5):
        sign_in(client, staff_a.username, "wrong-password")

    # Another person at the same address, and the same person from another address, still get in.
    assert sign_in(client, staff_b.username, PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, staff_a.username, PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


# --- Behind the reverse proxy -------------------------------------------------------------------

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def via_proxy(client, username, password, visitor, forwarded=""):
    """A sign-in as our proxy passes it on: it appends the address it got the request from."""
    chain = f"{forwarded}, {visitor}" if forwarded else visitor
    return sign_in(client, username, password, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def test_behind_the_proxy_one_visitors_failures_lock_only_that_visitor(
    behind_proxy, client, staff_a
):
    for _attempt in range(5):
        via_proxy(client, staff_a.username, "wrong-password", visitor="203.0.113.7")

    locked = via_proxy(client, staff_a.username, PASSWORD, visitor="203.0.113.7")
    elsewhere = via_proxy(client, staff_a.username, PASSWORD, visitor="198.51.100.20")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def test_a_visitor_cannot_escape_the_lock_by_forging_x_forwarded_for(behind_proxy, client, staff_a):
    for attempt in range(5):
        # Sent straight to the app (not through our proxy), or with made-up hops the proxy
        # passes on in front of the address it saw.
        sign_in(
            client,
            staff_a.username,
            "wrong-password",
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )

    direct = sign_in(
        client,
        staff_a.username,
        PASSWORD,
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    through = via_proxy(
        client, staff_a.username, PASSWORD, visitor="203.0.113.7", forwarded="192.0.2.98"
    )

    assert direct.status_code == 429
    assert through.status_code == 429


def test_one_username_guessed_from_many_addresses_locks_after_the_higher_limit(
    behind_proxy, settings, client, staff_a
):
    settings.AXES_USERNAME_FAILURE_LIMIT = 12
    per_address = settings.AXES_FAILURE_LIMIT - 1  # never enough to lock one address
    addresses = [f"203.0.113.{n}" for n in range(settings.AXES_USERNAME_FAILURE_LIMIT)]
    failures = 0
    for address in addresses:
        for _attempt in range(per_address):
            if failures == settings.AXES_USERNAME_FAILURE_LIMIT - 1:
                break
            via_proxy(client, staff_a.username, "wrong-password", visitor=address)
            failures += 1

    below = via_proxy(client, staff_a.username, PASSWORD, visitor="198.51.100.1")
    client.logout()
    via_proxy(client, staff_a.username, "wrong-password", visitor="198.51.100.2")
    at_limit = via_proxy(client, staff_a.username, PASSWORD, visitor="198.51.100.3")

    assert below.status_code == 302
    assert at_limit.status_code == 429


def test_lock_out_ends_after_the_cool_off_time(client, staff_a):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        for _attempt in range(5):
            sign_in(client, staff_a.username, "wrong-password")
        assert sign_in(client, staff_a.username, PASSWORD).status_code == 429

        traveller.shift(dt.timedelta(minutes=31))
        response = sign_in(client, staff_a.username, PASSWORD)

    assert response.status_code == 302


# --- After login -----------------------------------------------------------------------------


def test_successful_login_lands_on_home_with_name_todos_and_notifications(client, staff_a):
    TodoFactory(owner=staff_a, title="起草常委会会议纪要")
    NotificationFactory(recipient=staff_a, title="关于报送年度工作总结的通知")
    NotificationFactory(title="别人的通知")

    response = sign_in(client, staff_a.username, PASSWORD, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    html = response.content.decode()
    assert staff_a.name in html
    assert shows(response, zh("My to-do list"))
    assert "起草常委会会议纪要" in html
    assert shows(response, zh("Unread notifications"))
    assert "关于报送年度工作总结的通知" in html
    assert "别人的通知" not in html


def test_login_returns_to_the_page_asked_for(client, staff_a):
    response = client.get(reverse("notification_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

    response = client.post(
        reverse("login"),
        {"username": staff_a.username, "password": PASSWORD, "next": reverse("notification_list")},
    )

    assert response["Location"] == reverse("notification_list")


# --- Password change ---------------------------------------------------------------------------


def test_short_new_password_is_refused_with_a_chinese_message(client, staff_a):
    client.force_login(staff_a)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Shrt-pw-9", "new_password2": "Shrt-pw-9"},
    )

    assert response.status_code == 200
    message = (
        zh(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            12,
        )
        % 12
    )
    assert shows(response, message)
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD)


def test_good_new_password_works_and_the_old_one_no_longer_does(client, staff_a):
    new_password = "Spring-river-lamp-2027"
    client.force_login(staff_a)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("password_change_done")
    assert shows(response, zh("Your password has been changed."))
    # The user stays signed in after the change.
    assert is_signed_in(client)
    client.post(reverse("logout"))
    assert sign_in(client, staff_a.username, PASSWORD).status_code == 200
    assert sign_in(client, staff_a.username, new_password).status_code == 302
    assert is_signed_in(client)


def test_password_change_requires_the_current_password(client, staff_a):
    client.force_login(staff_a)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": "Spring-river-lamp-2027",
            "new_password2": "Spring-river-lamp-2027",
        },
    )

    assert response.status_code == 200
    staff_a.refresh_from_db()
    assert staff_a.check_password(PASSWORD)


# --- Logout -----------------------------------------------------------------------------------


def test_logout_by_get_is_refused_and_keeps_the_session(client, staff_a):
    client.force_login(staff_a)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert is_signed_in(client)


def test_logout_by_post_returns_to_login(client, staff_a):
    client.force_login(staff_a)

    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain[0][0] == reverse("login")
    assert BANNER in response.content.decode()
    assert not is_signed_in(client)


# --- Idle timeout ------------------------------------------------------------------------------


def test_idle_for_31_minutes_signs_the_user_out(client, staff_a):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client.force_login(staff_a)
        assert client.get(reverse("home")).status_code == 200

        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("notification_list"), follow=True)

        assert (
            response.redirect_chain[0][0]
            == f"{reverse('login')}?next={reverse('notification_list')}"
        )
        assert shows(response, zh("You were signed out after a period of inactivity."))
        assert not is_signed_in(client)


def test_activity_within_30_minutes_keeps_the_user_signed_in(client, staff_a):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client.force_login(staff_a)
        for _request in range(3):
            assert client.get(reverse("home")).status_code == 200
            # 3 × 25 minutes: longer than the timeout in total, but never idle that long.
            traveller.shift(dt.timedelta(minutes=25))

        assert client.get(reverse("home")).status_code == 200


# --- Password hashing --------------------------------------------------------------------------


def test_base_settings_hash_passwords_with_argon2():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    import office.settings.base as base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # argon2-cffi is installed, so the hasher actually works.
    encoded = Argon2PasswordHasher().encode("Spring-river-lamp-2027", "somesaltvalue12")
    assert encoded.startswith("argon2$")
    assert Argon2PasswordHasher().verify("Spring-river-lamp-2027", encoded)


def test_base_settings_require_12_character_passwords():
    import office.settings.base as base

    minimum = [
        v for v in base.AUTH_PASSWORD_VALIDATORS if v["NAME"].endswith("MinimumLengthValidator")
    ]
    assert minimum[0]["OPTIONS"]["min_length"] == 12
    assert MinimumLengthValidator(**minimum[0]["OPTIONS"]).min_length == 12


# --- Language switch ----------------------------------------------------------------------------


def test_language_switch_to_english_shows_english(client, staff_a):
    client.force_login(staff_a)
    chinese = client.get(reverse("home"))
    assert '<html lang="zh-hans">' in chinese.content.decode()
    assert shows(chinese, zh("My to-do list"))

    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert '<html lang="en">' in html
    assert "My to-do list" in html
    assert zh("My to-do list") not in html


def test_english_browser_still_gets_chinese_until_the_user_switches(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="zh-hans">' in response.content.decode()
    assert BANNER in response.content.decode()


def test_language_switch_applies_to_the_login_page_too(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    response = client.get(reverse("login"))

    assert "Sign in to your account" in response.content.decode()
    assert BANNER not in response.content.decode()
