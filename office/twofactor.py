"""Two-factor sign-in (等保 2.0 level 3: two kinds of authentication for the people who hold
the keys): a TOTP authenticator app (django-otp) and one-time recovery codes.

Who must have it: the roles in ``TWO_FACTOR_REQUIRED_ROLES`` (county leaders, the director,
the three administrators) and superusers, or everyone with ``TWO_FACTOR_REQUIRED_FOR_ALL``,
as long as ``TWO_FACTOR_REQUIRED`` is on (production; off in the local settings so the demo
accounts sign in with their password). Anyone else may enrol, and then is asked too: a second
factor that is only sometimes asked protects nothing. The admin site asks for it from every
user while the requirement is on.

The password still signs the user in (Django's session); until the second factor is verified
the guard below lets that session reach only the sign-in steps themselves.
"""

import logging
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

audit = logging.getLogger("office.audit")

RECOVERY_CODE_COUNT = 10
# One device of each kind per user: the authenticator app and the sheet of recovery codes.
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"

# Routes an unverified session may still reach: the steps of signing in (and out), the
# language switch of the sign-in pages, and the health probe.
OPEN_ROUTES = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "healthz",
        "two_factor_verify",
        "two_factor_setup",
        "two_factor_qr",
    }
)


# --- Policy ---------------------------------------------------------------------------------


def required_for(user) -> bool:
    """Must this user enrol (and verify at every sign-in) before using the platform?"""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    return settings.TWO_FACTOR_REQUIRED_FOR_ALL or user.has_role(
        *settings.TWO_FACTOR_REQUIRED_ROLES
    )


def is_enrolled(user) -> bool:
    return user_has_device(user, confirmed=True)


def is_verified(request) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def needs_verification(request, *, admin: bool = False) -> bool:
    """Is this signed-in session still short of its second factor?"""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return False
    # The admin site asks every user it would let in (the others get its own refusal).
    if admin and settings.TWO_FACTOR_REQUIRED and user.is_staff:
        return True
    return required_for(user) or is_enrolled(user)


def safe_next(request, default: str = "") -> str:
    """The page to return to after a step of signing in: only one of this site's."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


class TwoFactorMiddleware:
    """Sends a session that still owes its second factor to the verification page (or, when
    the user has no authenticator yet and must have one, to enrolment); the API answers 403.
    Must come after django-otp's OTPMiddleware, which tells whether the session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in OPEN_ROUTES:
            return None
        if not needs_verification(request, admin="admin" in match.app_names):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Verify your second factor before using the platform.")}, status=403
            )
        step = "two_factor_verify" if is_enrolled(request.user) else "two_factor_setup"
        query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return redirect(f"{reverse(step)}?{query}")


# --- Services -------------------------------------------------------------------------------


def pending_device(user) -> TOTPDevice:
    """The authenticator being enrolled: a new secret until the user confirms a code from it.
    Reused while the enrolment page is reloaded, so the QR code the user scanned stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_code_svg(device: TOTPDevice) -> bytes:
    """The enrolment QR code, drawn here (never by a web service: the secret stays on the
    intranet) as SVG."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode").encode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for an app whose camera cannot scan."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def two_factor_enrol(*, actor, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows; the user's earlier authenticator (a
    lost phone) is replaced, fresh recovery codes are issued, and this session counts as
    verified. Returns the recovery codes, or None when the code is wrong."""
    if device.user_id != actor.pk or device.confirmed or not device.verify_token(_digits(token)):
        audit.warning("two-factor enrolment refused for %s", actor.get_username())
        return None
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = two_factor_recovery_codes_renew(actor=actor)
    _verified(request, device)
    audit.info("two-factor enrolled for %s", actor.get_username())
    return codes


@transaction.atomic
def two_factor_recovery_codes_renew(*, actor) -> list[str]:
    """A new sheet of recovery codes; the old sheet stops working."""
    device, _created = StaticDevice.objects.get_or_create(user=actor, name=RECOVERY_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_verify(*, actor, request, token: str) -> bool:
    """Check a code of the authenticator, or a recovery code (each works once). Devices count
    failures and refuse for a growing delay after each (django-otp's throttling)."""
    compact = "".join(token.split())
    candidates = [(TOTPDevice, _digits(compact)), (StaticDevice, compact.lower())]
    for model, normalised in candidates:
        for device in model.objects.devices_for_user(actor, confirmed=True):
            with transaction.atomic():
                locked = model.objects.select_for_update().get(pk=device.pk)
                if normalised and locked.verify_token(normalised):
                    _verified(request, locked)
                    audit.info(
                        "two-factor verified for %s with %s",
                        actor.get_username(),
                        "a recovery code" if model is StaticDevice else "the authenticator",
                    )
                    return True
    audit.warning("two-factor verification failed for %s", actor.get_username())
    return False


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _digits(token: str) -> str:
    """An authenticator's code as typed ("123 456" too); anything else is no such code."""
    compact = "".join(token.split())
    return compact if compact.isdigit() else ""


def _verified(request, device) -> None:
    # A new session key for the more privileged session (like Django does at sign-in).
    request.session.cycle_key()
    otp_login(request, device)
