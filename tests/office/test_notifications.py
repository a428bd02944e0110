"""Notifications: the services, the inbox pages, the header badge, the API and the settings."""

import re

import pytest
from django.urls import reverse

from office.models import Channel, ChannelPreference, Delivery, Notification
from office.notifications import notification_create, notification_mark_read, notify
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(email="li@example.gov.cn")


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def inbox(user, other_user):
    """Two unread and one read notification of the user, one of another user."""
    return {
        "meeting": NotificationFactory(
            recipient=user, title="关于召开县委常委会的通知", url="/test/tickets/1/"
        ),
        "report": NotificationFactory(recipient=user, title="请报送半年工作总结"),
        "read": NotificationFactory(recipient=user, title="已阅的防汛通知"),
        "foreign": NotificationFactory(recipient=other_user, title="乙县内部事项"),
    }


@pytest.fixture
def read_one(inbox, user):
    notification_mark_read(recipient=user, ids=[inbox["read"].pk])
    return inbox


def unread_titles(user) -> set[str]:
    return set(
        Notification.objects.filter(recipient=user, read_at__isnull=True).values_list(
            "title", flat=True
        )
    )


# --- Services ---------------------------------------------------------------------------


def test_notification_create_puts_it_in_the_inbox_only_when_no_channel_is_wanted(user):
    notification = notification_create(
        recipient=user, title="会议改期", body="改至周五上午", url="/test/tickets/2/"
    )

    assert list(user.notifications.all()) == [notification]
    assert (notification.title, notification.body, notification.url) == (
        "会议改期",
        "改至周五上午",
        "/test/tickets/2/",
    )
    assert not notification.is_read
    assert not Delivery.objects.exists()


def test_notification_create_queues_one_delivery_per_wanted_channel(user, settings):
    settings.NOTIFY_WEBHOOK_URL = "http://127.0.0.1:9/robot"
    ChannelPreference.objects.create(user=user, email=True, webhook=True)

    notification = notification_create(recipient=user, title="会议改期")

    assert set(notification.deliveries.values_list("channel", flat=True)) == {
        Channel.EMAIL,
        Channel.WEBHOOK,
    }


def test_email_is_not_queued_for_a_user_without_an_address(other_user):
    ChannelPreference.objects.create(user=other_user, email=True)

    notification_create(recipient=other_user, title="会议改期")

    assert not Delivery.objects.exists()


def test_notify_tells_each_active_person_once(user, other_user):
    retired = UserFactory(is_active=False)

    notify(recipients=[user, other_user, user, None, retired], title="全县安全生产会议")

    assert user.notifications.count() == 1
    assert other_user.notifications.count() == 1
    assert not retired.notifications.exists()


def test_mark_read_marks_only_the_given_notifications_of_that_recipient(inbox, user):
    marked = notification_mark_read(recipient=user, ids=[inbox["meeting"].pk, inbox["foreign"].pk])

    assert marked == 1
    assert unread_titles(user) == {"请报送半年工作总结", "已阅的防汛通知"}
    assert Notification.objects.get(pk=inbox["foreign"].pk).read_at is None


def test_mark_read_without_ids_marks_all_of_the_recipients(inbox, user, other_user):
    assert notification_mark_read(recipient=user) == 3
    assert unread_titles(user) == set()
    assert unread_titles(other_user) == {"乙县内部事项"}


# --- The inbox pages --------------------------------------------------------------------


def _inbox_page(client, **params) -> str:
    return client.get(reverse("notification_list"), params).content.decode()


def test_inbox_lists_only_the_users_own_notifications(client, read_one, user):
    client.force_login(user)

    page = _inbox_page(client)

    for title in ["关于召开县委常委会的通知", "请报送半年工作总结", "已阅的防汛通知"]:
        assert title in page
    assert "乙县内部事项" not in page


def test_inbox_unread_filter_hides_what_has_been_read(client, read_one, user):
    client.force_login(user)

    page = _inbox_page(client, show="unread")

    assert "关于召开县委常委会的通知" in page
    assert "请报送半年工作总结" in page
    assert "已阅的防汛通知" not in page


def test_inbox_search_finds_by_title(client, read_one, user):
    client.force_login(user)

    page = _inbox_page(client, q="常委会")

    assert "关于召开县委常委会的通知" in page
    assert "请报送半年工作总结" not in page
    assert "乙县内部事项" not in _inbox_page(client, q="乙县")


def test_opening_a_notification_marks_it_read_and_goes_to_its_record(client, inbox, user):
    client.force_login(user)

    response = client.get(reverse("notification_open", args=[inbox["meeting"].pk]))

    assert response.status_code == 302
    assert response["Location"] == "/test/tickets/1/"
    assert "关于召开县委常委会的通知" not in unread_titles(user)
    assert "请报送半年工作总结" in unread_titles(user)


def test_opening_a_notification_with_an_outside_link_stays_in_the_inbox(client, user):
    notification = NotificationFactory(recipient=user, url="https://evil.example.com/phish")
    client.force_login(user)

    response = client.get(reverse("notification_open", args=[notification.pk]))

    assert response["Location"] == reverse("notification_list")


def test_another_users_notification_cannot_be_opened(client, inbox, user, other_user):
    client.force_login(user)

    response = client.get(reverse("notification_open", args=[inbox["foreign"].pk]))

    assert response.status_code == 404
    assert unread_titles(other_user) == {"乙县内部事项"}


# --- The header badge -------------------------------------------------------------------

_BADGE = re.compile(r'id="unread-badge">\s*(\d+)\s*<')


def test_unread_badge_shows_the_count_and_disappears_after_mark_all_as_read(client, read_one, user):
    client.force_login(user)
    badge = _BADGE.search(client.get(reverse("home")).content.decode())
    assert badge is not None
    assert badge.group(1) == "2"

    response = client.post(reverse("notification_read_all"))

    assert response["Location"] == reverse("notification_list")
    assert 'id="unread-badge"' not in client.get(reverse("home")).content.decode()
    assert unread_titles(user) == set()


def test_mark_all_as_read_needs_a_post(client, inbox, user):
    client.force_login(user)

    response = client.get(reverse("notification_read_all"))

    assert response.status_code == 405
    assert len(unread_titles(user)) == 3


# --- The API ----------------------------------------------------------------------------

_API_LIST = "/api/v1/notifications/"


def test_api_lists_only_the_current_users_unread_notifications(client, read_one, user):
    client.force_login(user)

    response = client.get(_API_LIST, {"unread": "true"})

    assert response.status_code == 200
    titles = {row["title"] for row in response.json()["results"]}
    assert titles == {"关于召开县委常委会的通知", "请报送半年工作总结"}
    assert all(row["is_read"] is False for row in response.json()["results"])


def test_api_marks_one_notification_read(client, inbox, user):
    client.force_login(user)
    pk = inbox["report"].pk

    response = client.post(f"{_API_LIST}{pk}/mark-read/")

    assert response.status_code == 200
    assert response.json() == {"marked": 1}
    assert client.get(f"{_API_LIST}{pk}/").json()["is_read"] is True
    assert "请报送半年工作总结" not in unread_titles(user)


def test_api_hides_another_users_notification(client, inbox, user, other_user):
    client.force_login(user)
    pk = inbox["foreign"].pk

    assert client.get(f"{_API_LIST}{pk}/").status_code == 404
    assert client.post(f"{_API_LIST}{pk}/mark-read/").status_code == 404
    assert unread_titles(other_user) == {"乙县内部事项"}


def test_api_refuses_an_anonymous_caller(client, inbox):
    response = client.get(_API_LIST)

    assert response.status_code in (401, 403)
    assert "乙县内部事项" not in response.content.decode()


# --- Settings ---------------------------------------------------------------------------


def test_settings_page_saves_the_channels_and_new_notifications_use_them(client, user):
    client.force_login(user)
    assert client.get(reverse("notification_settings")).status_code == 200

    response = client.post(
        reverse("notification_settings"),
        {
            "email": "on",
            "webhook": "on",
            "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
        },
    )

    assert response["Location"] == reverse("notification_settings")
    preference = ChannelPreference.objects.get(user=user)
    assert (preference.email, preference.webhook) == (True, True)
    assert preference.webhook_url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"
    notification = notification_create(recipient=user, title="会议改期")
    assert set(notification.deliveries.values_list("channel", flat=True)) == {
        Channel.EMAIL,
        Channel.WEBHOOK,
    }


def test_settings_page_turns_email_off_again(client, user):
    ChannelPreference.objects.create(user=user, email=True)
    client.force_login(user)

    client.post(reverse("notification_settings"), {"webhook_url": ""})

    assert ChannelPreference.objects.get(user=user).email is False
    notification_create(recipient=user, title="会议改期")
    assert not Delivery.objects.exists()


def test_notification_settings_refuse_a_robot_address_on_another_host(client, settings):
    from tests.factories import UserFactory

    settings.NOTIFY_WEBHOOK_ALLOWED_HOSTS = ["qyapi.weixin.qq.com"]
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/notifications/settings/",
        {"webhook": "on", "webhook_url": "http://169.254.169.254/latest/meta-data/"},
    )

    assert response.status_code == 200  # the form again, with its error
    assert "qyapi.weixin.qq.com" in response.content.decode()
    assert not user.channel_preference.webhook_url
