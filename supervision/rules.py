"""Domain rules of an item, written once and used by the forms, the API's serializers, the
importer and the services, so a person hears the same rule the same way wherever they type."""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from office.dates import date_range_error

from .choices import SourceKind


def instruction_errors(
    *,
    source_kind: str,
    instruction_text: str,
    instructing_leader: str,
    instruction_date,
    instructing_leader_user=None,
) -> dict[str, str]:
    """A leader's written instruction (批示) is recorded with its exact text, the leader who
    gave it (a leader picked among the users, or a name typed for someone outside the system)
    and its date: field name → what is missing."""
    if source_kind != SourceKind.INSTRUCTION:
        return {}
    errors = {}
    if not (instruction_text or "").strip():
        errors["instruction_text"] = _("Enter the exact text of the instruction.")
    if instructing_leader_user is None and not (instructing_leader or "").strip():
        errors["instructing_leader"] = _(
            "Choose the leader who gave the instruction, or type their name if they are "
            "not in the system."
        )
    if not instruction_date:
        errors["instruction_date"] = _("Enter the date of the instruction.")
    elif date_range_error(instruction_date):
        errors["instruction_date"] = date_range_error(instruction_date)
    return errors


def deadline_error(deadline: date | None, registered_on: date) -> str:
    """A deadline is never before the item's registration, nor outside the range of dates a
    person may enter ("" when it is fine)."""
    if deadline is not None and deadline < registered_on:
        return _("The deadline cannot be before the registration date.")
    return date_range_error(deadline)


def instructing_leader_name(leader_user, typed: str) -> str:
    """The name stored beside a picked leader: theirs, so lists, exports and search show who
    it is; the typed name only when nobody is picked."""
    if leader_user is not None:
        return str(leader_user)[:50]
    return (typed or "").strip()


def leader_named(leaders: Iterable, name: str):
    """The one leader among ``leaders`` whose name is ``name`` (an import's 批示领导 column),
    or None: then the name stays free text. Two leaders of one name pick nobody."""
    name = (name or "").strip()
    found = [leader for leader in leaders if name and leader.name == name]
    return found[0] if len(found) == 1 else None


def leader_outside_error(leader_user, leaders) -> str:
    """A picked leader must be one the actor's office may name ("" when fine)."""
    if leader_user is None or leaders.filter(pk=leader_user.pk).exists():
        return ""
    return _("%(leader)s is not a leader of your office.") % {"leader": leader_user}
