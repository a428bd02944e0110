"""Choices of the training app's records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    FIRST_TOPIC = "first_topic", _("First-topic study")
    THURSDAY = "thursday", _("Thursday collective study")
    SPECIAL = "special", _("Special-topic study")
    READING = "reading", _("Reading meeting")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    LEAVE = "leave", _("On leave")
    ABSENT = "absent", _("Absent")


class FocusArea(models.TextChoices):
    """The seed's 重点热点焦点 the digest's articles are filed under."""

    INDUSTRY = "industry", _("Key industries")
    URBAN = "urban", _("Urban upgrading")
    RURAL = "rural", _("Rural revitalisation")
    CULTURE = "culture", _("Culture and tourism")
    THEORY = "theory", _("Theory and speeches")


class DigestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PairStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Tier(models.TextChoices):
    CORE = "core", _("Core tier")
    POTENTIAL = "potential", _("Potential tier")
    DEVELOPING = "developing", _("Developing tier")


class CompetitionCategory(models.TextChoices):
    """大练兵大比武 in the three lines of the office's work: 办文、办事、办会."""

    WRITING = "writing", _("Drafting documents")
    AFFAIRS = "affairs", _("Handling affairs")
    MEETINGS = "meetings", _("Organising meetings")


class Commendation(models.TextChoices):
    """树榜样、立标杆、当先锋."""

    NONE = "", _("None")
    EXAMPLE = "example", _("Role model")
    BENCHMARK = "benchmark", _("Benchmark")
    PIONEER = "pioneer", _("Pioneer")


class CriterionSource(models.TextChoices):
    """Where a section's score on a criterion comes from."""

    MANUAL = "manual", _("Entered by the director")
    SUPERVISION_ON_TIME = "supervision_on_time", _("Supervision items closed on time (%)")
    SUPERVISION_HANDLED = "supervision_handled", _("Supervision items the section handled")
    DOCUMENTS_DRAFTED = "documents_drafted", _("Documents the section drafted")
    MANUSCRIPTS_DELIVERED = "manuscripts", _("Manuscripts the section wrote")
    MEETINGS_SERVED = "meetings_served", _("Meetings the section served")
    STUDY_ATTENDANCE = "study_attendance", _("Study attendance of the section (%)")
