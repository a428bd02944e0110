"""A user's own robot address cannot make the worker post inside the network (SSRF)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from office import reminders
from office.models import ChannelPreference, Delivery, DeliveryStatus
from office.notifications import webhook_url_allowed
from tests.factories import TodoFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROBOT = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"


@pytest.fixture(autouse=True)
def _allowed(settings):
    settings.NOTIFY_WEBHOOK_ALLOWED_HOSTS = ["qyapi.weixin.qq.com", "oapi.dingtalk.com"]


@pytest.fixture
def sources(monkeypatch):
    monkeypatch.setattr(reminders, "_sources", {})
    reminders.register(reminders.TodoDeadlines())


def test_a_wecom_robot_address_is_allowed():
    assert webhook_url_allowed(ROBOT)
    assert webhook_url_allowed("https://oapi.dingtalk.com/robot/send?access_token=x")


@pytest.mark.parametrize(
    "url",
    [
        # requests connects to 127.0.0.1:48427; urlsplit reads the host as the robot's
        "http://127.0.0.1:48427\\@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
        "https://127.0.0.1:48427\\@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
        "https://qyapi.weixin.qq.com\\@127.0.0.1/",
        "https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send",
        "https://qyapi.weixin.qq.com@127.0.0.1/cgi-bin/webhook/send",
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
        "https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send",
        "https://127.0.0.1/cgi-bin/webhook/send",
        "https://[::1]/cgi-bin/webhook/send",
        "https://169.254.169.254/latest/meta-data/",
        "https://qyapi.weixin.qq.com\t.evil.example/x",
        "https://evil.example/qyapi.weixin.qq.com",
    ],
)
def test_robot_addresses_that_could_reach_elsewhere_are_refused(url):
    assert not webhook_url_allowed(url)


def test_settings_page_refuses_the_backslash_address(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("notification_settings"),
        {
            "webhook": "on",
            "webhook_url": "http://127.0.0.1:48427\\@qyapi.weixin.qq.com/cgi-bin/webhook/send",
        },
    )

    assert response.status_code == 200  # the form again, with its error
    assert "只能填写企业微信或钉钉机器人的 https 地址" in response.content.decode()
    assert not ChannelPreference.objects.filter(user=user).exclude(webhook_url="").exists()


def _scan_with_preference(url: str) -> Delivery:
    owner = UserFactory()
    # Saved before the check existed, or straight into the database: the sender checks again.
    ChannelPreference.objects.create(user=owner, webhook=True, webhook_url=url)
    TodoFactory(owner=owner, due_date=date(2026, 11, 26))
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        reminders.scan()
    return Delivery.objects.get(notification__recipient=owner)


def test_a_stored_backslash_address_is_never_posted_to(sources, robot):
    port = robot.server_address[1]
    url = f"http://127.0.0.1:{port}\\@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x"

    delivery = _scan_with_preference(url)

    assert robot.received == []
    assert delivery.status == DeliveryStatus.PENDING
    assert "not allowed" in delivery.last_error


def test_an_allowed_name_that_resolves_to_a_private_address_is_refused_at_send_time(
    sources, settings
):
    settings.NOTIFY_WEBHOOK_ALLOWED_HOSTS = ["localhost"]

    delivery = _scan_with_preference("https://localhost/cgi-bin/webhook/send?key=x")

    assert "resolves to 127.0.0.1" in delivery.last_error or "resolves to ::1" in (
        delivery.last_error
    )
