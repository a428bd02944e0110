"""Documents (文稿与公文): official documents with their flow and numbers, manuscripts with
their versions, research visits, and incoming documents circulated to leaders."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.models import OrgUnit, RestrictedQuerySet
from office.roles import LEADER_ROLES, OFFICE_ROLES, Role, acts_for_unit
from office.workflow import Action, Transition, Workflow

from . import rules
from .choices import (
    AdoptionLevel,
    Classification,
    DocStatus,
    DocType,
    IncomingMode,
    IncomingStatus,
    InfoStatus,
    LedgerStatus,
    ManuscriptKind,
    ManuscriptStatus,
    Openness,
    TopicKind,
    Urgency,
    VisitLevel,
)

REVIEWERS = (Role.SECTION_HEAD, Role.DIRECTOR)
SIGNERS = (Role.LEADER, Role.DIRECTOR)


def _is_signer(actor, doc) -> bool:
    return doc.signer_id is not None and actor.pk == doc.signer_id


def _may_sign(doc, today) -> bool:
    """Sign-off waits for the legality review when the document needs one."""
    return not doc.needs_legal_review or bool(doc.legal_opinion)


def _needs_review(doc, today) -> bool:
    return doc.needs_legal_review


def _skips_review(doc, today) -> bool:
    return not doc.needs_legal_review


def _may_send_back(actor, doc) -> bool:
    """Whoever holds the document at its step: the checkers while it is checked, the legal
    adviser during the legality review, the signer at sign-off (and the director at any)."""
    if actor.has_role(Role.DIRECTOR):
        return True
    if doc.status == DocStatus.CHECKING:
        return actor.has_role(Role.SECTION_HEAD)
    if doc.status == DocStatus.LEGAL_REVIEW:
        return actor.has_role(Role.LEGAL_ADVISER)
    if doc.status == DocStatus.COUNTERSIGNING:
        return actor.has_role(Role.SECTION_HEAD)
    return doc.status == DocStatus.SIGNING and _is_signer(actor, doc)


def _filing_open(doc, today) -> bool:
    return doc.is_normative and not doc.filed_on


def _all_countersigned(doc, today) -> bool:
    return not doc.countersignatures.filter(signed_on__isnull=True).exists()


def _countersign_pending(doc, today) -> bool:
    return doc.countersignatures.filter(signed_on__isnull=True).exists()


def next_countersignature(doc):
    """The countersignature whose turn it is (the units sign in order), or None."""
    return doc.countersignatures.filter(signed_on__isnull=True).order_by("position").first()


def _is_next_countersigner(actor, doc) -> bool:
    """The head or liaison of the unit whose turn it is to countersign: its own people."""
    pending = next_countersignature(doc)
    return pending is not None and acts_for_unit(actor, pending.unit_id)


class OfficialDocument(models.Model):
    """An outgoing official document (发文): drafted, checked, reviewed for legality when it
    is normative, signed off by a leader, numbered and issued."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocType.choices)
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(
        _("issuing office"), max_length=100, help_text=_("E.g. 中共青川县委办公室.")
    )
    issuer_code = models.CharField(
        _("issuer code"), max_length=20, help_text=_("机关代字 of the number, e.g. 青委办发.")
    )
    is_normative = models.BooleanField(
        _("normative document"),
        default=False,
        help_text=_("A normative document (规范性文件) needs the legal adviser's review."),
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafter"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_recipients = models.CharField(_("main recipients"), max_length=300, blank=True)
    copy_recipients = models.CharField(_("copied to"), max_length=300, blank=True)
    openness = models.CharField(
        _("openness"), max_length=10, choices=Openness.choices, default=Openness.INTERNAL
    )
    urgency = models.CharField(
        _("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    body = models.TextField(_("text"), blank=True)
    attachments_note = models.CharField(_("attachments"), max_length=300, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents_to_sign",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocStatus.choices, default=DocStatus.DRAFTING
    )
    legal_opinion = models.TextField(_("legality review opinion"), blank=True)
    legal_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("legal reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year of number"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence number"), null=True, blank=True)
    number = models.CharField(_("document number"), max_length=50, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    quota_override_reason = models.TextField(_("reason for exceeding the quota"), blank=True)
    filing_due = models.DateField(_("filing deadline"), null=True, blank=True)
    filing_number = models.CharField(_("filing number"), max_length=50, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    voided_on = models.DateField(_("voided on"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    # A unit sees the documents it is asked to countersign (会签)...
    scope_unit_fields = ("countersignatures__unit",)

    workflow = Workflow(
        Transition(
            "submit",
            _("Submit for checking"),
            [DocStatus.DRAFTING],
            DocStatus.CHECKING,
            OFFICE_ROLES,
            sentence=lambda doc: _("Submitted for checking"),
        ),
        # To sign-off, or first to the countersigning units when there are any: the
        # service names the target.
        Transition(
            "check",
            _("Pass checking"),
            [DocStatus.CHECKING],
            None,
            REVIEWERS,
            when=_skips_review,
            refusal=_("Only a section head or the director checks documents."),
            sentence=lambda doc: _("Checked and sent for sign-off"),
        ),
        Transition(
            "check_to_legal",
            _("Pass checking"),
            [DocStatus.CHECKING],
            DocStatus.LEGAL_REVIEW,
            REVIEWERS,
            when=_needs_review,
            refusal=_("Only a section head or the director checks documents."),
            sentence=lambda doc: _("Checked and sent for legality review"),
        ),
        Transition(
            "legal_review",
            _("Record the legality review"),
            [DocStatus.LEGAL_REVIEW],
            None,
            [Role.LEGAL_ADVISER],
            refusal=_("Only the legal adviser reviews legality."),
            sentence=lambda doc: _("Legality review recorded"),
        ),
        Action(
            "countersign",
            _("Record a unit's countersignature (会签)"),
            OFFICE_ROLES,
            source=[DocStatus.COUNTERSIGNING],
            when=_countersign_pending,
            refusal=_("Only the office records countersignatures."),
        ),
        # The countersigning unit's own head or liaison signs in the app, in its turn.
        Action(
            "countersign_own",
            _("Countersign for your unit (会签)"),
            [Role.UNIT_LIAISON],
            check=_is_next_countersigner,
            source=[DocStatus.COUNTERSIGNING],
            when=_countersign_pending,
            refusal=_(
                "Only the head or liaison of the unit whose turn it is countersigns this document."
            ),
        ),
        # Follows the last countersignature, whoever gave it (the office or the unit).
        Transition(
            "countersigned",
            _("Countersigned by every unit"),
            [DocStatus.COUNTERSIGNING],
            DocStatus.SIGNING,
            when=_all_countersigned,
            system=True,
            sentence=lambda doc: _("Countersigned by every unit, sent for sign-off"),
        ),
        Transition(
            "sign",
            _("Sign off (签发)"),
            [DocStatus.SIGNING],
            DocStatus.SIGNED,
            SIGNERS,
            check=_is_signer,
            when=_may_sign,
            style="success",
            refusal=_("Only the leader named as signer signs this document off."),
            sentence=lambda doc: _("Signed off by %(name)s") % {"name": doc.signer},
        ),
        Transition(
            "issue",
            _("Number and issue"),
            [DocStatus.SIGNED],
            DocStatus.ISSUED,
            OFFICE_ROLES,
            style="success",
            refusal=_("Only the office numbers and issues documents."),
            sentence=lambda doc: _("Numbered %(number)s and issued") % {"number": doc.number},
        ),
        Transition(
            "archive",
            _("Archive (归档)"),
            [DocStatus.ISSUED],
            DocStatus.ARCHIVED,
            OFFICE_ROLES,
            refusal=_("Only the office archives documents."),
            sentence=lambda doc: _("Archived"),
        ),
        # The number stays taken: the series goes on after it, and the register shows it
        # voided with the reason.
        Transition(
            "void",
            _("Void the number (作废)"),
            [DocStatus.ISSUED, DocStatus.ARCHIVED],
            DocStatus.VOIDED,
            [Role.DIRECTOR],
            comment_required=True,
            style="danger",
            refusal=_("Only the director voids a document's number."),
            sentence=lambda doc: _("Number %(number)s voided") % {"number": doc.number},
        ),
        # Back to an earlier step it has passed (the service names which), with the reason.
        Transition(
            "send_back",
            _("Send back"),
            [
                DocStatus.CHECKING,
                DocStatus.LEGAL_REVIEW,
                DocStatus.COUNTERSIGNING,
                DocStatus.SIGNING,
            ],
            None,
            (*REVIEWERS, Role.LEGAL_ADVISER, Role.LEADER),
            check=_may_send_back,
            comment_required=True,
            style="warning",
            refusal=_("Only a reviewer of the document sends it back."),
            sentence=lambda doc: (
                _("Sent back to the step: %(step)s") % {"step": doc.get_status_display()}
            ),
        ),
        Action(
            "edit",
            _("Edit"),
            OFFICE_ROLES,
            source=[DocStatus.DRAFTING, DocStatus.CHECKING],
            refusal=_("Only the office edits drafts."),
        ),
        Action(
            "record_filing",
            _("Record filing (备案)"),
            OFFICE_ROLES,
            source=[DocStatus.ISSUED, DocStatus.ARCHIVED],
            when=_filing_open,
        ),
        tones={
            DocStatus.DRAFTING: "grey",
            DocStatus.CHECKING: "azure",
            DocStatus.LEGAL_REVIEW: "purple",
            DocStatus.COUNTERSIGNING: "orange",
            DocStatus.SIGNING: "yellow",
            DocStatus.SIGNED: "blue",
            DocStatus.ISSUED: "green",
            DocStatus.ARCHIVED: "teal",
            DocStatus.VOIDED: "red",
        },
    )

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_office", "issuer_code", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="document_number_unique",
                violation_error_message=_("This document number is already taken."),
            )
        ]
        indexes = [models.Index(fields=["owning_office", "status", "issued_on"])]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse("documents:official_detail", args=[self.pk])

    @classmethod
    def scope_rule(cls, scope, action) -> Q:
        """... once the office has sent it to countersigning, never the office's draft."""
        if scope.unit is not None:
            return ~Q(status__in=[DocStatus.DRAFTING, DocStatus.CHECKING, DocStatus.LEGAL_REVIEW])
        return Q()

    @property
    def needs_legal_review(self) -> bool:
        return rules.needs_legal_review(self.doc_type, self.is_normative)


class Countersignature(models.Model):
    """One unit's countersignature (会签) of a document: the units sign in turn, in
    ``position`` order, before the leader signs it off. The unit's head or liaison signs in
    the app, or the office records the signature as the unit's signed slip comes back. A
    unit that disagrees says why; the leader who signs off reads it (协商 is theirs)."""

    document = models.ForeignKey(
        OfficialDocument, on_delete=models.CASCADE, related_name="countersignatures"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    signed_by = models.CharField(_("signed for the unit by"), max_length=50, blank=True)
    agrees = models.BooleanField(_("agrees"), default=True)
    opinion = models.TextField(_("opinion"), blank=True)
    signed_on = models.DateField(_("countersigned on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("countersignature")
        verbose_name_plural = _("countersignatures")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "unit"],
                name="countersign_unit_once",
                violation_error_message=_("A unit countersigns a document once."),
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.document}"


class NumberRecord(models.Model):
    """Every number given out of a series, kept when the document is voided: no number is
    ever used twice or lost without a trace."""

    owning_office = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        OfficialDocument, null=True, on_delete=models.SET_NULL, related_name="numbers"
    )
    number = models.CharField(_("document number"), max_length=50)
    voided = models.BooleanField(_("voided"), default=False)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"

    class Meta:
        verbose_name = _("number record")
        verbose_name_plural = _("number records")
        constraints = [
            models.UniqueConstraint(fields=["owning_office", "number"], name="number_once")
        ]

    def __str__(self):
        return self.number


class ResearchVisit(models.Model):
    """A research visit (调研) to the county by a provincial or municipal body."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    visiting_body = models.CharField(_("visiting body"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=VisitLevel.choices)
    topic = models.CharField(_("research topic"), max_length=200)
    start_date = models.DateField(_("first day of the visit"))
    end_date = models.DateField(_("last day of the visit"))
    places = models.TextField(_("places visited"), blank=True)
    accompanying_leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompanying leaders"),
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[accompanying_leaders])

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"

    # A visit has no states: its rules are actions only (the level stands in as the state
    # the workflow reads, which no rule starts from).
    workflow = Workflow(
        Action(
            "follow_up",
            _("Add a follow-up item"),
            OFFICE_ROLES,
            refusal=_("Only the office records visits."),
        ),
        state_field="level",
    )

    class Meta:
        verbose_name = _("research visit")
        verbose_name_plural = _("research visits")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="visit_dates_in_order",
                violation_error_message=_("A visit cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.visiting_body}：{self.topic}"

    def get_absolute_url(self):
        return reverse("documents:visit_detail", args=[self.pk])


class FollowUp(models.Model):
    """A follow-up item of a visit; sent to supervision as an item with one click."""

    visit = models.ForeignKey(ResearchVisit, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField(_("follow-up"))
    supervision_item_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "visit__owning_office"

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:40]


class Manuscript(models.Model):
    """A manuscript (文稿): a speech, briefing, research report, signed or commissioned
    article the office drafts, with its versions and its publication."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ManuscriptKind.choices)
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafter"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    for_whom = models.CharField(
        _("for"), max_length=100, blank=True, help_text=_("The leader or meeting it is for.")
    )
    commissioning_body = models.CharField(_("commissioning body"), max_length=100, blank=True)
    assigned_on = models.DateField(_("assigned on"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ManuscriptStatus.choices,
        default=ManuscriptStatus.ASSIGNED,
    )
    text = models.TextField(_("text"), blank=True)
    characters = models.PositiveIntegerField(_("characters"), default=0)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    research_visit = models.ForeignKey(
        ResearchVisit,
        verbose_name=_("research visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    journal = models.CharField(_("published in"), max_length=100, blank=True)
    journal_issue = models.CharField(_("issue"), max_length=50, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["text"])

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"

    workflow = Workflow(
        Transition(
            "start",
            _("Start drafting"),
            [ManuscriptStatus.ASSIGNED],
            ManuscriptStatus.DRAFTING,
            OFFICE_ROLES,
            sentence=lambda m: _("Drafting started"),
        ),
        Transition(
            "deliver",
            _("Deliver"),
            [ManuscriptStatus.DRAFTING],
            ManuscriptStatus.DELIVERED,
            OFFICE_ROLES,
            style="success",
            sentence=lambda m: _("Delivered"),
        ),
        Action(
            "revise",
            _("Save a new version"),
            OFFICE_ROLES,
            source=[ManuscriptStatus.ASSIGNED, ManuscriptStatus.DRAFTING],
            refusal=_("Only the office drafts manuscripts."),
        ),
        Action(
            "publish",
            _("Record publication"),
            OFFICE_ROLES,
            source=[ManuscriptStatus.DELIVERED],
            refusal=_("Only the office records publication."),
        ),
        Action("edit", _("Edit"), OFFICE_ROLES, refusal=_("Only the office drafts manuscripts.")),
        tones={
            ManuscriptStatus.ASSIGNED: "grey",
            ManuscriptStatus.DRAFTING: "blue",
            ManuscriptStatus.DELIVERED: "green",
        },
    )

    class Meta:
        verbose_name = _("manuscript")
        verbose_name_plural = _("manuscripts")
        ordering = ["-assigned_on", "-id"]
        indexes = [models.Index(fields=["owning_office", "kind", "delivered_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:manuscript_detail", args=[self.pk])


class ManuscriptVersion(models.Model):
    """One saved version of a manuscript's text, numbered from 1."""

    manuscript = models.ForeignKey(Manuscript, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    characters = models.PositiveIntegerField(_("characters"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "manuscript__owning_office"

    class Meta:
        verbose_name = _("manuscript version")
        verbose_name_plural = _("manuscript versions")
        ordering = ["manuscript", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["manuscript", "number"], name="version_once")
        ]

    def __str__(self):
        return f"{self.manuscript} v{self.number}"


class IncomingDocument(models.Model):
    """An incoming document (收文): signed for and registered, first-checked (初审: ours to
    handle? in the right form? else returned), its handling proposed (拟办), then circulated
    for reading (传阅) or routed for action (批办: a supervision item), and closed."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    sender = models.CharField(_("sender"), max_length=100)
    sender_number = models.CharField(_("sender's number"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200)
    received_on = models.DateField(_("received on"))
    mode = models.CharField(
        _("handling"), max_length=10, choices=IncomingMode.choices, default=IncomingMode.READING
    )
    proposed_handling = models.TextField(_("proposed handling (拟办)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IncomingStatus.choices,
        default=IncomingStatus.REGISTERED,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The supervision item an action document opened (supervision's id: apps keep to their
    # own tables and ask each other through services).
    supervision_item_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"

    workflow = Workflow(
        Transition(
            "first_check",
            _("First check (初审)"),
            [IncomingStatus.REGISTERED],
            IncomingStatus.CHECKED,
            OFFICE_ROLES,
            refusal=_("Only the office checks incoming documents."),
            sentence=lambda d: _("First-checked: %(mode)s") % {"mode": d.get_mode_display()},
        ),
        Transition(
            "return_to_sender",
            _("Return to the sender"),
            [IncomingStatus.REGISTERED],
            IncomingStatus.RETURNED,
            OFFICE_ROLES,
            comment_required=True,
            style="warning",
            refusal=_("Only the office checks incoming documents."),
            sentence=lambda d: _("Returned to %(sender)s") % {"sender": d.sender},
        ),
        Transition(
            "propose",
            _("Propose the handling (拟办)"),
            [IncomingStatus.CHECKED],
            IncomingStatus.PROPOSED,
            OFFICE_ROLES,
            refusal=_("Only the office proposes the handling."),
            sentence=lambda d: _("Handling proposed"),
        ),
        Action(
            "to_supervision",
            _("Open a supervision item"),
            OFFICE_ROLES,
            source=[IncomingStatus.PROPOSED, IncomingStatus.CIRCULATING, IncomingStatus.DONE],
            when=lambda d, today: d.mode == IncomingMode.ACTION and not d.supervision_item_id,
            refusal=_("Only the office opens supervision items."),
        ),
        Transition(
            "circulate",
            _("Circulate to leaders"),
            [IncomingStatus.PROPOSED],
            IncomingStatus.CIRCULATING,
            OFFICE_ROLES,
            sentence=lambda d: _("Sent round the leaders"),
        ),
        Transition(
            "finish",
            _("Close"),
            [IncomingStatus.PROPOSED, IncomingStatus.CIRCULATING],
            IncomingStatus.DONE,
            OFFICE_ROLES,
            style="success",
            sentence=lambda d: _("Circulation closed"),
        ),
        Action(
            "read",
            _("Mark as read"),
            LEADER_ROLES,
            check=lambda actor, d: rules.reader_waiting(actor, d),
            source=[IncomingStatus.CIRCULATING],
            refusal=_("Only a leader on the circulation list marks it read."),
        ),
        Action(
            "urge",
            _("Urge the readers"),
            OFFICE_ROLES,
            source=[IncomingStatus.CIRCULATING],
        ),
        tones={
            IncomingStatus.REGISTERED: "grey",
            IncomingStatus.CHECKED: "azure",
            IncomingStatus.PROPOSED: "yellow",
            IncomingStatus.CIRCULATING: "blue",
            IncomingStatus.DONE: "green",
            IncomingStatus.RETURNED: "orange",
        },
    )

    class Meta:
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:incoming_detail", args=[self.pk])


class Circulation(models.Model):
    """One reader on an incoming document's circulation list, in order."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, related_name="circulation"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(_("order"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "document__owning_office"

    class Meta:
        verbose_name = _("circulation")
        verbose_name_plural = _("circulations")
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "reader"], name="reader_once")]

    def __str__(self):
        return f"{self.document} → {self.reader}"


CONFIDENTIAL_ROLES = (Role.CONFIDENTIAL_CLERK, Role.DIRECTOR)


class ConfidentialRecord(models.Model):
    """A classified paper document in the confidential ledger (机要台账): metadata only, no
    file. Only the confidential clerk and the director see it (their permissions)."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("document number"), max_length=50, blank=True)
    sender = models.CharField(_("sender"), max_length=100)
    classification = models.CharField(
        _("classification"), max_length=20, choices=Classification.choices
    )
    marking = models.CharField(
        _("marking"), max_length=30, blank=True, help_text=_("As printed, e.g. 机密★10年.")
    )
    received_on = models.DateField(_("received on"))
    copy_numbers = models.CharField(
        _("copy numbers"), max_length=200, help_text=_("The copies held, e.g. 000012、000013.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LedgerStatus.choices, default=LedgerStatus.HELD
    )
    destroyed_on = models.DateField(_("destroyed on"), null=True, blank=True)
    witnesses = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("witnesses"), blank=True, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    # The ledger names classifications by design: the marker guard leaves these alone.
    classified_marker_exempt_fields = ("classification", "marking")

    workflow = Workflow(
        Transition(
            "destroy",
            _("Destroy"),
            [LedgerStatus.HELD],
            LedgerStatus.DESTROYED,
            CONFIDENTIAL_ROLES,
            style="danger",
            refusal=_("Only the confidential clerk or the director keeps the ledger."),
            sentence=lambda r: _("Destroyed before two witnesses"),
        ),
        Action(
            "lend",
            _("Lend a copy"),
            CONFIDENTIAL_ROLES,
            source=[LedgerStatus.HELD],
            refusal=_("Only the confidential clerk or the director keeps the ledger."),
        ),
        Action(
            "take_back",
            _("Take a copy back"),
            CONFIDENTIAL_ROLES,
            source=[LedgerStatus.HELD],
            refusal=_("Only the confidential clerk or the director keeps the ledger."),
        ),
        Action(
            "receipt",
            _("Record a read receipt"),
            CONFIDENTIAL_ROLES,
            source=[LedgerStatus.HELD],
            refusal=_("Only the confidential clerk or the director keeps the ledger."),
        ),
        tones={LedgerStatus.HELD: "blue", LedgerStatus.DESTROYED: "dark"},
    )

    class Meta:
        verbose_name = _("confidential record")
        verbose_name_plural = _("confidential ledger")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:confidential_detail", args=[self.pk])


class ConfidentialLoan(models.Model):
    """One copy in someone's hands, with the read receipt and the return (same day by
    default)."""

    record = models.ForeignKey(ConfidentialRecord, on_delete=models.CASCADE, related_name="loans")
    copy_number = models.CharField(_("copy number"), max_length=20)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT
    )
    lent_on = models.DateField(_("lent on"))
    due_on = models.DateField(_("return by"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    # The holder's signature on the reading slip (阅文签字), as the clerk records it.
    read_on = models.DateField(_("read on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "record__owning_office"

    class Meta:
        verbose_name = _("confidential loan")
        verbose_name_plural = _("confidential loans")
        ordering = ["-lent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("lent_on")),
                name="loan_due_not_before_lent",
                violation_error_message=_("The return date cannot be before the day it is lent."),
            ),
            models.UniqueConstraint(
                fields=["record", "copy_number"],
                condition=Q(returned_on__isnull=True),
                name="one_open_loan_per_copy",
                violation_error_message=_("This copy is out already."),
            ),
        ]

    def __str__(self):
        return f"{self.record} {self.copy_number}"


class InfoTopic(models.Model):
    """What the higher level asks for (信息约稿/专题): a topic list or a commissioned request,
    with who asked and by when; the units' pieces answer it."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TopicKind.choices)
    title = models.CharField(_("title"), max_length=200)
    requested_by = models.CharField(
        _("requesting body"), max_length=100, help_text=_("E.g. 市委办公室信息科.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    description = models.TextField(_("what is asked for"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    # A topic is published to every unit of its county office: a unit's liaison sees the
    # topics of the office that owns the unit (its id among the office's owned units).
    scope_unit_fields = ("owning_office__owned_units",)

    class Meta:
        verbose_name = _("information topic")
        verbose_name_plural = _("information topics")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The pieces that answer it."""
        return f"{reverse('documents:info_list')}?topic={self.pk}"


class InfoPiece(models.Model):
    """A piece of information (信息) a unit submits; the office edits and forwards it and
    records its adoption higher up. Points by the scoring table; ranking by unit only."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("submitting unit"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.ForeignKey(
        InfoTopic,
        verbose_name=_("answers the topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pieces",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    is_research = models.BooleanField(_("research report"), default=False)
    submitted_on = models.DateField(_("submitted on"))
    status = models.CharField(
        _("status"), max_length=12, choices=InfoStatus.choices, default=InfoStatus.SUBMITTED
    )
    adopted_by = models.CharField(
        _("adopted by"), max_length=10, choices=AdoptionLevel.choices, blank=True
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    leader_comment = models.TextField(_("leader's comment"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ("unit",)  # a unit sees what it submitted

    workflow = Workflow(
        Transition(
            "forward",
            _("Edit and forward"),
            [InfoStatus.SUBMITTED],
            InfoStatus.FORWARDED,
            OFFICE_ROLES,
            refusal=_("Only the office forwards information."),
            sentence=lambda p: _("Edited and forwarded to the higher level"),
        ),
        Transition(
            "adopt",
            _("Record adoption"),
            [InfoStatus.FORWARDED],
            InfoStatus.ADOPTED,
            OFFICE_ROLES,
            style="success",
            refusal=_("Only the office records adoption."),
            sentence=lambda p: _("Adopted: %(level)s") % {"level": p.get_adopted_by_display()},
        ),
        tones={
            InfoStatus.SUBMITTED: "grey",
            InfoStatus.FORWARDED: "blue",
            InfoStatus.ADOPTED: "green",
        },
    )

    class Meta:
        verbose_name = _("information piece")
        verbose_name_plural = _("information pieces")
        ordering = ["-submitted_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:info_detail", args=[self.pk])
