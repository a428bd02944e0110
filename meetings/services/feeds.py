"""The calendar subscription (iCal feed) of a person's own meetings: made, made anew (the old
address stops working at once) and revoked by the person, from their subscription page."""

import secrets

from django.db import transaction

from ..models import CalendarFeed


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def feed_issue(*, actor) -> CalendarFeed:
    """Give ``actor`` a subscription address, or a new one in place of the old."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(
        user=actor, defaults={"token": _new_token()}
    )
    if not _created:
        feed.token = _new_token()
        feed.last_used_at = None
        feed.save(update_fields=["token", "last_used_at"])
    return feed


@transaction.atomic
def feed_revoke(*, actor) -> bool:
    """Stop ``actor``'s subscription: the address answers 404 from now on."""
    deleted, _rows = CalendarFeed.objects.filter(user=actor).delete()
    return bool(deleted)
