"""Sign-in lock-out behind the reverse proxy (django-axes, configured in settings).

Behind the proxy every request comes from the proxy's address, so a lock on "username + address"
would lock a named account for everyone after five wrong passwords typed anywhere. Two pieces:

- ``client_ip``: the visitor's address, read from X-Forwarded-For only as far as our own proxies
  (``TRUSTED_PROXIES``) wrote it; a visitor who sends the header themselves changes nothing.
- ``LockoutHandler``: the pair (username, address) is locked after ``AXES_FAILURE_LIMIT``
  failures; the username alone, from however many addresses, only after the much higher
  ``AXES_USERNAME_FAILURE_LIMIT`` (someone guessing one account's password from many places).
"""

import ipaddress
from functools import cache

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


@cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy)


def _is_trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of whoever sent the request (AXES_CLIENT_IP_CALLABLE).

    Each trusted proxy appends the address it received the request from, so X-Forwarded-For is
    read from the right: the first address that is not one of our proxies is the visitor's.
    Anything left of it was written by the visitor and is not believed."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    peer = _parse(remote)
    if peer is None or not _is_trusted(peer, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for value in reversed(forwarded.split(",")):
        address = _parse(value)
        if address is None:
            break  # garbage before our proxy's entry: keep the last address we trust
        if not _is_trusted(address, networks):
            return str(address)
        remote = str(address)
    return remote


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a second, higher threshold for the username alone.

    Axes locks when ``get_failures`` reaches the failure limit; the pair's failures are counted
    as usual (AXES_LOCKOUT_PARAMETERS), and the username's failures from every address reach
    that limit only once they pass AXES_USERNAME_FAILURE_LIMIT."""

    def get_failures(self, request, credentials=None) -> int:
        pair = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if username is None:
            return pair
        alone = (
            AccessAttempt.objects.filter(
                username=username, attempt_time__gte=get_cool_off_threshold(request)
            ).aggregate(total=Sum("failures_since_start"))["total"]
            or 0
        )
        if alone >= settings.AXES_USERNAME_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair
