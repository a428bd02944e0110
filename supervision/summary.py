"""What supervision contributes to the home page, the dashboard and the annual summary."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.registry import SummaryFigure, TodoEntry, TodoProvider
from office.roles import Role

from .choices import Colour, ExtensionStatus, ItemStatus
from .colours import ColourContext, colour_of, item_row, next_report_due
from .models import ExtensionRequest, Item
from .selectors import office_items, year_counts

# A home page lists what waits, not everything: the rest is one click away in the item list.
TODO_LIMIT = 10


def higher_level_count(year: int, office) -> int:
    return year_counts(office_items(office), year).higher_level


def instructed_count(year: int, office) -> int:
    return year_counts(office_items(office), year).instructed


# --- To-do lists -----------------------------------------------------------------------------


def liaison_todos(user, today) -> list:
    """The unit's items being handled whose deadline or cycle report is near or missed, and
    those just assigned (the first report accepts them)."""
    items = (
        Item.objects.restrict(user)
        .leaves()
        .filter(lead_unit=user.org_unit, status__in=[ItemStatus.ASSIGNED, ItemStatus.IN_PROGRESS])
        .order_by("deadline", "pk")
    )
    context = ColourContext.for_day(today)
    entries = []
    for item in items:
        row = item_row(item)
        colour = colour_of(row, context)
        report_due = next_report_due(row, today)
        if colour == Colour.RED:
            kind, due = _("Overdue"), item.deadline
        elif colour == Colour.BLUE:
            kind, due = _("Deadline near"), item.deadline
        elif report_due is not None and report_due <= context.blue_horizon:
            kind, due = _("Report due"), report_due
        elif item.status == ItemStatus.ASSIGNED:
            kind, due = _("Newly assigned"), item.deadline
        else:
            continue
        entries.append(TodoEntry(str(item), item.get_absolute_url(), due, str(kind)))
        if len(entries) == TODO_LIMIT:
            break
    return entries


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


def register(registry) -> None:
    registry.add_figures(
        SummaryFigure(
            "supervision.higher_level",
            _("Tasks assigned by higher levels"),
            compute=higher_level_count,
            unit=_("tasks"),
            order=30,
        ),
        SummaryFigure(
            "supervision.instructed",
            _("Items instructed by the county committee and government"),
            compute=instructed_count,
            unit=_("items"),
            order=31,
        ),
    )
    registry.add_todos(TodoProvider("supervision", todos_for))
