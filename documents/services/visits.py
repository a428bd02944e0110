"""Research visits (调研) by provincial and municipal bodies, and their follow-up items, which
go to supervision with one click (through supervision's services, the only way in)."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from office.dates import check_dates
from office.workflow import require
from supervision import services as supervision_services

from ..models import FollowUp, ResearchVisit
from ..selectors import leader_choices
from .common import check_text_fields, office_of, require_perm


@dataclass
class VisitData:
    visiting_body: str
    level: str
    topic: str
    start_date: date
    end_date: date
    places: str = ""
    notes: str = ""
    accompanying_leaders: list = field(default_factory=list)


@transaction.atomic
def visit_create(*, actor, data: VisitData) -> ResearchVisit:
    require_perm(actor, "documents.add_researchvisit")
    office = office_of(actor)
    check_text_fields(
        actor,
        ResearchVisit,
        "documents.visit",
        visiting_body=data.visiting_body,
        topic=data.topic,
        places=data.places,
        notes=data.notes,
    )
    check_dates(start_date=data.start_date, end_date=data.end_date)
    if data.end_date < data.start_date:
        raise ValidationError({"end_date": _("A visit cannot end before it starts.")})
    allowed = set(leader_choices(actor).values_list("pk", flat=True))
    if any(leader.pk not in allowed for leader in data.accompanying_leaders):
        raise ValidationError(
            {"accompanying_leaders": _("Only leaders of your county accompany a visit.")}
        )
    visit = ResearchVisit(
        owning_office=office,
        created_by=actor,
        visiting_body=data.visiting_body,
        level=data.level,
        topic=data.topic,
        start_date=data.start_date,
        end_date=data.end_date,
        places=data.places,
        notes=data.notes,
    )
    visit._history_user = actor
    visit.save()
    visit.accompanying_leaders.set(data.accompanying_leaders)
    return visit


@transaction.atomic
def visit_follow_up(*, actor, visit: ResearchVisit, text: str, lead_unit=None, deadline=None):
    """A follow-up item of the visit; with a lead unit it opens a supervision item at once."""
    require(actor, "follow_up", visit)
    check_text_fields(actor, FollowUp, "documents.follow_up", text=text)
    if not text.strip():
        raise ValidationError({"text": _("Write the follow-up item.")})
    follow_up = FollowUp.objects.create(visit=visit, text=text)
    if lead_unit is not None:
        item = supervision_services.item_register(
            actor=actor,
            data=supervision_services.ItemData(
                title=text[:200],
                source_kind="higher_level",
                lead_unit=lead_unit,
                deadline=deadline,
                source_reference=str(visit)[:200],
            ),
            origin=visit,
        )
        follow_up.supervision_item_id = item.pk
        follow_up.save(update_fields=["supervision_item_id"])
    return follow_up
