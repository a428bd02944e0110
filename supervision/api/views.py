"""The supervision API: items with their transitions as actions, reports and extensions.

Reads go through ``.restrict(user)`` (office.api.base), so a record out of scope is a 404.
Writes go through ``supervision.services``: a refused action answers 400 with the service's
message in the user's language, or 403 when the caller may not act at all, and changes nothing.
"""

from contextlib import contextmanager

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from office.api.base import RestrictedViewSetMixin
from office.models import OrgUnit
from office.workflow import TransitionForbidden

from .. import services
from ..choices import Colour, ItemStatus, SourceKind, Urgency
from ..colours import ColourContext, filter_by_colour
from ..models import ExtensionRequest, Item, ProgressReport
from .serializers import (
    CommentInputSerializer,
    CompletionInputSerializer,
    ErrorSerializer,
    ExtensionCreateSerializer,
    ExtensionSerializer,
    ItemCreateSerializer,
    ItemSerializer,
    LeaderCommentInputSerializer,
    LeaderCommentSerializer,
    ProgressReportSerializer,
    ReasonInputSerializer,
    ReportInputSerializer,
    UrgeInputSerializer,
    UrgeSerializer,
)

REFUSED = {
    400: OpenApiResponse(ErrorSerializer, description=_("Refused: the message says why.")),
    403: OpenApiResponse(ErrorSerializer, description=_("You may not do this.")),
    404: OpenApiResponse(ErrorSerializer, description=_("Not found, or not in your scope.")),
}


def _responses(ok_status: int, serializer) -> dict:
    return {ok_status: serializer, **REFUSED}


@contextmanager
def service_errors():
    """Turn a service's refusal into the API's answer: 403 when the caller may not act,
    otherwise 400 with the message (and the fields it concerns)."""
    try:
        yield
    except TransitionForbidden as error:
        raise PermissionDenied(" ".join(error.messages)) from error
    except DjangoValidationError as error:
        body = {"detail": " ".join(error.messages)}
        if hasattr(error, "error_dict"):
            body["errors"] = error.message_dict
        raise serializers.ValidationError(body) from error


class CanViewRecords(permissions.BasePermission):
    """The model's view permission, as the web pages require it (not just a login)."""

    def has_permission(self, request, view):
        model = view.queryset.model
        return request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


# --- Filters ----------------------------------------------------------------------------------
# A filter naming a record chooses among the records the caller may see (set per request in
# __init__), so an id out of scope is refused exactly like one that does not exist: the answer
# never tells that it exists.


def visible_items(user):
    """Items the user may see, and the split items theirs belong to (their own items name
    them as ``parent``)."""
    items = Item.objects.restrict(user)
    return Item.objects.filter(Q(pk__in=items.values("pk")) | Q(pk__in=items.values("parent")))


def visible_units(user):
    """Units the user may see, and the lead units of items they see (a cooperating unit's
    liaison reads them on the item)."""
    items = Item.objects.restrict(user)
    return OrgUnit.objects.filter(
        Q(pk__in=OrgUnit.objects.restrict(user).values("pk")) | Q(pk__in=items.values("lead_unit"))
    )


class ScopedFilterSet(django_filters.FilterSet):
    """Declares which filters name items and which name units; restricts them to the caller."""

    item_filters: tuple[str, ...] = ()
    unit_filters: tuple[str, ...] = ()

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        for name in self.item_filters:
            self.filters[name].queryset = visible_items(user)
        for name in self.unit_filters:
            self.filters[name].queryset = visible_units(user)


class ItemFilter(ScopedFilterSet):
    year = django_filters.NumberFilter(label=_("year"))
    source_kind = django_filters.ChoiceFilter(label=_("source"), choices=SourceKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=ItemStatus.choices)
    urgency = django_filters.ChoiceFilter(label=_("urgency"), choices=Urgency.choices)
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("lead unit"), queryset=OrgUnit.objects.none()
    )
    parent = django_filters.ModelChoiceFilter(label=_("parent item"), queryset=Item.objects.none())
    # Last: the colour is computed, so only for what the other filters leave.
    colour = django_filters.ChoiceFilter(
        label=_("colour"), choices=Colour.choices, method="filter_colour"
    )
    item_filters = ("parent",)
    unit_filters = ("lead_unit",)

    class Meta:
        model = Item
        fields = ["year", "source_kind", "status", "urgency", "lead_unit", "parent", "colour"]

    def filter_colour(self, queryset, name, value):
        return filter_by_colour(queryset, value, timezone.localdate())


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary=_("Supervision items in your scope")),
    retrieve=extend_schema(summary=_("One supervision item")),
)
class ItemViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Supervision items (督办事项). Transitions are POST actions on an item."""

    queryset = Item.objects.select_related("lead_unit").prefetch_related("cooperating_units")
    serializer_class = ItemSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewRecords]
    filterset_class = ItemFilter
    search_fields = [
        "title",
        "instruction_text",
        "instructing_leader",
        "source_reference",
        "responsible_person",
    ]
    ordering_fields = ["deadline", "registered_on", "sequence", "progress"]
    ordering = ["-year", "-sequence"]

    @cached_property
    def colour_context(self) -> ColourContext:
        return ColourContext.for_day(timezone.localdate())

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "colour_context": self.colour_context}

    def _item_response(self, item, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=item.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(
        summary=_("Register an item (立项)"),
        request=ItemCreateSerializer,
        responses=_responses(201, ItemSerializer),
    )
    def create(self, request, *args, **kwargs):
        serializer = ItemCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["cooperating_units"] = list(data.get("cooperating_units", []))
        for text_field in (
            "source_reference",
            "instruction_text",
            "instructing_leader",
            "responsible_person",
        ):
            data.setdefault(text_field, "")
        with service_errors():
            item = services.item_register(actor=request.user, data=services.ItemData(**data))
        return self._item_response(item, status.HTTP_201_CREATED)

    # --- Transitions -------------------------------------------------------------------------

    @extend_schema(
        summary=_("Assign the item to its lead unit (交办)"),
        request=CommentInputSerializer,
        responses=_responses(200, ItemSerializer),
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        item = self.get_object()
        payload = self._valid(CommentInputSerializer)
        with service_errors():
            services.item_assign(actor=request.user, item=item, comment=payload["comment"])
        return self._item_response(item)

    @extend_schema(
        summary=_("File a progress report (反馈)"),
        request={
            "application/json": ReportInputSerializer,
            "multipart/form-data": ReportInputSerializer,
        },
        responses=_responses(201, ProgressReportSerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def report(self, request, pk=None):
        item = self.get_object()
        payload = self._valid(ReportInputSerializer)
        with service_errors():
            report = services.report_submit(
                actor=request.user,
                item=item,
                text=payload["text"],
                percent=payload["percent"],
                files=payload["attachments"],
            )
        return self._report_response(report)

    @extend_schema(
        summary=_("Submit the completion report (申请办结)"),
        request={
            "application/json": CompletionInputSerializer,
            "multipart/form-data": CompletionInputSerializer,
        },
        responses=_responses(201, ProgressReportSerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="request-completion",
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def request_completion(self, request, pk=None):
        item = self.get_object()
        payload = self._valid(CompletionInputSerializer)
        with service_errors():
            report = services.report_submit(
                actor=request.user,
                item=item,
                text=payload["text"],
                percent=100,
                files=payload["attachments"],
                completion=True,
            )
        return self._report_response(report)

    @extend_schema(
        summary=_("Accept completion and strike the item off (办结销号)"),
        request=CommentInputSerializer,
        responses=_responses(200, ItemSerializer),
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self.get_object()
        payload = self._valid(CommentInputSerializer)
        with service_errors():
            services.item_close(actor=request.user, item=item, comment=payload["comment"])
        return self._item_response(item)

    @extend_schema(
        summary=_("Send the completion back, with a reason"),
        request=ReasonInputSerializer,
        responses=_responses(200, ItemSerializer),
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        item = self.get_object()
        payload = self._valid(ReasonInputSerializer)
        with service_errors():
            services.item_send_back(actor=request.user, item=item, reason=payload["reason"])
        return self._item_response(item)

    @extend_schema(
        summary=_("Cancel the item, with a reason"),
        request=ReasonInputSerializer,
        responses=_responses(200, ItemSerializer),
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        item = self.get_object()
        payload = self._valid(ReasonInputSerializer)
        with service_errors():
            services.item_cancel(actor=request.user, item=item, reason=payload["reason"])
        return self._item_response(item)

    @extend_schema(
        summary=_("Urge the lead unit (催办)"),
        request=UrgeInputSerializer,
        responses=_responses(201, UrgeSerializer),
    )
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        item = self.get_object()
        payload = self._valid(UrgeInputSerializer)
        with service_errors():
            urge = services.item_urge(actor=request.user, item=item, message=payload["message"])
        return Response(UrgeSerializer(urge).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Add a leader's comment"),
        request=LeaderCommentInputSerializer,
        responses=_responses(201, LeaderCommentSerializer),
    )
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        item = self.get_object()
        payload = self._valid(LeaderCommentInputSerializer)
        with service_errors():
            comment = services.comment_add(actor=request.user, item=item, text=payload["text"])
        return Response(LeaderCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    def _report_response(self, report) -> Response:
        serializer = ProgressReportSerializer(report, context=self.get_serializer_context())
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class ReportFilter(ScopedFilterSet):
    item = django_filters.ModelChoiceFilter(
        label=_("supervision item"), queryset=Item.objects.none()
    )
    unit = django_filters.ModelChoiceFilter(label=_("unit"), queryset=OrgUnit.objects.none())
    item_filters = ("item",)
    unit_filters = ("unit",)

    class Meta:
        model = ProgressReport
        fields = ["item", "unit", "is_completion"]


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary=_("Progress reports in your scope")),
    retrieve=extend_schema(summary=_("One progress report")),
)
class ProgressReportViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Progress and completion reports; file one with POST items/{id}/report/."""

    queryset = ProgressReport.objects.select_related("unit", "author").prefetch_related(
        "attachments"
    )
    serializer_class = ProgressReportSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewRecords]
    filterset_class = ReportFilter
    search_fields = ["text"]
    ordering_fields = ["reported_on", "created_at"]


class ExtensionFilter(ScopedFilterSet):
    item = django_filters.ModelChoiceFilter(
        label=_("supervision item"), queryset=Item.objects.none()
    )
    item_filters = ("item",)

    class Meta:
        model = ExtensionRequest
        fields = ["item", "status"]


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary=_("Extension requests in your scope")),
    retrieve=extend_schema(summary=_("One extension request")),
)
class ExtensionViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Extension requests: the lead unit asks before the deadline, the director decides."""

    queryset = ExtensionRequest.objects.select_related("item")
    serializer_class = ExtensionSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewRecords]
    filterset_class = ExtensionFilter
    ordering_fields = ["created_at", "requested_deadline"]

    @extend_schema(
        summary=_("Request an extension, before the deadline"),
        request=ExtensionCreateSerializer,
        responses=_responses(201, ExtensionSerializer),
    )
    def create(self, request, *args, **kwargs):
        serializer = ExtensionCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        payload = serializer.validated_data
        with service_errors():
            extension = services.extension_request(
                actor=request.user,
                item=payload["item"],
                new_deadline=payload["new_deadline"],
                reason=payload["reason"],
            )
        return Response(ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Approve the extension (the deadline moves)"),
        request=CommentInputSerializer,
        responses=_responses(200, ExtensionSerializer),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(approve=True)

    @extend_schema(
        summary=_("Reject the extension, with a reason"),
        request=CommentInputSerializer,
        responses=_responses(200, ExtensionSerializer),
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(approve=False)

    def _decide(self, *, approve: bool) -> Response:
        extension = self.get_object()
        serializer = CommentInputSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.extension_decide(
                actor=self.request.user,
                extension=extension,
                approve=approve,
                comment=serializer.validated_data["comment"],
            )
        return Response(ExtensionSerializer(extension).data)
