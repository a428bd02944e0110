"""Writes of reform pilots and demonstrations (改革试点/示范)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.attachments import attachment_create, check_uploads
from office.classification import refuse_classified
from office.dates import check_dates
from office.models import OrgUnit
from office.selectors import units_outside_scope
from office.texts import check_texts
from office.workflow import TransitionForbidden, require, transition_perform

from ..models import KeyTask, Pilot, PilotAttachment


@dataclass
class PilotData:
    name: str
    kind: str
    level: str
    approving_body: str
    lead_unit: OrgUnit | None
    applied_on: date
    approval_document: str = ""
    task: KeyTask | None = None
    period_start: date | None = None
    period_end: date | None = None


def _check(actor, data: PilotData) -> None:
    errors = {}
    if not data.level:
        errors["level"] = _("Choose the level.")
    if data.lead_unit is None:
        errors["lead_unit"] = _("Choose the lead unit.")
    elif units_outside_scope(actor, [data.lead_unit]):
        errors["lead_unit"] = _("%(unit)s is outside your office.") % {"unit": data.lead_unit}
    if data.task is not None and data.task.owning_office_id != actor.office.pk:
        errors["task"] = _("The task is not one of your office's.")
    if data.period_start and data.period_end and data.period_end < data.period_start:
        errors["period_end"] = _("The period must end after it starts.")
    if errors:
        raise ValidationError(errors)
    check_dates(
        applied_on=data.applied_on, period_start=data.period_start, period_end=data.period_end
    )
    refuse_classified(
        actor=actor,
        where="reforms.pilot_save",
        name=data.name,
        approving_body=data.approving_body,
        approval_document=data.approval_document,
    )


@transaction.atomic
def pilot_create(*, actor, data: PilotData) -> Pilot:
    """A pilot or demonstration the county applied for (申报)."""
    if not actor.has_perm("reforms.add_pilot"):
        raise TransitionForbidden(_("Only the office enters reform pilots."))
    _check(actor, data)
    pilot = Pilot(owning_office=actor.office, created_by=actor, **data.__dict__)
    pilot.full_clean()
    pilot.save()
    return pilot


@transaction.atomic
def pilot_update(*, actor, pilot: Pilot, data: PilotData) -> Pilot:
    require(actor, "edit", pilot)
    _check(actor, data)
    for name, value in data.__dict__.items():
        setattr(pilot, name, value)
    pilot._history_user = actor
    pilot.full_clean()
    pilot.save()
    return pilot


@transaction.atomic
def pilot_approve(
    *, actor, pilot: Pilot, approved_on: date, document: str = "", today: date | None = None
) -> Pilot:
    """The higher level approved it (获批): the date and document are recorded."""
    check_dates(approved_on=approved_on)
    if approved_on < pilot.applied_on:
        raise ValidationError({"approved_on": _("The approval cannot be before the application.")})
    refuse_classified(actor=actor, where="reforms.pilot_approve", approval_document=document)
    changes = {"approved_on": approved_on}
    if document.strip():
        changes["approval_document"] = document.strip()
    transition_perform(obj=pilot, name="approve", actor=actor, **changes)
    return pilot


@transaction.atomic
def pilot_move(*, actor, pilot: Pilot, name: str, comment: str = "") -> Pilot:
    """start, promote or withdraw (a withdrawal gives its reason)."""
    if name not in ("start", "promote", "withdraw"):
        raise ValidationError(_("Unknown action: %(name)s") % {"name": name})
    refuse_classified(actor=actor, where="reforms.pilot_move", comment=comment)
    transition_perform(obj=pilot, name=name, actor=actor, comment=comment)
    return pilot


@transaction.atomic
def pilot_evaluate(*, actor, pilot: Pilot, evaluation: str) -> Pilot:
    """The evaluation's result (评估) is recorded with the step."""
    if not evaluation.strip():
        raise ValidationError({"evaluation": _("Enter the evaluation result.")})
    check_texts(Pilot, evaluation=evaluation)
    refuse_classified(actor=actor, where="reforms.pilot_evaluate", evaluation=evaluation)
    transition_perform(obj=pilot, name="evaluate", actor=actor, evaluation=evaluation.strip())
    return pilot


@transaction.atomic
def pilot_add_evidence(*, actor, pilot: Pilot, files, today: date | None = None) -> list:
    require(actor, "add_evidence", pilot, today or timezone.localdate())
    if not files:
        raise ValidationError({"attachments": _("Choose at least one file.")})
    check_uploads(files, actor=actor, where="reforms.pilot_add_evidence")
    return [
        attachment_create(PilotAttachment, upload=upload, pilot=pilot, uploaded_by=actor)
        for upload in files
    ]
