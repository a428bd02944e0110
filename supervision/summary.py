"""What supervision contributes to the home page, the annual figures and the search.

The annual figures count the office's leaf items (a split instruction counts once per unit,
its grouping item not at all; the city office counts every county under it) and use the
dashboard's definitions, so the summary, the API and the dashboard show the same numbers.
A circular differs on purpose: it leaves cancelled items out of what was registered, and
counts only its own office's items; each figure's description says so.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from office.models import TransitionLog
from office.registry import (
    YEAR,
    AnnualFigure,
    DashboardWidget,
    SearchSource,
    TodoEntry,
    TodoProvider,
    list_link,
)
from office.roles import Role

from .choices import OPEN_STATUSES, Colour, ExtensionStatus, ItemStatus
from .colours import ColourContext, colour_of, item_row, next_report_due
from .models import ExtensionRequest, Item, ProgressReport, acknowledge_dates
from .selectors import (
    Period,
    closed_in,
    counts_by_colour,
    instructed_items,
    office_items,
    on_time_by_unit,
    on_time_rate,
    overdue_items,
    registered_in,
    scoped_items,
    year_counts,
)

# A home page lists what waits, not everything: the rest is one click away in the item list.
TODO_LIMIT = 10

# --- Annual figures --------------------------------------------------------------------------


def higher_level_count(year: int, office) -> int:
    return year_counts(office_items(office), year).higher_level


def instructed_count(year: int, office) -> int:
    return year_counts(office_items(office), year).instructed


def registered_count(year: int, office) -> int:
    return registered_in(office_items(office), Period.of_year(year)).count()


def closed_count(year: int, office) -> int:
    return closed_in(office_items(office), Period.of_year(year)).count()


def on_time_percent(year: int, office) -> float | None:
    """On-time rate in percent with one decimal, as the dashboard shows it; None when no
    item was closed in the year (there is nothing to be on time about)."""
    rate = on_time_rate(office_items(office), Period.of_year(year))
    return None if rate is None else round(rate * 100, 1)


# A figure's link lists exactly as many rows as the figure says, as the director reads the
# ledger: each unit's item of a split instruction, never the instruction's grouping item, as
# the figures count.
LEDGER = "supervision:item_list"


ANNUAL_FIGURES = [
    AnnualFigure(
        "supervision.from_higher_level",
        _("Tasks assigned by higher levels"),
        compute=higher_level_count,
        description=_(
            "Items registered in the year whose source is a higher level's assignment, "
            "including those later cancelled (they were taken on and tracked)."
        ),
        unit=_("tasks"),
        chapter="supervision",
        sentence=_("completed %(value)s tasks assigned by higher levels"),
        link=list_link(LEDGER, registered=YEAR, source_kind="higher_level"),
        order=30,
    ),
    AnnualFigure(
        "supervision.instructed",
        _("Items instructed by the county committee and government"),
        compute=instructed_count,
        description=_(
            "Items registered in the year from leaders' instructions, meetings, documents and "
            "key work, including those later cancelled."
        ),
        unit=_("items"),
        chapter="supervision",
        sentence=_("followed up %(value)s items instructed by the county committee and government"),
        link=list_link(LEDGER, registered=YEAR, instructed=True),
        order=31,
    ),
    AnnualFigure(
        "supervision.registered",
        _("Supervision items registered"),
        compute=registered_count,
        description=_(
            "All items registered in the year, cancelled ones included, as on the supervision "
            "dashboard. A circular leaves cancelled items out, so its count can be lower."
        ),
        unit=_("items"),
        chapter="supervision",
        sentence=_("registered %(value)s supervision items in the year"),
        link=list_link(LEDGER, registered=YEAR),
        order=32,
    ),
    AnnualFigure(
        "supervision.closed",
        _("Supervision items closed"),
        compute=closed_count,
        description=_(
            "Items closed in the year, whenever they were registered; cancelled "
            "items are never closed. The same count as the dashboard and the circulars."
        ),
        unit=_("items"),
        chapter="supervision",
        sentence=_("closed %(value)s of them"),
        link=list_link(LEDGER, closed_in=YEAR),
        headline=True,
        order=33,
    ),
    AnnualFigure(
        "supervision.on_time_rate",
        _("Supervision items closed on time"),
        compute=on_time_percent,
        description=_(
            "Share of the items closed in the year that were closed on or before the "
            "deadline in force (an approved extension moves it); no value when none was "
            "closed. The same rate as the dashboard and the circulars; its link lists the "
            "items closed in the year, the ones the rate is computed over."
        ),
        unit="%",
        chapter="supervision",
        sentence=_("%(value)s%% closed on time"),
        link=list_link(LEDGER, closed_in=YEAR),
        ranked=True,
        order=34,
    ),
]


# --- To-do lists -----------------------------------------------------------------------------


def liaison_todos(user, today) -> list:
    """The unit's items being handled: those the director sent back first (they wait on the
    unit again), then those waiting for the unit's acknowledgement (签收), then those whose
    deadline or cycle report is missed or near."""
    items = (
        Item.objects.restrict(user)
        .leaves()
        .filter(lead_unit=user.org_unit, status__in=[ItemStatus.ASSIGNED, ItemStatus.IN_PROGRESS])
        .annotate(sent_back_at=_last_send_back(), last_report_at=_last_report())
        .order_by("deadline", "pk")
    )
    context = ColourContext.for_day(today)
    items = list(items)
    acknowledge_dates(items)
    sent_back, to_acknowledge, entries = [], [], []
    for item in items:
        if item.status == ItemStatus.ASSIGNED:
            to_acknowledge.append(_acknowledge_entry(item, today))
            continue
        entry = _liaison_entry(item, today, context)
        if entry is None:
            continue
        (sent_back if entry.tone == SENT_BACK_TONE else entries).append(entry)
    return (sent_back + to_acknowledge + entries)[:TODO_LIMIT]


def _acknowledge_entry(item, today) -> TodoEntry:
    """An assigned item waits for the unit's 签收, due by the time limit; late, it is red."""
    acknowledge_by = item.acknowledge_by or today
    detail = _("deadline %(date)s") % {"date": item.deadline.strftime("%m-%d")}
    late = (today - acknowledge_by).days
    if late > 0:
        kind = ngettext(
            "Acknowledgement %(days)d day late", "Acknowledgement %(days)d days late", late
        ) % {"days": late}
        tone = "red"
    else:
        kind, tone = _("To acknowledge"), "azure"
    return TodoEntry(
        str(item), item.get_absolute_url(), acknowledge_by, str(kind), tone, str(detail),
        priority=1,
    )  # fmt: skip


SENT_BACK_TONE = "orange"


def _last_send_back():
    logs = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Item),
        object_id=OuterRef("pk"),
        transition="send_back",
    ).order_by("-created_at")
    return Subquery(logs.values("created_at")[:1])


def _last_report():
    reports = ProgressReport.objects.filter(item=OuterRef("pk")).order_by("-created_at")
    return Subquery(reports.values("created_at")[:1])


def _was_sent_back(item) -> bool:
    """Sent back by the director and not reported on since."""
    if item.sent_back_at is None:
        return False
    return item.last_report_at is None or item.sent_back_at > item.last_report_at


def _liaison_entry(item, today, context) -> TodoEntry | None:
    row = item_row(item)
    colour = colour_of(row, context)
    report_due = next_report_due(row, today)
    deadline_note = _("deadline %(date)s") % {"date": item.deadline.strftime("%m-%d")}
    if _was_sent_back(item):
        kind, due, tone, detail = _("Sent back"), item.deadline, SENT_BACK_TONE, ""
    elif colour == Colour.RED:
        kind, due, tone, detail = _("Overdue"), item.deadline, "red", ""
    elif report_due is not None and report_due < today:
        # A missed cycle report is late, not merely due: it says by how much.
        late = (today - report_due).days
        kind = ngettext("Report %(days)d day late", "Report %(days)d days late", late) % {
            "days": late
        }
        due, tone, detail = report_due, "red", deadline_note
    elif colour == Colour.BLUE:
        kind, due, tone, detail = _("Deadline near"), item.deadline, "blue", ""
    elif report_due is not None and report_due <= context.blue_horizon:
        kind, due, tone, detail = _("Report due"), report_due, "azure", deadline_note
    else:
        return None
    return TodoEntry(
        str(item), item.get_absolute_url(), due, str(kind), tone, str(detail),
        priority=2 if tone == SENT_BACK_TONE else 0,
    )  # fmt: skip


def director_todos(user) -> list:
    """Completion reports to accept or send back, and extension requests to decide."""
    completions = (
        Item.objects.restrict(user)
        .leaves()
        .filter(status=ItemStatus.COMPLETION_REQUESTED)
        .order_by("deadline", "pk")[:TODO_LIMIT]
    )
    extensions = (
        ExtensionRequest.objects.restrict(user)
        .filter(status=ExtensionStatus.PENDING)
        .select_related("item")
        .order_by("current_deadline", "pk")[:TODO_LIMIT]
    )
    # Extensions first: each must be decided before the deadline it would move.
    entries = [
        TodoEntry(
            str(extension.item),
            extension.item.get_absolute_url(),
            extension.current_deadline,
            str(_("Extension to decide")),
        )
        for extension in extensions
    ]
    entries += [
        TodoEntry(str(item), item.get_absolute_url(), item.deadline, str(_("Completion to review")))
        for item in completions
    ]
    return entries


def staff_todos(user) -> list:
    """Registered items not yet assigned; a split instruction is one entry, not one per unit."""
    items = (
        Item.objects.restrict(user)
        .leaves()
        .filter(status=ItemStatus.REGISTERED)
        .select_related("parent")
        .order_by("registered_on", "pk")
    )
    entries, seen = [], set()
    for item in items:
        shown = item.parent or item
        if shown.pk in seen:
            continue
        seen.add(shown.pk)
        entries.append(
            TodoEntry(str(shown), shown.get_absolute_url(), shown.deadline, str(_("To assign")))
        )
        if len(entries) == TODO_LIMIT:
            break
    return entries


def todos_for(user) -> list:
    """What waits on ``user`` in supervision, by role; a person with several roles sees each."""
    if not user.is_authenticated or user.org_unit_id is None:
        return []
    entries = []
    if user.has_role(Role.UNIT_LIAISON):
        entries += liaison_todos(user, timezone.localdate())
    if user.has_role(Role.DIRECTOR):
        entries += director_todos(user)
    if user.has_role(Role.STAFF, Role.SECTION_HEAD):
        entries += staff_todos(user)
    return entries


TODOS = [TodoProvider("supervision", todos_for)]

# --- Home page widget ------------------------------------------------------------------------


GLANCE_OVERDUE = 5
GLANCE_UNITS = 5


def glance_widget_context(user, today) -> dict | None:
    """Supervision at a glance for the county's leaders and the director: the open items by
    colour, the longest overdue with their units, and the units' on-time rates this year;
    every number opens the list behind it."""
    items = scoped_items(user)
    ledger = reverse("supervision:item_list")
    colours = [
        {
            "label": slice_.label,
            "value": slice_.value,
            "count": slice_.count,
            "url": f"{ledger}?open=true&colour={slice_.value}",
        }
        for slice_ in counts_by_colour(items.leaves(), today)
    ]
    overdue = list(overdue_items(items.leaves(), today)[:GLANCE_OVERDUE])
    year = today.year
    units = on_time_by_unit(items.leaves(), Period.of_year(year))
    # The units that most need attention first: the lowest on-time rates.
    lowest = sorted(units, key=lambda u: (u.rate, -u.closed, u.unit_name))[:GLANCE_UNITS]
    return {
        "colours": colours,
        "overdue": [(item, (today - item.deadline).days) for item in overdue],
        "overdue_url": reverse("supervision:red_list"),
        # Each unit's items closed this year: the "closed" its rate is computed over.
        "units": [(unit, f"{ledger}?lead_unit={unit.unit_id}&closed_in={year}") for unit in lowest],
        "year": year,
        "more_url": reverse("supervision:dashboard"),
    }


MY_INSTRUCTIONS = 8


def my_instructions_widget_context(user, today) -> dict:
    """我的批示: the items a leader's instructions became, the open ones first and the most
    urgent of those on top, each with its status and colour; the whole list is the ledger
    filtered to ``mine=instructed``."""
    items = instructed_items(user).select_related("lead_unit")
    # Open before done, the nearest deadline first; then the latest closed.
    ordered = items.annotate(
        done=Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))
    ).order_by("done", "deadline", "-pk")
    context = ColourContext.for_day(today)
    rows = [(item, colour_of(item_row(item), context)) for item in ordered[:MY_INSTRUCTIONS]]
    return {
        "rows": rows,
        "total": items.count(),
        "open": items.filter(status__in=OPEN_STATUSES).count(),
        "all_url": f"{reverse('supervision:item_list')}?mine=instructed",
    }


WIDGETS = [
    DashboardWidget(
        "supervision.my_instructions",
        _("My instructions"),
        template="supervision/widgets/my_instructions.html",
        context=my_instructions_widget_context,
        roles=(Role.LEADER,),
        order=20,
    ),
    DashboardWidget(
        "supervision.glance",
        _("Supervision at a glance"),
        template="supervision/widgets/glance.html",
        context=glance_widget_context,
        roles=(Role.DIRECTOR, Role.LEADER),
        order=30,
    ),
]

# --- Search ----------------------------------------------------------------------------------

# "督〔2025〕12号", "2025-12", "2025年12号": a year and a sequence number.
NUMBER = re.compile(r"(\d{4})\D+(\d+)")


def item_number_lookup(query: str) -> Q | None:
    """An item's number as it is written on paper: its own item is listed first."""
    if number := NUMBER.search(query):
        return Q(year=int(number[1]), sequence=int(number[2]))
    if query.isdigit():
        return Q(sequence=int(query))
    return None


SEARCH = [
    SearchSource(
        "supervision.items",
        _("Supervision items"),
        Item,
        fields=("instruction_text",),
        detail=lambda item: item.get_status_display(),
        lookup=item_number_lookup,
    )
]
