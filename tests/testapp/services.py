"""The test app's writes: each action of a ticket is one service, as in a real app."""

from django.db import transaction

from office.workflow import transition_perform


@transaction.atomic
def ticket_move(*, actor, ticket, name: str, comment: str = ""):
    return transition_perform(obj=ticket, name=name, actor=actor, comment=comment)
