"""Notifications: the in-app inbox and the outbox of e-mail and webhook deliveries.

``notification_create`` is what every app calls to tell someone something. It writes the
inbox row and one Delivery row per external channel the recipient wants; ``deliver_pending``
(run by the periodic task) sends those. Nothing here touches the broker.
"""

import json
import logging
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Channel, ChannelPreference, Delivery, DeliveryStatus, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
CLAIM_TIMEOUT = timedelta(minutes=10)


def _wanted_channels(recipient) -> list[str]:
    preference = ChannelPreference.objects.filter(user=recipient).first()
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


def deliver_pending() -> int:
    """Send every pending delivery once. Each row is claimed with a conditional UPDATE, so
    two workers running this at the same time never send the same row twice."""
    sent = 0
    _release_abandoned_claims()
    pending = Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)
    for pk in list(pending):
        claimed = Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
        )
        if claimed:
            sent += _send(Delivery.objects.select_related("notification__recipient").get(pk=pk))
    return sent


def _release_abandoned_claims() -> None:
    """A worker that died mid-send leaves its row 'sending': offer it again after a while."""
    stale = timezone.now() - CLAIM_TIMEOUT
    Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=stale).update(
        status=DeliveryStatus.PENDING
    )


def _send(delivery: Delivery) -> int:
    try:
        SENDERS[delivery.channel](delivery.notification)
    except Exception as error:  # any channel failure: record it, retry on the next scan
        logger.warning("delivery %s failed: %s", delivery.pk, error)
        delivery.last_error = str(error)[:1000]
        delivery.status = (
            DeliveryStatus.FAILED if delivery.attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING
        )
        delivery.save(update_fields=["status", "last_error"])
        return 0
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "sent_at"])
    return 1


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _send_email(notification: Notification) -> None:
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{_absolute(notification.url)}".strip()
    send_mail(
        subject=notification.title,
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
    )


def webhook_url_allowed(url: str) -> bool:
    """Only the office's default robot, or a robot on an allowed host, over http(s)."""
    if not url or url == settings.NOTIFY_WEBHOOK_URL:
        return True
    parts = urlsplit(url)
    return (
        parts.scheme in ("https", "http")
        and parts.hostname in settings.NOTIFY_WEBHOOK_ALLOWED_HOSTS
    )


def _send_webhook(notification: Notification) -> None:
    """POST a markdown message in the shape WeCom and DingTalk group robots accept."""
    preference = ChannelPreference.objects.filter(user=notification.recipient).first()
    target = (preference and preference.webhook_url) or settings.NOTIFY_WEBHOOK_URL
    if not webhook_url_allowed(target):
        raise ValueError(f"webhook host not allowed: {urlsplit(target).hostname}")
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
        headers={"Content-Type": "application/json; charset=utf-8"},
        timeout=settings.NOTIFY_WEBHOOK_TIMEOUT,
    )
    response.raise_for_status()


SENDERS = {Channel.EMAIL: _send_email, Channel.WEBHOOK: _send_webhook}
