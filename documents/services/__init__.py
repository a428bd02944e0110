"""Writes of documents. Views, the API, the demo and other apps call these.

By record type: ``official`` (drafting, checking, legality review, sign-off, numbering and
issue), ``manuscripts`` (versions, delivery, publication), ``visits`` (research visits and
their follow-ups to supervision), ``incoming`` (收文 and 传阅).
"""

from .confidential import (
    ConfidentialData,
    confidential_destroy,
    confidential_lend,
    confidential_receipt,
    confidential_register,
    confidential_take_back,
)
from .incoming import (
    IncomingData,
    incoming_circulate,
    incoming_finish,
    incoming_first_check,
    incoming_mark_read,
    incoming_propose,
    incoming_register,
    incoming_return,
    incoming_to_supervision,
    incoming_urge,
)
from .information import info_adopt, info_forward, info_submit, info_topic_create
from .manuscripts import (
    ManuscriptData,
    manuscript_create,
    manuscript_deliver,
    manuscript_publish,
    manuscript_revise,
)
from .official import (
    DocumentData,
    document_archive,
    document_check,
    document_countersign,
    document_countersign_own,
    document_create,
    document_issue,
    document_legal_review,
    document_record_filing,
    document_send_back,
    document_sign,
    document_submit,
    document_update,
    document_void,
    send_back_steps,
)
from .visits import VisitData, visit_create, visit_follow_up

__all__ = [
    "ConfidentialData",
    "confidential_destroy",
    "confidential_lend",
    "confidential_receipt",
    "confidential_register",
    "confidential_take_back",
    "DocumentData",
    "IncomingData",
    "ManuscriptData",
    "VisitData",
    "document_archive",
    "document_check",
    "document_countersign",
    "document_countersign_own",
    "document_create",
    "document_issue",
    "document_legal_review",
    "document_record_filing",
    "document_send_back",
    "document_sign",
    "document_submit",
    "document_update",
    "document_void",
    "send_back_steps",
    "incoming_circulate",
    "incoming_first_check",
    "incoming_propose",
    "incoming_return",
    "incoming_finish",
    "incoming_mark_read",
    "incoming_register",
    "incoming_to_supervision",
    "incoming_urge",
    "info_adopt",
    "info_forward",
    "info_submit",
    "info_topic_create",
    "manuscript_create",
    "manuscript_deliver",
    "manuscript_publish",
    "manuscript_revise",
    "visit_create",
    "visit_follow_up",
]
