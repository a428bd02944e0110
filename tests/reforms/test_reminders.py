"""Milestone deadlines through the core reminder engine: the lead unit's liaison hears a week
before, on the day, and once when it is overdue, each once however often the scan runs; an
accepted milestone is not reminded."""

from datetime import date

import pytest

from office import reminders
from office.models import Notification, Reminder
from reforms.reminders import MilestoneDeadlines

from .conftest import frozen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_milestones(monkeypatch):
    monkeypatch.setattr(reminders, "_sources", {})
    reminders.register(MilestoneDeadlines())


def scan_on(*days: date) -> None:
    for day in days:
        for hour in (9, 15):
            with frozen(day, hour):
                reminders.scan()


def test_each_milestone_reminder_goes_out_once(make_task, liaison, other_liaison):
    make_task()
    # The first milestone is due on 31 March.
    scan_on(date(2026, 3, 20), date(2026, 3, 24), date(2026, 3, 25), date(2026, 3, 31))
    scan_on(date(2026, 4, 1), date(2026, 4, 2), date(2026, 4, 3))
    kinds = list(
        Reminder.objects.filter(recipient=liaison, object_key__isnull=False)
        .order_by("pk")
        .values_list("kind", "occurrence")
    )
    assert kinds == [
        ("due_soon", "2026-03-31"),
        ("due_today", "2026-03-31"),
        ("overdue", "2026-03-31"),
    ]
    titles = list(
        Notification.objects.filter(recipient=liaison)
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert titles[0].startswith("节点将于2026-03-31到期")
    assert titles[-1].startswith("节点已于2026-03-31逾期")
    assert not Reminder.objects.filter(recipient=other_liaison).exists()


def test_an_accepted_milestone_is_not_reminded(make_task, complete_milestone, liaison):
    task = make_task()
    complete_milestone(task.milestones.order_by("due_date").first(), on=date(2026, 3, 20))
    scan_on(date(2026, 3, 25), date(2026, 4, 2))
    assert not Reminder.objects.filter(recipient=liaison).exists()
