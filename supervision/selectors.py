"""Reads of supervision that matter: the dashboard, the annual figures, the to-do lists.

Every function takes a queryset of items the caller may see (``scoped_items(user)``, or
``office_items(office)`` where no person is asking, as for the annual summary) and returns
plain values. Each one runs a fixed number of queries, however many units or items there are.

Statistics count leaves only: a split parent just groups its per-unit items, and counting
it too would count one instruction twice.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from office import data_version
from office.models import NumberSequence, OrgUnit, OrgUnitKind, user_scope
from office.models.scoping import subtree_office_ids

from .choices import OPEN_STATUSES, Colour, ItemStatus, SourceKind
from .colours import COLOUR_FIELDS, ColourContext, colour_filter, colour_of
from .models import Item
from .services.items import SERIES

# --- Which items -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included: a year, a quarter, a circular's period."""

    start: date
    end: date

    @classmethod
    def of_year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        months = []
        month = self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return months


def scoped_items(user) -> QuerySet:
    """The leaf items ``user`` may see. The scope applies directly (restrict() already turns
    a liaison's many-valued scope into a subquery of ids, so no row repeats in a GROUP BY)."""
    return Item.objects.restrict(user).leaves()


def instructed_items(user) -> QuerySet:
    """我的批示: the items (each unit's, not a split instruction's grouping item) whose
    instruction ``user`` gave, among those they may see. The home widget and the ledger's
    ``mine=instructed`` filter both read this, so they list the same rows."""
    return Item.objects.restrict(user).leaves().filter(instructing_leader_user=user)


def office_items(office) -> QuerySet:
    """The leaf items an office owns (the city office: every office under it), for figures
    computed without a user, such as the annual summary's."""
    if office is None:
        return Item.objects.none()
    return Item.objects.leaves().for_office(office)


def registered_in(items: QuerySet, period: Period) -> QuerySet:
    return items.filter(registered_on__range=(period.start, period.end))


def closed_in(items: QuerySet, period: Period) -> QuerySet:
    return items.filter(status=ItemStatus.CLOSED, closed_on__range=(period.start, period.end))


# --- Counts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slice:
    """One bar or slice of a chart: a choice, its label and how many items have it."""

    value: str
    label: str
    count: int


def _counts_by(items: QuerySet, field: str, choices) -> list[Slice]:
    rows = items.order_by().values(field).annotate(n=Count("pk"))
    counts = {row[field]: row["n"] for row in rows}
    return [Slice(value, str(label), counts.get(value, 0)) for value, label in choices]


def counts_by_source(items: QuerySet) -> list[Slice]:
    return _counts_by(items, "source_kind", SourceKind.choices)


def counts_by_status(items: QuerySet) -> list[Slice]:
    return _counts_by(items, "status", ItemStatus.choices)


def counts_by_colour(items: QuerySet, today: date) -> list[Slice]:
    """Colours of the open items (closed and cancelled ones have none), in two queries: red
    and blue (a rule on the deadline alone) counted in SQL, yellow decided in Python among
    the open leaves further off, which only those are loaded for."""
    context = ColourContext.for_day(today)
    counts = items.aggregate(
        red=Count("pk", filter=colour_filter(Colour.RED, context)),
        blue=Count("pk", filter=colour_filter(Colour.BLUE, context)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    )
    rows = (
        items.filter(status__in=OPEN_STATUSES, is_group=False, deadline__gt=context.blue_horizon)
        .order_by()
        .values(*COLOUR_FIELDS)
    )
    counts[Colour.YELLOW] = sum(1 for row in rows if colour_of(row, context) == Colour.YELLOW)
    counts[Colour.RED], counts[Colour.BLUE] = counts["red"], counts["blue"]
    counts[Colour.NONE] = (
        counts["open"] - counts[Colour.RED] - counts[Colour.BLUE] - counts[Colour.YELLOW]
    )
    return [Slice(value, str(label), counts.get(value, 0)) for value, label in Colour.choices]


# --- Units -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRate:
    """How punctually a unit closes its items. A ranking of units, never of individuals."""

    unit_id: int
    unit_name: str
    closed: int
    on_time: int
    # A county office, in the city office's ranking (counties first, not every unit).
    is_office: bool = False

    @property
    def rate(self) -> float:
        return self.on_time / self.closed if self.closed else 0.0

    @property
    def percent(self) -> float:
        return round(self.rate * 100, 1)


def on_time_by_unit(items: QuerySet, period: Period) -> list[UnitRate]:
    """Lead units of the items closed in the period, best on-time rate first. On time means
    closed on or before the deadline in force (an approved extension moves it)."""
    rows = (
        closed_in(items, period)
        .exclude(lead_unit=None)
        .order_by()
        .values("lead_unit", "lead_unit__name")
        .annotate(
            closed=Count("pk"),
            on_time=Count("pk", filter=Q(closed_on__lte=F("deadline"))),
        )
    )
    rates = [
        UnitRate(row["lead_unit"], row["lead_unit__name"], row["closed"], row["on_time"])
        for row in rows
    ]
    rates.sort(key=lambda r: (-r.rate, -r.closed, r.unit_name))
    return rates


def on_time_by_office(items: QuerySet, period: Period) -> list[UnitRate]:
    """The offices (counties) of the items closed in the period, best on-time rate first:
    the city office's ranking, where one bar per unit of every county would be thousands."""
    rows = (
        closed_in(items, period)
        .order_by()
        .values("owning_office", "owning_office__short_name", "owning_office__name")
        .annotate(
            closed=Count("pk"),
            on_time=Count("pk", filter=Q(closed_on__lte=F("deadline"))),
        )
    )
    rates = [
        UnitRate(
            row["owning_office"],
            row["owning_office__short_name"] or row["owning_office__name"],
            row["closed"],
            row["on_time"],
            is_office=True,
        )
        for row in rows
    ]
    rates.sort(key=lambda r: (-r.rate, -r.closed, r.unit_name))
    return rates


def on_time_rate(items: QuerySet, period: Period) -> float | None:
    """Share of the items closed in the period that were closed on time; None if none were."""
    totals = closed_in(items, period).aggregate(
        closed=Count("pk"), on_time=Count("pk", filter=Q(closed_on__lte=F("deadline")))
    )
    return totals["on_time"] / totals["closed"] if totals["closed"] else None


# --- Lists and trends ------------------------------------------------------------------------


def overdue_items(items: QuerySet, today: date) -> QuerySet:
    """The red list: open items past their deadline, the longest overdue first."""
    return (
        items.filter(status__in=OPEN_STATUSES, deadline__lt=today)
        .select_related("lead_unit")
        .order_by("deadline", "pk")
    )


@dataclass(frozen=True)
class MonthPoint:
    month: date
    registered: int
    closed: int


def monthly_trend(items: QuerySet, period: Period) -> list[MonthPoint]:
    """Items registered and items closed in each month of the period (two queries)."""

    def per_month(queryset, field):
        rows = (
            queryset.order_by()
            .annotate(month=TruncMonth(field))
            .values("month")
            .annotate(n=Count("pk"))
        )
        return {row["month"]: row["n"] for row in rows}

    registered = per_month(registered_in(items, period), "registered_on")
    closed = per_month(closed_in(items, period), "closed_on")
    return [
        MonthPoint(month, registered.get(month, 0), closed.get(month, 0))
        for month in period.months()
    ]


# --- The year's figures ----------------------------------------------------------------------

# Everything but a higher level's assignment is instructed locally: by the county committee
# and government through an instruction, a meeting, a document or the year's key work.
INSTRUCTED_SOURCES = tuple(kind for kind in SourceKind.values if kind != SourceKind.HIGHER_LEVEL)


@dataclass(frozen=True)
class YearCounts:
    higher_level: int
    instructed: int


def year_counts(items: QuerySet, year: int) -> YearCounts:
    """The annual summary's "N tasks from higher levels, M items instructed by the county
    committee and government": every item registered in the year was taken on and tracked,
    including the few later withdrawn (cancelled), as the year-end report counts them."""
    totals = items.filter(year=year).aggregate(
        higher_level=Count("pk", filter=Q(source_kind=SourceKind.HIGHER_LEVEL)),
        instructed=Count("pk", filter=Q(source_kind__in=INSTRUCTED_SOURCES)),
    )
    return YearCounts(totals["higher_level"], totals["instructed"])


def available_years(user, current: int) -> list[int]:
    """Years that have items in the offices ``user`` works in, and the current one, newest
    first (for a year selector). Read from the number sequences — one row per office and
    year — rather than from the items, which would scan every item in scope."""
    sequences = NumberSequence.objects.filter(series=SERIES, last__gt=0)
    if not user.is_superuser:
        scope = user_scope(user)
        if scope is None:
            offices = []
        elif scope.unit is not None:
            offices = [scope.unit.office_id]
        elif scope.office.kind == OrgUnitKind.CITY_OFFICE:
            offices = subtree_office_ids(scope.office)
        else:
            offices = [scope.office.pk]
        sequences = sequences.filter(office_id__in=offices)
    years = set(sequences.order_by().values_list("year", flat=True).distinct())
    years.add(current)
    return sorted(years, reverse=True)


# --- The dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    period: Period
    open_now: int
    overdue_now: int
    registered: int
    closed: int
    on_time_rate: float | None
    by_source: list[Slice]
    by_status: list[Slice]
    by_colour: list[Slice]
    units: list[UnitRate]
    trend: list[MonthPoint]
    overdue: list[Item]


def overview(
    items: QuerySet,
    period: Period,
    today: date,
    overdue_limit: int = 50,
    rank_offices: bool = False,
) -> Overview:
    """Everything the dashboard shows. The period's figures are about items registered
    (counts) or closed (rates) in it; open, overdue and colours are about now."""
    in_period = registered_in(items, period)
    # One GROUP BY for both charts of the period, one aggregate for its closures.
    mix = in_period.order_by().values("status", "source_kind").annotate(n=Count("pk"))
    statuses, sources = {}, {}
    for row in mix:
        statuses[row["status"]] = statuses.get(row["status"], 0) + row["n"]
        sources[row["source_kind"]] = sources.get(row["source_kind"], 0) + row["n"]
    by_status = [Slice(v, str(label), statuses.get(v, 0)) for v, label in ItemStatus.choices]
    by_source = [Slice(v, str(label), sources.get(v, 0)) for v, label in SourceKind.choices]
    closures = closed_in(items, period).aggregate(
        closed=Count("pk"), on_time=Count("pk", filter=Q(closed_on__lte=F("deadline")))
    )
    # Open and overdue now are the colours' sums: red is exactly "open and overdue".
    by_colour = counts_by_colour(items, today)
    colours = {s.value: s.count for s in by_colour}
    return Overview(
        period=period,
        open_now=sum(colours.values()),
        overdue_now=colours[Colour.RED],
        registered=sum(s.count for s in by_status),
        closed=closures["closed"],
        on_time_rate=closures["on_time"] / closures["closed"] if closures["closed"] else None,
        by_source=by_source,
        by_status=by_status,
        by_colour=by_colour,
        units=on_time_by_office(items, period) if rank_offices else on_time_by_unit(items, period),
        trend=monthly_trend(items, period),
        overdue=list(overdue_items(items, today)[:overdue_limit]),
    )


# --- What a caller may name in a filter -----------------------------------------------------


def referable_items(user):
    """Items the user may see, and the split items theirs belong to (their own items name
    them as ``parent``, so filtering by it must not say "does not exist")."""
    items = Item.objects.restrict(user)
    return Item.objects.filter(Q(pk__in=items.values("pk")) | Q(pk__in=items.values("parent")))


def referable_units(user):
    """Units the user may see, and the lead units of items they see (a cooperating unit's
    liaison reads them on the item)."""
    items = Item.objects.restrict(user)
    return OrgUnit.objects.filter(
        Q(pk__in=OrgUnit.objects.restrict(user).values("pk")) | Q(pk__in=items.values("lead_unit"))
    )


# --- The dashboard's figures, cached --------------------------------------------------------


# The figures read every item of the year (the city office's, every county's): an office's
# overview is kept until any record changes (office.data_version) or five minutes pass. Kept
# per office, for the people who see the whole office's items alike; a unit's people (whose
# scope is their unit) read theirs afresh.
def cached_overview(user, items, period: Period, today: date, overdue_limit: int = 50):
    scope = None if user.is_superuser else user_scope(user)
    if scope is None or scope.unit is not None:
        return overview(items, period, today, overdue_limit=overdue_limit)
    city = scope.office.kind == OrgUnitKind.CITY_OFFICE
    key = f"supervision:overview:{scope.office.pk}:{period.start}:{period.end}:{today}:{overdue_limit}"
    return data_version.cached(
        key,
        lambda: overview(items, period, today, overdue_limit=overdue_limit, rank_offices=city),
    )
