"""The reminder engine: deadline sources → Reminder rows (at most once) → inbox and deliveries.

Dates are frozen with time-machine in Asia/Shanghai. Reference week (June 2025, no holiday):
Thu 12, Fri 13, Mon 16, Tue 17. The National Day week is used where the calendar matters.
"""

import threading
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from office import reminders
from office.models import ChannelPreference, Delivery, DeliveryStatus, Notification, Reminder
from office.notifications import MAX_ATTEMPTS, retry_delay
from office.reminders import Due
from tests.factories import TodoFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
THU_12, FRI_13, MON_16, TUE_17 = (
    date(2025, 6, 12),
    date(2025, 6, 13),
    date(2025, 6, 16),
    date(2025, 6, 17),
)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


class FilingDeadlines:
    """A deadline source as an app would register it: one daily urge per overdue filing."""

    key = "tests.filing"

    def __init__(self, recipients):
        self.recipients = recipients

    def collect(self, now):
        today = timezone.localdate(now)
        for user in self.recipients:
            yield Due(
                recipient=user,
                object_key="7",
                kind="overdue",
                occurrence=today.isoformat(),
                title="半年工作总结逾期未报送",
                url="/test/tickets/7/",
            )


@pytest.fixture
def sources(monkeypatch):
    """A clean registry with only the core's own TodoDeadlines in it (apps' sources removed)."""
    registry = {}
    monkeypatch.setattr(reminders, "_sources", registry)
    reminders.register(reminders.TodoDeadlines())
    return registry


@pytest.fixture
def owner(db):
    return UserFactory(email="zhang@example.gov.cn")


def reminded_todos(owner) -> set[str]:
    return set(
        Reminder.objects.filter(recipient=owner, source="office.todo").values_list(
            "object_key", flat=True
        )
    )


# --- Recording once ---------------------------------------------------------------------


@pytest.mark.django_db
def test_two_scans_create_each_reminder_once_with_one_inbox_notification(sources, owner):
    colleague = UserFactory()
    reminders.register(FilingDeadlines([owner, colleague]))
    todo = TodoFactory(owner=owner, title="修改讲话稿", due_date=FRI_13)

    with time_machine.travel(at(THU_12), tick=False):
        first = reminders.scan()
        second = reminders.scan()

    assert (first.created, second.created) == (3, 0)
    assert Reminder.objects.count() == 3
    assert Notification.objects.count() == 3
    assert all(r.notification is not None for r in Reminder.objects.all())
    assert list(colleague.notifications.values_list("title", flat=True)) == [
        "半年工作总结逾期未报送"
    ]
    assert (
        owner.notifications.get(reminder__source="tests.filing").title == "半年工作总结逾期未报送"
    )
    todo_notice = owner.notifications.get(reminder__source="office.todo")
    assert todo.title in todo_notice.title
    assert todo_notice.url == todo.url


@pytest.mark.django_db
def test_a_daily_source_reminds_again_on_the_next_day_but_once_per_day(sources, owner):
    reminders.register(FilingDeadlines([owner]))

    with time_machine.travel(at(THU_12), tick=False):
        reminders.scan()
        reminders.scan()
    with time_machine.travel(at(FRI_13), tick=False):
        reminders.scan()
        reminders.scan()

    assert owner.notifications.count() == 2


@pytest.mark.django_db
def test_run_reminders_command_prints_the_counts_and_a_second_run_sends_nothing(sources, owner):
    ChannelPreference.objects.create(user=owner, email=True)
    TodoFactory(owner=owner, due_date=FRI_13)
    TodoFactory(owner=owner, due_date=THU_12)
    line = gettext("Reminders created: %(created)d, deliveries sent: %(delivered)d")

    with time_machine.travel(at(THU_12), tick=False):
        first, second = StringIO(), StringIO()
        call_command("run_reminders", stdout=first)
        call_command("run_reminders", stdout=second)

    assert line % {"created": 2, "delivered": 2} in first.getvalue()
    assert line % {"created": 0, "delivered": 0} in second.getvalue()
    assert owner.notifications.count() == 2


# --- Which to-dos fall due --------------------------------------------------------------


@pytest.mark.django_db
def test_todo_due_on_the_next_working_day_is_reminded_today_and_one_three_days_out_is_not(
    sources, owner
):
    tomorrow = TodoFactory(owner=owner, due_date=FRI_13)
    today = TodoFactory(owner=owner, due_date=THU_12)
    in_three_days = TodoFactory(owner=owner, due_date=TUE_17)

    with time_machine.travel(at(THU_12), tick=False):
        reminders.scan()

    assert reminded_todos(owner) == {str(tomorrow.pk), str(today.pk)}
    assert str(in_three_days.pk) not in reminded_todos(owner)


@pytest.mark.django_db
def test_todo_due_monday_is_reminded_on_friday_because_the_weekend_is_not_worked(sources, owner):
    monday = TodoFactory(owner=owner, due_date=MON_16)
    tuesday = TodoFactory(owner=owner, due_date=TUE_17)

    with time_machine.travel(at(FRI_13), tick=False):
        reminders.scan()

    assert reminded_todos(owner) == {str(monday.pk)}
    assert str(tuesday.pk) not in reminded_todos(owner)


@pytest.mark.django_db
def test_todo_due_after_national_day_is_reminded_on_the_last_working_day_before_it(sources, owner):
    after_holiday = TodoFactory(owner=owner, due_date=date(2025, 10, 9))

    with time_machine.travel(at(date(2025, 9, 30)), tick=False):
        reminders.scan()

    assert reminded_todos(owner) == {str(after_holiday.pk)}


@pytest.mark.django_db
def test_an_early_morning_scan_uses_the_date_in_shanghai_not_utc(sources, owner):
    # 07:00 on Friday in Shanghai is still Thursday in UTC; Monday is the next working day.
    monday = TodoFactory(owner=owner, due_date=MON_16)

    with time_machine.travel(at(FRI_13, hour=7), tick=False):
        reminders.scan()

    assert reminded_todos(owner) == {str(monday.pk)}


@pytest.mark.django_db
def test_a_done_todo_is_not_reminded(sources, owner):
    TodoFactory(owner=owner, due_date=FRI_13, done_at=at(THU_12, hour=8))

    with time_machine.travel(at(THU_12), tick=False):
        result = reminders.scan()

    assert result.created == 0
    assert not owner.notifications.exists()


# --- Two workers at once ----------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so two scans never really overlap",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_running_at_the_same_time_remind_each_todo_once(sources, mailoutbox):
    owners = [UserFactory(email=f"u{i}@example.gov.cn") for i in range(4)]
    ChannelPreference.objects.create(user=owners[0], email=True)
    todos = [TodoFactory(owner=owners[i % 4], due_date=FRI_13) for i in range(20)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(reminders.scan())
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    with time_machine.travel(at(THU_12), tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert sum(r.created for r in results) == len(todos)
    assert Reminder.objects.count() == len(todos)
    assert Notification.objects.count() == len(todos)
    for todo in todos:
        assert Reminder.objects.filter(object_key=str(todo.pk)).count() == 1
    # owners[0] has 5 to-dos due and wants e-mail: 5 e-mails, none twice.
    assert len(mailoutbox) == 5
    assert sum(r.delivered for r in results) == 5


# --- Deliveries -------------------------------------------------------------------------


@pytest.mark.django_db
def test_user_who_wants_email_gets_exactly_one_email_across_two_scans(
    sources, owner, mailoutbox, settings
):
    settings.SITE_URL = "https://oa.example.gov.cn"
    ChannelPreference.objects.create(user=owner, email=True)
    TodoFactory(owner=owner, title="修改讲话稿", due_date=FRI_13, url="/test/tickets/3/")

    with time_machine.travel(at(THU_12), tick=False):
        reminders.scan()
        reminders.scan()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["zhang@example.gov.cn"]
    assert mail.subject == owner.notifications.get().title
    assert "修改讲话稿" in mail.subject
    assert "https://oa.example.gov.cn/test/tickets/3/" in mail.body
    assert Delivery.objects.get().status == DeliveryStatus.SENT


@pytest.fixture
def webhook_owner(owner, robot):
    ChannelPreference.objects.create(user=owner, webhook=True)  # the office's robot
    return owner


@pytest.mark.django_db
def test_webhook_preference_posts_one_markdown_message_with_the_title(
    sources, webhook_owner, robot, settings
):
    settings.SITE_URL = "https://oa.example.gov.cn"
    TodoFactory(owner=webhook_owner, title="修改讲话稿", due_date=FRI_13, url="/test/tickets/3/")

    with time_machine.travel(at(THU_12), tick=False):
        reminders.scan()
        reminders.scan()

    assert len(robot.received) == 1
    content_type, payload = robot.received[0]
    title = webhook_owner.notifications.get().title
    assert content_type.startswith("application/json")
    assert payload["msgtype"] == "markdown"
    assert payload["markdown"]["title"] == title
    assert f"**{title}**" in payload["markdown"]["content"]
    assert "https://oa.example.gov.cn/test/tickets/3/" in payload["markdown"]["content"]
    assert Delivery.objects.get().status == DeliveryStatus.SENT


@pytest.mark.django_db
def test_a_failed_webhook_stays_pending_with_the_error_and_is_sent_on_the_next_scan(
    sources, webhook_owner, robot
):
    TodoFactory(owner=webhook_owner, due_date=FRI_13)
    robot.status = 500

    with time_machine.travel(at(THU_12), tick=False) as traveller:
        reminders.scan()
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
        assert "500" in delivery.last_error

        robot.status = 200
        assert reminders.scan().delivered == 0  # not before the back-off
        traveller.shift(retry_delay(1))
        result = reminders.scan()

    delivery.refresh_from_db()
    assert (result.created, result.delivered) == (0, 1)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(robot.received) == 2


@pytest.mark.django_db
def test_a_webhook_that_keeps_failing_is_given_up_after_max_attempts(sources, webhook_owner, robot):
    TodoFactory(owner=webhook_owner, due_date=FRI_13)
    robot.status = 500

    with time_machine.travel(at(THU_12), tick=False) as traveller:
        for attempt in range(1, MAX_ATTEMPTS + 3):
            reminders.scan()
            traveller.shift(retry_delay(attempt))

    delivery = Delivery.objects.get()
    assert len(robot.received) == MAX_ATTEMPTS
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert "500" in delivery.last_error
    assert webhook_owner.notifications.count() == 1  # the inbox copy is still there


@pytest.mark.django_db
def test_a_todo_with_a_long_title_is_reminded_and_does_not_hold_up_other_reminders(sources, owner):
    colleague = UserFactory()
    reminders.register(FilingDeadlines([colleague]))
    TodoFactory(owner=owner, title="关于" + "长" * 190 + "的事项", due_date=FRI_13)  # 194 of 200

    with time_machine.travel(at(THU_12), tick=False):
        reminders.scan()

    assert owner.notifications.count() == 1
    assert colleague.notifications.count() == 1


@pytest.mark.django_db
def test_a_webhook_on_a_host_not_allowed_is_never_posted_to(sources, owner, robot, settings):
    settings.NOTIFY_WEBHOOK_ALLOWED_HOSTS = ["qyapi.weixin.qq.com"]
    elsewhere = robot.url.replace("/robot/", "/other/")
    ChannelPreference.objects.create(user=owner, webhook=True, webhook_url=elsewhere)
    TodoFactory(owner=owner, title="材料报送", due_date=date(2026, 11, 26))

    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        reminders.scan()

    assert robot.received == []
    assert "not allowed" in Delivery.objects.get().last_error
