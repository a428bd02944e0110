"""GET/POST /api/v1/practices/: the city's shared library of good practices, read within
scope, published and commented on through the services (office/practices.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office import practices
from office.models import GoodPractice, PracticeComment

from .base import RestrictedViewSetMixin
from .errors import responses, service_errors


class PracticeCommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.name", read_only=True)

    class Meta:
        model = PracticeComment
        fields = ["id", "author", "text", "created_at"]


class PracticeSerializer(serializers.ModelSerializer):
    owning_office_name = serializers.CharField(source="owning_office.name", read_only=True)
    author = serializers.CharField(source="author.name", read_only=True)

    class Meta:
        model = GoodPractice
        fields = [
            "id",
            "owning_office",
            "owning_office_name",
            "title",
            "area",
            "summary",
            "text",
            "status",
            "published_at",
            "author",
        ]


class PracticeDetailSerializer(PracticeSerializer):
    comments = PracticeCommentSerializer(many=True, read_only=True)

    class Meta(PracticeSerializer.Meta):
        fields = [*PracticeSerializer.Meta.fields, "comments"]


class PracticeCommentInputSerializer(serializers.Serializer):
    text = serializers.CharField()


@extend_schema(tags=["practices"])
@extend_schema_view(
    list=extend_schema(summary=_("Good practices you may read")),
    retrieve=extend_schema(summary=_("One good practice with its comments")),
)
class PracticeViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = GoodPractice.objects.select_related("owning_office", "author")
    serializer_class = PracticeSerializer
    filterset_fields = ["status", "area", "owning_office"]
    search_fields = ["title", "summary", "text"]
    ordering_fields = ["published_at", "title"]

    def get_queryset(self):
        if self.action == "comment":
            # A comment reaches wherever the practice is read (the rule's reach="view").
            return self.queryset.restrict(self.request.user, "view")
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("comments__author")
        return queryset

    def get_serializer_class(self):
        return PracticeDetailSerializer if self.action == "retrieve" else PracticeSerializer

    def _answer(self, practice, code=status.HTTP_200_OK):
        practice = self.queryset.prefetch_related("comments__author").get(pk=practice.pk)
        return Response(PracticeDetailSerializer(practice).data, status=code)

    @extend_schema(
        summary=_("Publish the practice to the offices of the city"),
        request=None,
        responses=responses(200, PracticeDetailSerializer),
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        practice = self.get_object()
        with service_errors():
            practices.practice_publish(actor=request.user, practice=practice)
        return self._answer(practice)

    @extend_schema(
        summary=_("Comment on a published practice"),
        request=PracticeCommentInputSerializer,
        responses=responses(201, PracticeDetailSerializer),
    )
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        practice = self.get_object()
        data = self.valid_input(PracticeCommentInputSerializer)
        with service_errors():
            practices.practice_comment(actor=request.user, practice=practice, text=data["text"])
        return self._answer(practice, status.HTTP_201_CREATED)
