"""Redis down does not take the site down: with the settings production derives from a
REDIS_URL nobody answers on, people sign in, read lists and records and write; /healthz says
503 so the compose health check and a monitor notice; what was queued goes out on the next
scan, which needs only PostgreSQL."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from office import reminders
from office.celery import app
from office.models import ChannelPreference, Delivery, DeliveryStatus, Todo
from office.settings.base import redis_settings
from supervision.models import Urge

from .factories import ItemFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
TODAY = date(2026, 3, 2)


@pytest.fixture
def dead_redis(settings, monkeypatch):
    # Celery reads Django's settings once, lazily: load them before they are changed here.
    monkeypatch.setitem(app.conf, "broker_url", DEAD_REDIS)
    for name, value in redis_settings(DEAD_REDIS).items():
        setattr(settings, name, value)
    settings.REDIS_URL = DEAD_REDIS


@pytest.fixture
def frozen():
    tz = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=tz), tick=False):
        yield


def test_signing_in_reading_and_writing_work_while_redis_is_down(
    dead_redis, frozen, staff, liaison, lead_unit, password, mailoutbox
):
    liaison.email = "li@example.gov.cn"
    liaison.save(update_fields=["email"])
    ChannelPreference.objects.create(user=liaison, email=True)
    item = ItemFactory(
        lead_unit=lead_unit, title="推进老旧小区改造", deadline=TODAY + timedelta(days=30)
    )
    client = Client()

    login = client.post(reverse("login"), {"username": staff.username, "password": password})
    assert login.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    listing = client.get(reverse("supervision:item_list"))
    assert listing.status_code == 200
    assert "推进老旧小区改造" in listing.content.decode()
    assert client.get(reverse("supervision:item_detail", args=[item.pk])).status_code == 200

    urge = client.post(
        reverse("supervision:item_urge", args=[item.pk]), {"message": "请于本周内反馈"}
    )
    todo = client.post(reverse("todo_add"), {"title": "准备汇报材料"})

    assert urge.status_code == 302
    assert todo.status_code == 302
    assert Urge.objects.get(item=item).message == "请于本周内反馈"
    assert Todo.objects.get(owner=staff).title == "准备汇报材料"
    assert cache.get("anything") is None  # a miss, not an error
    # The urge's e-mail waits in PostgreSQL; the next scan sends it (it needs no Redis).
    assert Delivery.objects.get().status == DeliveryStatus.PENDING
    reminders.scan()
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert "请于本周内反馈" in mailoutbox[0].body


def test_healthz_is_503_and_names_the_broker_while_redis_is_down(dead_redis, client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"
