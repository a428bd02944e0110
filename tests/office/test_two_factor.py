"""Two-factor sign-in (office.twofactor): county leaders, the director and the three
administrators enrol an authenticator app and type its code after their password; others may;
recovery codes work once; the admin site asks every user for the second factor.

The suite runs with the requirement on (office.settings.test). Here users sign in through the
pages, as people do: ``force_login`` would stand for a sign-in already completed."""

import datetime as dt
import os
import re
import subprocess
import sys
from base64 import b32decode

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from office.roles import Role
from tests.conftest import password_only_login
from tests.factories import PASSWORD, enrol_two_factor, recovery_code

from .test_auth import shows, sign_in, zh

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
WRONG_CODE = zh("The code is wrong or has expired. Try the next one.")


@pytest.fixture(autouse=True)
def _frozen():
    # The authenticator's code depends on the clock: stop it, and move it by hand.
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def director(make_user, county_a):
    return make_user(county_a["office"], Role.DIRECTOR)


def code_of(device: TOTPDevice) -> str:
    """What the user's phone shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def lands_on(response, name: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse(name))


def reaches_home(client) -> bool:
    return client.get(reverse("home")).status_code == 200


# --- Who is asked ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.LEADER, Role.DIRECTOR, Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN]
)
def test_a_required_role_reaches_no_page_before_enrolling(client, make_user, county_a, role):
    user = make_user(county_a["office"], role)

    signed_in = sign_in(client, user.username, PASSWORD)
    home = client.get(reverse("home"))
    items = client.get(reverse("supervision:item_list"))
    api = client.get("/api/v1/org-units/")

    assert lands_on(client.get(signed_in["Location"]), "two_factor_setup")
    assert lands_on(home, "two_factor_setup")
    assert lands_on(items, "two_factor_setup")
    assert items["Location"].endswith(
        "?next=" + reverse("supervision:item_list").replace("/", "%2F")
    )
    assert api.status_code == 403
    assert api.json() == {"detail": zh("Verify your second factor before using the platform.")}


def test_an_enrolled_director_must_type_a_code_after_the_password(client, director):
    enrol_two_factor(director)

    sign_in(client, director.username, PASSWORD)

    assert lands_on(client.get(reverse("home")), "two_factor_verify")
    assert lands_on(client.get(reverse("notification_list")), "two_factor_verify")


def test_staff_without_an_authenticator_sign_in_with_the_password_alone(client, staff_a):
    sign_in(client, staff_a.username, PASSWORD)

    assert reaches_home(client)


def test_staff_who_enrolled_are_asked_for_the_code_too(client, staff_a):
    device = enrol_two_factor(staff_a)
    sign_in(client, staff_a.username, PASSWORD)
    assert lands_on(client.get(reverse("home")), "two_factor_verify")

    client.post(reverse("two_factor_verify"), {"token": code_of(device)})

    assert reaches_home(client)


def test_the_setting_requires_it_of_everyone(client, settings, staff_a):
    settings.TWO_FACTOR_REQUIRED_FOR_ALL = True

    sign_in(client, staff_a.username, PASSWORD)

    assert lands_on(client.get(reverse("home")), "two_factor_setup")


def test_with_the_requirement_off_the_director_signs_in_with_the_password(
    client, settings, director
):
    settings.TWO_FACTOR_REQUIRED = False

    sign_in(client, director.username, PASSWORD)

    assert reaches_home(client)


def test_production_requires_it_and_the_local_settings_do_not():
    def required_under(module: str) -> str:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": module,
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "office.example.org",
        }
        env.pop("TWO_FACTOR_REQUIRED", None)
        script = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
        return subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert required_under("office.settings.production") == "True"
    assert required_under("office.settings.local") == "False"


# --- Enrolment ---------------------------------------------------------------------------------


def test_enrolment_shows_a_local_qr_code_and_issues_recovery_codes(client, director):
    sign_in(client, director.username, PASSWORD)

    page = client.get(reverse("two_factor_setup"))
    qr = client.get(reverse("two_factor_qr"))

    device = TOTPDevice.objects.get(user=director, confirmed=False)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'src="{reverse("two_factor_qr")}"' in html
    assert shows(
        page, zh("Your role must sign in with a second factor. Set it up now to continue.")
    )
    # The key typed by hand is the device's own.
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    # The QR code is an SVG drawn by the platform, the same for every reload of the page.
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.lstrip().startswith(b"<svg") or b"<svg" in qr.content[:200]
    assert client.get(reverse("two_factor_qr")).content == qr.content

    done = client.post(reverse("two_factor_setup"), {"token": code_of(device)})

    codes = re.findall(r'<li class="col mb-2">([a-z2-7]{8})</li>', done.content.decode())
    assert done.status_code == 200
    assert shows(done, zh("Two-factor sign-in is on."))
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=director).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed
    assert reaches_home(client)


def test_a_wrong_code_does_not_enrol(client, director):
    sign_in(client, director.username, PASSWORD)
    client.get(reverse("two_factor_setup"))

    refused = client.post(reverse("two_factor_setup"), {"token": "000000"})

    assert refused.status_code == 200
    assert shows(refused, WRONG_CODE)
    assert not TOTPDevice.objects.filter(user=director, confirmed=True).exists()
    assert lands_on(client.get(reverse("home")), "two_factor_setup")


def test_an_enrolled_user_cannot_replace_the_authenticator_with_the_password_alone(
    client, director
):
    enrol_two_factor(director)
    sign_in(client, director.username, PASSWORD)

    assert lands_on(client.get(reverse("two_factor_setup")), "two_factor_verify")
    assert client.get(reverse("two_factor_qr")).status_code == 404
    assert not TOTPDevice.objects.filter(user=director, confirmed=False).exists()


def test_moving_to_a_new_phone_replaces_the_old_authenticator(client, director):
    old = enrol_two_factor(director)
    sign_in(client, director.username, PASSWORD)
    client.post(reverse("two_factor_verify"), {"token": code_of(old)})

    client.get(reverse("two_factor_setup"))
    new = TOTPDevice.objects.get(user=director, confirmed=False)
    client.post(reverse("two_factor_setup"), {"token": code_of(new)})

    assert list(TOTPDevice.objects.filter(user=director)) == [new]


# --- Verification ------------------------------------------------------------------------------


def test_the_code_of_the_authenticator_completes_the_sign_in(client, director):
    device = enrol_two_factor(director)
    sign_in(client, director.username, PASSWORD)
    key_before = client.session.session_key

    verified = client.post(
        reverse("two_factor_verify") + "?next=/notifications/", {"token": code_of(device)}
    )

    assert verified.status_code == 302
    assert verified["Location"] == "/notifications/"
    assert reaches_home(client)
    # A new session id for the more privileged session.
    assert client.session.session_key != key_before


def test_a_wrong_code_is_refused_and_a_quick_retry_waits(client, director, _frozen):
    device = enrol_two_factor(director)
    sign_in(client, director.username, PASSWORD)

    wrong = client.post(reverse("two_factor_verify"), {"token": "123456"})
    right_too_soon = client.post(reverse("two_factor_verify"), {"token": code_of(device)})

    assert shows(wrong, WRONG_CODE)
    assert shows(right_too_soon, WRONG_CODE)
    assert lands_on(client.get(reverse("home")), "two_factor_verify")
    # After the wait (1 s after one failure, then doubling), a right code is accepted.
    _frozen.shift(dt.timedelta(seconds=31))
    client.post(reverse("two_factor_verify"), {"token": code_of(device)})
    assert reaches_home(client)


def test_verification_returns_only_to_a_page_of_this_site(client, director):
    device = enrol_two_factor(director)
    sign_in(client, director.username, PASSWORD)

    verified = client.post(
        reverse("two_factor_verify") + "?next=https://evil.example/", {"token": code_of(device)}
    )

    assert verified["Location"] == reverse("home")


def test_a_recovery_code_works_once(director):
    enrol_two_factor(director)
    code = recovery_code(director)

    first = Client()
    sign_in(first, director.username, PASSWORD)
    first.post(reverse("two_factor_verify"), {"token": code.upper()})
    second = Client()
    sign_in(second, director.username, PASSWORD)
    refused = second.post(reverse("two_factor_verify"), {"token": code})

    assert reaches_home(first)
    assert shows(refused, WRONG_CODE)
    assert lands_on(second.get(reverse("home")), "two_factor_verify")


def test_new_recovery_codes_replace_the_old_ones(client, director, _frozen):
    device = enrol_two_factor(director)
    old_code = recovery_code(director)
    sign_in(client, director.username, PASSWORD)
    client.post(reverse("two_factor_verify"), {"token": code_of(device)})

    overview = client.get(reverse("two_factor_overview"))
    renewed = client.post(reverse("two_factor_recovery_codes"))

    new_codes = re.findall(r'<li class="col mb-2">([a-z2-7]{8})</li>', renewed.content.decode())
    left = zh("%(counter)s recovery code left.", "%(counter)s recovery codes left.", 1)
    assert shows(overview, left % {"counter": 1})
    assert len(new_codes) == 10
    other = Client()
    sign_in(other, director.username, PASSWORD)
    assert shows(other.post(reverse("two_factor_verify"), {"token": old_code}), WRONG_CODE)
    _frozen.shift(dt.timedelta(seconds=2))  # the wait after a wrong code
    other.post(reverse("two_factor_verify"), {"token": new_codes[0]})
    assert reaches_home(other)


def test_recovery_codes_are_not_renewed_by_a_session_without_the_second_factor(client, director):
    enrol_two_factor(director)
    code = recovery_code(director)
    password_only_login(client, director)

    response = client.post(reverse("two_factor_recovery_codes"))

    assert lands_on(response, "two_factor_verify")
    assert StaticToken.objects.filter(device__user=director).get().token == code


# --- The admin site ----------------------------------------------------------------------------


def test_the_admin_asks_every_user_for_the_second_factor(make_user, county_a):
    # A staff member with admin access: not a required role, so the platform itself opens
    # with the password alone, the admin does not.
    clerk = make_user(county_a["section"], Role.STAFF, is_staff=True)
    client = Client()
    password_only_login(client, clerk)
    assert reaches_home(client)
    assert lands_on(client.get("/admin/"), "two_factor_setup")

    device = enrol_two_factor(clerk)
    assert lands_on(client.get("/admin/"), "two_factor_verify")
    client.post(reverse("two_factor_verify"), {"token": code_of(device)})

    assert client.get("/admin/").status_code == 200
