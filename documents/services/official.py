"""Outgoing official documents (发文): draft → check (核稿) → legality review (normative) →
sign-off (签发) → number and issue, each reviewer able to send it back with a reason."""

from dataclasses import dataclass, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.dates import check_dates
from office.docx import document_number
from office.notifications import notify
from office.roles import Role
from office.sequences import next_number
from office.workflow import TransitionError, require, transition_perform

from .. import rules
from ..choices import DocStatus
from ..models import NumberRecord, OfficialDocument
from ..selectors import quota_exceeded_by, signer_choices
from .common import check_text_fields, office_of, require_perm

TEXT_FIELDS = (
    "title",
    "issuer",
    "issuer_code",
    "main_recipients",
    "copy_recipients",
    "body",
    "attachments_note",
)


def series_of(issuer_code: str) -> str:
    """One gap-free sequence per issuer code (机关代字) and year."""
    return f"documents:{issuer_code}"


@dataclass
class DocumentData:
    doc_type: str
    title: str
    issuer: str
    issuer_code: str
    main_recipients: str = ""
    copy_recipients: str = ""
    openness: str = "internal"
    urgency: str = "normal"
    body: str = ""
    attachments_note: str = ""
    is_normative: bool = False
    signer: object = None


def _check_data(actor, data: DocumentData) -> None:
    texts = {name: getattr(data, name) or "" for name in TEXT_FIELDS}
    check_text_fields(actor, OfficialDocument, "documents.official", **texts)
    if not data.title.strip():
        raise ValidationError({"title": _("Enter the title.")})
    if not data.issuer_code.strip():
        raise ValidationError({"issuer_code": _("Enter the issuer code of the document number.")})
    if data.signer is not None and not signer_choices(actor).filter(pk=data.signer.pk).exists():
        raise ValidationError(
            {"signer": _("The signer must be a leader or the director of your office.")}
        )


@transaction.atomic
def document_create(*, actor, data: DocumentData) -> OfficialDocument:
    """A new draft, in the actor's office, drafted by the actor."""
    require_perm(actor, "documents.add_officialdocument")
    office = office_of(actor)
    _check_data(actor, data)
    values = {f.name: getattr(data, f.name) for f in fields(DocumentData)}
    document = OfficialDocument(owning_office=office, drafter=actor, **values)
    document._history_user = actor
    document.save()
    return document


@transaction.atomic
def document_update(*, actor, document: OfficialDocument, data: DocumentData):
    """A reviewer's or the drafter's edit: a new tracked version in the history."""
    require(actor, "edit", document)
    _check_data(actor, data)
    for f in fields(DocumentData):
        setattr(document, f.name, getattr(data, f.name))
    document._history_user = actor
    document._change_reason = _("Edited")
    document.save()
    return document


@transaction.atomic
def document_submit(*, actor, document: OfficialDocument, comment: str = ""):
    if not document.body.strip():
        raise ValidationError({"body": _("The text is empty: write it before submitting.")})
    if document.signer_id is None:
        raise ValidationError({"signer": _("Name the leader who signs the document off.")})
    return transition_perform(obj=document, name="submit", actor=actor, comment=comment)


@transaction.atomic
def document_check(*, actor, document: OfficialDocument, comment: str = ""):
    """核稿 passed: to the legal adviser when the document needs a legality review, else to
    the signer, who is told."""
    name = "check_to_legal" if document.needs_legal_review else "check"
    log = transition_perform(obj=document, name=name, actor=actor, comment=comment)
    if name == "check" and document.signer is not None:
        _tell_signer(document)
    return log


@transaction.atomic
def document_legal_review(*, actor, document: OfficialDocument, opinion: str):
    """The legal adviser's opinion is recorded; the document goes on to sign-off."""
    check_text_fields(actor, OfficialDocument, "documents.legal_review", legal_opinion=opinion)
    if not opinion.strip():
        raise ValidationError({"opinion": _("Write the legality review opinion.")})
    log = transition_perform(
        obj=document,
        name="legal_review",
        actor=actor,
        legal_opinion=opinion,
        legal_reviewer=actor,
    )
    _tell_signer(document)
    return log


def _tell_signer(document) -> None:
    if document.signer is not None:
        notify(
            recipients=[document.signer],
            title=_("A document awaits your sign-off: %(title)s") % {"title": document.title},
            url=document.get_absolute_url(),
        )


@transaction.atomic
def document_sign(*, actor, document: OfficialDocument, today: date | None = None, comment=""):
    today = today or timezone.localdate()
    if document.needs_legal_review and not document.legal_opinion:
        raise TransitionError(
            _("The legality review is not in: this document cannot be signed off yet.")
        )
    return transition_perform(
        obj=document, name="sign", actor=actor, comment=comment, signed_on=today
    )


@transaction.atomic
def document_send_back(*, actor, document: OfficialDocument, reason: str):
    log = transition_perform(obj=document, name="send_back", actor=actor, comment=reason)
    if document.drafter is not None and document.drafter != actor:
        notify(
            recipients=[document.drafter],
            title=_("Sent back: %(title)s") % {"title": document.title},
            body=reason,
            url=document.get_absolute_url(),
        )
    return log


@transaction.atomic
def document_issue(
    *, actor, document: OfficialDocument, today: date | None = None, override_reason: str = ""
):
    """Number and issue. The number comes from the issuer code's sequence of the year, in
    this transaction: no gap, no duplicate, even when two people issue at once. Issuing over
    last year's count (只减不增) takes the director, with a reason."""
    today = today or timezone.localdate()
    require(actor, "issue", document, today)
    check_text_fields(
        actor, OfficialDocument, "documents.issue", quota_override_reason=override_reason
    )
    # Lock the office's row of the series first, then count: two issues at once count in turn.
    locked = OfficialDocument.objects.select_for_update().get(pk=document.pk)
    if locked.status != DocStatus.SIGNED:
        raise TransitionError(_("This document already has its number."))
    sequence = next_number(
        office=document.owning_office, series=series_of(document.issuer_code), year=today.year
    )
    over = rules.quota_enforced() and quota_exceeded_by(document, today.year)
    if over and not (actor.has_role(Role.DIRECTOR) and override_reason.strip()):
        raise ValidationError(
            {
                "override_reason": _(
                    "Issuing this document would put this year's documents over last year's "
                    "count (只减不增): the director must issue it, with the reason."
                )
            }
        )
    number = document_number(document.issuer_code, today.year, sequence)
    NumberRecord.objects.create(
        owning_office=document.owning_office, document=document, number=number
    )
    return transition_perform(
        obj=document,
        name="issue",
        actor=actor,
        year=today.year,
        sequence=sequence,
        number=number,
        issued_on=today,
        quota_override_reason=override_reason if over else "",
        filing_due=rules.filing_due(today) if document.is_normative else None,
    )


@transaction.atomic
def document_record_filing(
    *, actor, document: OfficialDocument, filing_number: str, filed_on: date
):
    require(actor, "record_filing", document)
    check_text_fields(actor, OfficialDocument, "documents.filing", filing_number=filing_number)
    check_dates(filed_on=filed_on)
    if document.issued_on and filed_on < document.issued_on:
        raise ValidationError({"filed_on": _("A document is filed after it is issued.")})
    document.filing_number = filing_number
    document.filed_on = filed_on
    document._history_user = actor
    document._change_reason = _("Filing recorded")
    document.save(update_fields=["filing_number", "filed_on"])
    return document
