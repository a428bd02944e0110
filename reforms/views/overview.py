"""The leaders' view of reform work (the year's tasks against plan, progress by area, pilots
by level and status, honours this year against last) and the year's achievements list with
its Excel and .docx exports."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from office.roles import OFFICE_AND_LEADERS
from office.tones import chart_colour

from ..achievements import achievements_docx, achievements_of, achievements_xlsx
from ..choices import STATE_TONES, Level, PilotStatus, TaskState
from ..models import Honour, KeyTask, Pilot
from ..selectors import by_area, honours_by_level, pilots_by_level_and_status, with_plan
from ..summary import ANNUAL_FIGURES, figures_of_years

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


class ReformViewMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "reforms.view_keytask"


def task_overview(user, year: int, today) -> dict:
    tasks = with_plan(KeyTask.objects.restrict(user).filter(year=year), today)
    counts = {state: 0 for state in TaskState.values}
    for state in tasks.order_by().values_list("state", flat=True):
        counts[state] += 1
    task_list = reverse("reforms:task_list")
    areas = by_area(tasks)
    return {
        "total": sum(counts.values()),
        "states": [
            {
                "value": state,
                "label": label,
                "count": counts[state],
                "tone": STATE_TONES[state],
                "url": f"{task_list}?year={year}&state={state}",
            }
            for state, label in TaskState.choices
        ],
        "areas": areas,
        "chart": {
            "series": str(_("Average progress (%)")),
            "suffix": "%",
            "max": 100,
            "items": [
                {
                    "name": row.label,
                    "value": row.progress,
                    "color": chart_colour("red" if row.behind else "blue"),
                    "note": _("%(done)d done, %(behind)d behind, of %(total)d")
                    % {"done": row.done, "behind": row.behind, "total": row.total},
                    "url": f"{task_list}?year={year}&area={row.key}",
                }
                for row in areas
            ],
        },
    }


class DashboardView(ReformViewMixin, TemplateView):
    template_name = "reforms/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        year = _year(self.request)
        # The pilots the year concerns: applied for or approved in it.
        pilots = Pilot.objects.restrict(user).filter(
            Q(applied_on__year=year) | Q(approved_on__year=year)
        )
        context.update(
            title=_("Reform at a glance"),
            year=year,
            years=list(range(today.year, today.year - 5, -1)),
            tasks=task_overview(user, year, today),
            pilot_statuses=PilotStatus.choices,
            pilot_levels=pilots_by_level_and_status(pilots),
            honours=honours_by_level(Honour.objects.restrict(user), year),
            levels=Level.choices,
            against_last_year=against_last_year(user, year),
        )
        return context


def against_last_year(user, year: int) -> list[dict]:
    """The app's annual figures of the office (the city office: its counties) this year and
    last, each a link to its records; for the office and the leaders, not a unit."""
    if not user.has_role(*OFFICE_AND_LEADERS) or user.office is None:
        return []
    values = figures_of_years(user.office, (year, year - 1))
    rows = []
    for figure in ANNUAL_FIGURES:
        this_year, last_year = values[year][figure.key], values[year - 1][figure.key]
        rows.append(
            {
                "key": figure.key,
                "label": figure.label,
                "this_year": this_year,
                "last_year": last_year,
                "change": this_year - last_year,
                "url": figure.link(year),
                "last_url": figure.link(year - 1),
            }
        )
    return rows


class OfficeAndLeadersMixin(ReformViewMixin):
    """The office's whole list: for the office and the county's leaders, not a unit."""

    def has_permission(self):
        return super().has_permission() and self.request.user.has_role(*OFFICE_AND_LEADERS)


class AchievementsView(OfficeAndLeadersMixin, TemplateView):
    template_name = "reforms/achievements.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        office = self.request.user.office
        achievements = achievements_of(office, year)
        context.update(
            title=_("Reform achievements of %(year)d") % {"year": year},
            year=year,
            years=list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
            a=achievements,
        )
        return context


class AchievementsExportView(OfficeAndLeadersMixin, View):
    """The list as .xlsx or as a .docx in the official layout."""

    fmt = "xlsx"

    def get(self, request):
        fmt = self.fmt
        year = _year(request)
        achievements = achievements_of(request.user.office, year)
        name = _("Reform achievements of %(year)d") % {"year": year}
        if fmt == "docx":
            content = achievements_docx(achievements, today=timezone.localdate())
            response = HttpResponse(content, content_type=DOCX)
        else:
            response = HttpResponse(achievements_xlsx(achievements), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
        return response
