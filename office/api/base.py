"""Base classes every app's API viewsets use.

Reads are scoped (``restrict(user, action)``: out of scope is a 404) and need the model's
view permission, as the pages do. Writes never go through ``serializer.save()`` or a generic
delete: an app's viewset collects the input with a serializer and calls its service, inside
``service_errors()``, exactly as its pages do.
"""

import django_filters
from django_filters import rest_framework as rest_filters
from rest_framework import filters, permissions, serializers, viewsets

from office.dates import validate_entered_date
from office.models import OrgUnit, User
from office.selectors import office_leaders
from office.texts import limit_serializer_texts


class CanViewRecords(permissions.BasePermission):
    """The model's view permission, as the web pages require it (not just a login)."""

    def has_permission(self, request, view):
        model = view.queryset.model
        return request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


class ScopedFilterBackend(rest_filters.DjangoFilterBackend):
    """Filters declared as ``filterset_fields`` are built on ``ScopedFilterSet`` too."""

    @property
    def filterset_base(self):
        return ScopedFilterSet


class RestrictedViewSetMixin:
    """Scoped reads; an unsafe method reads through the "change" scope, so the city office
    (which reads the counties' records) gets a 404 when it tries to act on one. Filters naming
    records are scoped (``ScopedFilterSet``), whether declared as a class or as fields."""

    permission_classes = [permissions.IsAuthenticated, CanViewRecords]
    filter_backends = [ScopedFilterBackend, filters.SearchFilter, filters.OrderingFilter]

    def get_queryset(self):
        action = "view" if self.request.method in permissions.SAFE_METHODS else "change"
        return super().get_queryset().restrict(self.request.user, action)

    def valid_input(self, serializer_class) -> dict:
        """An action's input, checked by its serializer (400 with the fields otherwise); its
        long texts are held to the one limit (office.texts)."""
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        limit_serializer_texts(serializer)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class EnteredDateField(serializers.DateField):
    """A date the caller sends, within ``office.dates``' range, as on the pages."""

    default_validators = [validate_entered_date]


# --- Input fields and filters that name records -------------------------------------------
# A field or filter naming a record chooses among the records the caller may name, set per
# request, so an id out of scope is refused exactly like one that does not exist: the answer
# never tells that it exists.


def _request_user(context):
    request = context.get("request")
    return request.user if request else None


class ScopedUnitField(serializers.PrimaryKeyRelatedField):
    """A unit the caller's office may give work to; any other id is "does not exist"."""

    def __init__(self, **kwargs):
        # The model, for the schema; the rows are chosen per request below.
        super().__init__(queryset=OrgUnit.objects.all(), **kwargs)

    def get_queryset(self):
        user = _request_user(self.root.context)
        # Work goes to units the caller's office acts for (the city office reads the
        # counties' units but gives them no work).
        return OrgUnit.objects.restrict(user, "change").responsible_units().filter(is_active=True)


class ScopedLeaderField(serializers.PrimaryKeyRelatedField):
    """A county leader the caller's office may name (``office.selectors.office_leaders``);
    another county's leader is "does not exist", like an id that does not exist."""

    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.all(), **kwargs)

    def get_queryset(self):
        return office_leaders(_request_user(self.root.context))


class ScopedFilterSet(rest_filters.FilterSet):
    """Every filter choosing a record offers only what the caller may name: by default the
    records they may see (``restrict``); ``referable`` maps a filter to a function
    ``(user) -> queryset`` where an app's rule is wider (a split item's parent, named by the
    liaison of one of its units). So another county's id is "not a valid choice", exactly
    like an id that does not exist (a 200 with no rows would tell that it exists)."""

    referable: dict = {}

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        for name, declared in self.filters.items():
            if not isinstance(
                declared,
                django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter,
            ):
                continue
            chooser = self.referable.get(name)
            model = declared.queryset.model
            declared.queryset = chooser(user) if chooser else model.objects.restrict(user)
