"""The annual work summary: every figure the apps register, computed from the database for
the user's office and a year (the seed's year-end report, made from data)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from office.registry import registry


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year - 1))
    except ValueError:
        return this_year - 1
    return year if 2000 <= year <= this_year else this_year - 1


@login_required
def annual_summary(request):
    # The office's own figures: a unit's liaison sees their unit's records, not these.
    if request.user.sees_own_unit_only and not request.user.is_superuser:
        raise PermissionDenied
    office = request.user.office
    year = _year(request)
    figures = (
        [(figure, figure.compute(year, office)) for figure in registry.figures] if office else []
    )
    this_year = timezone.localdate().year
    return render(
        request,
        "office/annual_summary.html",
        {
            "title": _("Annual work summary %(year)d") % {"year": year},
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "office": office,
            "figures": figures,
        },
    )
