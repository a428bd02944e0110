"""Notifications: the in-app inbox and the outbox of e-mail and webhook deliveries.

``notification_create`` is what every app calls to tell someone something. It writes the
inbox row and one Delivery row per external channel the recipient wants; ``deliver_pending``
(run by the periodic task) sends those. Nothing here touches the broker.

Delivery guarantees: the inbox row is written once, in the same transaction as the reminder
(exactly once). E-mail and webhook are at least once: a send whose outcome is unknown (a
timeout, a worker killed mid-send) is retried after a back-off, and every attempt carries the
same dedupe key (the e-mail's Message-ID, the webhook's Idempotency-Key header) so a far end
that honours it drops the repeat.
"""

import ipaddress
import json
import logging
import socket
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from urllib3.util import parse_url

from .guard import guard_instance
from .models import (
    AttemptOutcome,
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Notification,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The wait before attempt n+1 doubles from RETRY_BASE up to RETRY_CAP. It is set when a row is
# claimed, so it also covers a send that hangs or a worker that dies mid-send; it must stay
# well above the webhook and SMTP timeouts, or a slow send would overlap its own retry.
RETRY_BASE = timedelta(minutes=10)
RETRY_CAP = timedelta(hours=6)


def _wanted_channels(recipient) -> list[str]:
    return _channels_of(recipient, ChannelPreference.objects.filter(user=recipient).first())


def _channels_of(recipient, preference) -> list[str]:
    if preference is None:
        return []
    channels = []
    if preference.email and recipient.email:
        channels.append(Channel.EMAIL)
    if preference.webhook and (preference.webhook_url or settings.NOTIFY_WEBHOOK_URL):
        channels.append(Channel.WEBHOOK)
    return channels


@transaction.atomic
def notification_create(*, recipient, title: str, body: str = "", url: str = "") -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, title=title[:200], body=body, url=url
    )
    Delivery.objects.bulk_create(
        Delivery(notification=notification, channel=channel)
        for channel in _wanted_channels(recipient)
    )
    return notification


@transaction.atomic
def notifications_create(messages) -> list[Notification]:
    """Many notifications at once: ``messages`` is [(recipient, title, body, url)]; the same
    rows as notification_create for each, in one insert per table, the recipients' channel
    preferences read in one query."""
    messages = list(messages)
    if not messages:
        return []
    preferences = {
        p.user_id: p
        for p in ChannelPreference.objects.filter(
            user_id__in={recipient.pk for recipient, *_rest in messages}
        )
    }
    rows = [
        Notification(recipient=recipient, title=title[:200], body=body, url=url)
        for recipient, title, body, url in messages
    ]
    for row in rows:
        # bulk_create sends no pre_save: the text guard is called as save() would.
        guard_instance(Notification, row)
    notifications = Notification.objects.bulk_create(rows)
    deliveries = [
        Delivery(notification=notification, channel=channel)
        for notification, (recipient, *_rest) in zip(notifications, messages, strict=True)
        for channel in _channels_of(recipient, preferences.get(recipient.pk))
    ]
    Delivery.objects.bulk_create(deliveries)
    return notifications


def notify(*, recipients, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Tell several people the same thing (each gets their own inbox row)."""
    return [
        notification_create(recipient=r, title=title, body=body, url=url)
        for r in {r.pk: r for r in recipients if r is not None and r.is_active}.values()
    ]


@transaction.atomic
def notification_mark_read(*, recipient, ids=None) -> int:
    """Mark the recipient's notifications read: the given ids, or all when ids is None."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def retry_delay(attempt: int) -> timedelta:
    """How long after claiming attempt ``attempt`` (1-based) the row may be tried again."""
    return min(RETRY_BASE * 2 ** min(attempt - 1, 16), RETRY_CAP)


def deliver_pending() -> int:
    """Send every delivery that is due, once. Each row is claimed with a conditional UPDATE
    (so two workers never send the same row at the same time) that also sets when it may next
    be tried, before anything goes out."""
    sent = 0
    now = timezone.now()
    due = Delivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING],
    )
    for pk, attempts in list(due.values_list("pk", "attempts")):
        # Unchanged since it was read: nobody else claimed, sent or gave up on it meanwhile.
        unchanged = due.filter(pk=pk, attempts=attempts)
        if attempts >= MAX_ATTEMPTS:
            # The last attempt never finished (the worker died): give up, as after a failure.
            unchanged.update(status=DeliveryStatus.FAILED)
            continue
        claimed = unchanged.update(
            status=DeliveryStatus.SENDING,
            attempts=F("attempts") + 1,
            claimed_at=now,
            next_attempt_at=now + retry_delay(attempts + 1),
        )
        if claimed:
            delivery = Delivery.objects.select_related("notification__recipient").get(pk=pk)
            attempt = DeliveryAttempt.objects.create(
                delivery=delivery, number=delivery.attempts, started_at=timezone.now()
            )
            sent += _send(delivery, attempt)
    return sent


def _send(delivery: Delivery, attempt: DeliveryAttempt) -> int:
    try:
        SENDERS[delivery.channel](delivery)
    except Exception as error:  # any channel failure: record it, retry after the back-off
        logger.warning("delivery %s attempt %s failed: %s", delivery.pk, attempt.number, error)
        _finish(attempt, _outcome_of(error), str(error))
        delivery.last_error = str(error)[:1000]
        delivery.status = (
            DeliveryStatus.FAILED if delivery.attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING
        )
        delivery.save(update_fields=["status", "last_error"])
        return 0
    _finish(attempt, AttemptOutcome.SENT)
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    return 1


def _outcome_of(error: Exception) -> str:
    # A read timeout means the request went out and no answer came: it may have arrived.
    if isinstance(error, requests.ReadTimeout | TimeoutError | socket.timeout):
        return AttemptOutcome.UNCERTAIN
    return AttemptOutcome.FAILED


def _finish(attempt: DeliveryAttempt, outcome: str, error: str = "") -> None:
    attempt.outcome = outcome
    attempt.error = error[:1000]
    attempt.finished_at = timezone.now()
    attempt.save(update_fields=["outcome", "error", "finished_at"])


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _message_id(delivery: Delivery) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("<> ") or "localhost"
    return f"<{delivery.dedupe_key}@{domain}>"


def _send_email(delivery: Delivery) -> None:
    notification = delivery.notification
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{_absolute(notification.url)}".strip()
    EmailMessage(
        subject=notification.title,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        # The same Message-ID on every attempt: mail stores and clients drop a repeat.
        headers={"Message-ID": _message_id(delivery)},
    ).send()


class WebhookRefused(ValueError):
    """A robot address the worker must not post to."""


def _allowed_parts(url: str):
    """The parts of a user's robot address if it is safe to post to, else None.

    The address is parsed the way the HTTP client parses it (urllib3) and the way Python's
    urllib does; both must agree. Anything they could read differently is refused outright:
    backslashes, whitespace and control characters, user info (``user@host``), an IP literal,
    a port other than 443, plain http."""
    if not url or any(c == "\\" or c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        ours, theirs = urlsplit(url), parse_url(url)
        port = ours.port
    except ValueError:
        return None
    host = (ours.hostname or "").rstrip(".")
    if (
        ours.scheme != "https"
        or theirs.scheme != "https"
        or "@" in ours.netloc
        or theirs.auth is not None
        or (theirs.host or "").lower().rstrip(".") != host
        or port not in (None, 443)
        or theirs.port not in (None, 443)
        or _is_ip_literal(host)
        or host not in {h.lower() for h in settings.NOTIFY_WEBHOOK_ALLOWED_HOSTS}
    ):
        return None
    return ours._replace(netloc=host, fragment="")


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def webhook_url_allowed(url: str) -> bool:
    """The office's default robot (set by the operator), or an https robot address on an
    allowed host (WeCom, DingTalk)."""
    if not url or url == settings.NOTIFY_WEBHOOK_URL:
        return True
    return _allowed_parts(url) is not None


def _webhook_target(url: str) -> str:
    """The address to post to, rebuilt from its checked parts, after checking where its host
    resolves now: an allowed name pointing at a private address is refused (the check runs
    again at every send, as DNS may have changed since the address was saved)."""
    if url == settings.NOTIFY_WEBHOOK_URL:
        return url
    parts = _allowed_parts(url)
    if parts is None:
        raise WebhookRefused(f"webhook address not allowed: {urlsplit(url).hostname}")
    for address in _resolve(parts.hostname):
        if not address.is_global:
            raise WebhookRefused(f"webhook host {parts.hostname} resolves to {address}")
    return urlunsplit(parts)


def _resolve(host: str) -> list:
    infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def _send_webhook(delivery: Delivery) -> None:
    """POST a markdown message in the shape WeCom and DingTalk group robots accept."""
    notification = delivery.notification
    preference = ChannelPreference.objects.filter(user=notification.recipient).first()
    target = _webhook_target((preference and preference.webhook_url) or settings.NOTIFY_WEBHOOK_URL)
    text = f"**{notification.title}**\n\n{notification.body}"
    if notification.url:
        text += f"\n\n[{_absolute(notification.url)}]({_absolute(notification.url)})"
    payload = {
        "msgtype": "markdown",
        "markdown": {"title": notification.title, "content": text, "text": text},
    }
    response = requests.post(
        target,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            # The same key on every attempt, for a gateway that drops repeats.
            "Idempotency-Key": delivery.dedupe_key,
        },
        timeout=(settings.NOTIFY_WEBHOOK_CONNECT_TIMEOUT, settings.NOTIFY_WEBHOOK_TIMEOUT),
        allow_redirects=False,  # a redirect would go to an address nobody checked
    )
    response.raise_for_status()


SENDERS = {Channel.EMAIL: _send_email, Channel.WEBHOOK: _send_webhook}
