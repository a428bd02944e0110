from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.models import OrgUnit, RestrictedQuerySet


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
