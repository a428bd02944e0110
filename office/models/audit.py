from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassifiedRefusal(models.Model):
    """One refused attempt to store text marked as a state secret (office.guard): who, when,
    where and by which rule. Never the text itself: the audit table must not become the place
    where the refused content is kept.

    Written on a connection of its own (the ``audit`` database alias, routed by
    ``office.routers.AuditRouter``) so it outlives the rollback of the refused write; hence the
    person is named by id and username, not by a foreign key the other connection may not see
    yet."""

    class Rule(models.TextChoices):
        LEVEL_STAR = "level_star", _("Level followed by a star")
        LEVEL_IN_BRACKETS = "level_in_brackets", _("Level in brackets")
        LEVEL_LABEL = "level_label", _("Level after the classification label")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("username"), max_length=150, blank=True)
    office_id = models.BigIntegerField(_("office id"), null=True, blank=True)
    where = models.CharField(_("where"), max_length=200)
    field = models.CharField(_("field"), max_length=100)
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)

    # The guard does not check its own record: a username carrying a mark must still be
    # recorded, not refused again in a loop.
    classified_marker_exempt_fields = ("username", "where", "field", "rule")

    class Meta:
        verbose_name = _("classified content refusal")
        verbose_name_plural = _("classified content refusals")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.username} {self.where}.{self.field}"
