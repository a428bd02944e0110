import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office.models import Notification, OrgUnit, User
from office.notifications import notification_mark_read

from .base import RestrictedReadOnlyViewSet
from .serializers import (
    MarkReadResultSerializer,
    MarkReadSerializer,
    NotificationSerializer,
    OrgUnitSerializer,
    UserSerializer,
)


class OrgUnitViewSet(RestrictedReadOnlyViewSet):
    queryset = OrgUnit.objects.select_related("parent", "office")
    serializer_class = OrgUnitSerializer
    filterset_fields = ["kind", "parent", "office", "is_active"]
    search_fields = ["name", "short_name", "code"]
    ordering_fields = ["name", "path"]


class UserViewSet(RestrictedReadOnlyViewSet):
    queryset = User.objects.select_related("org_unit").prefetch_related("groups")
    serializer_class = UserSerializer
    filterset_fields = ["org_unit", "is_active"]
    search_fields = ["username", "name"]


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["unread"]


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The current user's notifications. ``?unread=true`` lists the unread ones."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    queryset = Notification.objects.all()

    def get_queryset(self):
        return Notification.objects.restrict(self.request.user)

    @extend_schema(request=None, responses=MarkReadResultSerializer)
    @action(detail=True, methods=["post"], url_path="mark-read")
    def mark_read(self, request, pk=None):
        notification = self.get_object()
        marked = notification_mark_read(recipient=request.user, ids=[notification.pk])
        return Response({"marked": marked})

    @extend_schema(request=MarkReadSerializer, responses=MarkReadResultSerializer)
    @action(detail=False, methods=["post"], url_path="mark-all-read")
    def mark_all_read(self, request):
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = notification_mark_read(
            recipient=request.user, ids=serializer.validated_data.get("ids")
        )
        return Response({"marked": marked})
