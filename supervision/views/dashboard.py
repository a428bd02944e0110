"""The supervision dashboard: the year's figures and charts, and the red list of now.

Included by ``supervision/urls.py``, so its name is ``supervision:dashboard``.
"""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from office.tones import chart_colour

from .. import selectors
from ..choices import Colour, ItemStatus
from ..models import Item
from ..templatetags.supervision_tags import COLOUR_TONES


def _chosen_year(raw: str | None, years: list[int], default: int) -> int:
    """The year asked for, when there is anything to show for it; else the current one."""
    try:
        year = int(raw or default)
    except (TypeError, ValueError):
        return default
    return year if year in years else default


# Chart colours are data, so static/js/charts.js stays ignorant of supervision. The same shade
# per status as the status badges, whatever the year's mix.
STATUS_COLOURS = {status: chart_colour(Item.workflow.tone_of(status)) for status in ItemStatus}
LIGHT_COLOURS = {colour: chart_colour(tone) for colour, tone in COLOUR_TONES.items()}
# Nothing amiss reads green in the chart, as "closed" does.
LIGHT_COLOURS[Colour.NONE] = chart_colour("green")
LEDGER = reverse_lazy("supervision:item_list")
REGISTERED_COLOUR = chart_colour("blue")
CLOSED_COLOUR = chart_colour("green")


def _rate_tone(percent: float | None) -> str:
    """Green from 90%, amber from 60%, red below: a rate read at a glance."""
    if percent is None:
        return "grey"
    if percent >= 90:
        return "green"
    return "yellow" if percent >= 60 else "red"


def _rate_colour(percent: float) -> str:
    return chart_colour(_rate_tone(percent))


def chart_data(overview: selectors.Overview, today, year: int | None = None) -> dict:
    """What each chart draws, as plain JSON in the shapes static/js/charts.js documents
    (labels already translated). Months still to come have no value rather than a zero, so
    the trend does not dive at the year's end."""
    trend = [p if p.month <= today else None for p in overview.trend]
    return {
        "status": {
            "items": [
                {
                    "name": s.label,
                    "value": s.count,
                    "color": STATUS_COLOURS[s.value],
                    # The year's items in this status: the same count as the slice.
                    "url": f"{LEDGER}?registered={year}&status={s.value}" if year else "",
                }
                for s in overview.by_status
            ],
        },
        "colours": {
            "series": str(_("Items")),
            "items": [
                {
                    "name": s.label,
                    "value": s.count,
                    "color": LIGHT_COLOURS[s.value],
                    # The open items of this colour: the same count as the bar.
                    "url": f"{LEDGER}?open=true&colour={s.value}",
                }
                for s in overview.by_colour
            ],
        },
        "units": {
            "series": str(_("On-time rate (%)")),
            "suffix": "%",
            "max": 100,
            "items": [
                {
                    "name": u.unit_name,
                    "value": u.percent,
                    "color": _rate_colour(u.percent),
                    "note": f"{u.on_time} / {u.closed}",
                    # The unit's items closed in the year: the closed count behind the rate.
                    "url": f"{LEDGER}?lead_unit={u.unit_id}&closed_in={year}"
                    if year and not u.is_office
                    else "",
                }
                for u in overview.units
            ],
        },
        "trend": {
            "categories": [f"{p.month:%Y-%m}" for p in overview.trend],
            "series": [
                {
                    "name": str(_("Registered")),
                    "color": REGISTERED_COLOUR,
                    "data": [p.registered if p else None for p in trend],
                    # Each month's point opens the items registered / closed in that month.
                    "urls": [f"{LEDGER}?registered={p.month:%Y-%m}" for p in overview.trend],
                },
                {
                    "name": str(_("Closed")),
                    "color": CLOSED_COLOUR,
                    "data": [p.closed if p else None for p in trend],
                    "urls": [f"{LEDGER}?closed={p.month:%Y-%m}" for p in overview.trend],
                },
            ],
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
        years = selectors.available_years(self.request.user, today.year)
        year = _chosen_year(self.request.GET.get("year"), years, today.year)
        overview = selectors.cached_overview(
            self.request.user,
            items,
            selectors.Period.of_year(year),
            today,
            overdue_limit=self.overdue_shown,
        )
        overdue = [(item, (today - item.deadline).days) for item in overview.overdue]
        on_time_percent = (
            None if overview.on_time_rate is None else round(overview.on_time_rate * 100, 1)
        )
        ledger = reverse("supervision:item_list")
        context.update(
            title=_("Supervision dashboard"),
            year=year,
            years=years,
            overview=overview,
            on_time_percent=on_time_percent,
            # A rate reads good, fair or poor at a glance, by the thresholds of the unit chart.
            on_time_tone=_rate_tone(on_time_percent)
            if on_time_percent is not None
            else "secondary",
            # Every figure opens the list behind it, with that many rows.
            open_url=f"{ledger}?open=true",
            closed_url=f"{ledger}?closed_in={year}",
            overdue=overdue,
            chart_data=chart_data(overview, today, year),
            # One bar per unit: the chart grows with the ranking instead of squeezing it.
            units_chart_height=max(300, 32 * len(overview.units) + 60),
            # The city office ranks its counties, not every unit of every county.
            units_by_office=any(u.is_office for u in overview.units),
        )
        return context
