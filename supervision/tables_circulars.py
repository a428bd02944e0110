"""The list of circulars: its table and its filters."""

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from office.filtersets import SearchFilterSet
from office.tones import state_badge

from .choices import CircularStatus
from .models import Circular


class CircularTable(tables.Table):
    title = tables.Column(linkify=True)
    period_start = tables.DateColumn(format="Y-m-d")
    period_end = tables.DateColumn(format="Y-m-d")
    published_at = tables.DateTimeColumn(format="Y-m-d H:i", default="—")

    class Meta:
        model = Circular
        fields = ("title", "period_start", "period_end", "status", "published_at")
        order_by = ("-period_end",)
        empty_text = _("No circulars yet.")

    def render_status(self, value, record):
        return state_badge(record)

    def value_status(self, value):
        return value


class CircularFilterSet(SearchFilterSet):
    search_fields = ("title", "text")
    status = django_filters.ChoiceFilter(label=_("status"), choices=CircularStatus.choices)
    year = django_filters.NumberFilter(label=_("year"), field_name="period_end__year")

    class Meta:
        model = Circular
        fields = ["status", "year"]
