"""The confidential ledger (机要台账): metadata of classified paper, copies lent with a return
date (the same day by default), taken back, and destroyed before two witnesses. No file is
ever uploaded here; the classification fields are exempt from the marker guard by design,
every other text is still checked."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.dates import check_dates
from office.models import User
from office.workflow import require, transition_perform

from ..models import ConfidentialLoan, ConfidentialRecord
from .common import check_text_fields, office_of, require_perm


@dataclass
class ConfidentialData:
    title: str
    sender: str
    classification: str
    received_on: date
    copy_numbers: str
    number: str = ""
    marking: str = ""


def office_people(actor):
    return User.objects.restrict(actor, "change").filter(is_active=True)


@transaction.atomic
def confidential_register(*, actor, data: ConfidentialData) -> ConfidentialRecord:
    require_perm(actor, "documents.add_confidentialrecord")
    office = office_of(actor)
    check_text_fields(
        actor,
        ConfidentialRecord,
        "documents.confidential",
        title=data.title,
        sender=data.sender,
        number=data.number,
        copy_numbers=data.copy_numbers,
    )
    check_dates(received_on=data.received_on)
    record = ConfidentialRecord(owning_office=office, registered_by=actor, **data.__dict__)
    record._history_user = actor
    record.save()
    return record


@transaction.atomic
def confidential_lend(
    *, actor, record: ConfidentialRecord, copy_number: str, holder, lent_on=None, due_on=None
) -> ConfidentialLoan:
    require(actor, "lend", record)
    lent_on = lent_on or timezone.localdate()
    due_on = due_on or lent_on
    check_text_fields(
        actor, ConfidentialLoan, "documents.confidential_loan", copy_number=copy_number
    )
    check_dates(lent_on=lent_on, due_on=due_on)
    if due_on < lent_on:
        raise ValidationError({"due_on": _("The return date cannot be before the day it is lent.")})
    if not office_people(actor).filter(pk=holder.pk).exists():
        raise ValidationError({"holder": _("The holder must be of your office.")})
    if record.loans.filter(copy_number=copy_number, returned_on__isnull=True).exists():
        raise ValidationError({"copy_number": _("This copy is out already.")})
    return ConfidentialLoan.objects.create(
        record=record, copy_number=copy_number, holder=holder, lent_on=lent_on, due_on=due_on
    )


@transaction.atomic
def confidential_take_back(*, actor, record: ConfidentialRecord, copy_number: str, today=None):
    require(actor, "take_back", record)
    loan = record.loans.filter(copy_number=copy_number, returned_on__isnull=True).first()
    if loan is None:
        raise ValidationError({"copy_number": _("This copy is not out.")})
    loan.returned_on = today or timezone.localdate()
    loan.save(update_fields=["returned_on"])
    return loan


@transaction.atomic
def confidential_receipt(
    *, actor, record: ConfidentialRecord, copy_number: str, read_on=None
) -> ConfidentialLoan:
    """The holder has signed the reading slip of the copy (the read receipt): recorded on
    the copy's latest loan, on a day within it (not before it was lent)."""
    require(actor, "receipt", record)
    read_on = read_on or timezone.localdate()
    check_dates(read_on=read_on)
    loan = record.loans.filter(copy_number=copy_number).order_by("-lent_on", "-id").first()
    if loan is None:
        raise ValidationError({"copy_number": _("This copy has not been lent.")})
    if read_on < loan.lent_on or (loan.returned_on and read_on > loan.returned_on):
        raise ValidationError({"read_on": _("The copy is read while it is lent.")})
    loan.read_on = read_on
    loan.save(update_fields=["read_on"])
    return loan


@transaction.atomic
def confidential_destroy(*, actor, record: ConfidentialRecord, witnesses, destroyed_on=None):
    """Destroyed before two witnesses of the office, neither of them the actor; every copy
    must be back first."""
    destroyed_on = destroyed_on or timezone.localdate()
    witnesses = list(dict.fromkeys(witnesses))
    if len(witnesses) != 2 or actor in witnesses:
        raise ValidationError({"witnesses": _("Destruction takes two witnesses besides you.")})
    if office_people(actor).filter(pk__in=[w.pk for w in witnesses]).count() != 2:
        raise ValidationError({"witnesses": _("The witnesses must be of your office.")})
    if record.loans.filter(returned_on__isnull=True).exists():
        raise ValidationError(_("A copy is still out: take it back before destruction."))
    check_dates(destroyed_on=destroyed_on)
    log = transition_perform(obj=record, name="destroy", actor=actor, destroyed_on=destroyed_on)
    record.witnesses.set(witnesses)
    return log
