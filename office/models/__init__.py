from .attachments import AttachmentBase
from .audit import ClassifiedRefusal
from .calendar import Holiday
from .exports import ExportJob, ExportStatus
from .imports import ImportBatch, ImportBatchStatus, ImportProgress
from .notifications import (
    AttemptOutcome,
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Notification,
    Reminder,
    Todo,
)
from .org import OFFICE_KINDS, OrgUnit, OrgUnitKind, User
from .scoping import RestrictedQuerySet, user_scope
from .search import SearchEntry
from .sequence import NumberSequence
from .workflow import TransitionLog

# isort: split
# Last: a model that declares a workflow needs office.workflow, which needs TransitionLog.
from .practices import GoodPractice, PracticeComment, PracticeStatus
from .reports import AnnualReportDraft, DraftStatus

__all__ = [
    "AnnualReportDraft",
    "DraftStatus",
    "GoodPractice",
    "PracticeComment",
    "PracticeStatus",
    "OFFICE_KINDS",
    "AttachmentBase",
    "AttemptOutcome",
    "Channel",
    "ChannelPreference",
    "ClassifiedRefusal",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryStatus",
    "ExportJob",
    "ExportStatus",
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
    "SearchEntry",
    "Todo",
    "TransitionLog",
    "User",
    "user_scope",
]
