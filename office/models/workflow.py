from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TransitionLog(models.Model):
    """One performed workflow transition: who moved which record from which state to which,
    when, and why. Written only by office.workflow.transition_perform, and for demo records
    that happened in the past by office.demo.DatedRows.transition (checked against the same
    declared workflow)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target_object = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("action"), max_length=50)
    source_state = models.CharField(_("from"), max_length=30)
    target_state = models.CharField(_("to"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="transition_logs",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("transition log")
        verbose_name_plural = _("transition logs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.target_object} {self.source_state} → {self.target_state}"
