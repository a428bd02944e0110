from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceKind(models.TextChoices):
    HIGHER_LEVEL = "higher_level", _("Assigned by higher level")
    INSTRUCTION = "instruction", _("Leader's written instruction")
    MEETING = "meeting", _("Meeting decision")
    DOCUMENT = "document", _("Document")
    KEY_WORK = "key_work", _("Key work")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    HARD = "hard", _("Hard case")


class ReportCycle(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")


# Days between two cycle reports; "once" only asks for the completion report.
CYCLE_DAYS = {
    ReportCycle.WEEKLY: 7,
    ReportCycle.BIWEEKLY: 14,
    ReportCycle.MONTHLY: 30,
}


class ItemStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (
    ItemStatus.REGISTERED,
    ItemStatus.ASSIGNED,
    ItemStatus.IN_PROGRESS,
    ItemStatus.COMPLETION_REQUESTED,
)


class Colour(models.TextChoices):
    BLUE = "blue", _("Blue: deadline near")
    YELLOW = "yellow", _("Yellow: behind")
    RED = "red", _("Red: overdue")
    NONE = "none", pgettext_lazy("colour", "Normal")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("extension", "Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CircularStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
