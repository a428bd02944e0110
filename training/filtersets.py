"""Filters of the training lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from meetings.selectors import FIRST_TOPIC_LEDGER as AgendaItem
from office.filtersets import SearchFilterSet

from .choices import DigestStatus, PairStatus, SessionKind, SessionStatus, Tier
from .models import (
    Assessment,
    Competition,
    GrassrootsCourse,
    MaterialKind,
    MentoringPair,
    SelfStudyNote,
    StudyMaterial,
    StudySession,
    TheoryDigest,
    TierChange,
)


class MaterialFilterSet(SearchFilterSet):
    search_fields = ("title", "source", "summary", "full_text")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=MaterialKind.choices)
    year = django_filters.NumberFilter(
        label=_("year"), min_value=2000, max_value=2100, field_name="issued_on", lookup_expr="year"
    )

    class Meta:
        model = StudyMaterial
        fields = ["q", "kind", "year"]


class SessionFilterSet(SearchFilterSet):
    search_fields = ("topic", "speaker", "location", "materials__title")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=SessionKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=SessionStatus.choices)
    year = django_filters.NumberFilter(
        label=_("year"), min_value=2000, max_value=2100, field_name="held_on", lookup_expr="year"
    )

    class Meta:
        model = StudySession
        fields = ["q", "kind", "status", "year"]

    def search(self, queryset, name, value):
        # A material's title joins many rows: keep each session once.
        found = super().search(StudySession.objects.all(), name, value)
        return queryset.filter(pk__in=found.values("pk")) if value.strip() else queryset


class DigestFilterSet(SearchFilterSet):
    search_fields = ("title", "foreword")
    year = django_filters.NumberFilter(label=_("year"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(label=_("status"), choices=DigestStatus.choices)

    class Meta:
        model = TheoryDigest
        fields = ["q", "year", "status"]


class PairFilterSet(SearchFilterSet):
    search_fields = ("mentor__name", "mentee__name", "goals")
    status = django_filters.ChoiceFilter(label=_("status"), choices=PairStatus.choices)
    active_in = django_filters.NumberFilter(
        label=_("running in the year"), min_value=2000, max_value=2100, method="running_in"
    )

    class Meta:
        model = MentoringPair
        fields = ["q", "status", "active_in"]

    def running_in(self, queryset, name, value):
        # The same rule as the annual figure (selectors.pairs_active_in).
        year = int(value)
        return queryset.filter(started_on__year__lte=year).exclude(ended_on__year__lt=year)


class NoteFilterSet(SearchFilterSet):
    search_fields = ("title", "note")
    year = django_filters.NumberFilter(
        label=_("year"), min_value=2000, max_value=2100, field_name="read_on", lookup_expr="year"
    )

    class Meta:
        model = SelfStudyNote
        fields = ["q", "year"]


class TierFilterSet(SearchFilterSet):
    search_fields = ("person__name", "reason")
    tier = django_filters.ChoiceFilter(label=_("tier"), choices=Tier.choices)

    class Meta:
        model = TierChange
        fields = ["q", "tier"]


class CompetitionFilterSet(SearchFilterSet):
    search_fields = ("title", "description")
    year = django_filters.NumberFilter(
        label=_("year"), min_value=2000, max_value=2100, field_name="held_on", lookup_expr="year"
    )

    class Meta:
        model = Competition
        fields = ["q", "year"]


class FirstTopicFilterSet(SearchFilterSet):
    search_fields = ("title", "measures", "meeting__title")
    year = django_filters.NumberFilter(
        label=_("year"),
        min_value=2000,
        max_value=2100,
        field_name="meeting__starts_at",
        lookup_expr="year",
    )

    class Meta:
        model = AgendaItem  # the meetings app's ledger: 第一议题 is recorded there once
        fields = ["q", "year"]


class AssessmentFilterSet(SearchFilterSet):
    search_fields = ("title",)

    class Meta:
        model = Assessment
        fields = ["q"]


class CourseFilterSet(SearchFilterSet):
    search_fields = ("title", "content")
    year = django_filters.NumberFilter(
        label=_("year"), min_value=2000, max_value=2100, field_name="held_on", lookup_expr="year"
    )

    class Meta:
        model = GrassrootsCourse
        fields = ["q", "year"]
