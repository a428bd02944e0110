"""E-mail and webhook deliveries: at least once, with one dedupe key per delivery, retried
after a back-off (never once per scan), every attempt recorded."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
import time_machine
from django.core.mail.backends.locmem import EmailBackend

from office import reminders
from office.models import AttemptOutcome, ChannelPreference, Delivery, DeliveryStatus
from office.notifications import RETRY_CAP, retry_delay
from tests.factories import TodoFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2025, 6, 12, 9, tzinfo=SHANGHAI)  # a Thursday; the to-do is due Friday
SCAN = timedelta(minutes=5)  # beat's default interval


@pytest.fixture
def sources(monkeypatch):
    monkeypatch.setattr(reminders, "_sources", {})
    reminders.register(reminders.TodoDeadlines())


@pytest.fixture
def webhook_owner(robot):
    owner = UserFactory()
    ChannelPreference.objects.create(user=owner, webhook=True)  # the office's robot
    TodoFactory(owner=owner, title="修改讲话稿", due_date=date(2025, 6, 13))
    return owner


def outcomes(delivery) -> list[str]:
    return list(delivery.attempt_log.order_by("number").values_list("outcome", flat=True))


def test_a_slow_robot_gets_the_message_once_per_back_off_not_once_per_scan(
    sources, webhook_owner, robot, settings
):
    settings.NOTIFY_WEBHOOK_TIMEOUT = 0.3
    robot.delay = 1.0  # answers after the worker stopped waiting

    with time_machine.travel(START, tick=False) as traveller:
        reminders.scan()
        traveller.shift(SCAN)
        reminders.scan()
        assert len(robot.received) == 1  # the second scan did not post it again

        traveller.shift(retry_delay(1) - SCAN)
        robot.delay = 0
        reminders.scan()

    delivery = Delivery.objects.get()
    assert len(robot.received) == 2
    assert robot.keys[0] == robot.keys[1] == delivery.dedupe_key
    assert delivery.status == DeliveryStatus.SENT
    assert outcomes(delivery) == [AttemptOutcome.UNCERTAIN, AttemptOutcome.SENT]


def test_a_worker_killed_mid_send_retries_later_with_the_same_dedupe_key(
    sources, webhook_owner, robot, monkeypatch
):
    real_post = requests.post

    def post_then_die(*args, **kwargs):
        real_post(*args, **kwargs)
        raise SystemExit("worker killed")  # received by the robot, never marked sent

    monkeypatch.setattr(requests, "post", post_then_die)
    with time_machine.travel(START, tick=False) as traveller:
        with pytest.raises(SystemExit):
            reminders.scan()
        monkeypatch.setattr(requests, "post", real_post)
        assert Delivery.objects.get().status == DeliveryStatus.SENDING

        traveller.shift(SCAN)
        reminders.scan()
        assert len(robot.received) == 1

        traveller.shift(retry_delay(1))
        reminders.scan()
        traveller.shift(retry_delay(2))
        reminders.scan()

    delivery = Delivery.objects.get()
    assert len(robot.received) == 2
    assert robot.keys == [delivery.dedupe_key, delivery.dedupe_key]
    assert delivery.status == DeliveryStatus.SENT
    assert outcomes(delivery) == ["", AttemptOutcome.SENT]  # the first never finished


def test_an_email_retry_carries_the_same_message_id(sources, mailoutbox, monkeypatch):
    owner = UserFactory(email="wang@example.gov.cn")
    ChannelPreference.objects.create(user=owner, email=True)
    TodoFactory(owner=owner, due_date=date(2025, 6, 13))
    real_send = EmailBackend.send_messages
    calls = []

    def drop_after_data(self, messages):
        calls.append(1)
        real_send(self, messages)
        if len(calls) == 1:  # the server took the message, then the connection broke
            raise ConnectionResetError("connection reset by peer")
        return len(messages)

    monkeypatch.setattr(EmailBackend, "send_messages", drop_after_data)
    with time_machine.travel(START, tick=False) as traveller:
        reminders.scan()
        traveller.shift(SCAN)
        reminders.scan()
        assert len(mailoutbox) == 1
        traveller.shift(retry_delay(1))
        reminders.scan()

    delivery = Delivery.objects.get()
    ids = [mail.message()["Message-ID"] for mail in mailoutbox]
    assert len(ids) == 2
    assert ids[0] == ids[1]
    assert delivery.dedupe_key in ids[0]
    assert outcomes(delivery) == [AttemptOutcome.FAILED, AttemptOutcome.SENT]


def test_the_back_off_doubles_up_to_its_cap():
    assert retry_delay(2) == 2 * retry_delay(1)
    assert retry_delay(3) == 4 * retry_delay(1)
    assert retry_delay(50) == RETRY_CAP
