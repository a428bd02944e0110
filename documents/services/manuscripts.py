"""Manuscripts (文稿): register, save versions (the character count follows the text),
deliver, record publication."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from office.dates import check_dates
from office.workflow import require, transition_perform

from ..choices import ManuscriptKind, ManuscriptStatus
from ..models import Manuscript, ManuscriptVersion
from ..rules import count_characters
from .common import check_text_fields, office_of, require_perm


@dataclass
class ManuscriptData:
    kind: str
    title: str
    assigned_on: date
    due_date: date | None = None
    for_whom: str = ""
    commissioning_body: str = ""
    research_visit: object = None


def _check(actor, data: ManuscriptData) -> None:
    check_text_fields(
        actor,
        Manuscript,
        "documents.manuscript",
        title=data.title,
        for_whom=data.for_whom,
        commissioning_body=data.commissioning_body,
    )
    check_dates(assigned_on=data.assigned_on, due_date=data.due_date)
    errors = {}
    if data.kind == ManuscriptKind.COMMISSIONED:
        if not data.commissioning_body.strip():
            errors["commissioning_body"] = _("A commissioned piece names who commissioned it.")
        if data.due_date is None:
            errors["due_date"] = _("A commissioned piece has a due date.")
    if data.due_date and data.due_date < data.assigned_on:
        errors["due_date"] = _("The due date cannot be before the day it was assigned.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def manuscript_create(*, actor, data: ManuscriptData, text: str = "") -> Manuscript:
    require_perm(actor, "documents.add_manuscript")
    office = office_of(actor)
    _check(actor, data)
    manuscript = Manuscript(
        owning_office=office,
        author=actor,
        kind=data.kind,
        title=data.title,
        assigned_on=data.assigned_on,
        due_date=data.due_date,
        for_whom=data.for_whom,
        commissioning_body=data.commissioning_body,
        research_visit=data.research_visit,
    )
    manuscript._history_user = actor
    manuscript.save()
    if text.strip():
        manuscript_revise(actor=actor, manuscript=manuscript, text=text, note=_("First draft"))
    return manuscript


@transaction.atomic
def manuscript_revise(*, actor, manuscript: Manuscript, text: str, note: str = ""):
    """A new version of the text; the manuscript's text and character count follow it."""
    require(actor, "revise", manuscript)
    check_text_fields(
        actor, ManuscriptVersion, "documents.manuscript_version", text=text, note=note
    )
    if not text.strip():
        raise ValidationError({"text": _("The text is empty.")})
    latest = manuscript.versions.aggregate(n=Max("number"))["n"] or 0
    characters = count_characters(text)
    version = ManuscriptVersion.objects.create(
        manuscript=manuscript,
        number=latest + 1,
        text=text,
        characters=characters,
        note=note,
        author=actor,
    )
    if manuscript.status == ManuscriptStatus.ASSIGNED:
        transition_perform(obj=manuscript, name="start", actor=actor)
    manuscript.text = text
    manuscript.characters = characters
    manuscript._history_user = actor
    manuscript._change_reason = _("Version %(number)s saved") % {"number": version.number}
    manuscript.save(update_fields=["text", "characters"])
    return version


@transaction.atomic
def manuscript_deliver(*, actor, manuscript: Manuscript, today: date | None = None):
    today = today or timezone.localdate()
    if not manuscript.text.strip():
        raise ValidationError({"text": _("Nothing to deliver: the text is empty.")})
    return transition_perform(obj=manuscript, name="deliver", actor=actor, delivered_on=today)


@transaction.atomic
def manuscript_publish(
    *, actor, manuscript: Manuscript, journal: str, journal_issue: str, published_on: date
):
    require(actor, "publish", manuscript)
    check_text_fields(
        actor, Manuscript, "documents.publish", journal=journal, journal_issue=journal_issue
    )
    check_dates(published_on=published_on)
    if not journal.strip():
        raise ValidationError({"journal": _("Name the journal.")})
    if manuscript.delivered_on and published_on < manuscript.delivered_on:
        raise ValidationError({"published_on": _("It cannot be published before delivery.")})
    manuscript.journal = journal
    manuscript.journal_issue = journal_issue
    manuscript.published_on = published_on
    manuscript._history_user = actor
    manuscript._change_reason = _("Publication recorded")
    manuscript.save(update_fields=["journal", "journal_issue", "published_on"])
    return manuscript
