"""A real Celery worker, fed through Redis, delivers a to-do reminder exactly once.

The worker is a separate process, so it must share the test database: that works with
PostgreSQL (CI), not with pytest-django's in-memory SQLite. It listens on a queue of its own
so that nothing else on the same Redis takes or feeds its tasks.
"""

import ast
import os
import re
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Exchange, Queue

from office.celery import app
from office.models import Notification, Reminder, Todo

REDIS_URL = os.environ.get("REDIS_URL", "")
SCAN_TASK = "office.scan_reminders"
WORKER_READY_SECONDS = 60
DELIVERY_SECONDS = 30

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not REDIS_URL, reason="needs Redis: set REDIS_URL (CI sets redis://127.0.0.1:6379/0)"
    ),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the worker process must share the test database, which needs PostgreSQL: "
        "set DATABASE_URL=postgres://… (a separate process cannot see SQLite's in-memory "
        "test database)",
    ),
    # Committed data, or the worker could not see it; serialized rollback, so the roles and
    # holidays seeded by migrations are present whatever transactional test ran before.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _test_database_url() -> str:
    """DATABASE_URL with its database name swapped for the test database's."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


class Worker:
    """A ``celery worker`` subprocess on a private queue, its output captured to a file."""

    def __init__(self, log_path):
        self.queue = f"test-worker-{uuid.uuid4().hex[:12]}"
        self.log_path = log_path
        self.process = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "office.settings.test",
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": REDIS_URL,
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            sys.executable, "-m", "celery", "-A", "office", "worker",
            "--pool", "solo", "--concurrency", "1", "-l", "info",
            "-Q", self.queue, "-n", f"{self.queue}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        self._log = open(self.log_path, "wb")  # closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, seconds: float, what: str) -> re.Match:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            match = re.search(pattern, self.output())
            if match:
                return match
            if self.process.poll() is not None:
                pytest.fail(
                    f"the worker exited ({self.process.returncode}) before {what}:\n{self.output()}"
                )
            time.sleep(0.2)
        pytest.fail(f"no {what} within {seconds} s; worker output:\n{self.output()}")

    def wait_until_ready(self) -> None:
        self.wait_for(r"\bready\.", WORKER_READY_SECONDS, "'ready' from the worker")

    def send_scan(self) -> str:
        """Queue one reminder scan for this worker only, through the broker it listens on."""
        task_id = uuid.uuid4().hex
        with app.connection_for_write(REDIS_URL) as broker:
            app.send_task(SCAN_TASK, task_id=task_id, queue=self.queue, connection=broker)
        return task_id

    def wait_for_result(self, task_id: str) -> dict:
        """The return value the worker logged for ``task_id`` ('succeeded in …s: {…}')."""
        match = self.wait_for(
            rf"Task {re.escape(SCAN_TASK)}\[{task_id}\] succeeded in [\d.]+s: (\{{.*?\}})",
            DELIVERY_SECONDS,
            f"success of task {task_id}",
        )
        return ast.literal_eval(match.group(1))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # warm shutdown: finish the current task, then exit
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()
        self._forget_queue()

    def _forget_queue(self) -> None:
        """Remove the private queue and its bindings, so runs leave no keys behind in Redis."""
        with app.connection_for_write(REDIS_URL) as broker:
            queue = Queue(self.queue, Exchange(self.queue), self.queue, channel=broker.channel())
            queue.declare()
            queue.delete()


@pytest.fixture
def worker(transactional_db, tmp_path):
    # Depending on transactional_db makes the worker stop before the tables are flushed.
    celery_worker = Worker(tmp_path / "worker.log")
    celery_worker.start()
    try:
        celery_worker.wait_until_ready()
        yield celery_worker
    finally:
        celery_worker.stop()


def wait_for_delivery(user, worker: Worker) -> None:
    deadline = time.monotonic() + DELIVERY_SECONDS
    while time.monotonic() < deadline:
        if (
            Reminder.objects.filter(recipient=user).exists()
            and Notification.objects.filter(recipient=user).exists()
        ):
            return
        time.sleep(0.25)
    pytest.fail(
        f"no reminder reached {user.username}'s inbox within {DELIVERY_SECONDS} s; "
        f"worker output:\n{worker.output()}"
    )


def test_worker_delivers_a_todo_reminder_to_the_inbox_exactly_once(worker, staff_a):
    todo = Todo.objects.create(
        owner=staff_a, title="报送第三季度督查台账", due_date=timezone.localdate()
    )

    first = worker.send_scan()
    wait_for_delivery(staff_a, worker)
    assert worker.wait_for_result(first) == {"created": 1, "delivered": 0}

    reminder = Reminder.objects.get(recipient=staff_a)
    notification = Notification.objects.get(recipient=staff_a)
    assert reminder.source == "office.todo"
    assert reminder.object_key == str(todo.pk)
    assert reminder.occurrence == todo.due_date.isoformat()
    assert reminder.notification == notification
    assert todo.title in notification.title
    assert notification.read_at is None

    # A second scan (beat's next tick, a retry) finds the reminder recorded and sends nothing.
    second = worker.send_scan()
    assert worker.wait_for_result(second) == {"created": 0, "delivered": 0}
    assert Reminder.objects.filter(recipient=staff_a).count() == 1
    assert Notification.objects.filter(recipient=staff_a).count() == 1
