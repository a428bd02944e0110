import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.filtersets import SearchFilterSet
from office.models import OrgUnit

from .choices import MeetingStatus, MeetingType
from .models import AgendaItem, Decision, Meeting


def _years():
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this + 1, this - 5, -1)]


class MeetingFilterSet(SearchFilterSet):
    search_fields = ("title", "place", "reason")
    year = django_filters.ChoiceFilter(
        label=_("year"), choices=_years, field_name="starts_at__year"
    )
    meeting_type = django_filters.ChoiceFilter(label=_("meeting type"), choices=MeetingType.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=MeetingStatus.choices)
    organiser_unit = django_filters.ModelChoiceFilter(
        label=_("organiser unit"), queryset=OrgUnit.objects.none()
    )
    week = django_filters.BooleanFilter(label=_("this week"), method="this_week")

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        self.filters["organiser_unit"].queryset = OrgUnit.objects.restrict(user)

    def this_week(self, queryset, name, value):
        if not value:
            return queryset
        from .selectors import week_bounds

        start, end = week_bounds(timezone.localdate())
        return queryset.filter(starts_at__date__range=(start, end))


class StudyLedgerFilterSet(SearchFilterSet):
    search_fields = ("title", "measures", "meeting__title", "presenter_name")
    year = django_filters.ChoiceFilter(
        label=_("year"), choices=_years, field_name="meeting__starts_at__year"
    )
    meeting__meeting_type = django_filters.ChoiceFilter(
        label=_("meeting type"), choices=MeetingType.choices
    )

    class Meta:
        model = AgendaItem
        fields = []


class DecisionFilterSet(SearchFilterSet):
    search_fields = ("text", "meeting__title")
    year = django_filters.ChoiceFilter(
        label=_("year"), choices=_years, field_name="meeting__starts_at__year"
    )
    handed_over = django_filters.BooleanFilter(
        label=_("handed to supervision"),
        field_name="supervision_item",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Decision
        fields = []
