import django_filters
from django.utils.translation import gettext_lazy as _

from office.filtersets import SearchFilterSet

from .choices import DocStatus, DocType, IncomingStatus, ManuscriptKind, ManuscriptStatus
from .models import (
    ConfidentialRecord,
    IncomingDocument,
    InfoPiece,
    Manuscript,
    OfficialDocument,
    ResearchVisit,
)


class OfficialDocumentFilterSet(SearchFilterSet):
    search_fields = ("title", "number", "body", "main_recipients")
    doc_type = django_filters.ChoiceFilter(label=_("document type"), choices=DocType.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=DocStatus.choices)

    class Meta:
        model = OfficialDocument
        fields = ["doc_type", "status", "is_normative"]


class ManuscriptFilterSet(SearchFilterSet):
    search_fields = ("title", "text", "for_whom", "commissioning_body", "journal")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ManuscriptKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=ManuscriptStatus.choices)

    class Meta:
        model = Manuscript
        fields = ["kind", "status"]


class VisitFilterSet(SearchFilterSet):
    search_fields = ("topic", "visiting_body", "places")

    class Meta:
        model = ResearchVisit
        fields = ["level"]


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

    class Meta:
        model = InfoPiece
        fields = ["status", "adopted_by"]
