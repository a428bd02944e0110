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

from ..models import InfoPiece, InfoTopic
from .common import check_text_fields, office_of, require_perm


@transaction.atomic
def info_topic_create(
    *, actor, kind: str, title: str, requested_by: str, due_date=None, description: str = ""
) -> InfoTopic:
    """A topic list or commissioned request from the higher level, for the units to answer."""
    require_perm(actor, "documents.add_infotopic")
    office = office_of(actor)
    check_text_fields(
        actor, InfoTopic, "documents.info_topic",
        title=title, requested_by=requested_by, description=description,
    )  # fmt: skip
    check_dates(due_date=due_date)
    if not title.strip():
        raise ValidationError({"title": _("Enter the title.")})
    topic = InfoTopic(
        owning_office=office, kind=kind, title=title, requested_by=requested_by,
        due_date=due_date, description=description, created_by=actor,
    )  # fmt: skip
    topic._history_user = actor
    topic.save()
    return topic


@transaction.atomic
def info_submit(
    *, actor, unit, title: str, text: str, is_research=False, submitted_on=None, topic=None
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
    if topic is not None and topic.owning_office_id != unit.office_id:
        raise ValidationError({"topic": _("The topic is not one of your county's.")})
    piece = InfoPiece(
        owning_office=unit.office,
        topic=topic,
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
