"""GET /api/v1/search/?q=…: the search box's hits, grouped by kind of record, only among
the records the caller may see (office/search.py)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from office import search as finder
from office.registry import registry


class HitSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    detail = serializers.CharField(help_text="A short note: the record's status.")
    snippet = serializers.CharField(
        help_text="Text around the first word found, HTML-escaped, words in <mark>."
    )


class SourceHitsSerializer(serializers.Serializer):
    source = serializers.CharField(source="source.key")
    label = serializers.CharField(source="source.label")
    count = serializers.IntegerField(help_text="All hits of this kind, of which `hits` is a page.")
    hits = HitSerializer(many=True)


class QuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=finder.QUERY_MAX_CHARS, trim_whitespace=True)
    source = serializers.ChoiceField(choices=(), required=False)
    page = serializers.IntegerField(min_value=1, required=False, default=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [s.key for s in registry.search_sources]


class SearchView(APIView):
    @extend_schema(
        operation_id="search_list",
        summary="Search every kind of record",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="Words to find."),
            OpenApiParameter(
                "source", OpenApiTypes.STR, description="One kind only (e.g. supervision.items)."
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="With `source`: the page."),
        ],
        responses=SourceHitsSerializer(many=True),
    )
    def get(self, request):
        query = QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        sources = registry.search_sources
        if data.get("source"):
            sources = [s for s in sources if s.key == data["source"]]
        found = finder.search(request.user, data["q"], sources=sources, page=data["page"])
        return Response(SourceHitsSerializer(found, many=True).data)
