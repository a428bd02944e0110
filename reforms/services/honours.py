"""Writes of honours (荣誉)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from office.attachments import attachment_create, check_uploads
from office.classification import refuse_classified
from office.dates import check_dates
from office.models import OrgUnit
from office.models.scoping import in_scope
from office.selectors import units_outside_scope
from office.workflow import TransitionForbidden

from ..choices import Recipient
from ..models import Honour, HonourAttachment
from ..rules import honour_errors


@dataclass
class HonourData:
    title: str
    level: str
    awarding_body: str
    awarded_on: date
    recipient: str = Recipient.UNIT
    unit: OrgUnit | None = None
    person: str = ""
    advanced_unit: bool = False


def _check(actor, data: HonourData) -> None:
    errors = honour_errors(
        level=data.level,
        recipient=data.recipient,
        unit=data.unit,
        person=data.person,
        advanced_unit=data.advanced_unit,
    )
    if data.unit is not None and units_outside_scope(actor, [data.unit]):
        errors["unit"] = _("%(unit)s is outside your office.") % {"unit": data.unit}
    if errors:
        raise ValidationError(errors)
    check_dates(awarded_on=data.awarded_on)
    refuse_classified(
        actor=actor,
        where="reforms.honour_save",
        title=data.title,
        awarding_body=data.awarding_body,
        person=data.person,
    )


def _normalised(actor, data: HonourData) -> dict:
    """Only what fits whom the honour went to: the office's own honours name the office as
    the unit (so the office's lists find them), a person's name no unit."""
    values = dict(data.__dict__)
    if data.recipient != Recipient.PERSON:
        values["person"] = ""
    if data.recipient == Recipient.PERSON:
        values["unit"] = None
    if data.recipient == Recipient.OFFICE:
        values["unit"] = actor.office
    return values


@transaction.atomic
def honour_create(*, actor, data: HonourData, files=()) -> Honour:
    if not actor.has_perm("reforms.add_honour"):
        raise TransitionForbidden(_("Only the office records honours."))
    _check(actor, data)
    check_uploads(files, actor=actor, where="reforms.honour_create")
    honour = Honour(owning_office=actor.office, created_by=actor, **_normalised(actor, data))
    honour.full_clean()
    honour.save()
    for upload in files:
        attachment_create(HonourAttachment, upload=upload, honour=honour)
    return honour


@transaction.atomic
def honour_update(*, actor, honour: Honour, data: HonourData, files=()) -> Honour:
    if not actor.has_perm("reforms.change_honour") or not in_scope(actor, honour, "change"):
        raise PermissionDenied
    _check(actor, data)
    check_uploads(files, actor=actor, where="reforms.honour_update")
    for name, value in _normalised(actor, data).items():
        setattr(honour, name, value)
    honour._history_user = actor
    honour.full_clean()
    honour.save()
    for upload in files:
        attachment_create(HonourAttachment, upload=upload, honour=honour)
    return honour
