"""The test app's writes, shaped like an app's services: each action is one service."""

from django.core.exceptions import ValidationError
from django.db import transaction

from office.workflow import transition_perform

from .models import Ticket


@transaction.atomic
def ticket_move(*, actor, ticket, name: str, comment: str = ""):
    return transition_perform(obj=ticket, name=name, actor=actor, comment=comment)


@transaction.atomic
def ticket_create(*, actor, title: str, unit, status: str, due_on=None, assignee=None) -> Ticket:
    if Ticket.objects.filter(owning_office=actor.office, title=title).exists():
        raise ValidationError(f"{title} already exists.")
    return Ticket.objects.create(
        title=title,
        owning_office=actor.office,
        unit=unit,
        status=status,
        due_on=due_on,
        assignee=assignee,
    )
