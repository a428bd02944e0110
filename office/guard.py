"""The one guard every stored text passes: classification marks refused, control characters out.

This is a non-classified system (非涉密系统). Text marked as a state secret is refused wherever
it would be stored, and every refusal is recorded (who, when, where, which rule; never the
text) in ``office.ClassifiedRefusal``, which the audit administrator reads in the admin.

Why a ``pre_save`` signal (``guard_instance``, connected in ``OfficeConfig.ready``) rather than
calls in each service: the house rule keeps business logic out of signals, but this is a guard
that must not be bypassed. A list of guarded forms or services goes stale the day someone adds a
field, a comment box or an importer; the signal sees every ``save()`` of every model of the
project's own apps, whichever service, view, task or admin page made it. (``bulk_create`` and
``QuerySet.update`` skip signals: the demo loader bulk-creates its own text, and no service
updates text that way.)

A model whose fields name classifications by design (a confidential ledger's metadata)
declares them: ``classified_marker_exempt_fields = ("classification",)``.

The marks are recognised on normalised text (NFKC, zero-width characters and spaces removed),
so "机 密★1年", "机密＊1年" or a zero-width space inside do not slip through:
- a level followed by a star, asterisk or triangle (GB/T 9704: "秘密★1年");
- a level in brackets: "【机密】";
- a level after the label: "密级：机密".
Ordinary words about secrecy ("保密工作", "秘密" in prose) are not marks.
"""

import logging
import re
import unicodedata
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.utils.translation import gettext as _

audit_log = logging.getLogger("office.audit")

LEVELS = "绝密|机密|秘密"
# Star-like and triangle-like signs that follow a level (after NFKC, ＊ is *).
STARS = "★☆*✱✲✳✴✵✶✷✸✹✺✩✪✫✬✭✮✯⭐▲△▴▵►▶"
MARK_RULES = (
    ("level_star", re.compile(rf"(?:{LEVELS})[{re.escape(STARS)}]")),
    ("level_in_brackets", re.compile(rf"[【〖〔\[]\s*(?:{LEVELS})\s*[】〗〕\]]")),
    ("level_label", re.compile(rf"密级[:：]?(?:{LEVELS})")),
)
# Zero-width and invisible format characters someone may type inside a mark to hide it.
INVISIBLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
SPACES = re.compile(r"\s+")

# Control characters XML 1.0 (Word, Excel) cannot hold, and that no form should store: all C0
# but tab, newline and carriage return, DEL, C1, and the two non-characters U+FFFE/U+FFFF.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
LINE_BREAKS = re.compile(r"[\t\r\n]")


def normalised(text: str) -> str:
    """The text as the marks are looked for in it: width and compatibility forms folded,
    invisible characters and spaces removed."""
    return SPACES.sub("", INVISIBLE.sub("", unicodedata.normalize("NFKC", text or "")))


def find_mark(text: str) -> tuple[str, str] | None:
    """(rule, mark) of the first classification mark in ``text``, or None."""
    if not text:
        return None
    plain = normalised(text)
    for rule, pattern in MARK_RULES:
        match = pattern.search(plain)
        if match:
            return rule, match.group(0)
    return None


def without_control_characters(text: str, *, multiline: bool = True) -> str:
    """``text`` without what XML 1.0 cannot hold; a single-line text also loses its line
    breaks and tabs (as spaces)."""
    text = CONTROL.sub("", text)
    return text if multiline else LINE_BREAKS.sub(" ", text)


# --- Refusing -------------------------------------------------------------------------------


def refuse(*, actor, where: str, field: str, rule: str, mark: str) -> None:
    """Record the refusal (never the text) and raise a ValidationError naming the field."""
    username = getattr(actor, "username", None) or (actor if isinstance(actor, str) else "")
    audit_log.warning(
        "classified content refused: user=%s where=%s field=%s rule=%s",
        username,
        where,
        field,
        rule,
    )
    _record(actor=actor, username=username, where=where, field=field, rule=rule)
    raise ValidationError(
        {
            field: _(
                "This system is not for classified information: content marked "
                "“%(mark)s” cannot be entered. The attempt has been recorded."
            )
            % {"mark": mark}
        }
    )


def check_text(*, actor, where: str, field: str, text: str) -> None:
    found = find_mark(text)
    if found:
        refuse(actor=actor, where=where, field=field, rule=found[0], mark=found[1])


def _record(*, actor, username: str, where: str, field: str, rule: str) -> None:
    """Write the audit row on its own connection: the refused write is rolled back, and the
    record of the attempt must outlive that rollback. A failing audit write never lets the
    content through (the refusal is raised all the same, and the log line above remains)."""
    from .models import ClassifiedRefusal

    user_id = getattr(actor, "pk", None)
    try:
        ClassifiedRefusal.objects.using(audit_alias()).create(
            user_id=user_id,
            username=(username or "")[:150],
            office_id=getattr(getattr(actor, "office", None), "pk", None) if user_id else None,
            where=where[:200],
            field=field[:100],
            rule=rule,
        )
    except (DatabaseError, AssertionError, RuntimeError):
        # AssertionError/RuntimeError: a test that does not open the audit database.
        audit_log.exception("the refusal could not be written to the audit table")


def audit_alias() -> str:
    return "audit" if "audit" in settings.DATABASES else "default"


# --- The pre_save hook ------------------------------------------------------------------------


@cache
def guarded_fields(model) -> tuple[tuple[str, bool], ...]:
    """(attname, multi-line) of each text field the guard checks on ``model``; () for models
    of installed libraries and for history copies (their record passed already)."""
    if not _is_local(model) or hasattr(model, "instance_type"):
        return ()
    exempt = set(getattr(model, "classified_marker_exempt_fields", ()))
    return tuple(
        (field.attname, isinstance(field, models.TextField | models.JSONField))
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and field.name not in exempt
    )


def _is_local(model) -> bool:
    app_path = getattr(model._meta.app_config, "path", None)
    if app_path is None:  # a migration's model state
        return False
    path = Path(app_path).resolve()
    base = Path(settings.BASE_DIR).resolve()
    return path.is_relative_to(base) and "site-packages" not in path.parts


def guard_instance(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save: strip control characters from every text field about to be saved and refuse
    the save when one carries a classification mark."""
    if raw:  # loaddata: fixtures are the project's own
        return
    for attname, multiline in guarded_fields(sender):
        if update_fields is not None and attname not in update_fields:
            continue
        value = getattr(instance, attname)
        if isinstance(value, str):
            clean = without_control_characters(value, multiline=multiline)
            if clean != value:
                setattr(instance, attname, clean)
            texts = [clean]
        elif value is not None and multiline:  # a JSONField: every string inside it
            texts = list(_strings_in(value))
        else:
            continue
        for text in texts:
            # check_text, with who is saving looked up only for a refusal: it walks the
            # record's relations, and a bulk insert (the reminder scan) guards every row.
            found = find_mark(text)
            if found:
                refuse(
                    actor=_actor_of(instance),
                    where=sender._meta.label_lower,
                    field=attname,
                    rule=found[0],
                    mark=found[1],
                )


def _strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key)
            yield from _strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_in(item)


def _actor_of(instance):
    """Who is saving: the actor a service named for the history, else the request's user,
    else the record's first user (its actor, author, uploader...)."""
    actor = getattr(instance, "_history_user", None)
    if actor is None:
        from simple_history.models import HistoricalRecords

        request = getattr(HistoricalRecords.context, "request", None)
        user = getattr(request, "user", None)
        actor = user if getattr(user, "is_authenticated", False) else None
    if actor is None:
        for field in instance._meta.concrete_fields:
            if field.is_relation and field.related_model is _user_model():
                if getattr(instance, field.attname) is not None:
                    actor = getattr(instance, field.name)
                    break
    if actor is None and instance._meta.model is _user_model():
        actor = instance
    return actor


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()
