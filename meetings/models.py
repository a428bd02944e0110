"""Meetings (会议): a meeting requested, checked against the 精文减会 rules, approved, prepared
(agenda, checklist), held, minuted, and its decisions handed to supervision."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.models import AttachmentBase, OrgUnit, RestrictedQuerySet
from office.roles import OFFICE_ROLES, UNIT_ROLES, Role, acts_for_unit
from office.workflow import Action, Transition, Workflow

from .choices import (
    BOOKED_STATUSES,
    HELD_STATUSES,
    PREPARING_STATUSES,
    AgendaKind,
    AttendanceAnswer,
    BreachLevel,
    MeetingStatus,
    MeetingType,
)


def for_organiser(actor, meeting) -> bool:
    """A unit's liaison requests and prepares its own unit's meetings; the office any."""
    return acts_for_unit(actor, meeting.organiser_unit_id)


def is_attendee(actor, meeting) -> bool:
    """Whoever the notice went to answers it (confirms, or asks for leave)."""
    return meeting.attendances.filter(user=actor).exists()


def _before_start(meeting, today) -> bool:
    return today <= timezone.localtime(meeting.starts_at).date()


def on_meeting_day(meeting, today) -> bool:
    return today == timezone.localtime(meeting.starts_at).date()


def _approvable(actor, meeting) -> bool:
    """A meeting that breaks a rule is approved by the director only."""
    return not meeting.has_breaches or actor.has_role(Role.DIRECTOR)


class MeetingQuerySet(RestrictedQuerySet):
    def held(self):
        return self.filter(status__in=HELD_STATUSES)

    def booked(self):
        return self.filter(status__in=BOOKED_STATUSES)

    def in_year(self, year: int):
        return self.filter(starts_at__year=year)


class Meeting(models.Model):
    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    meeting_type = models.CharField(_("meeting type"), max_length=24, choices=MeetingType.choices)
    title = models.CharField(_("title"), max_length=200)
    organiser_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organiser unit"),
        on_delete=models.PROTECT,
        related_name="organised_meetings",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    required_leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leaders required to attend"),
        blank=True,
        related_name="required_meetings",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    planned_minutes = models.PositiveIntegerField(_("planned length (minutes)"))
    place = models.CharField(_("place or video link"), max_length=200)
    expected_attendance = models.PositiveIntegerField(_("expected attendance"))
    attendance_levels = models.CharField(_("levels that must attend"), max_length=200, blank=True)
    reason = models.TextField(_("reason for the meeting"))
    breaches = models.JSONField(_("rule checks"), default=list, blank=True)
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    decision_comment = models.TextField(_("approval comment"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["breaches"], m2m_fields=[required_leaders])

    objects = MeetingQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ("organiser_unit",)

    workflow = Workflow(
        Transition(
            "submit",
            _("Submit for approval"),
            [MeetingStatus.DRAFT],
            MeetingStatus.SUBMITTED,
            UNIT_ROLES,
            check=for_organiser,
            sentence=lambda m: _("Submitted for approval"),
        ),
        Transition(
            "approve",
            _("Approve"),
            [MeetingStatus.SUBMITTED],
            MeetingStatus.APPROVED,
            (Role.SECTION_HEAD, Role.DIRECTOR),
            check=_approvable,
            style="success",
            refusal=_("A meeting that breaks a rule is approved by the office director only."),
            sentence=lambda m: _("Approved"),
        ),
        Transition(
            "reject",
            _("Reject"),
            [MeetingStatus.SUBMITTED],
            MeetingStatus.REJECTED,
            (Role.SECTION_HEAD, Role.DIRECTOR),
            check=_approvable,
            comment_required=True,
            style="danger",
            refusal=_("A meeting that breaks a rule is decided by the office director only."),
            sentence=lambda m: _("Rejected"),
        ),
        Transition(
            "revise",
            _("Revise"),
            [MeetingStatus.REJECTED],
            MeetingStatus.DRAFT,
            UNIT_ROLES,
            check=for_organiser,
            sentence=lambda m: _("Taken back to revise"),
        ),
        Transition(
            "mark_ready",
            _("Mark ready"),
            [MeetingStatus.APPROVED],
            MeetingStatus.READY,
            UNIT_ROLES,
            check=for_organiser,
            style="success",
            sentence=lambda m: _("Preparation complete"),
        ),
        Transition(
            "hold",
            _("Record as held"),
            [MeetingStatus.READY],
            MeetingStatus.HELD,
            OFFICE_ROLES,
            sentence=lambda m: _("The meeting was held"),
        ),
        Transition(
            "approve_minutes",
            _("Approve the minutes"),
            [MeetingStatus.HELD],
            MeetingStatus.MINUTED,
            [Role.DIRECTOR],
            when=lambda m, today: m.minutes.exists(),
            style="success",
            sentence=lambda m: _("Minutes approved and locked"),
        ),
        Transition(
            "cancel",
            _("Cancel"),
            PREPARING_STATUSES,
            MeetingStatus.CANCELLED,
            UNIT_ROLES,
            check=for_organiser,
            comment_required=True,
            style="danger",
            sentence=lambda m: _("Cancelled"),
        ),
        Action(
            "edit",
            _("Edit"),
            UNIT_ROLES,
            check=for_organiser,
            source=[MeetingStatus.DRAFT],
            refusal=_("Only the organiser edits a draft meeting."),
        ),
        Action(
            "agenda",
            _("Prepare the agenda"),
            UNIT_ROLES,
            check=for_organiser,
            source=PREPARING_STATUSES,
            refusal=_("Only the organiser prepares the agenda."),
        ),
        Action(
            "checklist",
            _("Work the checklist"),
            UNIT_ROLES,
            check=for_organiser,
            source=[MeetingStatus.APPROVED, MeetingStatus.READY],
            refusal=_("Only the organiser works the checklist."),
        ),
        Action(
            "notice",
            _("Send the notice"),
            UNIT_ROLES,
            check=for_organiser,
            source=[MeetingStatus.APPROVED, MeetingStatus.READY],
            refusal=_("Only the organiser sends the notice."),
        ),
        Action(
            "answer",
            _("Answer the notice"),
            (),
            check=is_attendee,
            source=[MeetingStatus.APPROVED, MeetingStatus.READY],
            when=_before_start,
            refusal=_("Only those the notice went to answer it."),
        ),
        Action(
            "sign_in",
            _("Record the sign-in"),
            UNIT_ROLES,
            check=for_organiser,
            source=[MeetingStatus.READY, MeetingStatus.HELD],
            refusal=_("Only the organiser records the sign-in."),
        ),
        Action(
            "sign_in_self",
            _("Sign in by the QR code"),
            (),
            check=is_attendee,
            source=[MeetingStatus.READY, MeetingStatus.HELD],
            when=on_meeting_day,
            # An attendee from a township signs in to a meeting they may read, not change.
            reach="view",
            refusal=_("You are not on this meeting's list of attendees: please see the organiser."),
        ),
        Action(
            "minutes",
            _("Draft the minutes"),
            OFFICE_ROLES,
            source=[MeetingStatus.HELD, MeetingStatus.MINUTED],
            refusal=_("Only the office drafts minutes."),
        ),
        Action(
            "approve_minutes_version",
            _("Approve the new version of the minutes"),
            [Role.DIRECTOR],
            source=[MeetingStatus.MINUTED],
            when=lambda m, today: m.minutes.filter(approved_at__isnull=True).exists(),
            refusal=_("Only the director approves minutes."),
        ),
        Action(
            "decide",
            _("Record a decision"),
            OFFICE_ROLES,
            source=HELD_STATUSES,
            refusal=_("Only the office records decisions."),
        ),
        tones={
            MeetingStatus.DRAFT: "grey",
            MeetingStatus.SUBMITTED: "purple",
            MeetingStatus.APPROVED: "azure",
            MeetingStatus.REJECTED: "red",
            MeetingStatus.READY: "blue",
            MeetingStatus.HELD: "orange",
            MeetingStatus.MINUTED: "green",
            MeetingStatus.CANCELLED: "dark",
        },
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("A meeting must end after it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["owning_office", "status", "starts_at"]),
            models.Index(fields=["owning_office", "meeting_type", "starts_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def has_breaches(self) -> bool:
        return any(b.get("level") == BreachLevel.BREACH for b in self.breaches or [])

    @property
    def rule_breaches(self) -> list[dict]:
        return [b for b in self.breaches or [] if b.get("level") == BreachLevel.BREACH]

    @property
    def suggestions(self) -> list[dict]:
        return [b for b in self.breaches or [] if b.get("level") == BreachLevel.SUGGESTION]

    @property
    def agenda_minutes(self) -> int:
        return sum(item.minutes for item in self.agenda_items.all())


class AgendaItem(models.Model):
    """An item of the agenda (议题): a study, a report or a decision."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=200)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presenter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    presenter_name = models.CharField(_("presenter"), max_length=50, blank=True)
    minutes = models.PositiveSmallIntegerField(_("time budget (minutes)"))
    study_materials = models.ManyToManyField(
        "training.StudyMaterial",
        verbose_name=_("study materials"),
        blank=True,
        related_name="meeting_agenda_items",
    )
    measures = models.TextField(_("measures adopted"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[study_materials])

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "meeting__owning_office"
    scope_unit_fields = ("meeting__organiser_unit",)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_position_unique_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    @property
    def presenter_label(self) -> str:
        return str(self.presenter) if self.presenter_id else self.presenter_name


class Material(AttachmentBase):
    """A material of an agenda item (汇报材料, 学习材料)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="materials")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "agenda_item__meeting__owning_office"
    scope_unit_fields = ("agenda_item__meeting__organiser_unit",)
    download_url_name = "meetings:material_download"

    class Meta(AttachmentBase.Meta):
        verbose_name = _("meeting material")
        verbose_name_plural = _("meeting materials")


class AnnualPlan(models.Model):
    """The annual meeting plan (年度会议计划): how many meetings of a type the office plans."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    meeting_type = models.CharField(_("meeting type"), max_length=24, choices=MeetingType.choices)
    planned_count = models.PositiveIntegerField(_("planned count"))
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("annual meeting plan")
        verbose_name_plural = _("annual meeting plans")
        ordering = ["-year", "meeting_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_office", "year", "meeting_type"],
                name="meeting_plan_unique_per_office_year_type",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.get_meeting_type_display()}"


class ChecklistTemplate(models.Model):
    """One task of the preparation checklist of a meeting type, edited in the admin."""

    meeting_type = models.CharField(_("meeting type"), max_length=24, choices=MeetingType.choices)
    title = models.CharField(_("task"), max_length=200)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    working_days_before = models.PositiveSmallIntegerField(
        _("deadline (working days before the meeting)"), default=1
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist template task")
        verbose_name_plural = _("checklist template tasks")
        ordering = ["meeting_type", "position", "id"]

    def __str__(self):
        return f"{self.get_meeting_type_display()}: {self.title}"


class ChecklistTask(models.Model):
    """A preparation task of one meeting, with its owner and deadline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="meeting_tasks",
    )
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "meeting__owning_office"
    scope_unit_fields = ("meeting__organiser_unit",)

    class Meta:
        verbose_name = _("checklist task")
        verbose_name_plural = _("checklist tasks")
        ordering = ["meeting", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.done_on is None


class MinutesVersion(models.Model):
    """A version of the minutes (纪要). Approved, it is locked; a change after approval is a
    new version with its reason."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text of the minutes"))
    reason = models.TextField(_("reason for the new version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "meeting__owning_office"
    scope_unit_fields = ("meeting__organiser_unit",)

    class Meta:
        verbose_name = _("meeting minutes")
        verbose_name_plural = _("meeting minutes")
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="minutes_version_unique_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.meeting} v{self.number}"


class Attendance(models.Model):
    """One attendee of a meeting: the notice sent, their answer (confirmed, or leave with a
    reason and a substitute), and the sign-in the organiser recorded on the day."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendee"),
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
    )
    answer = models.CharField(
        _("answer"),
        max_length=10,
        choices=AttendanceAnswer.choices,
        default=AttendanceAnswer.PENDING,
    )
    leave_reason = models.TextField(_("reason for leave"), blank=True)
    substitute = models.CharField(_("substitute"), max_length=50, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notified at"), auto_now_add=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "meeting__owning_office"
    scope_unit_fields = ("meeting__organiser_unit",)

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting")
        ]

    def __str__(self):
        return f"{self.meeting} · {self.user}"


class Decision(models.Model):
    """A decision of the meeting (议定事项); one click makes it a supervision item, once."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    lead_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervision_item = models.OneToOneField(
        "supervision.Item",
        verbose_name=_("supervision item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_decision",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "meeting__owning_office"
    scope_unit_fields = ("meeting__organiser_unit", "lead_unit")

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        ordering = ["meeting", "id"]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


def meeting_end(starts_at, minutes: int):
    return starts_at + timedelta(minutes=minutes)


class CalendarFeed(models.Model):
    """A person's private calendar subscription (iCal) to their own meetings: the token in
    its address is the only key, so the person revokes it (the row goes) or makes a new one
    (the old address stops working) from their subscription page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="meeting_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("meetings:ical_feed", args=[self.token])
