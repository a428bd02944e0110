"""全面深化改革: the year's key reform tasks with their milestones, reform pilots and
demonstrations, and honours.

A task's progress is the weighted sum of its accepted milestones (stored when a milestone is
accepted, so lists filter and total it); how it stands against the plan on a day is computed
from the milestones' dates (``selectors.with_plan``), never stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.models import AttachmentBase, OrgUnit, RestrictedQuerySet
from office.roles import OFFICE_ROLES, UNIT_ROLES, acts_for_unit
from office.workflow import Action, Transition, Workflow

from .choices import (
    Level,
    MilestoneStatus,
    PilotKind,
    PilotStatus,
    Recipient,
    ReformArea,
    TaskStatus,
)


def _leads_task(actor, milestone) -> bool:
    """A milestone is reported by its task's lead unit (the office may report for it)."""
    return acts_for_unit(actor, milestone.task.lead_unit_id)


def _leads_pilot(actor, pilot) -> bool:
    return acts_for_unit(actor, pilot.lead_unit_id)


def _is_behind(task, today) -> bool:
    """Only a task behind its plan, and not yet under supervision, is sent to supervision."""
    from .rules import expected_progress

    return (
        task.supervision_item_id is None
        and task.progress < 100
        and task.progress < expected_progress(task.plan(), today)
    )


class KeyTask(models.Model):
    """A key reform task of the year (年度重点改革任务): one lead leader, one lead unit."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("reform area"), max_length=20, choices=ReformArea.choices)
    lead_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead county leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_reform_tasks",
    )
    lead_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_reforms"
    )
    cooperating_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("cooperating units"), blank=True, related_name="cooperated_reforms"
    )
    goal = models.TextField(_("goal"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.IN_PROGRESS
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # The supervision item opened when the task fell behind (one at most).
    supervision_item = models.ForeignKey(
        "supervision.Item",
        verbose_name=_("supervision item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["progress"], m2m_fields=[cooperating_units])

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ("lead_unit", "cooperating_units")

    workflow = Workflow(
        # The last milestone accepted completes the task: no one sets it by hand.
        Transition(
            "complete",
            _("Completed"),
            [TaskStatus.IN_PROGRESS],
            TaskStatus.COMPLETED,
            system=True,
            sentence=lambda task: _("Every milestone accepted: the task is completed"),
        ),
        Action(
            "edit",
            _("Edit"),
            OFFICE_ROLES,
            source=[TaskStatus.IN_PROGRESS],
            refusal=_("Only the office edits key reform tasks."),
        ),
        Action(
            "supervise",
            _("Open a supervision item"),
            OFFICE_ROLES,
            source=[TaskStatus.IN_PROGRESS],
            when=_is_behind,
            refusal=_("Only the office sends a task to supervision."),
        ),
        tones={TaskStatus.IN_PROGRESS: "blue", TaskStatus.COMPLETED: "green"},
    )

    class Meta:
        verbose_name = _("key reform task")
        verbose_name_plural = _("key reform tasks")
        ordering = ["-year", "area", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_office", "year", "title"],
                name="reform_task_title_unique_per_year",
                violation_error_message=_("A key reform task of this title exists this year."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="reform_task_progress_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["owning_office", "year", "area"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reforms:task_detail", args=[self.pk])

    def plan(self) -> list[tuple]:
        """(due date, weight) of each milestone, from a prefetch when there is one."""
        return [(m.due_date, m.weight) for m in self.milestones.all()]


class Milestone(models.Model):
    """A milestone of a task (节点): a date, a weight in the task's progress, and the lead
    unit's report on it that the office accepts or returns."""

    task = models.ForeignKey(
        KeyTask,
        verbose_name=_("key reform task"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PENDING,
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "task__owning_office"
    scope_unit_fields = ("task__lead_unit", "task__cooperating_units")

    workflow = Workflow(
        Transition(
            "report",
            _("Report progress"),
            [MilestoneStatus.PENDING, MilestoneStatus.RETURNED],
            MilestoneStatus.REPORTED,
            UNIT_ROLES,
            check=_leads_task,
            refusal=_("Only the task's lead unit reports on its milestones."),
            sentence=lambda m: (
                _("%(unit)s reported the milestone done") % {"unit": m.task.lead_unit}
            ),
        ),
        Transition(
            "accept",
            _("Accept the milestone"),
            [MilestoneStatus.REPORTED],
            MilestoneStatus.ACCEPTED,
            OFFICE_ROLES,
            style="success",
            refusal=_("Only the office accepts milestone reports."),
            sentence=lambda m: _("The office accepted the milestone"),
        ),
        Transition(
            "return",
            _("Return"),
            [MilestoneStatus.REPORTED],
            MilestoneStatus.RETURNED,
            OFFICE_ROLES,
            comment_required=True,
            style="warning",
            refusal=_("Only the office returns milestone reports."),
            sentence=lambda m: _("Returned to %(unit)s") % {"unit": m.task.lead_unit},
        ),
        tones={
            MilestoneStatus.PENDING: "grey",
            MilestoneStatus.REPORTED: "purple",
            MilestoneStatus.RETURNED: "orange",
            MilestoneStatus.ACCEPTED: "green",
        },
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="reform_milestone_weight_1_to_100",
                violation_error_message=_("A milestone's weight is between 1 and 100."),
            )
        ]

    def __str__(self):
        return f"{self.task.title} · {self.title}"

    def get_absolute_url(self):
        return reverse("reforms:milestone_detail", args=[self.pk])


class PlanChange(models.Model):
    """The office changed a task's plan after work on it began: why, who, and what moved
    (each line a milestone added, moved, reweighted or removed, as people read it)."""

    task = models.ForeignKey(
        KeyTask,
        verbose_name=_("key reform task"),
        on_delete=models.CASCADE,
        related_name="plan_changes",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason for the change"), blank=True)
    # [{"field": "节点 · 截止日期", "old": "...", "new": "..."}], as the timeline shows them.
    changes = models.JSONField(_("changes"), default=list)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "task__owning_office"
    scope_unit_fields = ("task__lead_unit", "task__cooperating_units")

    class Meta:
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.task} {self.created_at:%Y-%m-%d}"


class MilestoneReport(models.Model):
    """What the lead unit reported on a milestone, with its evidence."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("what was done"))
    reported_on = models.DateField(_("reported on"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "milestone__task__owning_office"
    scope_unit_fields = ("milestone__task__lead_unit", "milestone__task__cooperating_units")

    class Meta:
        verbose_name = _("milestone report")
        verbose_name_plural = _("milestone reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.milestone} {self.reported_on}"


class MilestoneAttachment(AttachmentBase):
    """Evidence of a milestone report."""

    report = models.ForeignKey(
        MilestoneReport, on_delete=models.CASCADE, related_name="attachments"
    )

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "report__milestone__task__owning_office"
    scope_unit_fields = (
        "report__milestone__task__lead_unit",
        "report__milestone__task__cooperating_units",
    )
    download_url_name = "reforms:milestone_attachment"

    class Meta(AttachmentBase.Meta):
        pass


class Pilot(models.Model):
    """A reform pilot or demonstration (改革试点/示范) granted by a higher level."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PilotKind.choices, default=PilotKind.PILOT
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    approving_body = models.CharField(_("approving body"), max_length=100)
    approval_document = models.CharField(_("approval document"), max_length=200, blank=True)
    applied_on = models.DateField(_("applied on"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_pilots"
    )
    task = models.ForeignKey(
        KeyTask,
        verbose_name=_("key reform task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pilots",
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PilotStatus.choices, default=PilotStatus.APPLIED
    )
    evaluation = models.TextField(_("evaluation result"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ("lead_unit",)

    workflow = Workflow(
        Transition(
            "approve",
            _("Record the approval"),
            [PilotStatus.APPLIED],
            PilotStatus.APPROVED,
            OFFICE_ROLES,
            style="success",
            refusal=_("Only the office records pilots' approvals."),
        ),
        Transition(
            "start",
            _("Start"),
            [PilotStatus.APPROVED],
            PilotStatus.IN_PROGRESS,
            OFFICE_ROLES,
            refusal=_("Only the office moves a pilot on."),
        ),
        Transition(
            "evaluate",
            _("Record the evaluation"),
            [PilotStatus.IN_PROGRESS],
            PilotStatus.EVALUATED,
            OFFICE_ROLES,
            refusal=_("Only the office moves a pilot on."),
        ),
        Transition(
            "promote",
            _("Promote"),
            [PilotStatus.EVALUATED],
            PilotStatus.PROMOTED,
            OFFICE_ROLES,
            style="success",
            refusal=_("Only the office moves a pilot on."),
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            [PilotStatus.APPLIED, PilotStatus.APPROVED, PilotStatus.IN_PROGRESS],
            PilotStatus.WITHDRAWN,
            OFFICE_ROLES,
            comment_required=True,
            style="danger",
            refusal=_("Only the office withdraws a pilot."),
        ),
        Action(
            "add_evidence",
            _("Add evidence"),
            UNIT_ROLES,
            check=_leads_pilot,
            source=[PilotStatus.APPROVED, PilotStatus.IN_PROGRESS, PilotStatus.EVALUATED],
            refusal=_("Only the pilot's lead unit adds evidence."),
        ),
        Action(
            "edit",
            _("Edit"),
            OFFICE_ROLES,
            refusal=_("Only the office edits pilots."),
        ),
        tones={
            PilotStatus.APPLIED: "grey",
            PilotStatus.APPROVED: "azure",
            PilotStatus.IN_PROGRESS: "blue",
            PilotStatus.EVALUATED: "purple",
            PilotStatus.PROMOTED: "green",
            PilotStatus.WITHDRAWN: "dark",
        },
    )

    class Meta:
        verbose_name = _("reform pilot")
        verbose_name_plural = _("reform pilots and demonstrations")
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="reform_pilot_period_in_order",
                violation_error_message=_("The period must end after it starts."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:pilot_detail", args=[self.pk])


class PilotAttachment(AttachmentBase):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "pilot__owning_office"
    scope_unit_fields = ("pilot__lead_unit",)
    download_url_name = "reforms:pilot_attachment"

    class Meta(AttachmentBase.Meta):
        pass


class Honour(models.Model):
    """An honour (荣誉) the county, a unit or a person received."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    awarding_body = models.CharField(_("awarding body"), max_length=100)
    awarded_on = models.DateField(_("awarded on"))
    recipient = models.CharField(
        _("honoured"), max_length=10, choices=Recipient.choices, default=Recipient.UNIT
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit honoured"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours",
    )
    person = models.CharField(_("person honoured"), max_length=50, blank=True)
    # 先进单位 titles the office itself received, listed apart in the achievements.
    advanced_unit = models.BooleanField(
        _("advanced-unit title of the office"),
        default=False,
        help_text=_("The office itself was named an advanced unit."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-awarded_on", "-pk"]
        indexes = [models.Index(fields=["owning_office", "awarded_on", "level"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reforms:honour_detail", args=[self.pk])

    @property
    def honoured(self) -> str:
        return self.person if self.recipient == Recipient.PERSON else str(self.unit or "")


class HonourAttachment(AttachmentBase):
    honour = models.ForeignKey(Honour, on_delete=models.CASCADE, related_name="attachments")

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "honour__owning_office"
    scope_unit_fields = ("honour__unit",)
    download_url_name = "reforms:honour_attachment"

    class Meta(AttachmentBase.Meta):
        pass
