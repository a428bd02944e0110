"""The annual report's figures: GET /api/v1/reports/annual/<year>/.

The same figures as the annual summary page (every figure the apps register, by its stable
key "<app>.<key>"), for the same office under the same rules: the caller's own office, or
for a city-office user ``?office=<id>`` of a county office under it. Another office is a
404; a unit's liaison and a user of no office get 403.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from office.registry import registry
from office.views.summary import is_report_year, report_office


@extend_schema_field({"type": "number", "nullable": True})
class FigureValueField(serializers.Field):
    """A count (integer) or a rate (a percentage with one decimal); null when a rate has
    nothing to be a rate of. Passed through as computed, so a count stays an integer."""

    def to_representation(self, value):
        return value


class ReportOfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AnnualReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    office = ReportOfficeSerializer()
    figures = serializers.DictField(
        child=serializers.DictField(child=FigureValueField()),
        help_text='Per app, its figures by key: {"supervision": {"instructed": 1791, ...}}.',
    )


def annual_report(year: int, office) -> dict:
    figures: dict[str, dict] = {}
    for figure, value in registry.annual_figures(year, office):
        figures.setdefault(figure.app, {})[figure.name] = value
    return {"year": year, "office": office, "figures": figures}


class AnnualReportView(APIView):
    @extend_schema(
        operation_id="reports_annual_retrieve",
        summary="Annual figures of an office",
        parameters=[
            OpenApiParameter(
                "office",
                OpenApiTypes.INT,
                description="A county office under the caller's city office (default: the "
                "caller's own office).",
            )
        ],
        responses=AnnualReportSerializer,
    )
    def get(self, request, year: int):
        if not is_report_year(year):
            raise Http404
        office = report_office(request.user, request.query_params.get("office"))
        return Response(AnnualReportSerializer(annual_report(year, office)).data)
