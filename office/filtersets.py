"""Filtersets of the core's lists, and the base every list's filters subclass."""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import UnitAutocomplete, wants_unit_autocomplete
from .models import OrgUnit, User
from .roles import Role


class SearchFilterSet(django_filters.FilterSet):
    """Adds the search box ``q``, which looks in the subclass's ``search_fields``; for city
    office staff, every filter choosing a unit loads its units as one types."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if wants_unit_autocomplete(getattr(request, "user", None)):
            # The city office sees every county's units: thousands of options rendered into
            # every list page, its cost growing with the province (issue 11).
            for declared in self.filters.values():
                if _chooses_units(declared, self._meta.model):
                    declared.extra["widget"] = UnitAutocomplete()

    @property
    def form(self):
        # Style the filter widgets once here rather than in every list's template.
        form = super().form
        for field in form.fields.values():
            is_select = getattr(field.widget, "input_type", "") == "select"
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm" if is_select else "form-control form-control-sm",
            )
            _say_all_when_empty(field)
        return form

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        terms = [Q(**{f"{field}__icontains": value}) for field in self.search_fields]
        return queryset.filter(reduce(or_, terms))


def _chooses_units(declared, model) -> bool:
    if not isinstance(declared, django_filters.ModelChoiceFilter):
        return False
    queryset = getattr(declared, "queryset", None)
    if queryset is not None and not callable(queryset):
        return queryset.model is OrgUnit
    try:
        return model._meta.get_field(declared.field_name).related_model is OrgUnit
    except FieldDoesNotExist:  # a filter along a path (meeting__organiser_unit)
        return False


def _say_all_when_empty(field) -> None:
    """A filter left empty filters nothing: it reads 全部, not "---------" or "未知"."""
    if isinstance(field.widget, forms.NullBooleanSelect):
        field.widget.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]
    elif getattr(field, "empty_label", None) is not None:
        # django-filter's and Django's choice fields add the empty choice as they list.
        field.empty_label = _("All")
        field.widget.choices = field.choices


class OrgUnitFilterSet(SearchFilterSet):
    search_fields = ("name", "short_name", "code")

    class Meta:
        model = OrgUnit
        fields = ["kind", "is_active"]


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "name", "position", "phone")
    role = django_filters.ChoiceFilter(
        label=_("role"), field_name="groups__name", choices=Role.choices
    )

    class Meta:
        model = User
        fields = ["org_unit", "is_active"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        self.filters["org_unit"].queryset = OrgUnit.objects.restrict(user)
