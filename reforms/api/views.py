"""The reforms API: key tasks (with how they stand against plan), milestones with their
report / accept / return actions, pilots with their steps, and honours.

Reads go through ``.restrict(user)`` (office.api.base); writes through ``reforms.services``
inside ``service_errors()``: 403 when the caller may not act, 400 with the fields otherwise.
"""

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from office.api.base import RestrictedViewSetMixin, ScopedFilterSet
from office.api.errors import responses, service_errors

from .. import services
from ..choices import Level, MilestoneStatus, PilotStatus, ReformArea, TaskState
from ..models import Honour, KeyTask, Milestone, Pilot
from ..selectors import with_plan
from .serializers import (
    ApproveInputSerializer,
    EvaluateInputSerializer,
    HonourCreateSerializer,
    HonourSerializer,
    KeyTaskCreateSerializer,
    KeyTaskSerializer,
    MilestoneReportInputSerializer,
    MilestoneReportSerializer,
    MilestoneSerializer,
    PilotCreateSerializer,
    PilotSerializer,
    ReformCommentInputSerializer,
    ReformReasonInputSerializer,
)


class TaskFilter(ScopedFilterSet):
    year = django_filters.NumberFilter(label=_("year"), min_value=2000, max_value=2100)
    area = django_filters.ChoiceFilter(label=_("reform area"), choices=ReformArea.choices)
    state = django_filters.ChoiceFilter(label=_("against plan"), choices=TaskState.choices)

    class Meta:
        model = KeyTask
        fields = ["year", "area", "state"]


@extend_schema(tags=["reforms"])
@extend_schema_view(
    list=extend_schema(summary=_("Key reform tasks in your scope")),
    retrieve=extend_schema(summary=_("One key reform task")),
)
class TaskViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = KeyTask.objects.all()
    serializer_class = KeyTaskSerializer
    filterset_class = TaskFilter
    search_fields = ["title", "goal"]
    ordering_fields = ["year", "progress", "title"]
    ordering = ["-year", "area", "pk"]

    def get_queryset(self):
        self.queryset = with_plan(
            KeyTask.objects.select_related("lead_unit").prefetch_related(
                "cooperating_units",
                Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
            ),
            timezone.localdate(),
        )
        return super().get_queryset()

    def valid_flat_input(self, serializer_class) -> dict:
        """As valid_input, but a milestone's errors are told as sentences under
        "milestones" (the refusal's documented shape is a field and its messages), e.g.
        "第2个节点 due_date：日期须在……之间。"."""
        try:
            return self.valid_input(serializer_class)
        except DRFValidationError as error:
            raise DRFValidationError(_flattened(error.detail)) from None

    def _task_response(self, task, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=task.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(
        summary=_("Enter a key reform task with its milestones"),
        request=KeyTaskCreateSerializer,
        responses=responses(201, KeyTaskSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = dict(self.valid_flat_input(KeyTaskCreateSerializer))
        data["cooperating_units"] = list(data.get("cooperating_units", []))
        with service_errors():
            task = services.task_create(actor=request.user, data=services.TaskData(**data))
        return self._task_response(task, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Open a supervision item for a task behind plan"),
        request=None,
        responses=responses(200, KeyTaskSerializer),
    )
    @action(detail=True, methods=["post"])
    def supervise(self, request, pk=None):
        task = self.get_object()
        with service_errors():
            services.task_supervise(actor=request.user, task=task)
        return self._task_response(task)


def _flattened(detail) -> dict:
    flat = {}
    for field, value in detail.items():
        if isinstance(value, dict):
            flat[field] = [
                _("Milestone %(n)s, %(field)s: %(message)s")
                % {"n": int(index) + 1, "field": sub, "message": message}
                for index, errors in value.items()
                for sub, messages in errors.items()
                for message in messages
            ]
        else:
            flat[field] = value
    return flat


class MilestoneFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=MilestoneStatus.choices)
    task = django_filters.NumberFilter(label=_("key reform task"), min_value=1, max_value=2**62)

    class Meta:
        model = Milestone
        fields = ["status", "task"]


@extend_schema(tags=["reforms"])
@extend_schema_view(
    list=extend_schema(summary=_("Milestones in your scope")),
    retrieve=extend_schema(summary=_("One milestone")),
)
class MilestoneViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Milestone.objects.select_related("task__lead_unit")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering = ["due_date", "pk"]

    def _response(self, milestone) -> Response:
        milestone.refresh_from_db()
        return Response(MilestoneSerializer(milestone).data)

    @extend_schema(
        summary=_("Report the milestone done, with evidence"),
        request={
            "application/json": MilestoneReportInputSerializer,
            "multipart/form-data": MilestoneReportInputSerializer,
        },
        responses=responses(201, MilestoneReportSerializer),
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def report(self, request, pk=None):
        milestone = self.get_object()
        payload = self.valid_input(MilestoneReportInputSerializer)
        with service_errors():
            report = services.milestone_report(
                actor=request.user,
                milestone=milestone,
                text=payload["text"],
                files=payload["attachments"],
            )
        return Response(MilestoneReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Accept the milestone report"),
        request=ReformCommentInputSerializer,
        responses=responses(200, MilestoneSerializer),
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        milestone = self.get_object()
        payload = self.valid_input(ReformCommentInputSerializer)
        with service_errors():
            services.milestone_accept(
                actor=request.user, milestone=milestone, comment=payload["comment"]
            )
        return self._response(milestone)

    @extend_schema(
        summary=_("Return the milestone report, with a reason"),
        request=ReformReasonInputSerializer,
        responses=responses(200, MilestoneSerializer),
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        milestone = self.get_object()
        payload = self.valid_input(ReformReasonInputSerializer)
        with service_errors():
            services.milestone_return(
                actor=request.user, milestone=milestone, reason=payload["reason"]
            )
        return self._response(milestone)


class PilotFilter(ScopedFilterSet):
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=PilotStatus.choices)

    class Meta:
        model = Pilot
        fields = ["level", "status"]


@extend_schema(tags=["reforms"])
@extend_schema_view(
    list=extend_schema(summary=_("Reform pilots and demonstrations in your scope")),
    retrieve=extend_schema(summary=_("One reform pilot")),
)
class PilotViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Pilot.objects.select_related("lead_unit")
    serializer_class = PilotSerializer
    filterset_class = PilotFilter
    search_fields = ["name", "approving_body"]
    ordering = ["-applied_on", "-pk"]

    def _response(self, pilot, status_code=status.HTTP_200_OK) -> Response:
        pilot.refresh_from_db()
        return Response(PilotSerializer(pilot).data, status=status_code)

    @extend_schema(
        summary=_("Enter a pilot applied for"),
        request=PilotCreateSerializer,
        responses=responses(201, PilotSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = dict(self.valid_input(PilotCreateSerializer))
        with service_errors():
            pilot = services.pilot_create(actor=request.user, data=services.PilotData(**data))
        return self._response(pilot, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Record the approval"),
        request=ApproveInputSerializer,
        responses=responses(200, PilotSerializer),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        pilot = self.get_object()
        payload = self.valid_input(ApproveInputSerializer)
        with service_errors():
            services.pilot_approve(
                actor=request.user,
                pilot=pilot,
                approved_on=payload["approved_on"],
                document=payload["document"],
            )
        return self._response(pilot)

    @extend_schema(
        summary=_("Record the evaluation"),
        request=EvaluateInputSerializer,
        responses=responses(200, PilotSerializer),
    )
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        pilot = self.get_object()
        payload = self.valid_input(EvaluateInputSerializer)
        with service_errors():
            services.pilot_evaluate(
                actor=request.user, pilot=pilot, evaluation=payload["evaluation"]
            )
        return self._response(pilot)

    def _move(self, name: str, comment: str = "") -> Response:
        pilot = self.get_object()
        with service_errors():
            services.pilot_move(actor=self.request.user, pilot=pilot, name=name, comment=comment)
        return self._response(pilot)

    @extend_schema(summary=_("Start the pilot"), request=ReformCommentInputSerializer,
                   responses=responses(200, PilotSerializer))  # fmt: skip
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._move("start", self.valid_input(ReformCommentInputSerializer)["comment"])

    @extend_schema(summary=_("Promote the experience"), request=ReformCommentInputSerializer,
                   responses=responses(200, PilotSerializer))  # fmt: skip
    @action(detail=True, methods=["post"])
    def promote(self, request, pk=None):
        return self._move("promote", self.valid_input(ReformCommentInputSerializer)["comment"])

    @extend_schema(summary=_("Withdraw the pilot, with a reason"), request=ReformReasonInputSerializer,
                   responses=responses(200, PilotSerializer))  # fmt: skip
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._move("withdraw", self.valid_input(ReformReasonInputSerializer)["reason"])


class HonourFilter(ScopedFilterSet):
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    year = django_filters.NumberFilter(
        label=_("year"), field_name="awarded_on", lookup_expr="year", min_value=2000, max_value=2100
    )

    class Meta:
        model = Honour
        fields = ["level", "year", "advanced_unit"]


@extend_schema(tags=["reforms"])
@extend_schema_view(
    list=extend_schema(summary=_("Honours in your scope")),
    retrieve=extend_schema(summary=_("One honour")),
)
class HonourViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Honour.objects.select_related("unit")
    serializer_class = HonourSerializer
    filterset_class = HonourFilter
    search_fields = ["title", "awarding_body", "person"]
    ordering = ["-awarded_on", "-pk"]

    @extend_schema(
        summary=_("Record an honour"),
        request=HonourCreateSerializer,
        responses=responses(201, HonourSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = dict(self.valid_input(HonourCreateSerializer))
        with service_errors():
            honour = services.honour_create(actor=request.user, data=services.HonourData(**data))
        return Response(HonourSerializer(honour).data, status=status.HTTP_201_CREATED)
