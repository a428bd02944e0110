from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Holiday(models.Model):
    """A day that breaks the Monday–Friday rule: a legal holiday (is_workday False) or a
    make-up working day on a weekend (is_workday True). Seeded from chinese-calendar and
    edited each year in the admin when the State Council publishes the next year's list."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=50)
    is_workday = models.BooleanField(
        _("make-up working day"),
        default=False,
        help_text=_("Checked for a weekend day that is worked to make up for a holiday."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"
