from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .org import OrgUnit
from .scoping import RestrictedQuerySet


class ImportBatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISCARDED = "discarded", _("Discarded")


class ImportBatch(models.Model):
    """An uploaded Excel list, read and checked row by row, waiting for the person to confirm
    it. Nothing becomes a record until they confirm, and then every row does or none does.
    ``importer`` is the key of the importer (office.imports) that checked it and saves it.

    Each row of ``rows`` holds the file's text (``cells``), what it was read as (``values``),
    its errors (``errors``, and ``cell_errors`` by column), and after confirmation the record
    it became."""

    importer = models.CharField(_("importer"), max_length=100)
    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=200)
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImportBatchStatus.choices,
        default=ImportBatchStatus.PENDING,
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    discarded_at = models.DateTimeField(_("discarded at"), null=True, blank=True)
    # A big batch is confirmed by a Celery task: who asked, when, and why it failed if it did.
    queued_at = models.DateTimeField(_("confirmation started at"), null=True, blank=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    failure = models.TextField(_("why the confirmation failed"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status="pending", confirmed_at__isnull=True, discarded_at__isnull=True)
                    | models.Q(status="confirmed", confirmed_at__isnull=False)
                    | models.Q(status="discarded", discarded_at__isnull=False)
                ),
                name="importbatch_status_has_its_time",
                violation_error_message=_("A confirmed or discarded import records when."),
            )
        ]

    def __str__(self):
        return self.file_name

    @property
    def is_pending(self) -> bool:
        return self.status == ImportBatchStatus.PENDING

    @property
    def is_running(self) -> bool:
        """Its confirmation is under way in the background."""
        return self.is_pending and self.queued_at is not None and not self.failure

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.get("errors"))


class ImportProgress(models.Model):
    """How far the background confirmation of a batch has got. Apart from the batch because
    the confirmation holds the batch's row locked in its one transaction until every row is
    saved: the progress is written beside it through a connection of its own, so the
    preview page sees it while the rows are still being saved."""

    batch = models.OneToOneField(
        ImportBatch, on_delete=models.CASCADE, primary_key=True, related_name="progress"
    )
    done = models.PositiveIntegerField(_("rows saved"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("import progress")
        verbose_name_plural = _("import progress")

    def __str__(self):
        return f"{self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0
