from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.models import AttachmentBase, Holiday, OrgUnit, RestrictedQuerySet
from office.roles import LEADER_ROLES, OFFICE_ROLES, UNIT_ROLES, Role, acts_for_unit
from office.workdays import add_days, add_working_days
from office.workflow import Action, Transition, Workflow

from .choices import (
    OPEN_STATUSES,
    CircularStatus,
    ExtensionStatus,
    ItemStatus,
    ReportCycle,
    SourceKind,
    Urgency,
)


def is_lead_unit_liaison(actor, item) -> bool:
    """Unit-side actions belong to the lead unit's liaison (office staff may act for them)."""
    return acts_for_unit(actor, item.lead_unit_id)


def item_number(year: int, sequence: int, part: int = 0) -> str:
    """督〔2026〕30号, and 督〔2026〕30号-2 for the second unit's part of a split instruction."""
    number = f"督〔{year}〕{sequence}号"
    return f"{number}-{part}" if part else number


HANDLING_STATUSES = (ItemStatus.ASSIGNED, ItemStatus.IN_PROGRESS)


def _is_leaf(item, today=None) -> bool:
    return not item.is_group


def _may_request_extension(item, today) -> bool:
    """Only before the deadline, and one request at a time."""
    return not item.is_group and today <= item.deadline and item.pending_extension is None


def _unit_sentence(text):
    """A timeline sentence naming the item's lead unit ("交办至城关镇")."""
    return lambda item: text % {"unit": item.lead_unit or ""}


def _has_registered_units(item, today) -> bool:
    return item.is_group and any(
        child.status == ItemStatus.REGISTERED for child in item.children.all()
    )


class ItemQuerySet(RestrictedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def for_year(self, year: int):
        return self.filter(year=year)

    def leaves(self):
        """Items that are worked on: a split parent only groups its per-unit children."""
        return self.filter(is_group=False)


class Item(models.Model):
    """A supervision item (督办事项): one matter, one lead unit, one deadline."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    # A split instruction's units' items share its number: 督〔2026〕30号-1, -2 …; the
    # instruction itself (and every item that is not a part) is part 0.
    part = models.PositiveSmallIntegerField(_("part number"), default=0)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    is_group = models.BooleanField(
        _("split into units"),
        default=False,
        help_text=_("A parent that groups one item per unit of the same instruction."),
    )
    title = models.CharField(_("title"), max_length=200)
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    source_reference = models.CharField(
        _("source reference"),
        max_length=200,
        blank=True,
        help_text=_("The higher-level document, meeting or file the item comes from."),
    )
    origin_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    instruction_text = models.TextField(_("instruction text"), blank=True)
    # The leader who gave the instruction, when they use the system: they are told when the
    # item is assigned, turns red and is closed. The name below is kept beside it (filled
    # with the user's name when one is picked) for leaders outside the system, and so lists,
    # exports and search read the same either way.
    instructing_leader_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructing leader (user)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructed_items",
    )
    instructing_leader = models.CharField(_("instructing leader"), max_length=50, blank=True)
    instruction_date = models.DateField(_("instruction date"), null=True, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    lead_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_items",
    )
    cooperating_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("cooperating units"), blank=True, related_name="cooperated_items"
    )
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    registered_on = models.DateField(_("registered on"))
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    report_cycle = models.CharField(
        _("report cycle"), max_length=10, choices=ReportCycle.choices, default=ReportCycle.ONCE
    )
    status = models.CharField(
        _("status"), max_length=30, choices=ItemStatus.choices, default=ItemStatus.REGISTERED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_report_on = models.DateField(_("last report on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    cancel_reason = models.TextField(_("cancel reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(
        excluded_fields=["progress", "last_report_on"], m2m_fields=[cooperating_units]
    )

    objects = ItemQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ("lead_unit", "cooperating_units")

    # Who may do what to an item, and when: the one "may" every page, API call, button and
    # service asks (office.workflow.may / require).
    workflow = Workflow(
        Transition(
            "assign",
            _("Assign"),
            [ItemStatus.REGISTERED],
            ItemStatus.ASSIGNED,
            OFFICE_ROLES,
            when=_is_leaf,
            sentence=_unit_sentence(_("Assigned to %(unit)s")),
        ),
        # 签收: the lead unit acknowledges the item it was assigned, within
        # SUPERVISION_ACKNOWLEDGE_WORKING_DAYS; only then does it report on it.
        Transition(
            "accept",
            _("Accept"),
            [ItemStatus.ASSIGNED],
            ItemStatus.IN_PROGRESS,
            UNIT_ROLES,
            check=is_lead_unit_liaison,
            when=_is_leaf,
            style="success",
            refusal=_("Only the lead unit acknowledges this item."),
            sentence=_unit_sentence(_("%(unit)s took the item on")),
        ),
        Transition(
            "request_completion",
            _("Request completion"),
            [ItemStatus.IN_PROGRESS],
            ItemStatus.COMPLETION_REQUESTED,
            UNIT_ROLES,
            check=is_lead_unit_liaison,
            when=_is_leaf,
            sentence=_unit_sentence(_("%(unit)s reported the item done")),
        ),
        Transition(
            "close",
            _("Accept completion and strike off"),
            [ItemStatus.COMPLETION_REQUESTED],
            ItemStatus.CLOSED,
            [Role.DIRECTOR],
            style="success",
            sentence=lambda item: _("Accepted as done and struck off"),
        ),
        Transition(
            "send_back",
            _("Send back"),
            [ItemStatus.COMPLETION_REQUESTED],
            ItemStatus.IN_PROGRESS,
            [Role.DIRECTOR],
            comment_required=True,
            style="warning",
            sentence=_unit_sentence(_("Sent back to %(unit)s to work on")),
        ),
        Transition(
            "cancel",
            _("Cancel"),
            [ItemStatus.REGISTERED, ItemStatus.ASSIGNED, ItemStatus.IN_PROGRESS],
            ItemStatus.CANCELLED,
            [Role.DIRECTOR],
            comment_required=True,
            style="danger",
            sentence=lambda item: _("Cancelled"),
        ),
        # A split item only groups its units' items: its status follows theirs.
        Transition(
            "follow_units",
            _("Follows its units' items"),
            (),
            None,
            system=True,
            when=lambda item, today: item.is_group,
        ),
        Action("assign_units", _("Assign"), OFFICE_ROLES, when=_has_registered_units),
        Action(
            "report",
            _("Report progress"),
            UNIT_ROLES,
            check=is_lead_unit_liaison,
            # After the 签收: a report no longer stands in for it.
            source=[ItemStatus.IN_PROGRESS],
            when=_is_leaf,
            refusal=_("Only the lead unit can report on this item."),
        ),
        Action(
            "request_extension",
            _("Request an extension"),
            # The office may ask for a unit, but not the director who decides the request.
            (Role.UNIT_LIAISON, Role.STAFF, Role.SECTION_HEAD),
            check=is_lead_unit_liaison,
            source=HANDLING_STATUSES,
            when=_may_request_extension,
            refusal=_("Only the lead unit can report on this item."),
        ),
        Action(
            "urge",
            _("Urge"),
            OFFICE_ROLES,
            # Only what a unit holds: before assignment there is no one to urge, and a
            # completion report waits on the director, not on the unit.
            source=HANDLING_STATUSES,
            when=_is_leaf,
            refusal=_("Only the office can urge an item."),
        ),
        Action("comment", _("Comment"), LEADER_ROLES, refusal=_("Only leaders comment on items.")),
        Action(
            "edit",
            _("Edit"),
            OFFICE_ROLES,
            source=OPEN_STATUSES,
            refusal=_("Only office staff can edit supervision items."),
        ),
        tones={
            ItemStatus.REGISTERED: "grey",
            ItemStatus.ASSIGNED: "azure",
            ItemStatus.IN_PROGRESS: "blue",
            ItemStatus.COMPLETION_REQUESTED: "purple",
            ItemStatus.CLOSED: "green",
            ItemStatus.CANCELLED: "dark",
        },
    )

    class Meta:
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        ordering = ["-year", "-sequence", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_office", "year", "sequence", "part"],
                name="item_number_unique_per_office_year",
                violation_error_message=_("This item number is already taken."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("registered_on")),
                name="item_deadline_not_before_registration",
                violation_error_message=_("The deadline cannot be before the registration date."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="item_progress_at_most_100"
            ),
        ]
        indexes = [
            models.Index(fields=["owning_office", "status", "deadline"]),
            models.Index(fields=["lead_unit", "status"]),
            # The ledger's order across offices (the city office's view, the admin's).
            models.Index(fields=["-year", "-sequence"], name="item_number_order"),
            # The red list and the overdue figures: open leaves by deadline.
            models.Index(
                fields=["deadline"],
                condition=Q(
                    status__in=["registered", "assigned", "in_progress", "completion_requested"],
                    is_group=False,
                ),
                name="item_open_leaf_deadline",
            ),
            # The dashboard's and the summary's figures of a year: registered, closed in it.
            models.Index(fields=["owning_office", "registered_on"], name="item_office_registered"),
            models.Index(
                fields=["owning_office", "closed_on"],
                condition=Q(status="closed"),
                name="item_office_closed",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("supervision:item_detail", args=[self.pk])

    @property
    def number(self) -> str:
        return item_number(self.year, self.sequence, self.part)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaits_acknowledgement(self) -> bool:
        return (
            self.status == ItemStatus.ASSIGNED
            and self.assigned_on is not None
            and not (self.is_group)
        )

    @property
    def acknowledge_by(self):
        """签收时限: the day by which the lead unit must acknowledge the item, while it waits
        for that (None otherwise). A list fills it for all its rows at once
        (``acknowledge_dates``)."""
        if not self.awaits_acknowledgement:
            return None
        if "_acknowledge_by" not in self.__dict__:
            self._acknowledge_by = add_working_days(
                self.assigned_on, settings.SUPERVISION_ACKNOWLEDGE_WORKING_DAYS
            )
        return self._acknowledge_by

    @cached_property
    def pending_extension(self):
        """The extension request awaiting the director, if any (a page may set it)."""
        return self.extensions.filter(status=ExtensionStatus.PENDING).first()


def acknowledge_dates(items) -> None:
    """Fill ``acknowledge_by`` of many items with one read of the holiday calendar."""
    waiting = [item for item in items if item.awaits_acknowledgement]
    if not waiting:
        return
    low = min(item.assigned_on for item in waiting)
    high = max(item.assigned_on for item in waiting) + timedelta(days=60)
    known = dict(Holiday.objects.filter(date__range=(low, high)).values_list("date", "is_workday"))

    def fetch(start, end):
        first, last = min(start, end), max(start, end)
        if first < low or last > high:
            return dict(
                Holiday.objects.filter(date__range=(first, last)).values_list("date", "is_workday")
            )
        return {day: worked for day, worked in known.items() if first <= day <= last}

    days = settings.SUPERVISION_ACKNOWLEDGE_WORKING_DAYS
    for item in waiting:
        item._acknowledge_by = add_days(item.assigned_on, days, fetch)


class Attachment(AttachmentBase):
    """A file attached to a progress or completion report (documents and images only)."""

    report = models.ForeignKey(
        "ProgressReport", on_delete=models.CASCADE, related_name="attachments"
    )

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "report__item__owning_office"
    scope_unit_fields = ("report__item__lead_unit", "report__item__cooperating_units")
    download_url_name = "supervision:attachment_download"

    class Meta(AttachmentBase.Meta):
        pass


class ProgressReport(models.Model):
    """A progress report (反馈) on the item's cycle, or the completion report."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent complete"))
    is_completion = models.BooleanField(_("completion report"), default=False)
    reported_on = models.DateField(_("reported on"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "item__owning_office"
    scope_unit_fields = ("item__lead_unit", "item__cooperating_units")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_at_most_100")
        ]

    def __str__(self):
        return f"{self.item.number} {self.reported_on}"


class ExtensionRequest(models.Model):
    """A request to move the deadline, made before it passes, approved by the director."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_deadline = models.DateField(_("current deadline"))
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "item__owning_office"
    scope_unit_fields = ("item__lead_unit",)

    workflow = Workflow(
        Transition(
            "approve",
            _("Approve"),
            [ExtensionStatus.PENDING],
            ExtensionStatus.APPROVED,
            [Role.DIRECTOR],
            style="success",
            refusal=_("Only the office director decides on extensions."),
        ),
        Transition(
            "reject",
            _("Reject"),
            [ExtensionStatus.PENDING],
            ExtensionStatus.REJECTED,
            [Role.DIRECTOR],
            comment_required=True,
            style="warning",
            refusal=_("Only the office director decides on extensions."),
        ),
        # The item was closed or cancelled while the request waited: no one decided it.
        Transition(
            "lapse", _("Lapsed"), [ExtensionStatus.PENDING], ExtensionStatus.REJECTED, system=True
        ),
        tones={
            ExtensionStatus.PENDING: "yellow",
            ExtensionStatus.APPROVED: "green",
            ExtensionStatus.REJECTED: "red",
        },
    )

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status="pending"),
                name="one_pending_extension_per_item",
                violation_error_message=_("An extension request for this item is already pending."),
            ),
            models.CheckConstraint(
                condition=Q(requested_deadline__gt=F("current_deadline")),
                name="extension_moves_deadline_later",
                violation_error_message=_("The new deadline must be after the current one."),
            ),
        ]

    def __str__(self):
        return f"{self.item.number} → {self.requested_deadline}"


class Urge(models.Model):
    """A reminder sent by hand (催办) by the office, with its message."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="urges")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("urged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("urge")
        verbose_name_plural = _("urges")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.item.number} {self.created_at:%Y-%m-%d}"


class LeaderComment(models.Model):
    """A leader's comment on an item. It reopens nothing; it notifies the lead unit."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("leader comment")
        verbose_name_plural = _("leader comments")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.item.number} {self.author}"


class Circular(models.Model):
    """A supervision circular (督查通报) for a period, generated from the data and edited by
    the director before it is published to the units concerned."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=CircularStatus.choices, default=CircularStatus.DRAFT
    )
    units = models.ManyToManyField(
        OrgUnit, verbose_name=_("units concerned"), blank=True, related_name="circulars"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    figures = models.JSONField(
        _("figures"),
        default=dict,
        blank=True,
        help_text=_("The figures as published; a draft's are computed afresh."),
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ("units",)

    workflow = Workflow(
        Transition(
            "publish",
            _("Publish"),
            [CircularStatus.DRAFT],
            CircularStatus.PUBLISHED,
            [Role.DIRECTOR],
            style="success",
            refusal=_("Only the office director publishes circulars."),
        ),
        Action(
            "edit",
            _("Edit"),
            OFFICE_ROLES,
            source=[CircularStatus.DRAFT],
            refusal=_("Only the office prepares circulars."),
        ),
        tones={CircularStatus.DRAFT: "grey", CircularStatus.PUBLISHED: "green"},
    )

    class Meta:
        verbose_name = _("circular")
        verbose_name_plural = _("circulars")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="circular_period_in_order",
                violation_error_message=_("The period must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("supervision:circular_detail", args=[self.pk])

    @classmethod
    def scope_rule(cls, scope, action) -> Q:
        """A unit reads a circular once it is published to it, never a draft."""
        if scope.unit is not None:
            return Q(status=CircularStatus.PUBLISHED)
        return Q()
