"""The annual work summary: every figure the apps register, computed from the database for
the user's office and a year (the seed's year-end report, made from data). The annual API
(office/api/reports.py) serves the same figures, chosen by the same rules below."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office import annual
from office.models import DraftStatus, OrgUnit, OrgUnitKind
from office.roles import OFFICE_AND_LEADERS
from office.texts import limit_form_texts
from office.workflow import may, permitted

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class AnnualDraftForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=gettext_lazy("The first line is the title; 一、二、… start the chapters."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_form_texts(self)


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
    """The summary of the year chosen in the form (last year by default)."""
    return _annual_page(request, _year(request))


@login_required
def annual_report(request, year: int):
    """``/reports/annual/<year>/``: the same page for a year in the address."""
    if not is_report_year(year):
        raise Http404
    return _annual_page(request, year)


def _annual_page(request, year: int):
    offices = report_offices(request.user)
    office = report_office(request.user, request.GET.get("office"))
    this_year = timezone.localdate().year
    draft = annual.draft_of(year, office)
    probe = draft or annual.blank_draft(year, office)
    history = (
        list(draft.history.select_related("history_user").order_by("-history_date")[:10])
        if draft
        else []
    )
    return render(
        request,
        "office/annual_summary.html",
        {
            "title": _("Annual work summary %(year)d") % {"year": year},
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "office": office,
            "offices": offices,
            "chapters": annual.chapters(year, office, links_for=request.user.office),
            "draft": draft,
            "draft_history": history,
            "may_generate": may(request.user, "generate", probe),
            "may_edit": may(request.user, "edit", probe),
        },
    )


def _own_office(request, year: int):
    if not is_report_year(year):
        raise Http404
    office = request.user.office
    if office is None:
        raise PermissionDenied
    return office


@login_required
def annual_draft_generate(request, year: int):
    """Write the draft from the figures; over an edited draft, only once the director has
    confirmed on the page this view shows."""
    office = _own_office(request, year)
    probe = annual.draft_of(year, office) or annual.blank_draft(year, office)
    if not permitted(request.user, "generate", probe):
        raise PermissionDenied
    if request.method == "POST":
        try:
            annual.annual_draft_generate(
                actor=request.user,
                year=year,
                office=office,
                overwrite_edits=request.POST.get("overwrite") == "1",
            )
        except annual.EditedDraftError:
            pass  # ask below
        else:
            messages.success(request, _("The draft was written from the year's figures."))
            return redirect("annual_report", year=year)
    if probe.pk is None or probe.status != DraftStatus.EDITED:
        return redirect("annual_report", year=year)
    return render(
        request,
        "office/annual_draft_confirm.html",
        {"title": _("Regenerate the annual summary draft"), "year": year, "draft": probe},
    )


@login_required
def annual_draft_edit(request, year: int):
    office = _own_office(request, year)
    draft = annual.draft_of(year, office) or annual.blank_draft(year, office)
    if not permitted(request.user, "edit", draft):
        raise PermissionDenied
    if draft.pk is None:
        draft.text = annual.compose(year, office)
    form = AnnualDraftForm(request.POST or None, initial={"text": draft.text})
    if request.method == "POST" and form.is_valid():
        try:
            annual.annual_draft_save(
                actor=request.user, year=year, office=office, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft was saved as a new version."))
            return redirect("annual_report", year=year)
    return render(
        request,
        "generic/object_form.html",
        {
            "title": _("Edit the annual summary draft"),
            "form": form,
            "submit_label": _("Save as a new version"),
            "cancel_url": reverse("annual_report", args=[year]),
        },
    )


@login_required
def annual_draft_docx(request, year: int):
    """The saved draft as a GB/T 9704 .docx, for anyone who may read the office's figures."""
    if not is_report_year(year):
        raise Http404
    office = report_office(request.user, request.GET.get("office"))
    draft = annual.draft_of(year, office)
    if draft is None:
        raise Http404
    response = HttpResponse(annual.draft_docx(draft), content_type=DOCX_TYPE)
    name = _("Annual work summary %(year)d") % {"year": year}
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.docx")
    return response


def is_city_reader(user) -> bool:
    office = user.office
    return (
        office is not None
        and office.kind == OrgUnitKind.CITY_OFFICE
        and (user.is_superuser or user.has_role(*OFFICE_AND_LEADERS))
    )


@login_required
def county_comparison(request):
    """The city office's view of its counties: each county's figures of the year side by
    side, rates ranked, each county's name leading to its own summary (read-only)."""
    if not is_city_reader(request.user):
        raise PermissionDenied
    year = _year(request)
    counties = report_offices(request.user)[1:]
    compared = annual.compare_counties(year, counties)
    ranked = [row for row in compared if row.figure.ranked]
    charts = [
        {
            "chart_id": f"rank-{row.figure.key.replace('.', '-')}",
            "title": row.figure.label,
            "has_data": any(value is not None for value, _rank in row.cells),
            "data": {
                "series": str(row.figure.label),
                "suffix": row.figure.unit if row.figure.unit == "%" else "",
                "items": [
                    {"name": county.name, "value": value}
                    for county, (value, _rank) in sorted(
                        zip(counties, row.cells, strict=True),
                        key=lambda pair: -1 if pair[1][0] is None else pair[1][0],
                        reverse=True,
                    )
                    if value is not None
                ],
            },
        }
        for row in ranked
    ]
    this_year = timezone.localdate().year
    return render(
        request,
        "office/county_comparison.html",
        {
            "title": _("Counties compared %(year)d") % {"year": year},
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "counties": counties,
            "compared": compared,
            "charts": charts,
        },
    )
