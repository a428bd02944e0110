"""Writes of supervision. Views, the API, the importer, tasks and other apps call these.

Other apps open an item from their own records through ``item_register(origin=...)``: a
meeting decision or a document becomes an item in one click.

By record type: ``items`` (register, assign, report, close, extensions, urges, comments),
``editing`` (correcting an item after registration), ``circulars`` (督查通报).
"""

from .batch import BATCH_ACTIONS, BatchResult, items_batch
from .circulars import circular_create, circular_publish, circular_update
from .editing import editable_fields, item_update
from .items import (
    SERIES,
    ItemData,
    comment_add,
    extension_decide,
    extension_request,
    item_accept,
    item_assign,
    item_cancel,
    item_close,
    item_register,
    item_register_split,
    item_send_back,
    item_urge,
    proposed_deadline,
    report_submit,
)

__all__ = [
    "BATCH_ACTIONS",
    "BatchResult",
    "SERIES",
    "ItemData",
    "circular_create",
    "circular_publish",
    "circular_update",
    "comment_add",
    "editable_fields",
    "extension_decide",
    "extension_request",
    "item_accept",
    "item_assign",
    "item_cancel",
    "item_close",
    "item_register",
    "item_register_split",
    "item_send_back",
    "item_update",
    "item_urge",
    "items_batch",
    "proposed_deadline",
    "report_submit",
]
