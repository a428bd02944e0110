"""This is a non-classified system (非涉密系统): content marked as a state secret is refused.

The marks are those of GB/T 9704 and the secrecy rules: a level followed by a star, as in
"秘密★1年" or "机密★". Every refused attempt is written to the audit log ("office.audit"),
which the audit administrator reads; the content itself is never stored.
"""

import logging
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

audit_log = logging.getLogger("office.audit")

CLASSIFIED_MARK = re.compile(r"(绝密|机密|秘密)\s*[★☆*]")


def find_classified_mark(text: str) -> str | None:
    match = CLASSIFIED_MARK.search(text or "")
    return match.group(0) if match else None


def refuse_classified(*, actor, where: str, **fields: str) -> None:
    """Raise a ValidationError naming the field that carries a classification mark."""
    for name, text in fields.items():
        mark = find_classified_mark(text)
        if mark:
            audit_log.warning(
                "classified content refused: user=%s where=%s field=%s mark=%s",
                getattr(actor, "username", actor),
                where,
                name,
                mark,
            )
            raise ValidationError(
                {
                    name: _(
                        "This system is not for classified information: content marked "
                        "“%(mark)s” cannot be entered. The attempt has been recorded."
                    )
                    % {"mark": mark}
                }
            )
