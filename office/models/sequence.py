from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    """The last number issued in one series (e.g. supervision items of one office in one
    year). Numbers come from office.sequences.next_number, which locks this row, so two
    people registering at once never get the same number and none is skipped."""

    office = models.ForeignKey("office.OrgUnit", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(_("series"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "series", "year"], name="one_sequence_per_office_series_year"
            )
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last}"
