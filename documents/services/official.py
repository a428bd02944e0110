"""Outgoing official documents (发文): draft → check (核稿) → legality review (normative) →
countersign by other units in turn (会签, when named) → sign-off (签发) → number and issue →
archive (归档); each reviewer able to send it back to an earlier step with a reason, and
the director able to void an issued number (作废), which stays taken."""

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.dates import check_dates
from office.docx import document_number
from office.notifications import notify
from office.roles import Role
from office.selectors import office_role_holders
from office.sequences import next_number
from office.workflow import TransitionError, TransitionForbidden, require, transition_perform

from .. import rules
from ..choices import DOC_STEPS, DocStatus
from ..models import Countersignature, NumberRecord, OfficialDocument
from ..selectors import (
    countersign_unit_choices,
    quota_exceeded_by,
    signer_choices,
)
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
    # Units that countersign (会签), in the order they sign.
    countersign_units: Sequence = field(default_factory=tuple)


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
    units = list(data.countersign_units or ())
    allowed = set(countersign_unit_choices(actor).values_list("pk", flat=True))
    if any(unit.pk not in allowed for unit in units):
        raise ValidationError(
            {"countersign_units": _("Countersigning units are units of your county.")}
        )
    if len({unit.pk for unit in units}) != len(units):
        raise ValidationError({"countersign_units": _("A unit countersigns a document once.")})


def _set_countersigners(document, units) -> None:
    """The countersigning units in their order; any signatures taken so far are dropped
    (the text they signed may have changed)."""
    document.countersignatures.all().delete()
    Countersignature.objects.bulk_create(
        Countersignature(document=document, unit=unit, position=position)
        for position, unit in enumerate(units, start=1)
    )


@transaction.atomic
def document_create(*, actor, data: DocumentData) -> OfficialDocument:
    """A new draft, in the actor's office, drafted by the actor."""
    require_perm(actor, "documents.add_officialdocument")
    office = office_of(actor)
    _check_data(actor, data)
    values = {f.name: getattr(data, f.name) for f in fields(DocumentData)}
    units = values.pop("countersign_units")
    document = OfficialDocument(owning_office=office, drafter=actor, **values)
    document._history_user = actor
    document.save()
    _set_countersigners(document, units)
    return document


@transaction.atomic
def document_update(*, actor, document: OfficialDocument, data: DocumentData):
    """A reviewer's or the drafter's edit: a new tracked version in the history."""
    require(actor, "edit", document)
    _check_data(actor, data)
    for f in fields(DocumentData):
        if f.name != "countersign_units":
            setattr(document, f.name, getattr(data, f.name))
    document._history_user = actor
    document._change_reason = _("Edited")
    document.save()
    units = list(data.countersign_units or ())
    current = list(document.countersignatures.values_list("unit_id", flat=True))
    if [unit.pk for unit in units] != current:
        _set_countersigners(document, units)
    return document


@transaction.atomic
def document_submit(*, actor, document: OfficialDocument, comment: str = ""):
    if not document.body.strip():
        raise ValidationError({"body": _("The text is empty: write it before submitting.")})
    if document.signer_id is None:
        raise ValidationError({"signer": _("Name the leader who signs the document off.")})
    return transition_perform(obj=document, name="submit", actor=actor, comment=comment)


def _after_review(document) -> str:
    """Where a document goes once checked (and reviewed): to its countersigning units when
    it names any, else to the signer."""
    if document.countersignatures.exists():
        return DocStatus.COUNTERSIGNING
    return DocStatus.SIGNING


@transaction.atomic
def document_check(*, actor, document: OfficialDocument, comment: str = ""):
    """核稿 passed: to the legal adviser when the document needs a legality review, else to
    the countersigning units or the signer, who is told."""
    if document.needs_legal_review:
        return transition_perform(obj=document, name="check_to_legal", actor=actor, comment=comment)
    target = _after_review(document)
    log = transition_perform(
        obj=document, name="check", actor=actor, comment=comment, target=target
    )
    if target == DocStatus.SIGNING:
        _tell_signer(document)
    return log


@transaction.atomic
def document_legal_review(*, actor, document: OfficialDocument, opinion: str):
    """The legal adviser's opinion is recorded; the document goes on to countersigning or
    sign-off."""
    check_text_fields(actor, OfficialDocument, "documents.legal_review", legal_opinion=opinion)
    if not opinion.strip():
        raise ValidationError({"opinion": _("Write the legality review opinion.")})
    target = _after_review(document)
    log = transition_perform(
        obj=document,
        name="legal_review",
        actor=actor,
        target=target,
        legal_opinion=opinion,
        legal_reviewer=actor,
    )
    if target == DocStatus.SIGNING:
        _tell_signer(document)
    return log


@transaction.atomic
def document_countersign(
    *,
    actor,
    document: OfficialDocument,
    signed_by: str,
    opinion: str = "",
    agrees: bool = True,
    today=None,
):
    """The office records the next unit's countersignature (会签) from its signed slip: who
    signed for it and its opinion. After the last unit the document goes on to sign-off."""
    today = today or timezone.localdate()
    require(actor, "countersign", document, today)
    if not signed_by.strip():
        raise ValidationError({"signed_by": _("Enter who signed for the unit.")})
    return _countersign(actor, document, signed_by, opinion, agrees, today)


@transaction.atomic
def document_countersign_own(
    *, actor, document: OfficialDocument, agrees: bool, opinion: str = "", today=None
):
    """The head or liaison of the unit whose turn it is countersigns in the app: agrees, or
    disagrees and says why."""
    today = today or timezone.localdate()
    require(actor, "countersign_own", document, today)
    return _countersign(
        actor, document, actor.name or actor.username, opinion, agrees, today, own=True
    )


def _countersign(actor, document, signed_by, opinion, agrees, today, *, own=False):
    check_text_fields(
        actor, Countersignature, "documents.countersign", signed_by=signed_by, opinion=opinion
    )
    if not agrees and not opinion.strip():
        raise ValidationError({"opinion": _("Say why the unit disagrees.")})
    # One unit after the other: the rows are locked, and the turn is read again under the lock.
    pending = document.countersignatures.select_for_update().filter(signed_on__isnull=True)
    signature = pending.order_by("position").first()
    if signature is None:
        raise TransitionError(_("Every unit has countersigned this document."))
    if own and signature.unit_id != actor.org_unit_id:  # another unit signed meanwhile
        raise TransitionForbidden(document.workflow.get("countersign_own").refusal)
    signature.signed_by, signature.opinion, signature.signed_on = signed_by, opinion, today
    signature.agrees = agrees
    signature.recorded_by, signature.recorded_at = actor, timezone.now()
    signature.save()
    if not pending.exists():
        transition_perform(obj=document, name="countersigned", actor=actor)
        _tell_signer(document)
    return signature


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


def send_back_steps(document) -> list[str]:
    """The earlier steps this document has passed and may be sent back to, nearest last:
    the draft, checking, the legality review if it needs one, countersigning if it has
    countersigning units."""
    steps = [
        step
        for step in DOC_STEPS
        if (step != DocStatus.LEGAL_REVIEW or document.needs_legal_review)
        and (step != DocStatus.COUNTERSIGNING or document.countersignatures.exists())
    ]
    if document.status not in steps:
        return []
    return steps[: steps.index(document.status)]


@transaction.atomic
def document_send_back(
    *, actor, document: OfficialDocument, reason: str, to: str = DocStatus.DRAFTING
):
    """Back to an earlier step with the reason: the draft by default, or checking, the
    legality review or countersigning. Whoever acts at that step is told; a step before
    countersigning takes the units' signatures again."""
    if to not in send_back_steps(document):
        raise ValidationError({"to": _("The document can only go back to a step it has passed.")})
    changes = {}
    if to == DocStatus.LEGAL_REVIEW or DOC_STEPS.index(to) < DOC_STEPS.index(
        DocStatus.LEGAL_REVIEW
    ):
        changes = {"legal_opinion": "", "legal_reviewer": None}
    log = transition_perform(
        obj=document, name="send_back", actor=actor, comment=reason, target=to, **changes
    )
    if DOC_STEPS.index(to) <= DOC_STEPS.index(DocStatus.COUNTERSIGNING):
        document.countersignatures.update(
            signed_by="", opinion="", agrees=True, signed_on=None, recorded_by=None,
            recorded_at=None,
        )  # fmt: skip
    recipients = _step_people(document, to)
    recipients = [person for person in recipients if person != actor]
    if recipients:
        notify(
            recipients=recipients,
            title=_("Sent back: %(title)s") % {"title": document.title},
            body=reason,
            url=document.get_absolute_url(),
        )
    return log


def _step_people(document, step) -> list:
    """Who acts at ``step``: the drafter at the draft and at countersigning (the office
    takes the slips round), the office's checkers and legal advisers at theirs."""
    if step in (DocStatus.DRAFTING, DocStatus.COUNTERSIGNING):
        return [document.drafter] if document.drafter is not None else []
    role = Role.LEGAL_ADVISER if step == DocStatus.LEGAL_REVIEW else Role.SECTION_HEAD
    return list(office_role_holders(document.owning_office, role))


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


@transaction.atomic
def document_archive(*, actor, document: OfficialDocument, today: date | None = None):
    """归档: an issued document goes to the archive; it stays in force and in the figures."""
    today = today or timezone.localdate()
    return transition_perform(obj=document, name="archive", actor=actor, archived_on=today)


@transaction.atomic
def document_void(*, actor, document: OfficialDocument, reason: str, today: date | None = None):
    """作废: the director voids an issued document with the reason. Its number stays taken
    (the series goes on after it, never gives it again) and the register shows it voided."""
    today = today or timezone.localdate()
    check_text_fields(actor, OfficialDocument, "documents.void", void_reason=reason)
    log = transition_perform(
        obj=document,
        name="void",
        actor=actor,
        comment=reason,
        voided_on=today,
        void_reason=reason,
    )
    NumberRecord.objects.filter(document=document, number=document.number).update(
        voided=True, void_reason=reason
    )
    return log
