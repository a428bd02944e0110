"""Filters of the reform lists."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.filtersets import SearchFilterSet
from office.models import OrgUnit, OrgUnitKind, User
from office.roles import Role

from .choices import (
    MUNICIPAL_OR_ABOVE,
    Level,
    PilotKind,
    PilotStatus,
    ReformArea,
    TaskState,
    TaskStatus,
)
from .models import Honour, KeyTask, Pilot


def _years(queryset, field: str) -> list[tuple]:
    years = set(queryset.order_by().values_list(field, flat=True).distinct())
    years.add(timezone.localdate().year)
    return [(year, str(year)) for year in sorted(years, reverse=True)]


class TaskFilterSet(SearchFilterSet):
    search_fields = ("title", "goal", "milestones__title")

    year = django_filters.ChoiceFilter(label=_("year"), choices=())
    area = django_filters.ChoiceFilter(label=_("reform area"), choices=ReformArea.choices)
    state = django_filters.ChoiceFilter(label=_("against plan"), choices=TaskState.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=TaskStatus.choices)
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("lead unit"), queryset=OrgUnit.objects.none()
    )
    # A leader follows the tasks they lead (牵头县领导).
    lead_leader = django_filters.ModelChoiceFilter(
        label=_("lead county leader"), queryset=User.objects.none()
    )
    # The city office's roll-up by county leads to that county's tasks.
    owning_office = django_filters.ModelChoiceFilter(
        label=_("county"), queryset=OrgUnit.objects.none()
    )

    class Meta:
        model = KeyTask
        fields = ["year", "area", "state", "status", "lead_unit", "lead_leader", "owning_office"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        self.filters["year"].extra["choices"] = _years(KeyTask.objects.restrict(user), "year")
        self.filters["lead_unit"].queryset = OrgUnit.objects.restrict(user).responsible_units()
        self.filters["lead_leader"].queryset = User.objects.restrict(user).filter(
            groups__name=Role.LEADER, is_active=True
        )
        if user.in_city_office:
            self.filters["owning_office"].queryset = OrgUnit.objects.restrict(user).filter(
                kind=OrgUnitKind.COUNTY_OFFICE
            )
            # A plain select: the counties are few, and the unit lookup lists no offices.
            self.filters["owning_office"].extra.pop("widget", None)
        else:
            del self.filters["owning_office"]

    def search(self, queryset, name, value):
        # A milestone's title matches through a join: ask for the tasks' ids instead.
        matched = super().search(KeyTask.objects.all(), name, value)
        return queryset.filter(pk__in=matched.values("pk"))


class PilotFilterSet(SearchFilterSet):
    search_fields = ("name", "approving_body", "approval_document")

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=PilotKind.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=PilotStatus.choices)
    approved_year = django_filters.NumberFilter(
        label=_("approved in"),
        field_name="approved_on",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
    )
    # The pilots a year concerns (the reform dashboard's table): applied for or approved in it.
    year = django_filters.NumberFilter(
        label=_("applied for or approved in"),
        method="filter_year",
        min_value=2000,
        max_value=2100,
    )
    # The annual report's count: approved at municipal level or above (市级以上).
    municipal_or_above = django_filters.BooleanFilter(
        label=_("municipal level or above"), method="filter_municipal_or_above"
    )
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("lead unit"), queryset=OrgUnit.objects.none()
    )

    class Meta:
        model = Pilot
        fields = ["kind", "level", "status", "year", "approved_year", "municipal_or_above",
                  "lead_unit"]  # fmt: skip

    def filter_year(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(applied_on__year=value) | Q(approved_on__year=value))

    def filter_municipal_or_above(self, queryset, name, value):
        if value is None:
            return queryset
        levels = Q(level__in=MUNICIPAL_OR_ABOVE)
        return queryset.filter(levels if value else ~levels)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["lead_unit"].queryset = OrgUnit.objects.restrict(
            request.user
        ).responsible_units()


class HonourFilterSet(SearchFilterSet):
    search_fields = ("title", "awarding_body", "person", "unit__name")

    year = django_filters.NumberFilter(
        label=_("year"), field_name="awarded_on", lookup_expr="year", min_value=2000, max_value=2100
    )
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    advanced_unit = django_filters.BooleanFilter(label=_("advanced-unit titles"))

    class Meta:
        model = Honour
        fields = ["year", "level", "advanced_unit"]
