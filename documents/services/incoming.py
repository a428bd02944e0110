"""Incoming documents (收文): sign for and register, first check (初审), propose the handling
(拟办), then circulate to leaders in order (传阅; each marks it read with a comment, the
office urges whoever has not) or open a supervision item (批办), and close it."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.dates import check_dates
from office.notifications import notify
from office.workflow import require, transition_perform

from ..choices import IncomingMode
from ..models import Circulation, IncomingDocument
from ..selectors import signer_choices
from .common import check_text_fields, office_of, require_perm


@dataclass
class IncomingData:
    sender: str
    title: str
    received_on: date
    sender_number: str = ""
    mode: str = "reading"
    proposed_handling: str = ""


@transaction.atomic
def incoming_register(*, actor, data: IncomingData) -> IncomingDocument:
    require_perm(actor, "documents.add_incomingdocument")
    office = office_of(actor)
    check_text_fields(
        actor,
        IncomingDocument,
        "documents.incoming",
        sender=data.sender,
        title=data.title,
        sender_number=data.sender_number,
        proposed_handling=data.proposed_handling,
    )
    check_dates(received_on=data.received_on)
    document = IncomingDocument(owning_office=office, registered_by=actor, **data.__dict__)
    document._history_user = actor
    document.save()
    return document


@transaction.atomic
def incoming_first_check(*, actor, document: IncomingDocument, mode: str, comment: str = ""):
    """初审: the document is ours and in the right form; for reading (阅知) or for action
    (批办)."""
    if mode not in IncomingMode.values:
        raise ValidationError({"mode": _("Choose for reading or for action.")})
    return transition_perform(
        obj=document, name="first_check", actor=actor, comment=comment, mode=mode
    )


@transaction.atomic
def incoming_return(*, actor, document: IncomingDocument, reason: str):
    """初审 finds it is not ours to handle or not in the right form: back to the sender."""
    return transition_perform(obj=document, name="return_to_sender", actor=actor, comment=reason)


@transaction.atomic
def incoming_propose(*, actor, document: IncomingDocument, proposed_handling: str):
    """拟办: the office's proposal of how to handle it, which the leaders then read or
    instruct on."""
    check_text_fields(
        actor,
        IncomingDocument,
        "documents.incoming",
        proposed_handling=proposed_handling,
    )
    if not proposed_handling.strip():
        raise ValidationError({"proposed_handling": _("Write the proposed handling.")})
    return transition_perform(
        obj=document, name="propose", actor=actor, proposed_handling=proposed_handling
    )


@transaction.atomic
def incoming_circulate(*, actor, document: IncomingDocument, readers) -> list[Circulation]:
    """Send the document round ``readers`` in the given order; each is told."""
    readers = list(readers)
    if not readers:
        raise ValidationError({"readers": _("Choose the leaders to read it.")})
    allowed = set(signer_choices(actor).values_list("pk", flat=True))
    if any(reader.pk not in allowed for reader in readers):
        raise ValidationError({"readers": _("Only leaders of your county read it.")})
    transition_perform(obj=document, name="circulate", actor=actor)
    rows = [
        Circulation.objects.create(document=document, reader=reader, position=index)
        for index, reader in enumerate(readers, start=1)
    ]
    notify(
        recipients=readers,
        title=_("For your reading: %(title)s") % {"title": document.title},
        url=document.get_absolute_url(),
    )
    return rows


@transaction.atomic
def incoming_mark_read(*, actor, document: IncomingDocument, comment: str = ""):
    require(actor, "read", document)
    check_text_fields(actor, Circulation, "documents.circulation", comment=comment)
    row = document.circulation.select_for_update().get(reader=actor)
    row.read_at = timezone.now()
    row.comment = comment
    row.save(update_fields=["read_at", "comment"])
    return row


@transaction.atomic
def incoming_urge(*, actor, document: IncomingDocument) -> int:
    require(actor, "urge", document)
    waiting = [row.reader for row in document.circulation.filter(read_at__isnull=True)]
    notify(
        recipients=waiting,
        title=_("Please read: %(title)s") % {"title": document.title},
        url=document.get_absolute_url(),
    )
    return len(waiting)


@transaction.atomic
def incoming_finish(*, actor, document: IncomingDocument, comment: str = ""):
    return transition_perform(obj=document, name="finish", actor=actor, comment=comment)


@transaction.atomic
def incoming_to_supervision(*, actor, document: IncomingDocument, lead_unit, deadline=None):
    """An action document (批办) opens a supervision item with one click, through
    supervision's services (its number, its rules, its notices)."""
    from office.workflow import require as require_rule
    from supervision import services as supervision_services

    require_rule(actor, "to_supervision", document)
    if lead_unit is None:
        raise ValidationError({"lead_unit": _("Choose the lead unit.")})
    item = supervision_services.item_register(
        actor=actor,
        data=supervision_services.ItemData(
            title=document.title,
            source_kind="document",
            lead_unit=lead_unit,
            deadline=deadline,
            source_reference=f"{document.sender}{document.sender_number}"[:200],
        ),
        origin=document,
    )
    document.supervision_item_id = item.pk
    document._history_user = actor
    document._change_reason = _("Opened a supervision item")
    document.save(update_fields=["supervision_item_id"])
    return item
