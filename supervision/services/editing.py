"""Editing an item after registration (修改事项).

What may still change depends on how far the item has gone. While it is only registered the
office may correct everything it typed. Once a unit holds it, the unit has planned against the
lead unit and the deadline: the deadline moves only through an approved extension, and the lead
unit changes only by cancelling the item and registering it again.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from office.selectors import office_leaders, units_outside_scope
from office.texts import check_texts
from office.workflow import require

from ..choices import ItemStatus
from ..models import Item
from ..rules import (
    deadline_error,
    instructing_leader_name,
    instruction_errors,
    leader_outside_error,
)

REGISTRATION_FIELDS = (
    "title",
    "source_kind",
    "source_reference",
    "instruction_text",
    "instructing_leader_user",
    "instructing_leader",
    "instruction_date",
    "urgency",
    "lead_unit",
    "cooperating_units",
    "responsible_person",
    "report_cycle",
    "deadline",
)
# What a person types at length: held to the one limit of long texts (office.texts).
LONG_TEXTS = ("instruction_text",)
HANDLING_FIELDS = (
    "title",
    "source_reference",
    "responsible_person",
    "cooperating_units",
    "report_cycle",
)
# A split parent has no units of its own: each per-unit item carries its unit.
GROUP_LOCKED_FIELDS = ("lead_unit", "cooperating_units")


def editable_fields(item: Item) -> tuple[str, ...]:
    """The fields the office may still change on the item; none once it is closed or
    cancelled."""
    if item.status == ItemStatus.REGISTERED:
        fields = REGISTRATION_FIELDS
    elif item.is_open:
        fields = HANDLING_FIELDS
    else:
        return ()
    if item.is_group:
        fields = tuple(name for name in fields if name not in GROUP_LOCKED_FIELDS)
    return fields


def _locked_message(name: str) -> str:
    if name == "deadline":
        return _("The deadline of an assigned item moves only through an approved extension.")
    if name == "lead_unit":
        return _(
            "The lead unit of an assigned item changes only by cancelling the item and "
            "registering it again."
        )
    return _("%(field)s can no longer be changed.") % {
        "field": Item._meta.get_field(name).verbose_name
    }


def _differs(item: Item, name: str, value) -> bool:
    if name == "cooperating_units":
        current = set(item.cooperating_units.values_list("pk", flat=True))
        return current != {unit.pk for unit in value}
    field = Item._meta.get_field(name)
    if field.is_relation:
        return getattr(item, field.attname) != (value.pk if value is not None else None)
    return getattr(item, name) != value


def _check_changes_allowed(item: Item, changes: dict) -> None:
    if not item.is_open:
        raise ValidationError(_("A closed or cancelled item cannot be edited."))
    open_fields = editable_fields(item)
    errors = {name: _locked_message(name) for name in changes if name not in open_fields}
    if errors:
        raise ValidationError(errors)


def _check_values(actor, item: Item, changes: dict) -> None:
    check_texts(Item, **{name: changes[name] for name in LONG_TEXTS if name in changes})
    lead_unit = changes.get("lead_unit", item.lead_unit)
    if "lead_unit" in changes and lead_unit is None and not item.is_group:
        raise ValidationError({"lead_unit": _("Choose the lead unit.")})
    units = [u for u in [changes.get("lead_unit"), *changes.get("cooperating_units", [])] if u]
    outside = units_outside_scope(actor, units)
    if outside:
        raise ValidationError(
            {"lead_unit": _("%(unit)s is outside your office.") % {"unit": outside[0]}}
        )
    deadline = changes.get("deadline", item.deadline)
    if deadline is None:
        raise ValidationError({"deadline": _("Enter the deadline.")})
    if "deadline" in changes and deadline_error(deadline, item.registered_on):
        raise ValidationError({"deadline": deadline_error(deadline, item.registered_on)})
    if "instructing_leader_user" in changes:
        error = leader_outside_error(changes["instructing_leader_user"], office_leaders(actor))
        if error:
            raise ValidationError({"instructing_leader_user": error})
    merged = {
        name: changes.get(name, getattr(item, name))
        for name in (
            "source_kind",
            "instruction_text",
            "instructing_leader",
            "instruction_date",
            "instructing_leader_user",
        )
    }
    errors = instruction_errors(**merged)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def item_update(*, actor, item: Item, data: dict) -> Item:
    """修改: apply ``data`` (field name → new value) to the item. A value equal to the stored
    one is no change; a change to a field the item's status has locked is refused, and then
    nothing is saved. The change is recorded in the item's history as "Edited" by the actor."""
    # The stored row, locked: a status that moved on since the form was shown decides.
    current = Item.objects.select_for_update().get(pk=item.pk)
    if not current.is_open:
        raise ValidationError(_("A closed or cancelled item cannot be edited."))
    require(actor, "edit", current)
    unknown = set(data) - set(REGISTRATION_FIELDS)
    if unknown:
        raise ValueError(f"not an item field that can be edited: {sorted(unknown)}")
    changes = {name: value for name, value in data.items() if _differs(current, name, value)}
    _check_changes_allowed(current, changes)
    if not changes:
        return item
    _check_values(actor, current, changes)
    cooperating = changes.pop("cooperating_units", None)
    for name, value in changes.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    # A picked leader's name is stored beside them (what lists and search read).
    current.instructing_leader = instructing_leader_name(
        current.instructing_leader_user, current.instructing_leader
    )
    current.full_clean()
    current._change_reason = _("Edited")
    # The actor, also when the service is called outside a request (the API, a task).
    current._history_user = actor
    current.save()
    # The lead unit is never also a cooperating unit (as at registration).
    if cooperating is not None:
        current.cooperating_units.set([u for u in cooperating if u.pk != current.lead_unit_id])
    elif "lead_unit" in changes and current.lead_unit_id is not None:
        current.cooperating_units.remove(current.lead_unit_id)
    item.refresh_from_db()
    return item
