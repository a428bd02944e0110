import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from office.filtersets import SearchFilterSet

from .choices import DocStatus, DocType, IncomingStatus, ManuscriptKind, ManuscriptStatus
from .models import (
    ConfidentialRecord,
    IncomingDocument,
    InfoPiece,
    InfoTopic,
    Manuscript,
    OfficialDocument,
    ResearchVisit,
)
from .selectors import adopted_q, delivered_q, issued_q, published_q, visited_q


def year_filter(label, q):
    """A hidden filter the annual figures link with: the records the figure counts."""
    # A year outside the calendar's range (?issued_in=0) is refused as invalid input, not
    # turned into a date that cannot exist.
    return django_filters.NumberFilter(
        label=label,
        method=lambda queryset, name, value: queryset.filter(q(int(value))),
        widget=forms.HiddenInput,
        min_value=2000,
        max_value=2100,
    )


class OfficialDocumentFilterSet(SearchFilterSet):
    search_fields = ("title", "number", "body", "main_recipients")
    doc_type = django_filters.ChoiceFilter(label=_("document type"), choices=DocType.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=DocStatus.choices)
    issued_in = year_filter(_("issued in year"), issued_q)

    class Meta:
        model = OfficialDocument
        fields = ["doc_type", "status", "is_normative", "issued_in"]


class ManuscriptFilterSet(SearchFilterSet):
    search_fields = ("title", "text", "for_whom", "commissioning_body", "journal")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ManuscriptKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=ManuscriptStatus.choices)
    delivered_in = year_filter(_("delivered in year"), delivered_q)
    published_in = year_filter(_("published in year"), published_q)

    class Meta:
        model = Manuscript
        fields = ["kind", "status", "delivered_in", "published_in"]


class VisitFilterSet(SearchFilterSet):
    search_fields = ("topic", "visiting_body", "places")
    year = year_filter(_("year"), visited_q)

    class Meta:
        model = ResearchVisit
        fields = ["level", "year"]


class IncomingFilterSet(SearchFilterSet):
    search_fields = ("title", "sender", "sender_number")
    status = django_filters.ChoiceFilter(label=_("status"), choices=IncomingStatus.choices)

    class Meta:
        model = IncomingDocument
        fields = ["status", "mode"]


class ConfidentialFilterSet(SearchFilterSet):
    search_fields = ("title", "number", "sender", "copy_numbers")
    year = django_filters.NumberFilter(
        label=_("year"), field_name="received_on", lookup_expr="year"
    )

    class Meta:
        model = ConfidentialRecord
        fields = ["classification", "status", "year"]


class InfoFilterSet(SearchFilterSet):
    search_fields = ("title", "text")
    adopted_in = year_filter(_("adopted in year"), adopted_q)
    # A topic's pieces (the topic's own page links here); its id, no list of every topic.
    topic = django_filters.NumberFilter(field_name="topic", widget=forms.HiddenInput)

    class Meta:
        model = InfoPiece
        fields = ["status", "adopted_by", "adopted_in", "topic"]


class InfoTopicFilterSet(SearchFilterSet):
    search_fields = ("title", "requested_by", "description")

    class Meta:
        model = InfoTopic
        fields = ["kind"]
