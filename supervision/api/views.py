"""The supervision API: items with their transitions as actions, reports and extensions.

Reads go through ``.restrict(user)`` (office.api.base), so a record out of scope is a 404.
Writes go through ``supervision.services``: a refused action answers 400 with the service's
message in the user's language, or 403 when the caller may not act at all, and changes nothing.
"""

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from office.api.base import RestrictedViewSetMixin, ScopedFilterSet
from office.api.errors import responses, service_errors
from office.models import OrgUnit

from .. import services
from ..choices import Colour, ItemStatus, SourceKind, Urgency
from ..colours import ColourContext, filter_by_colour
from ..filtersets import MINE_CHOICES
from ..models import ExtensionRequest, Item, ProgressReport, acknowledge_dates
from ..selectors import instructed_items, referable_items, referable_units
from .serializers import (
    CommentInputSerializer,
    CompletionInputSerializer,
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


class ItemFilter(ScopedFilterSet):
    year = django_filters.NumberFilter(label=_("year"))
    source_kind = django_filters.ChoiceFilter(label=_("source"), choices=SourceKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=ItemStatus.choices)
    urgency = django_filters.ChoiceFilter(label=_("urgency"), choices=Urgency.choices)
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("lead unit"), queryset=OrgUnit.objects.none()
    )
    parent = django_filters.ModelChoiceFilter(label=_("parent item"), queryset=Item.objects.none())
    # 我的批示: the items whose instruction the caller gave (as in the ledger).
    mine = django_filters.ChoiceFilter(label=_("mine"), choices=MINE_CHOICES, method="filter_mine")
    # Last: the colour is computed, so only for what the other filters leave.
    colour = django_filters.ChoiceFilter(
        label=_("colour"), choices=Colour.choices, method="filter_colour"
    )
    referable = {"parent": referable_items, "lead_unit": referable_units}

    class Meta:
        model = Item
        fields = [
            "year",
            "source_kind",
            "status",
            "urgency",
            "lead_unit",
            "parent",
            "mine",
            "colour",
        ]

    def filter_mine(self, queryset, name, value):
        if value != "instructed":
            return queryset
        return queryset.filter(pk__in=instructed_items(self.request.user).values("pk"))

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

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # Each row's 签收 time limit from one read of the calendar, not one per row.
        acknowledge_dates(page if page is not None else [])
        return page

    def _item_response(self, item, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=item.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(
        summary=_("Register an item (立项)"),
        request=ItemCreateSerializer,
        responses=responses(201, ItemSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = dict(self.valid_input(ItemCreateSerializer))
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
        responses=responses(200, ItemSerializer),
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        item = self.get_object()
        payload = self.valid_input(CommentInputSerializer)
        with service_errors():
            services.item_assign(actor=request.user, item=item, comment=payload["comment"])
        return self._item_response(item)

    @extend_schema(
        summary=_("Acknowledge the item as its lead unit (签收)"),
        request=CommentInputSerializer,
        responses=responses(200, ItemSerializer),
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        item = self.get_object()
        payload = self.valid_input(CommentInputSerializer)
        with service_errors():
            services.item_accept(actor=request.user, item=item, comment=payload["comment"])
        return self._item_response(item)

    @extend_schema(
        summary=_("File a progress report (反馈)"),
        request={
            "application/json": ReportInputSerializer,
            "multipart/form-data": ReportInputSerializer,
        },
        responses=responses(201, ProgressReportSerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def report(self, request, pk=None):
        item = self.get_object()
        payload = self.valid_input(ReportInputSerializer)
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
        responses=responses(201, ProgressReportSerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="request-completion",
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def request_completion(self, request, pk=None):
        item = self.get_object()
        payload = self.valid_input(CompletionInputSerializer)
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
        responses=responses(200, ItemSerializer),
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self.get_object()
        payload = self.valid_input(CommentInputSerializer)
        with service_errors():
            services.item_close(actor=request.user, item=item, comment=payload["comment"])
        return self._item_response(item)

    @extend_schema(
        summary=_("Send the completion back, with a reason"),
        request=ReasonInputSerializer,
        responses=responses(200, ItemSerializer),
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        item = self.get_object()
        payload = self.valid_input(ReasonInputSerializer)
        with service_errors():
            services.item_send_back(actor=request.user, item=item, reason=payload["reason"])
        return self._item_response(item)

    @extend_schema(
        summary=_("Cancel the item, with a reason"),
        request=ReasonInputSerializer,
        responses=responses(200, ItemSerializer),
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        item = self.get_object()
        payload = self.valid_input(ReasonInputSerializer)
        with service_errors():
            services.item_cancel(actor=request.user, item=item, reason=payload["reason"])
        return self._item_response(item)

    @extend_schema(
        summary=_("Urge the lead unit (催办)"),
        request=UrgeInputSerializer,
        responses=responses(201, UrgeSerializer),
    )
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        item = self.get_object()
        payload = self.valid_input(UrgeInputSerializer)
        with service_errors():
            urge = services.item_urge(actor=request.user, item=item, message=payload["message"])
        return Response(UrgeSerializer(urge).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Add a leader's comment"),
        request=LeaderCommentInputSerializer,
        responses=responses(201, LeaderCommentSerializer),
    )
    @action(detail=True, methods=["post"])
    def comment(self, request, pk=None):
        item = self.get_object()
        payload = self.valid_input(LeaderCommentInputSerializer)
        with service_errors():
            comment = services.comment_add(actor=request.user, item=item, text=payload["text"])
        return Response(LeaderCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    def _report_response(self, report) -> Response:
        serializer = ProgressReportSerializer(report, context=self.get_serializer_context())
        return Response(serializer.data, status=status.HTTP_201_CREATED)


class ReportFilter(ScopedFilterSet):
    item = django_filters.ModelChoiceFilter(
        label=_("supervision item"), queryset=Item.objects.none()
    )
    unit = django_filters.ModelChoiceFilter(label=_("unit"), queryset=OrgUnit.objects.none())
    referable = {"item": referable_items, "unit": referable_units}

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
    filterset_class = ReportFilter
    search_fields = ["text"]
    ordering_fields = ["reported_on", "created_at"]


class ExtensionFilter(ScopedFilterSet):
    item = django_filters.ModelChoiceFilter(
        label=_("supervision item"), queryset=Item.objects.none()
    )
    referable = {"item": referable_items}

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
    filterset_class = ExtensionFilter
    ordering_fields = ["created_at", "requested_deadline"]

    @extend_schema(
        summary=_("Request an extension, before the deadline"),
        request=ExtensionCreateSerializer,
        responses=responses(201, ExtensionSerializer),
    )
    def create(self, request, *args, **kwargs):
        payload = self.valid_input(ExtensionCreateSerializer)
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
        responses=responses(200, ExtensionSerializer),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(approve=True)

    @extend_schema(
        summary=_("Reject the extension, with a reason"),
        request=CommentInputSerializer,
        responses=responses(200, ExtensionSerializer),
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
