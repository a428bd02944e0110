"""Information reports (信息报送): a unit submits, the office edits and forwards, and records
the adoption by the city or the province (with a leader's comment)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.dates import check_dates
from office.roles import acts_for_unit
from office.workflow import TransitionForbidden, transition_perform

from ..models import InfoPiece
from .common import check_text_fields, require_perm


@transaction.atomic
def info_submit(
    *, actor, unit, title: str, text: str, is_research=False, submitted_on=None
) -> InfoPiece:
    require_perm(actor, "documents.add_infopiece")
    if unit is None or not acts_for_unit(actor, unit.pk) or unit.office_id is None:
        raise TransitionForbidden(_("You submit information for your own unit."))
    if actor.office is not None and unit.office_id != actor.office.pk:
        raise TransitionForbidden(_("You submit information for your own unit."))
    check_text_fields(actor, InfoPiece, "documents.info", title=title, text=text)
    submitted_on = submitted_on or timezone.localdate()
    check_dates(submitted_on=submitted_on)
    if not text.strip():
        raise ValidationError({"text": _("The text is empty.")})
    piece = InfoPiece(
        owning_office=unit.office,
        unit=unit,
        title=title,
        text=text,
        is_research=is_research,
        submitted_on=submitted_on,
        submitted_by=actor,
    )
    piece._history_user = actor
    piece.save()
    return piece


@transaction.atomic
def info_forward(*, actor, piece: InfoPiece, text: str = ""):
    """The office's edit goes with the forwarding (a new version in the history)."""
    changes = {}
    if text.strip():
        check_text_fields(actor, InfoPiece, "documents.info_forward", text=text)
        changes["text"] = text
    return transition_perform(obj=piece, name="forward", actor=actor, **changes)


@transaction.atomic
def info_adopt(
    *, actor, piece: InfoPiece, adopted_by: str, adopted_on: date, leader_comment: str = ""
):
    check_text_fields(actor, InfoPiece, "documents.info_adopt", leader_comment=leader_comment)
    check_dates(adopted_on=adopted_on)
    if adopted_on < piece.submitted_on:
        raise ValidationError({"adopted_on": _("It cannot be adopted before it was submitted.")})
    return transition_perform(
        obj=piece,
        name="adopt",
        actor=actor,
        adopted_by=adopted_by,
        adopted_on=adopted_on,
        leader_comment=leader_comment,
    )
