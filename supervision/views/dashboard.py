"""The supervision dashboard: the year's figures and charts, and the red list of now.

Included by ``supervision/urls.py``, so its name is ``supervision:dashboard``.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import selectors


def _chosen_year(raw: str | None, years: list[int], default: int) -> int:
    """The year asked for, when there is anything to show for it; else the current one."""
    try:
        year = int(raw or default)
    except (TypeError, ValueError):
        return default
    return year if year in years else default


def chart_data(overview: selectors.Overview, today) -> dict:
    """What the charts draw, as plain JSON (labels already translated). Months still to
    come have no value rather than a zero, so the trend does not dive at the year's end."""
    trend = [p if p.month <= today else None for p in overview.trend]
    return {
        "status": [{"name": s.label, "value": s.count, "key": s.value} for s in overview.by_status],
        "colours": [
            {"name": s.label, "value": s.count, "key": s.value} for s in overview.by_colour
        ],
        "units": [
            {"name": u.unit_name, "rate": u.percent, "closed": u.closed, "on_time": u.on_time}
            for u in overview.units
        ],
        "trend": {
            "months": [f"{p.month:%Y-%m}" for p in overview.trend],
            "registered": [p.registered if p else None for p in trend],
            "closed": [p.closed if p else None for p in trend],
        },
        "labels": {
            "registered": str(_("Registered")),
            "closed": str(_("Closed")),
            "rate": str(_("On-time rate (%)")),
            "items": str(_("Items")),
        },
    }


class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    template_name = "supervision/dashboard.html"
    permission_required = "supervision.view_item"
    # The longest overdue; the red list page has them all, with filters.
    overdue_shown = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        items = selectors.scoped_items(self.request.user)
        years = selectors.available_years(items, today.year)
        year = _chosen_year(self.request.GET.get("year"), years, today.year)
        overview = selectors.overview(
            items, selectors.Period.of_year(year), today, overdue_limit=self.overdue_shown
        )
        overdue = [(item, (today - item.deadline).days) for item in overview.overdue]
        context.update(
            title=_("Supervision dashboard"),
            year=year,
            years=years,
            overview=overview,
            on_time_percent=None
            if overview.on_time_rate is None
            else round(overview.on_time_rate * 100, 1),
            overdue=overdue,
            chart_data=chart_data(overview, today),
            # One bar per unit: the chart grows with the ranking instead of squeezing it.
            units_chart_height=max(300, 32 * len(overview.units) + 60),
        )
        return context


urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
]
