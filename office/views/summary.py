"""The annual work summary: every figure the apps register, computed from the database for
the user's office and a year (the seed's year-end report, made from data). The annual API
(office/api/reports.py) serves the same figures, chosen by the same rules below."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from office.models import OrgUnit, OrgUnitKind
from office.registry import registry
from office.roles import OFFICE_AND_LEADERS

FIRST_YEAR = 2000


def report_offices(user) -> list[OrgUnit]:
    """The offices whose figures ``user`` may read: their own, and for the city office each
    county office under it. A unit's liaison (their unit's records only) and a user of no
    office read none: PermissionDenied."""
    office = user.office
    if office is None or not (user.is_superuser or user.has_role(*OFFICE_AND_LEADERS)):
        raise PermissionDenied
    if office.kind != OrgUnitKind.CITY_OFFICE:
        return [office]
    counties = OrgUnit.objects.filter(
        kind=OrgUnitKind.COUNTY_OFFICE, path__startswith=office.path
    ).order_by("path", "sort_order")
    return [office, *counties]


def report_office(user, office_id) -> OrgUnit:
    """The office asked for (``?office=<id>``), or the user's own; an office the user may
    not read is a 404, as any record out of scope."""
    offices = report_offices(user)
    if office_id in (None, ""):
        return offices[0]
    for office in offices:
        if str(office.pk) == str(office_id):
            return office
    raise Http404


def is_report_year(year: int) -> bool:
    return FIRST_YEAR <= year <= timezone.localdate().year


def _year(request) -> int:
    last_year = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", last_year))
    except ValueError:
        return last_year
    return year if is_report_year(year) else last_year


@login_required
def annual_summary(request):
    offices = report_offices(request.user)
    office = report_office(request.user, request.GET.get("office"))
    year = _year(request)
    this_year = timezone.localdate().year
    return render(
        request,
        "office/annual_summary.html",
        {
            "title": _("Annual work summary %(year)d") % {"year": year},
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "office": office,
            "offices": offices,
            "figures": registry.annual_figures(year, office),
        },
    )
