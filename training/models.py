from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.models import AttachmentBase, OrgUnit, RestrictedQuerySet
from office.roles import OFFICE_ROLES, Role
from office.workflow import Action, Transition, Workflow

from .choices import (
    Attendance,
    Commendation,
    CompetitionCategory,
    CriterionSource,
    DigestStatus,
    FocusArea,
    PairStatus,
    SessionKind,
    SessionStatus,
    Tier,
)


class MaterialKind(models.TextChoices):
    SPEECH = "speech", _("Important speech")
    INSTRUCTION = "instruction", _("Important instruction")
    DOCUMENT = "document", _("Document or regulation")
    ARTICLE = "article", _("Article or reading")
    OTHER = "other", _("Other")


class StudyMaterial(models.Model):
    """One reading in the office's study library: the General Secretary's important speeches
    and instructions and other readings. The meetings app's 第一议题 ledger and the training
    app's study sessions both point here, so a material is listed once and shows everywhere
    it was studied."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=MaterialKind.choices, default=MaterialKind.SPEECH
    )
    issued_on = models.DateField(
        _("date"), help_text=_("When the speech was given or the text issued.")
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where it was published, e.g. 《求是》 2026年第10期."),
    )
    summary = models.TextField(_("summary"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("study material")
        verbose_name_plural = _("study materials")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["owning_office", "-issued_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:material_detail", args=[self.pk])


class MaterialAttachment(AttachmentBase):
    """A file of a study material (the full text as issued, a PDF of the speech)."""

    material = models.ForeignKey(
        StudyMaterial, on_delete=models.CASCADE, related_name="attachments"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "material__owning_office"
    scope_unit_fields = ()
    download_url_name = "training:material_attachment"


# --- Study sessions ----------------------------------------------------------------------------


def _organises(actor, session) -> bool:
    """The organiser confirms attendance after the session; the director may for them."""
    return actor.pk == session.organiser_id or actor.has_role(Role.DIRECTOR)


def _has_taken_place(session, today) -> bool:
    return session.held_on <= today


class StudySession(models.Model):
    """A collective study: 第一议题 study, the Thursday collective study, a special topic or
    a reading meeting. Attendance is confirmed by the organiser after it took place; nobody
    checks in."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    speaker = models.CharField(_("speaker"), max_length=100, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    materials = models.ManyToManyField(
        StudyMaterial, verbose_name=_("materials"), blank=True, related_name="sessions"
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[materials])

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    workflow = Workflow(
        Transition(
            "confirm_attendance",
            _("Confirm attendance"),
            source=[SessionStatus.PLANNED],
            target=SessionStatus.HELD,
            roles=OFFICE_ROLES,
            check=_organises,
            when=_has_taken_place,
            refusal=_("Only the organiser or the director confirms attendance."),
            sentence=lambda session: _("Attendance confirmed"),
        ),
        Transition(
            "cancel",
            _("Cancel the session"),
            source=[SessionStatus.PLANNED],
            target=SessionStatus.CANCELLED,
            roles=OFFICE_ROLES,
            comment_required=True,
            style="danger",
        ),
        Action(
            "edit",
            _("Edit"),
            roles=OFFICE_ROLES,
            source=[SessionStatus.PLANNED, SessionStatus.HELD],
        ),
        Action(
            "add_photos",
            _("Add photos"),
            roles=OFFICE_ROLES,
            source=[SessionStatus.PLANNED, SessionStatus.HELD],
        ),
        tones={
            SessionStatus.PLANNED: "azure",
            SessionStatus.HELD: "green",
            SessionStatus.CANCELLED: "secondary",
        },
    )

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["owning_office", "kind", "held_on"])]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self):
        return reverse("training:session_detail", args=[self.pk])


class SessionAttendance(models.Model):
    """One person's attendance of a session, as the organiser confirmed it."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices)
    leave_reason = models.CharField(_("reason for leave"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "session__owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "person__org_unit__sort_order", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="training_attendance_once_per_person",
                violation_error_message=_("A person is recorded once per session."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="leave") | ~models.Q(leave_reason=""),
                name="training_leave_has_reason",
                violation_error_message=_("Leave needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.get_status_display()}"


class SessionPhoto(AttachmentBase):
    """A photo (or the sign-up sheet, the slides) of a session."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="photos")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "session__owning_office"
    scope_unit_fields = ()
    download_url_name = "training:session_photo"

    class Meta(AttachmentBase.Meta):
        verbose_name = _("session photo")
        verbose_name_plural = _("session photos")


# --- Self-study ----------------------------------------------------------------------------------


class SelfStudyNote(models.Model):
    """What a person noted they read: optional, never required, seen by its writer only;
    the office sees counts by section, never a ranking of people."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        OrgUnit,
        verbose_name=_("section"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    read_on = models.DateField(_("date"))
    title = models.CharField(_("what I read"), max_length=200)
    material = models.ForeignKey(
        StudyMaterial,
        verbose_name=_("material"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="self_study_notes",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("self-study note")
        verbose_name_plural = _("self-study notes")
        ordering = ["-read_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:note_list")


# --- The monthly theory digest -------------------------------------------------------------------


class TheoryDigest(models.Model):
    """理论学习文摘: one issue a month, selected articles under the focus areas, published to
    all the office's staff and downloadable as a .docx."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    title = models.CharField(_("title"), max_length=200)
    foreword = models.TextField(_("editor's note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DigestStatus.choices, default=DigestStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    workflow = Workflow(
        Transition(
            "publish",
            _("Publish to all staff"),
            source=[DigestStatus.DRAFT],
            target=DigestStatus.PUBLISHED,
            roles=(Role.SECTION_HEAD, Role.DIRECTOR),
            refusal=_("A section head or the director publishes the digest."),
            sentence=lambda digest: _("Published to all staff"),
        ),
        Action("edit", _("Edit"), roles=OFFICE_ROLES, source=[DigestStatus.DRAFT]),
        Action("add_article", _("Add an article"), roles=OFFICE_ROLES, source=[DigestStatus.DRAFT]),
        tones={DigestStatus.DRAFT: "yellow", DigestStatus.PUBLISHED: "green"},
    )

    class Meta:
        verbose_name = _("theory digest")
        verbose_name_plural = _("theory digests")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_office", "year", "month"],
                name="training_one_digest_a_month",
                violation_error_message=_("This month already has its digest."),
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12),
                name="training_digest_month_in_range",
                violation_error_message=_("A month is 1 to 12."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:digest_detail", args=[self.pk])


class DigestArticle(models.Model):
    """One article of a digest, filed under a focus area; taken from the library or typed."""

    digest = models.ForeignKey(TheoryDigest, on_delete=models.CASCADE, related_name="articles")
    focus_area = models.CharField(_("focus area"), max_length=10, choices=FocusArea.choices)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    material = models.ForeignKey(
        StudyMaterial,
        verbose_name=_("material"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digest_articles",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "digest__owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("digest article")
        verbose_name_plural = _("digest articles")
        ordering = ["digest", "position", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.digest.get_absolute_url()


# --- Mentoring (老带新、传帮带) ------------------------------------------------------------------


def _mentor_mentee_or_director(actor, pair) -> bool:
    return actor.pk in (pair.mentor_id, pair.mentee_id) or actor.has_role(Role.DIRECTOR)


class MentoringPair(models.Model):
    """A mentor and a newcomer: a start date, goals, reviews every few months (reminded
    through the core engine) and an assessment at the end."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("newcomer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("start date"))
    goals = models.TextField(_("goals"))
    review_every_months = models.PositiveSmallIntegerField(_("review every (months)"), default=3)
    status = models.CharField(
        _("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.ACTIVE
    )
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    assessment = models.TextField(_("end assessment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    workflow = Workflow(
        Action(
            "review",
            _("Record a review"),
            roles=OFFICE_ROLES,
            check=_mentor_mentee_or_director,
            source=[PairStatus.ACTIVE],
            refusal=_("The mentor, the newcomer or the director records a review."),
        ),
        Transition(
            "end",
            _("End with an assessment"),
            source=[PairStatus.ACTIVE],
            target=PairStatus.ENDED,
            roles=(Role.DIRECTOR,),
            refusal=_("The director ends a pairing."),
        ),
        # The director who made the pairing corrects it (goals, dates, mentor) or removes one
        # made by mistake; simple-history keeps what it said and its reviews.
        Action(
            "edit",
            _("Edit"),
            roles=(Role.DIRECTOR,),
            refusal=_("The director changes and removes pairings."),
        ),
        Action(
            "remove",
            _("Remove"),
            roles=(Role.DIRECTOR,),
            refusal=_("The director changes and removes pairings."),
        ),
        tones={PairStatus.ACTIVE: "green", PairStatus.ENDED: "secondary"},
    )

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")),
                name="training_mentor_is_not_mentee",
                violation_error_message=_("A mentor cannot mentor themselves."),
            )
        ]

    def __str__(self):
        return _("%(mentor)s mentors %(mentee)s") % {"mentor": self.mentor, "mentee": self.mentee}

    def get_absolute_url(self):
        return reverse("training:pair_detail", args=[self.pk])


class MentoringReview(models.Model):
    """A periodic review of a pairing: what was learned, what comes next."""

    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("date"))
    text = models.TextField(_("review"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A removed pairing's reviews stay readable in the history.
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "pair__owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("mentoring review")
        verbose_name_plural = _("mentoring reviews")
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.pair}"


# --- Staff tiers (中坚层、潜力层、发展层) ----------------------------------------------------------


class TierChange(models.Model):
    """A person put into a tier, with the reason; the latest change is the person's tier.
    Only the director (and the security administrator who maintains it) sees tiers."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    tier = models.CharField(_("tier"), max_length=12, choices=Tier.choices)
    reason = models.CharField(_("reason"), max_length=300)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        ordering = ["person", "-changed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="training_tier_change_has_reason",
                violation_error_message=_("A tier change needs a reason."),
            )
        ]

    def __str__(self):
        return f"{self.person} {self.get_tier_display()}"


# --- Drills and competitions (大练兵大比武) -----------------------------------------------------


class Competition(models.Model):
    """A drill or competition in drafting, handling affairs or organising meetings: who took
    part in which category, the judges' scores within the allowed range, and commendations."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    # A competition has no states: its rules say only who may (state_field is never a source).
    workflow = Workflow(
        Action("enter", _("Enter a participant"), roles=OFFICE_ROLES),
        Action("score", _("Score an entry"), roles=OFFICE_ROLES),
        Action("commend", _("Commend"), roles=(Role.DIRECTOR,)),
        state_field="pk",
    )

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:competition_detail", args=[self.pk])


class CompetitionEntry(models.Model):
    """One participant in one category; the result is the judges' average."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField(_("category"), max_length=10, choices=CompetitionCategory.choices)
    commendation = models.CharField(
        _("commendation"), max_length=10, choices=Commendation.choices, blank=True, default=""
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "competition__owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("competition entry")
        verbose_name_plural = _("competition entries")
        ordering = ["competition", "category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "person", "category"],
                name="training_entry_once_per_category",
                violation_error_message=_("This person is already entered in this category."),
            )
        ]

    def __str__(self):
        return f"{self.person} {self.get_category_display()}"


class JudgeScore(models.Model):
    """A judge's score of an entry, within 0 and the competition's highest score."""

    entry = models.ForeignKey(CompetitionEntry, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "entry__competition__owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("judge's score")
        verbose_name_plural = _("judges' scores")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "judge"],
                name="training_one_score_per_judge",
                violation_error_message=_("This judge has already scored this entry."),
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0),
                name="training_score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.entry} {self.score}"


# --- Section target assessment (科室目标考核评比) -----------------------------------------------


class Assessment(models.Model):
    """A year's assessment of the office's sections: criteria with weights summing to 100,
    scores entered by the director or computed from live data; sections ranked, never people."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    # No states: the rule says who enters the scores.
    workflow = Workflow(
        Action(
            "score",
            _("Enter a score"),
            roles=(Role.DIRECTOR,),
            refusal=_("The director enters the assessment's scores."),
        ),
        # The director also changes the targets and their weights (still summing to 100) and
        # removes an assessment set up by mistake; simple-history keeps them.
        Action(
            "edit",
            _("Edit"),
            roles=(Role.DIRECTOR,),
            refusal=_("The director changes and removes the section assessment."),
        ),
        Action(
            "remove",
            _("Remove"),
            roles=(Role.DIRECTOR,),
            refusal=_("The director changes and removes the section assessment."),
        ),
        state_field="pk",
    )

    class Meta:
        verbose_name = _("section assessment")
        verbose_name_plural = _("section assessments")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["owning_office", "year"],
                name="training_one_assessment_a_year",
                violation_error_message=_("This year already has its assessment."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:assessment_detail", args=[self.pk])


class Criterion(models.Model):
    """One target of the assessment, its weight (the weights sum to 100) and where the
    sections' scores (0–100) come from."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("target"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("weight"))
    source = models.CharField(
        _("score from"), max_length=20, choices=CriterionSource.choices, default="manual"
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "assessment__owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("assessment target")
        verbose_name_plural = _("assessment targets")
        ordering = ["assessment", "position", "id"]

    def __str__(self):
        return f"{self.name}（{self.weight}）"


class SectionScore(models.Model):
    """The director's score (0–100) of a section on a manual criterion."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    section = models.ForeignKey(
        OrgUnit, verbose_name=_("section"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "criterion__assessment__owning_office"
    scope_unit_fields = ()

    class Meta:
        verbose_name = _("section score")
        verbose_name_plural = _("section scores")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "section"],
                name="training_one_score_per_section",
                violation_error_message=_("This section already has a score on this target."),
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100),
                name="training_section_score_0_100",
                violation_error_message=_("A score is 0 to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion.name} {self.section} {self.score}"

    def get_absolute_url(self):
        return self.criterion.assessment.get_absolute_url()


# --- Training for grassroots party offices -------------------------------------------------------


class GrassrootsCourse(models.Model):
    """A course the office gives to the party offices of townships and departments: who came
    from which unit, the materials, and each unit's feedback. A participating unit's liaison
    reads it and gives the unit's feedback."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=100, blank=True)
    content = models.TextField(_("content"), blank=True)
    materials = models.ManyToManyField(
        StudyMaterial, verbose_name=_("materials"), blank=True, related_name="courses"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[materials])

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ("participants__unit",)

    workflow = Workflow(
        Action("enrol", _("Record a unit's participants"), roles=OFFICE_ROLES),
        Action(
            "feedback",
            _("Give the unit's feedback"),
            roles=(Role.UNIT_LIAISON, *OFFICE_ROLES),
            check=lambda actor, course: (
                not actor.sees_own_unit_only
                or course.participants.filter(unit_id=actor.org_unit_id).exists()
            ),
        ),
        state_field="pk",
    )

    class Meta:
        verbose_name = _("grassroots course")
        verbose_name_plural = _("grassroots courses")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:course_detail", args=[self.pk])


class CourseParticipation(models.Model):
    """How many people of one township or department came to a course."""

    course = models.ForeignKey(
        GrassrootsCourse, on_delete=models.CASCADE, related_name="participants"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    people = models.PositiveSmallIntegerField(_("participants"))
    feedback = models.TextField(_("feedback"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "course__owning_office"
    scope_unit_fields = ("unit",)

    class Meta:
        verbose_name = _("course participation")
        verbose_name_plural = _("course participation")
        ordering = ["course", "unit__sort_order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "unit"],
                name="training_course_unit_once",
                violation_error_message=_("This unit is already recorded for the course."),
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="training_rating_1_5",
                violation_error_message=_("A rating is 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.people}"
