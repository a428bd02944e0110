"""Writes of circulars (督查通报): a draft generated from the figures, edited by the office,
published by the director to the units in its table."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.dates import check_dates
from office.notifications import notify
from office.roles import Role
from office.selectors import unit_members_with_role
from office.texts import check_texts
from office.workflow import TransitionForbidden, require, transition_perform

from ..choices import CircularStatus
from ..circulars import (
    _day,
    compute_figures,
    default_title,
    draft_text,
    figures_for,
    figures_snapshot,
)
from ..models import Circular


def _check_may_create(actor) -> None:
    if not actor.has_perm("supervision.add_circular"):
        raise TransitionForbidden(_("Only the office prepares circulars."))
    if actor.office is None:
        raise ValidationError(_("Your account belongs to no office."))


def _check_period(start: date, end: date, today: date) -> None:
    check_dates(period_start=start, period_end=end)
    if end < start:
        raise ValidationError({"period_end": _("The period must end after it starts.")})
    if start > today:
        raise ValidationError({"period_start": _("The period cannot start in the future.")})


@transaction.atomic
def circular_create(
    *, actor, title: str, period_start: date, period_end: date, today: date | None = None
) -> Circular:
    """A draft circular, its text generated from the period's figures."""
    _check_may_create(actor)
    today = today or timezone.localdate()
    _check_period(period_start, period_end, today)
    figures = compute_figures(actor.office, period_start, period_end, today)
    return Circular.objects.create(
        owning_office=actor.office,
        title=title.strip() or default_title(period_start, period_end),
        period_start=period_start,
        period_end=period_end,
        text=draft_text(figures),
        created_by=actor,
    )


@transaction.atomic
def circular_update(*, actor, circular: Circular, title: str, text: str) -> Circular:
    """The office edits the draft's title and text; a published circular stays as it went out."""
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if circular.status != CircularStatus.DRAFT:
        raise ValidationError(_("A published circular cannot be changed."))
    require(actor, "edit", circular)
    if not title.strip():
        raise ValidationError({"title": _("Enter the title.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the text of the circular.")})
    check_texts(Circular, text=text)
    circular.title = title.strip()
    circular.text = text.strip()
    circular._history_user = actor
    circular.save(update_fields=["title", "text"])
    return circular


@transaction.atomic
def circular_publish(*, actor, circular: Circular, today: date | None = None) -> Circular:
    """The director publishes: the units in the circular's table may see it from now on and
    their liaisons are told."""
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if circular.status != CircularStatus.DRAFT:
        raise ValidationError(_("This circular has already been published."))
    require(actor, "publish", circular)
    if not circular.text.strip():
        raise ValidationError(_("Write the text of the circular before publishing it."))
    figures = figures_for(circular, today)
    unit_ids = [u.unit_id for u in figures.units]
    transition_perform(
        obj=circular,
        name="publish",
        actor=actor,
        published_at=timezone.now(),
        figures=figures_snapshot(figures),
    )
    circular.units.set(unit_ids)
    # A circular is a unit-level document: every liaison of a unit concerned reads it, the
    # unit head included (unlike the daily item notices of services.unit_liaisons).
    liaisons = unit_members_with_role(unit_ids, Role.UNIT_LIAISON)
    notify(
        recipients=liaisons,
        title=_("Circular published: %(title)s") % {"title": circular.title},
        body=_("Period: %(start)s to %(end)s.")
        % {"start": _day(circular.period_start), "end": _day(circular.period_end)},
        url=circular.get_absolute_url(),
    )
    return circular
