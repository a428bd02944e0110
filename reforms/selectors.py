"""Reads of reform work that matter: the tasks with how they stand against the plan on a day,
roll-ups by area and unit, and the counts the leaders and the annual report read.

How a task stands is computed in SQL from its milestones (``with_plan``), so a list filters,
orders and counts by it with a constant number of queries.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from .choices import MUNICIPAL_OR_ABOVE, Level, PilotStatus, ReformArea, TaskState
from .models import Honour, KeyTask, Pilot


def with_plan(tasks: QuerySet, today: date) -> QuerySet:
    """Each task with ``expected`` (the progress its plan expects by ``today``) and ``state``
    (done / on track / behind), as ``rules.expected_progress`` and ``rules.task_state``
    compute them for one task."""
    expected = Coalesce(
        Sum("milestones__weight", filter=Q(milestones__due_date__lt=today)),
        Value(0),
        output_field=IntegerField(),
    )
    return tasks.annotate(expected=expected).annotate(
        state=Case(
            When(progress__gte=100, then=Value(TaskState.DONE.value)),
            When(progress__lt=expected, then=Value(TaskState.BEHIND.value)),
            default=Value(TaskState.ON_TRACK.value),
        )
    )


def office_tasks(office) -> QuerySet:
    """The tasks an office owns (the city office: every office under it), for figures
    computed without a user."""
    if office is None:
        return KeyTask.objects.none()
    return KeyTask.objects.for_office(office)


def office_pilots(office) -> QuerySet:
    return Pilot.objects.none() if office is None else Pilot.objects.for_office(office)


def office_honours(office) -> QuerySet:
    return Honour.objects.none() if office is None else Honour.objects.for_office(office)


def pilots_approved_in(pilots: QuerySet, year: int) -> QuerySet:
    """Pilots approved in the year, whatever became of them later (a withdrawal afterwards
    does not undo the approval)."""
    return pilots.filter(approved_on__year=year)


def honours_in(honours: QuerySet, year: int, level: str | None = None) -> QuerySet:
    honours = honours.filter(awarded_on__year=year)
    return honours if level is None else honours.filter(level=level)


@dataclass
class Rollup:
    key: object
    label: str
    total: int = 0
    done: int = 0
    on_track: int = 0
    behind: int = 0
    progress: int = 0  # the average progress, in percent


def rollup(tasks: QuerySet, field: str, labels: dict) -> list[Rollup]:
    """Counts by state and the average progress of the tasks (``with_plan``), grouped by
    ``field``: one query, whatever the number of tasks."""
    groups: dict = {}
    for key, state, progress in tasks.order_by().values_list(field, "state", "progress"):
        row = groups.setdefault(key, Rollup(key=key, label=str(labels.get(key, key or "—"))))
        row.total += 1
        row.progress += progress
        if state == TaskState.DONE:
            row.done += 1
        elif state == TaskState.BEHIND:
            row.behind += 1
        else:
            row.on_track += 1
    for row in groups.values():
        row.progress = round(row.progress / row.total)
    return sorted(groups.values(), key=lambda r: (-r.behind, r.label))


def by_area(tasks: QuerySet) -> list[Rollup]:
    rows = rollup(tasks, "area", dict(ReformArea.choices))
    order = list(ReformArea.values)
    return sorted(rows, key=lambda r: order.index(r.key) if r.key in order else len(order))


def by_unit(tasks: QuerySet) -> list[Rollup]:
    from office.models import OrgUnit

    ids = set(tasks.order_by().values_list("lead_unit", flat=True))
    names = {u.pk: u.short_name or u.name for u in OrgUnit.objects.filter(pk__in=ids)}
    return rollup(tasks, "lead_unit", names)


def by_office(tasks: QuerySet) -> list[Rollup]:
    """The city office's roll-up: one row per county office, not one per unit of every
    county (thousands of rows at a province's size)."""
    from office.models import OrgUnit

    ids = set(tasks.order_by().values_list("owning_office", flat=True))
    names = {u.pk: u.short_name or u.name for u in OrgUnit.objects.filter(pk__in=ids)}
    return rollup(tasks, "owning_office", names)


def pilots_by_level_and_status(pilots: QuerySet) -> list[dict]:
    """One row per level: the count in each status."""
    counts = {
        (row["level"], row["status"]): row["n"]
        for row in pilots.order_by().values("level", "status").annotate(n=Count("pk"))
    }
    return [
        {
            "level": label,
            "level_value": level,
            "counts": [counts.get((level, status), 0) for status in PilotStatus.values],
            "cells": [(status, counts.get((level, status), 0)) for status in PilotStatus.values],
            "total": sum(counts.get((level, status), 0) for status in PilotStatus.values),
        }
        for level, label in Level.choices
    ]


def honours_by_level(honours: QuerySet, year: int) -> list[dict]:
    """Honours of each level this year and last year."""
    counts = {
        (row["awarded_on__year"], row["level"]): row["n"]
        for row in honours.filter(awarded_on__year__in=(year - 1, year))
        .order_by()
        .values("awarded_on__year", "level")
        .annotate(n=Count("pk"))
    }
    return [
        {
            "level": label,
            "level_value": level,
            "this_year": counts.get((year, level), 0),
            "last_year": counts.get((year - 1, level), 0),
        }
        for level, label in Level.choices
    ]


def municipal_or_above(pilots: QuerySet) -> QuerySet:
    return pilots.filter(level__in=MUNICIPAL_OR_ABOVE)


def behind_tasks(tasks: QuerySet, today: date) -> QuerySet:
    return with_plan(tasks, today).filter(state=TaskState.BEHIND)
