"""The meetings API: meetings with their transitions as actions, the agenda, decisions with
their one-click supervision item, and the 第一议题 study ledger. Reads are scoped; writes
go through ``meetings.services``, as the pages do."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office.api.base import RestrictedViewSetMixin, ScopedFilterSet
from office.api.errors import responses, service_errors
from training.selectors import study_materials

from .. import services
from ..choices import AgendaKind, MeetingStatus, MeetingType
from ..models import AgendaItem, Decision, Meeting
from .serializers import (
    AgendaItemSerializer,
    DecisionSerializer,
    DecisionSupervisionInputSerializer,
    MeetingAgendaInputSerializer,
    MeetingCommentInputSerializer,
    MeetingCreateSerializer,
    MeetingReasonInputSerializer,
    MeetingSerializer,
    MeetingSubmitInputSerializer,
)


class MeetingFilter(ScopedFilterSet):
    year = django_filters.NumberFilter(
        field_name="starts_at__year", label=_("year"), min_value=2000, max_value=2100
    )
    meeting_type = django_filters.ChoiceFilter(choices=MeetingType.choices)
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices)

    class Meta:
        model = Meeting
        fields = ["year", "meeting_type", "status"]


@extend_schema(tags=["meetings"])
@extend_schema_view(
    list=extend_schema(summary=_("Meetings in your scope")),
    retrieve=extend_schema(summary=_("One meeting")),
)
class MeetingViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings (会议). Transitions are POST actions on a meeting."""

    queryset = Meeting.objects.select_related("organiser_unit", "chair").prefetch_related(
        "required_leaders"
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    search_fields = ["title", "place", "reason"]
    ordering_fields = ["starts_at", "planned_minutes"]
    ordering = ["-starts_at"]

    def _response(self, meeting, status_code=status.HTTP_200_OK):
        fresh = Meeting.objects.select_related("organiser_unit", "chair").get(pk=meeting.pk)
        return Response(MeetingSerializer(fresh).data, status=status_code)

    @extend_schema(
        summary=_("Request a meeting"),
        request=MeetingCreateSerializer,
        responses=responses(201, MeetingSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = dict(self.valid_input(MeetingCreateSerializer))
        data["required_leaders"] = list(data.get("required_leaders", []))
        with service_errors():
            meeting = services.meeting_request(
                actor=request.user, data=services.MeetingData(**data)
            )
        return self._response(meeting, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Submit for approval (checked against the rules)"),
        request=MeetingSubmitInputSerializer,
        responses=responses(200, MeetingSerializer),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        meeting = self.get_object()
        payload = self.valid_input(MeetingSubmitInputSerializer)
        with service_errors():
            services.meeting_submit(
                actor=request.user, meeting=meeting, exception_reason=payload["exception_reason"]
            )
        return self._response(meeting)

    @extend_schema(
        summary=_("Approve the meeting"),
        request=MeetingCommentInputSerializer,
        responses=responses(200, MeetingSerializer),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        meeting = self.get_object()
        payload = self.valid_input(MeetingCommentInputSerializer)
        with service_errors():
            services.meeting_approve(
                actor=request.user, meeting=meeting, comment=payload["comment"]
            )
        return self._response(meeting)

    @extend_schema(
        summary=_("Reject the meeting, with a comment"),
        request=MeetingReasonInputSerializer,
        responses=responses(200, MeetingSerializer),
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        meeting = self.get_object()
        payload = self.valid_input(MeetingReasonInputSerializer)
        with service_errors():
            services.meeting_reject(actor=request.user, meeting=meeting, comment=payload["reason"])
        return self._response(meeting)

    @extend_schema(
        summary=_("Mark the meeting ready"),
        request=None,
        responses=responses(200, MeetingSerializer),
    )
    @action(detail=True, methods=["post"], url_path="mark-ready")
    def mark_ready(self, request, pk=None):
        meeting = self.get_object()
        with service_errors():
            services.meeting_mark_ready(actor=request.user, meeting=meeting)
        return self._response(meeting)

    @extend_schema(
        summary=_("Record the meeting as held"),
        request=MeetingCommentInputSerializer,
        responses=responses(200, MeetingSerializer),
    )
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        meeting = self.get_object()
        payload = self.valid_input(MeetingCommentInputSerializer)
        with service_errors():
            services.meeting_hold(actor=request.user, meeting=meeting, comment=payload["comment"])
        return self._response(meeting)

    @extend_schema(
        summary=_("Cancel the meeting, with a reason"),
        request=MeetingReasonInputSerializer,
        responses=responses(200, MeetingSerializer),
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        meeting = self.get_object()
        payload = self.valid_input(MeetingReasonInputSerializer)
        with service_errors():
            services.meeting_cancel(actor=request.user, meeting=meeting, reason=payload["reason"])
        return self._response(meeting)

    @extend_schema(
        summary=_("Add an agenda item"),
        request=MeetingAgendaInputSerializer,
        responses=responses(201, AgendaItemSerializer),
    )
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        meeting = self.get_object()
        payload = self.valid_input(MeetingAgendaInputSerializer)
        ids = payload.pop("study_materials")
        payload["kind"] = payload.pop("agenda_kind")
        with service_errors():
            materials = list(study_materials(request.user, "change").filter(pk__in=ids))
            if len(materials) != len(set(ids)):
                raise ValidationError({"study_materials": _("Choose from the list.")})
            item = services.agenda_item_add(
                actor=request.user, meeting=meeting, study_materials=materials, **payload
            )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["meetings"])
@extend_schema_view(
    list=extend_schema(summary=_("Agenda items in your scope")),
    retrieve=extend_schema(summary=_("One agenda item")),
)
class AgendaItemViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = AgendaItem.objects.select_related("meeting").prefetch_related("study_materials")
    serializer_class = AgendaItemSerializer
    filterset_fields = ["meeting", "kind"]
    ordering = ["meeting", "position"]


@extend_schema(tags=["meetings"])
@extend_schema_view(list=extend_schema(summary=_("The 第一议题 study ledger")))
class StudyLedgerViewSet(RestrictedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = (
        AgendaItem.objects.filter(kind=AgendaKind.STUDY)
        .select_related("meeting")
        .prefetch_related("study_materials")
    )
    serializer_class = AgendaItemSerializer
    ordering = ["-meeting__starts_at"]


@extend_schema(tags=["meetings"])
@extend_schema_view(
    list=extend_schema(summary=_("Meeting decisions in your scope")),
    retrieve=extend_schema(summary=_("One meeting decision")),
)
class DecisionViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Decision.objects.select_related("supervision_item")
    serializer_class = DecisionSerializer
    filterset_fields = ["meeting"]
    ordering = ["-meeting__starts_at", "pk"]

    @extend_schema(
        summary=_("Open a supervision item from the decision (once)"),
        request=DecisionSupervisionInputSerializer,
        responses=responses(201, DecisionSerializer),
    )
    @action(detail=True, methods=["post"], url_path="to-supervision")
    def to_supervision(self, request, pk=None):
        decision = self.get_object()
        payload = self.valid_input(DecisionSupervisionInputSerializer)
        with service_errors():
            services.decision_to_supervision(actor=request.user, decision=decision, **payload)
        decision.refresh_from_db()
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
