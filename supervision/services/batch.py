"""Batch work of the office: assign, set the report cycle of, or urge several items in one
confirmation. Each row goes through the same service as one item would, in its own savepoint:
a row the service refuses changes nothing and is reported with its reason, and the others
still go through."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import ReportCycle
from ..models import Item
from .editing import item_update
from .items import item_assign, item_urge

ASSIGN, SET_CYCLE, URGE = "assign", "set_cycle", "urge"
BATCH_ACTIONS = {
    ASSIGN: gettext_lazy("Assign to their lead units"),
    SET_CYCLE: gettext_lazy("Set the report cycle"),
    URGE: gettext_lazy("Urge the lead units"),
}


@dataclass
class BatchResult:
    done: list[Item] = field(default_factory=list)
    # (item, why the service refused it)
    refused: list[tuple[Item, str]] = field(default_factory=list)


def items_batch(
    *, actor, items, action: str, report_cycle: str = "", message: str = ""
) -> BatchResult:
    """Do ``action`` to each item through its service; collect what was done and what was
    refused, with the reason."""
    if action not in BATCH_ACTIONS:
        raise ValidationError(_("Choose what to do with the selected items."))
    if action == SET_CYCLE and report_cycle not in ReportCycle.values:
        raise ValidationError({"report_cycle": _("Choose the report cycle.")})
    if action == URGE and not message.strip():
        raise ValidationError({"message": _("Write the urging message.")})
    result = BatchResult()
    for item in items:
        try:
            with transaction.atomic():
                if action == ASSIGN:
                    item_assign(actor=actor, item=item)
                elif action == SET_CYCLE:
                    item_update(actor=actor, item=item, data={"report_cycle": report_cycle})
                else:
                    item_urge(actor=actor, item=item, message=message)
        except ValidationError as error:  # a refusal (TransitionForbidden is one too)
            result.refused.append((item, " ".join(error.messages)))
        else:
            result.done.append(item)
    return result
