from .attachments import AttachmentBase
from .calendar import Holiday
from .imports import ImportBatch, ImportBatchStatus, ImportProgress
from .notifications import (
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryStatus,
    Notification,
    Reminder,
    Todo,
)
from .org import OFFICE_KINDS, OrgUnit, OrgUnitKind, User
from .scoping import RestrictedQuerySet, user_scope
from .sequence import NumberSequence
from .workflow import TransitionLog

__all__ = [
    "OFFICE_KINDS",
    "AttachmentBase",
    "Channel",
    "ChannelPreference",
    "Delivery",
    "DeliveryStatus",
    "Holiday",
    "ImportBatch",
    "ImportBatchStatus",
    "ImportProgress",
    "Notification",
    "NumberSequence",
    "OrgUnit",
    "OrgUnitKind",
    "Reminder",
    "RestrictedQuerySet",
    "Todo",
    "TransitionLog",
    "User",
    "user_scope",
]
