"""This is a non-classified system (非涉密系统): content marked as a state secret is refused.

The marks and their normalisation live in ``office.guard``, which also refuses them in every
text field of every model before it is saved. Services still call ``refuse_classified`` on
what they are handed, so the refusal names the service and the form field the person typed
in. Every refused attempt is written to the audit log ("office.audit") and the audit table
(``office.ClassifiedRefusal``); the content itself is never stored.
"""

from .guard import audit_log, check_text, find_mark

__all__ = ["audit_log", "find_classified_mark", "refuse_classified"]


def find_classified_mark(text: str) -> str | None:
    found = find_mark(text)
    return found[1] if found else None


def refuse_classified(*, actor, where: str, **fields: str) -> None:
    """Raise a ValidationError naming the field that carries a classification mark."""
    for name, text in fields.items():
        check_text(actor=actor, where=where, field=name, text=text)
