"""A task's progress is the weighted sum of its accepted milestones, compared with what its plan
expects by today: figures worked out by hand at frozen dates."""

from datetime import date

import pytest

from reforms.choices import TaskState, TaskStatus
from reforms.models import KeyTask
from reforms.rules import expected_progress, task_state, weighted_progress
from reforms.selectors import with_plan

from .conftest import PLAN, frozen

pytestmark = pytest.mark.django_db

DUE = [(d, w) for _t, d, w in PLAN]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 31), 0),  # due today: still doable today
        (date(2026, 4, 1), 20),
        (date(2026, 7, 1), 50),  # 20 + 30
        (date(2026, 11, 30), 50),
        (date(2026, 12, 1), 100),
    ],
)
def test_expected_progress_counts_the_weights_of_milestones_past_due(today, expected):
    assert expected_progress(DUE, today) == expected


def test_weighted_progress_adds_only_accepted_milestones():
    assert weighted_progress([(20, True), (30, False), (50, True)]) == 70


@pytest.mark.parametrize(
    ("progress", "expected", "state"),
    [(100, 100, TaskState.DONE), (20, 50, TaskState.BEHIND), (50, 50, TaskState.ON_TRACK),
     (70, 50, TaskState.ON_TRACK), (0, 0, TaskState.ON_TRACK)],
)  # fmt: skip
def test_task_state(progress, expected, state):
    assert task_state(progress, expected) == state


def test_accepting_milestones_moves_the_task_and_its_standing(make_task, complete_milestone):
    task = make_task()
    first, second, third = task.milestones.order_by("due_date")
    complete_milestone(first, on=date(2026, 3, 20))
    task.refresh_from_db()
    assert task.progress == 20
    # On 1 July the plan expects 20 + 30 = 50: with 20 the task is behind.
    row = with_plan(KeyTask.objects.filter(pk=task.pk), date(2026, 7, 1)).get()
    assert (row.progress, row.expected, row.state) == (20, 50, TaskState.BEHIND)
    complete_milestone(second, on=date(2026, 7, 2))
    row = with_plan(KeyTask.objects.filter(pk=task.pk), date(2026, 7, 3)).get()
    assert (row.progress, row.expected, row.state) == (50, 50, TaskState.ON_TRACK)
    complete_milestone(third, on=date(2026, 11, 28))
    task.refresh_from_db()
    assert (task.progress, task.status, task.completed_on) == (
        100,
        TaskStatus.COMPLETED,
        date(2026, 11, 28),
    )
    row = with_plan(KeyTask.objects.filter(pk=task.pk), date(2026, 12, 31)).get()
    assert row.state == TaskState.DONE


def test_a_reported_but_not_accepted_milestone_does_not_count(make_task, liaison):
    from reforms import services

    task = make_task()
    first = task.milestones.order_by("due_date").first()
    with frozen(date(2026, 3, 20)):
        services.milestone_report(actor=liaison, milestone=first, text="已印发方案。")
    row = with_plan(KeyTask.objects.filter(pk=task.pk), date(2026, 4, 2)).get()
    assert (row.progress, row.expected, row.state) == (0, 20, TaskState.BEHIND)
