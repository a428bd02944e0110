"""Domain rules of reform work, written once and used by the forms, the API's serializers, the
importer and the services, so a person hears the same rule the same way wherever they type."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from office.dates import date_range_error
from office.imports import parse_date

from .choices import TaskState

WEIGHT_TOTAL = 100


@dataclass(frozen=True)
class PlannedMilestone:
    """A milestone as planned: what, by when, and its share of the task."""

    title: str
    due_date: date
    weight: int


# "2026-03-31 出台实施方案 20", with | or spaces or tabs between, and 20 or 20%.
MILESTONE_LINE = re.compile(
    r"^\s*(?P<date>\S+?)\s*[|｜,，\t ]\s*(?P<title>.+?)\s*[|｜,，\t ]\s*(?P<weight>\d{1,3})\s*[%％]?\s*$"
)


def parse_milestones(text: str) -> tuple[list[PlannedMilestone], list[str]]:
    """Milestones typed one a line as "date | title | weight" (a form's box and an import
    cell alike): the milestones read, and what is wrong, line by line."""
    milestones, errors = [], []
    lines = [line for line in (text or "").replace("；", "\n").splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        match = MILESTONE_LINE.match(line)
        due = parse_date(match["date"]) if match else None
        if match is None or due is None:
            errors.append(
                _('Milestone line %(n)d "%(line)s": write it as "2026-06-30 | what | 30".')
                % {"n": number, "line": line.strip()[:40]}
            )
            continue
        milestones.append(PlannedMilestone(match["title"].strip()[:200], due, int(match["weight"])))
    return milestones, errors


def format_milestones(milestones) -> str:
    """The lines parse_milestones reads, for a form to show planned milestones again."""
    return "\n".join(f"{m.due_date.isoformat()} | {m.title} | {m.weight}" for m in milestones)


def milestone_errors(milestones, year: int) -> list[str]:
    """A task's plan: at least one milestone, each dated within the task's year, weights of
    1 to 100 adding up to exactly 100."""
    if not milestones:
        return [_("Enter at least one milestone.")]
    errors = []
    for milestone in milestones:
        if milestone.due_date.year != year:
            errors.append(
                _("The milestone %(title)s is dated %(date)s, outside the task's year %(year)d.")
                % {"title": milestone.title, "date": milestone.due_date.isoformat(), "year": year}
            )
        elif date_range_error(milestone.due_date):
            errors.append(date_range_error(milestone.due_date))
        if not 1 <= milestone.weight <= WEIGHT_TOTAL:
            errors.append(
                _("The weight of %(title)s must be between 1 and 100.") % {"title": milestone.title}
            )
    titles = [m.title for m in milestones]
    for title in sorted({t for t in titles if titles.count(t) > 1}):
        errors.append(_("Two milestones are both called %(title)s.") % {"title": title})
    total = sum(m.weight for m in milestones)
    if total != WEIGHT_TOTAL:
        errors.append(
            _("The milestones' weights add up to %(total)d; they must add up to 100.")
            % {"total": total}
        )
    return errors


@dataclass
class PlanDiff:
    """How a new plan differs from the milestones a task has, matched by their titles: the
    milestones to add, the (milestone, planned) pairs whose date or weight moved, and the
    milestones left out."""

    added: list
    changed: list
    removed: list

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def plan_diff(milestones, planned) -> PlanDiff:
    current = {m.title: m for m in milestones}
    wanted = {p.title: p for p in planned}
    return PlanDiff(
        added=[p for title, p in wanted.items() if title not in current],
        changed=[
            (m, wanted[title])
            for title, m in current.items()
            if title in wanted
            and (m.due_date, m.weight) != (wanted[title].due_date, wanted[title].weight)
        ],
        removed=[m for title, m in current.items() if title not in wanted],
    )


def expected_progress(plan, today: date) -> int:
    """The progress the plan expects by ``today``: the weights of the milestones whose due
    date has passed. A milestone due today can still be done today, so it counts tomorrow."""
    return sum(weight for due_date, weight in plan if due_date < today)


def weighted_progress(milestones) -> int:
    """The weighted sum of the accepted milestones ((weight, accepted) pairs)."""
    return sum(weight for weight, accepted in milestones if accepted)


def task_state(progress: int, expected: int) -> str:
    if progress >= WEIGHT_TOTAL:
        return TaskState.DONE
    return TaskState.BEHIND if progress < expected else TaskState.ON_TRACK


def honour_errors(
    *, level: str, recipient: str, unit, person: str, advanced_unit: bool = False
) -> dict[str, str]:
    """An honour names its level and whom it honours: a unit, a person, or the office itself
    (only the office's own honours are its advanced-unit titles)."""
    errors = {}
    if not level:
        errors["level"] = _("Choose the honour's level.")
    if recipient not in ("unit", "person", "office"):
        errors["recipient"] = _("Choose whom the honour went to.")
    if recipient == "unit" and unit is None:
        errors["unit"] = _("Choose the unit honoured.")
    if recipient == "person" and not (person or "").strip():
        errors["person"] = _("Enter the person honoured.")
    if advanced_unit and recipient != "office":
        errors["advanced_unit"] = _(
            "Only an honour of the office itself is its advanced-unit title."
        )
    return errors
