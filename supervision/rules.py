"""Domain rules of an item, written once and used by the forms, the API's serializers, the
importer and the services, so a person hears the same rule the same way wherever they type."""

from datetime import date

from django.utils.translation import gettext as _

from office.dates import date_range_error

from .choices import SourceKind


def instruction_errors(
    *, source_kind: str, instruction_text: str, instructing_leader: str, instruction_date
) -> dict[str, str]:
    """A leader's written instruction (批示) is recorded with its exact text, the leader who
    gave it and its date: field name → what is missing."""
    if source_kind != SourceKind.INSTRUCTION:
        return {}
    errors = {}
    if not (instruction_text or "").strip():
        errors["instruction_text"] = _("Enter the exact text of the instruction.")
    if not (instructing_leader or "").strip():
        errors["instructing_leader"] = _("Enter the leader who gave the instruction.")
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
