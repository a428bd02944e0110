from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One record's searchable text, kept by office.search whenever the record is saved.

    ``words`` is the text cut into words by jieba (Chinese has no spaces between words); on
    PostgreSQL ``vector`` holds the same words as a tsvector with a GIN index, so a search of
    ten years of a county reads the index, not the records. Who may see a hit is never
    decided here: the search asks the record's own model (``restrict``) for each source."""

    source = models.CharField(_("source"), max_length=60)
    object_id = models.BigIntegerField()
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    words = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Copies of records that passed the classified-marker guard on their own save (a field
    # exempt there by design must not make the copy fail).
    classified_marker_exempt_fields = ("source", "title", "body", "words")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_entry_once")
        ]

    def __str__(self):
        return self.title
