import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.filtersets import SearchFilterSet
from office.models import OrgUnit

from .choices import MeetingStatus, MeetingType
from .models import AgendaItem, Decision, Meeting
from .selectors import EXCEPTION_GRANTED, HELD, opened_with_first_topic


def _years():
    this = timezone.localdate().year
    # Back ten years: a link from an older year's annual report must find its meetings.
    return [(year, str(year)) for year in range(this + 1, this - 10, -1)]


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
    # The annual figures' and the comparison's links: exactly the meetings they count.
    held = django_filters.BooleanFilter(label=_("held"), method="held_only")
    first_topic = django_filters.BooleanFilter(
        label=_("opened with 第一议题"), method="with_first_topic"
    )
    exception = django_filters.BooleanFilter(label=_("exception granted"), method="granted")
    until = django_filters.DateFilter(
        label=_("held on or before"), field_name="starts_at__date", lookup_expr="lte"
    )

    class Meta:
        model = Meeting
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        self.filters["organiser_unit"].queryset = OrgUnit.objects.restrict(user)

    def held_only(self, queryset, name, value):
        return _where(queryset, HELD, value)

    def with_first_topic(self, queryset, name, value):
        return _where(queryset, Q(opened_with_first_topic()), value)

    def granted(self, queryset, name, value):
        return _where(queryset, EXCEPTION_GRANTED, value)

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


def _where(queryset, condition, value):
    """Yes: the meetings meeting the condition; no: the others; blank: all."""
    if value is None:
        return queryset
    return queryset.filter(condition) if value else queryset.exclude(condition)
