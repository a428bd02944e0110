"""Filters of the item lists: year, source, status, computed colour, lead unit, urgency, and a
search that also understands item numbers (督〔2026〕123号, 2026-123 or just 123)."""

import re
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.filtersets import SearchFilterSet
from office.models import OrgUnit

from .choices import OPEN_STATUSES, CircularStatus, Colour, ItemStatus, SourceKind, Urgency
from .colours import filter_by_colour
from .models import Circular, Item
from .selectors import INSTRUCTED_SOURCES, available_years, instructed_items

# "督〔2026〕123号", "2026-123", "2026年123号": a year and a sequence number; "督〔2026〕123号-2"
# the second unit's part of a split instruction.
NUMBER_WITH_YEAR = re.compile(r"\D*(\d{4})\D+(\d{1,6})\D*?(?:-(\d{1,3}))?\D*")
NUMBER_ONLY = re.compile(r"\D*(\d{1,6})\D*")


def number_filter(value: str) -> Q | None:
    """The item-number part of a search, or None when the text holds no number."""
    match = NUMBER_WITH_YEAR.fullmatch(value)
    if match:
        number = Q(year=int(match.group(1)), sequence=int(match.group(2)))
        return number & Q(part=int(match.group(3))) if match.group(3) else number
    match = NUMBER_ONLY.fullmatch(value)
    if match:
        return Q(sequence=int(match.group(1)))
    return None


STAGES = {
    "todo": (ItemStatus.REGISTERED, ItemStatus.ASSIGNED),
    "doing": (ItemStatus.IN_PROGRESS, ItemStatus.COMPLETION_REQUESTED),
    "done": (ItemStatus.CLOSED, ItemStatus.CANCELLED),
}
MINE_CHOICES = (("instructed", _("My instructions")),)
STAGE_CHOICES = (
    ("todo", _("To do")),
    ("doing", _("In hand")),
    ("done", _("Done")),
)


class ItemFilterSet(SearchFilterSet):
    search_fields = ("title", "instruction_text", "instructing_leader", "source_reference")

    year = django_filters.ChoiceFilter(label=_("year"), choices=())
    source_kind = django_filters.ChoiceFilter(label=_("source"), choices=SourceKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=ItemStatus.choices)
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("lead unit"), queryset=OrgUnit.objects.none()
    )
    urgency = django_filters.ChoiceFilter(label=_("urgency"), choices=Urgency.choices)
    # The ledger's tabs: 待办 (not yet taken on: registered or just assigned), 在办 (being
    # handled or awaiting the director), 已办 (closed or cancelled).
    stage = django_filters.ChoiceFilter(
        label=_("stage"), choices=STAGE_CHOICES, method="filter_stage", widget=forms.HiddenInput
    )
    # The items being worked on now (open, and not a split item's parent): what the colours
    # and the leaders' figures count.
    open = django_filters.BooleanFilter(label=_("open items only"), method="filter_open")
    # The dashboard's "closed in <year>": closed (办结) in that year, whenever registered.
    closed_in = django_filters.NumberFilter(
        label=_("closed in year"), method="filter_closed_in", widget=forms.HiddenInput
    )
    # The dashboard's donut and trend: items registered / closed in a year ("2026") or a
    # month ("2026-03"), counted as the charts count them (each unit's item, not a split
    # instruction's grouping item).
    registered = django_filters.CharFilter(
        label=_("registered in"), method="filter_registered", widget=forms.HiddenInput
    )
    closed = django_filters.CharFilter(
        label=_("closed in"), method="filter_closed", widget=forms.HiddenInput
    )
    # The annual figures' "instructed by the county committee and government" (every source
    # but a higher level's assignment); false: the higher levels' tasks only.
    instructed = django_filters.BooleanFilter(
        label=_("instructed locally"), method="filter_instructed", widget=forms.HiddenInput
    )
    # 我的批示: the items whose instruction the viewer gave (linked from a leader's home).
    mine = django_filters.ChoiceFilter(
        label=_("mine"), choices=MINE_CHOICES, method="filter_mine", widget=forms.HiddenInput
    )
    # Last, so the colours are computed only for what the other filters leave.
    colour = django_filters.ChoiceFilter(
        label=_("colour"), choices=Colour.choices, method="filter_colour"
    )

    class Meta:
        model = Item
        fields = [
            "q",
            "year",
            "source_kind",
            "status",
            "lead_unit",
            "urgency",
            "open",
            "closed_in",
            "registered",
            "closed",
            "instructed",
            "stage",
            "mine",
            "colour",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        self.filters["lead_unit"].queryset = (
            OrgUnit.objects.restrict(user).responsible_units().filter(is_active=True)
        )
        years = set(available_years(user, timezone.localdate().year) if user else [])
        # A year asked for is a choice even when no sequence records it (items imported or
        # written without numbering): it lists what it finds, if nothing.
        asked = str((self.data or {}).get("year", ""))
        if asked.isdigit() and 1990 <= int(asked) <= 2100:
            years.add(int(asked))
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in sorted(years, reverse=True)]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        terms = [Q(**{f"{field}__icontains": value}) for field in self.search_fields]
        by_number = number_filter(value)
        if by_number is not None:
            terms.append(by_number)
        return queryset.filter(reduce(or_, terms))

    def filter_colour(self, queryset, name, value):
        return filter_by_colour(queryset, value, timezone.localdate())

    def filter_mine(self, queryset, name, value):
        if value != "instructed":
            return queryset
        user = self.request.user if self.request else None
        return queryset.filter(pk__in=instructed_items(user).values("pk"))

    def filter_instructed(self, queryset, name, value):
        if value is None:
            return queryset
        local = Q(source_kind__in=INSTRUCTED_SOURCES)
        return queryset.filter(local) if value else queryset.exclude(local)

    def filter_stage(self, queryset, name, value):
        return queryset.filter(status__in=STAGES[value]) if value in STAGES else queryset

    def filter_closed_in(self, queryset, name, value):
        return queryset.filter(status=ItemStatus.CLOSED, closed_on__year=value, is_group=False)

    def filter_registered(self, queryset, name, value):
        return _in_year_or_month(queryset, "registered_on", value)

    def filter_closed(self, queryset, name, value):
        return _in_year_or_month(queryset.filter(status=ItemStatus.CLOSED), "closed_on", value)

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        open_leaves = Q(status__in=OPEN_STATUSES, is_group=False)
        return queryset.filter(open_leaves) if value else queryset.exclude(open_leaves)


YEAR_OR_MONTH = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


def _in_year_or_month(queryset, field: str, value: str):
    """Leaf items whose ``field`` falls in the year ("2026") or month ("2026-03"); a value of
    another shape filters nothing out."""
    match = YEAR_OR_MONTH.match((value or "").strip())
    if match is None:
        return queryset
    year, month = int(match[1]), match[2]
    lookups = {f"{field}__year": year, "is_group": False}
    if month is not None and 1 <= int(month) <= 12:
        lookups[f"{field}__month"] = int(month)
    return queryset.filter(**lookups)


class RedListFilterSet(SearchFilterSet):
    search_fields = ("title", "instruction_text", "instructing_leader", "responsible_person")

    lead_unit = django_filters.ModelChoiceFilter(
        label=_("lead unit"), queryset=OrgUnit.objects.none()
    )
    source_kind = django_filters.ChoiceFilter(label=_("source"), choices=SourceKind.choices)

    class Meta:
        model = Item
        fields = ["q", "lead_unit", "source_kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        self.filters["lead_unit"].queryset = (
            OrgUnit.objects.restrict(user).responsible_units().filter(is_active=True)
        )

    def search(self, queryset, name, value):
        return ItemFilterSet.search(self, queryset, name, value)


class CircularFilterSet(SearchFilterSet):
    search_fields = ("title", "text")
    status = django_filters.ChoiceFilter(label=_("status"), choices=CircularStatus.choices)
    year = django_filters.NumberFilter(label=_("year"), field_name="period_end__year")

    class Meta:
        model = Circular
        fields = ["status", "year"]
