"""The domain rules of documents, written once for forms, serializers, services and figures.

Settings (each with a default here, so a deployment sets only what differs):
- DOCUMENTS_LEGAL_REVIEW_TYPES: the types that always go to the legal adviser (a normative
  document of any type does too).
- DOCUMENTS_LENGTH_CAPS: characters per type before the drafter is warned (5,000 for a
  general document, 4,000 for a specific one, per the 2024 rules).
- DOCUMENTS_QUOTA_ENFORCED: whether issuing over last year's count of the type needs the
  director's override with a reason (只减不增).
- DOCUMENTS_FILING_DAYS: a normative document's filing (备案) deadline after issue.
"""

import re
import unicodedata
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from .choices import DocType

DEFAULT_LEGAL_REVIEW_TYPES = (DocType.RESOLUTION, DocType.DECISION, DocType.ORDER)
DEFAULT_GENERAL_CAP, DEFAULT_SPECIFIC_CAP = 5000, 4000
# Documents that lay out the work of a field (综合性) are capped at 5,000 characters; the
# rest (专项) at 4,000.
GENERAL_TYPES = (DocType.RESOLUTION, DocType.DECISION, DocType.OPINION, DocType.REPORT)


def needs_legal_review(doc_type: str, is_normative: bool) -> bool:
    types = getattr(settings, "DOCUMENTS_LEGAL_REVIEW_TYPES", DEFAULT_LEGAL_REVIEW_TYPES)
    return bool(is_normative) or doc_type in types


def length_cap(doc_type: str) -> int:
    caps = getattr(settings, "DOCUMENTS_LENGTH_CAPS", {})
    default = DEFAULT_GENERAL_CAP if doc_type in GENERAL_TYPES else DEFAULT_SPECIFIC_CAP
    return caps.get(doc_type, default)


def quota_enforced() -> bool:
    return getattr(settings, "DOCUMENTS_QUOTA_ENFORCED", True)


def filing_due(issued_on: date) -> date:
    return issued_on + timedelta(days=getattr(settings, "DOCUMENTS_FILING_DAYS", 15))


# --- The character count --------------------------------------------------------------------

# A run of Latin letters or digits counts as one, as Word's 字数 counts a non-Asian word
# ("2026年" is 2: the number and 年; "GDP增长" is 3).
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,%][A-Za-z0-9]+)*")


def _is_counted(char: str) -> bool:
    """A Chinese character or a full-width (Chinese) punctuation mark."""
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return True
    if "\u3000" < char <= "\u303f" or "\uff01" <= char <= "\uff5e":
        return not ("\uff10" <= char <= "\uff19" or "\uff21" <= char <= "\uff5a")
    if char in "“”‘’—…·《》〈〉【】「」『』〔〕":
        return True
    return unicodedata.category(char).startswith("P") and unicodedata.east_asian_width(char) in (
        "W",
        "F",
    )


def count_characters(text: str) -> int:
    """The character count an office quotes for a manuscript (字数): every Chinese character
    and every Chinese punctuation mark counts one, a run of Latin letters or digits counts
    one, white space and line breaks count nothing (the way Word's 字数 counts)."""
    words = len(_WORD.findall(text))
    rest = _WORD.sub("", text)
    return words + sum(1 for char in rest if _is_counted(char))


# --- Titles and recipients --------------------------------------------------------------------


def title_warning(title: str, type_word: str) -> str:
    """A title is issuer + subject + type: warn when it does not end with the type."""
    if type_word and not title.endswith(type_word) and type_word not in ("便笺", "白头文件"):
        return _("A title ends with the type of the document (%(type)s).") % {"type": type_word}
    return ""


def reader_waiting(actor, document) -> bool:
    """Whether ``actor`` is on the circulation list of ``document`` and has not read it."""
    return document.circulation.filter(reader=actor, read_at__isnull=True).exists()


# --- Information points (a setting: DOCUMENTS_INFO_POINTS) -------------------------------------

DEFAULT_INFO_POINTS = {"submitted": 1, "adopted": 3, "research": 10, "higher": 15}


def info_points(piece) -> int:
    """Points of one piece: submitted 1; adopted by the city 3; a research report 10;
    adopted by the province or commented on by a leader 15 (the highest that applies)."""
    table = {**DEFAULT_INFO_POINTS, **getattr(settings, "DOCUMENTS_INFO_POINTS", {})}
    points = table["submitted"]
    if piece.is_research:
        points = max(points, table["research"])
    if piece.status == "adopted":
        points = max(points, table["adopted"])
        if piece.adopted_by == "province" or piece.leader_comment:
            points = max(points, table["higher"])
    return points
