"""The first reminder scan runs when beat starts, not one interval later: what fell due while
the system was down reaches the inbox at once."""

import pytest
from celery import signals
from django.utils import timezone

from office.celery import app
from office.models import Notification, Reminder, Todo

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_run_here():
    """Run the queued task in this process (and this test's transaction), as a worker would."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_beat_start_queues_a_reminder_scan_that_reaches_the_inbox(tasks_run_here, staff_a):
    todo = Todo.objects.create(
        owner=staff_a, title="报送第一季度督查台账", due_date=timezone.localdate()
    )

    signals.beat_init.send(sender=None)

    reminder = Reminder.objects.get(recipient=staff_a)
    assert reminder.object_key == str(todo.pk)
    assert todo.title in Notification.objects.get(recipient=staff_a).title


def test_a_broker_that_is_down_does_not_stop_beat_from_starting(monkeypatch, staff_a, caplog):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr("office.tasks.scan_reminders.apply_async", broker_down)
    Todo.objects.create(owner=staff_a, title="报送台账", due_date=timezone.localdate())

    signals.beat_init.send(sender=None)  # does not raise

    assert "start-up reminder scan" in caplog.text
    assert not Reminder.objects.exists()
