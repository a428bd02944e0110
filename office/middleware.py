import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, resolve_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """user_logged_in: the idle clock starts at sign-in, so a session's first page needs no
    session write of its own (IdleTimeoutMiddleware writes at most once a minute)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[IdleTimeoutMiddleware.session_key] = int(time.time())


class IdleTimeoutMiddleware:
    """Log a user out after SESSION_IDLE_TIMEOUT seconds without a request."""

    session_key = "last_activity"
    resolution = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.session_key, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
            # Written at most once a minute: a session save is a transaction on every page,
            # and a minute is nothing against a timeout of half an hour.
            if now - last >= self.resolution or self.session_key not in request.session:
                request.session[self.session_key] = now
        return self.get_response(request)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese unless the user picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a machine set up
    in English would show English to office staff who never asked for it."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """The Content-Security-Policy on every page, and no caching of what a signed-in user sees.

    The policy runs only the app's own script files (no inline <script>, no on...= handler, no
    eval): a name or a text that slips markup through a template cannot run script. Styles may
    be inline (Tabler, ECharts and the API docs set them). json_script blocks are data
    (type="application/json"), which the policy does not execute and need not allow.

    A signed-in user's pages and downloads carry Cache-Control: no-store, so a shared office
    computer or a proxy keeps no copy of an item, a report or an exported ledger after they
    sign out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
