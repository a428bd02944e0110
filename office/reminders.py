"""The one reminder engine.

Apps register deadline sources in ``AppConfig.ready()``, through the contribution registry::

    registry.register("supervision", reminders=[ItemDeadlines()], ...)

which calls ``register()`` here for each (tests may call it directly).

A source has a ``key`` and a ``collect(now)`` that yields ``Due`` reminders: who should be
told what, and an ``occurrence`` that names this particular reminder (the date of a daily
urge, the week of a weekly one). ``scan()`` inserts one Reminder row per Due under a unique
constraint, so whatever runs the scan (beat every few minutes, ``manage.py run_reminders``, a
retry, two workers at once) each reminder is delivered at most once. Deadline state stays in
the database, never in queued messages.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .guard import guard_instance
from .models import Reminder, Todo
from .notifications import deliver_pending, notification_create, notifications_create
from .workdays import add_working_days

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    recipient: object  # a User
    object_key: str
    kind: str
    occurrence: str
    title: str
    body: str = ""
    url: str = ""


class DeadlineSource(Protocol):
    key: str

    def collect(self, now: datetime) -> Iterable[Due]: ...


_sources: dict[str, DeadlineSource] = {}


def register(source: DeadlineSource) -> None:
    _sources[source.key] = source


def registered_sources() -> list[DeadlineSource]:
    return list(_sources.values())


@dataclass
class ScanResult:
    created: int = 0
    delivered: int = 0


def scan(now: datetime | None = None) -> ScanResult:
    """Collect what falls due from every source, record it once, then deliver."""
    now = now or timezone.now()
    result = ScanResult()
    for source in registered_sources():
        dues = list(source.collect(now))
        recorded = _already_recorded(source.key, dues)
        fresh = {}
        for due in dues:
            key = (due.object_key, due.kind, due.occurrence, due.recipient.pk)
            if key not in recorded:
                fresh.setdefault(key, due)
        new = list(fresh.values())
        for start in range(0, len(new), CHUNK):
            result.created += _record_chunk(source.key, new[start : start + CHUNK])
    result.delivered = deliver_pending()
    return result


# Reminders recorded per transaction: a county's ten years of overdue items (17,000
# reminders on a working day) in about forty inserts of each kind instead of one commit each.
CHUNK = 500


def _record_chunk(source_key: str, dues: list[Due]) -> int:
    """Insert the chunk's reminders and their inbox notifications together (bulk, with the
    channel preferences read once). Should a concurrent scan have recorded one of them first,
    the unique constraint refuses the chunk and its reminders are recorded one by one, the
    taken ones skipped: each reminder is still delivered at most once."""
    try:
        with transaction.atomic():
            # The inbox notifications first, so each reminder is inserted with its own: one
            # insert per table, no second pass to link them.
            notifications = notifications_create(
                [(due.recipient, due.title, due.body, due.url) for due in dues]
            )
            rows = [
                Reminder(
                    source=source_key,
                    object_key=due.object_key,
                    kind=due.kind,
                    occurrence=due.occurrence,
                    recipient=due.recipient,
                    title=due.title[:200],
                    body=due.body,
                    url=due.url,
                    notification=notification,
                )
                for due, notification in zip(dues, notifications, strict=True)
            ]
            for row in rows:
                # bulk_create sends no pre_save: the text guard is called as save() would.
                guard_instance(Reminder, row)
            reminders = Reminder.objects.bulk_create(rows)
        return len(reminders)
    except (IntegrityError, ValidationError):
        pass
    except DatabaseError:
        logger.exception("reminders of %s not recorded in bulk; one by one", source_key)
    created = 0
    for due in dues:
        try:
            created += _record(source_key, due)
        except DatabaseError:
            # One bad row must not hold up everyone else's reminders.
            logger.exception("reminder %s/%s not recorded", source_key, due.object_key)
    return created


def _already_recorded(source_key: str, dues: list[Due]) -> set[tuple]:
    """Keys of the reminders already sent, read once per scan: the unique constraint is the
    guarantee, this only spares the database a failed insert for every old reminder."""
    rows = Reminder.objects.filter(
        source=source_key, object_key__in={due.object_key for due in dues}
    ).values_list("object_key", "kind", "occurrence", "recipient_id")
    return set(rows)


def _record(source_key: str, due: Due) -> bool:
    """Insert the reminder and its inbox notification together, or nothing if it exists."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                source=source_key,
                object_key=due.object_key,
                kind=due.kind,
                occurrence=due.occurrence,
                recipient=due.recipient,
                title=due.title[:200],
                body=due.body,
                url=due.url,
            )
            reminder.notification = notification_create(
                recipient=due.recipient, title=due.title, body=due.body, url=due.url
            )
            reminder.save(update_fields=["notification"])
    except IntegrityError:
        # Already recorded by an earlier or a concurrent scan: nothing to send again.
        return False
    return True


class TodoDeadlines:
    """The core's own source: a personal to-do due on the next working day or today."""

    key = "office.todo"

    def collect(self, now: datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        horizon = add_working_days(today, 1)
        todos = Todo.objects.open().filter(due_date__lte=horizon, due_date__gte=today)
        for todo in todos.select_related("owner"):
            yield Due(
                recipient=todo.owner,
                object_key=str(todo.pk),
                kind="due",
                occurrence=todo.due_date.isoformat(),
                title=_("To-do due %(date)s: %(title)s")
                % {"date": todo.due_date.strftime("%m-%d"), "title": todo.title},
                url=todo.url,
            )
