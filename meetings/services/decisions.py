"""Decisions (议定事项) and their one-click hand-over to supervision."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.classification import refuse_classified
from office.selectors import units_outside_scope
from office.texts import check_texts
from office.workflow import require
from supervision import services as supervision

from ..models import Decision, Meeting


@transaction.atomic
def decision_add(*, actor, meeting: Meeting, text: str, lead_unit=None, agenda_item=None):
    require(actor, "decide", meeting)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the decision.")})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    if lead_unit is not None and units_outside_scope(actor, [lead_unit]):
        raise ValidationError(
            {"lead_unit": _("%(unit)s is outside your office.") % {"unit": lead_unit}}
        )
    check_texts(Decision, text=text)
    refuse_classified(actor=actor, where="meetings.decision_add", text=text)
    decision = Decision(
        meeting=meeting, agenda_item=agenda_item, text=text, lead_unit=lead_unit, created_by=actor
    )
    decision._history_user = actor
    decision.save()
    return decision


@transaction.atomic
def decision_to_supervision(*, actor, decision: Decision, lead_unit=None, deadline=None):
    """The decision as a supervision item: source "meeting decision", the meeting linked,
    the deadline proposed from the meeting-decision time limit. Once only."""
    meeting = decision.meeting
    require(actor, "decide", meeting)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.supervision_item_id is not None:
        raise ValidationError(_("This decision is a supervision item already."))
    lead_unit = lead_unit or decision.lead_unit
    if lead_unit is None:
        raise ValidationError({"lead_unit": _("Choose the lead unit.")})
    day = timezone.localtime(meeting.starts_at).date()
    item = supervision.item_register(
        actor=actor,
        data=supervision.ItemData(
            title=decision.text[:200],
            source_kind="meeting",
            lead_unit=lead_unit,
            deadline=deadline,
            source_reference=f"{meeting.title}（{day:%Y-%m-%d}）"[:200],
        ),
        origin=decision,
    )
    decision.supervision_item = item
    decision.lead_unit = lead_unit
    decision._history_user = actor
    decision.save(update_fields=["supervision_item", "lead_unit"])
    return item
