from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingType(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("Standing committee meeting")
    SECRETARY_SPECIAL = "secretary_special", _("Secretary's special meeting")
    PLENARY = "plenary", _("Plenary session")
    PARTY_CONGRESS = "party_congress", _("Party congress")
    OFFICE_AFFAIRS = "office_affairs", _("Office affairs meeting")
    LEADING_GROUP = "leading_group", _("Leading group meeting")
    WORK_CONFERENCE = "work_conference", _("Work conference")
    VIDEO_CONFERENCE = "video_conference", _("Video conference")
    OTHER = "other", pgettext_lazy("meeting type", "Other")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    READY = "ready", _("Ready")
    HELD = "held", _("Held")
    MINUTED = "minuted", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


# A meeting that took place (the annual figures count these).
HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.MINUTED)
# Meetings that hold their time slot: a clash or the year's count is reckoned against them.
BOOKED_STATUSES = (
    MeetingStatus.SUBMITTED,
    MeetingStatus.APPROVED,
    MeetingStatus.READY,
    MeetingStatus.HELD,
    MeetingStatus.MINUTED,
)
# Before the meeting: its agenda and checklist are still being prepared.
PREPARING_STATUSES = (
    MeetingStatus.DRAFT,
    MeetingStatus.SUBMITTED,
    MeetingStatus.APPROVED,
    MeetingStatus.READY,
)


class AgendaKind(models.TextChoices):
    STUDY = "study", _("Study")
    REPORT = "report", _("Report")
    DECISION = "decision", _("Decision")


class BreachLevel(models.TextChoices):
    BREACH = "breach", _("Breach")
    SUGGESTION = "suggestion", _("Suggestion")


class AttendanceAnswer(models.TextChoices):
    PENDING = "pending", _("Not answered")
    CONFIRMED = "confirmed", _("Will attend")
    LEAVE = "leave", _("Asks for leave")
