from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.roles import Role
from office.workflow import Action, Workflow

from .org import OrgUnit
from .scoping import RestrictedQuerySet


class DraftStatus(models.TextChoices):
    GENERATED = "generated", _("As generated")
    EDITED = "edited", _("Edited by hand")


class AnnualReportDraft(models.Model):
    """The year-end work summary's text (the seed's 年度工作总结): generated around the year's
    figures, then edited and saved by the director. Every saved version is kept in its
    history; regenerating over an edited draft needs the director to say so."""

    owning_office = models.ForeignKey(
        OrgUnit, verbose_name=_("owning office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.GENERATED
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    scope_office_field = "owning_office"
    scope_unit_fields = ()

    workflow = Workflow(
        Action(
            "generate",
            _("Generate the draft"),
            [Role.DIRECTOR],
            refusal=_("Only the office director writes the annual summary."),
        ),
        Action(
            "edit",
            _("Edit the draft"),
            [Role.DIRECTOR],
            refusal=_("Only the office director writes the annual summary."),
        ),
        tones={DraftStatus.GENERATED: "azure", DraftStatus.EDITED: "green"},
    )

    class Meta:
        verbose_name = _("annual summary draft")
        verbose_name_plural = _("annual summary drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["owning_office", "year"], name="annual_draft_once_per_office_year"
            )
        ]

    def __str__(self):
        return f"{self.owning_office} {self.year}"
