"""What ``make bench`` runs (office/bench.py, ``manage.py bench``): gunicorn with the
production settings on loopback, started and stopped by the bench, serving the floor to a
session signed in with both factors; the services it asks for when they are missing."""

import json
import os
import socket

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import override_settings
from django.urls import Resolver404, resolve
from django_otp.plugins.otp_totp.models import TOTPDevice

from office.bench import DEVICE_NAME, Stack, database_url, sign_in, sign_out
from office.models import OrgUnit, OrgUnitKind
from office.roles import Role
from tests.factories import UserFactory, build_county

FLOOR = "/__bench__/floor/"

needs_services = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql") or not settings.REDIS_URL,
    reason="the production stack needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)",
)


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def test_the_floor_is_not_in_the_production_url_configuration():
    with pytest.raises(Resolver404):
        resolve(FLOOR, urlconf="office.urls")
    assert resolve(FLOOR, urlconf="office.bench").url_name == "bench_floor"


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_with_the_production_settings_serves_the_floor_and_stops(tmp_path):
    county = build_county("测试")
    director = UserFactory(username="director", org_unit=county["office"], roles=[Role.DIRECTOR])
    stack = Stack(
        database_url=database_url(connection.settings_dict),
        redis_url=settings.REDIS_URL,
        workers=1,
        log_path=tmp_path / "gunicorn.log",
        static=False,
    )
    with override_settings(SECRET_KEY=stack.secret_key, TWO_FACTOR_REQUIRED=True):
        session, device = sign_in(director)
    # Another run's temporary authenticator: not this run's to delete.
    other = TOTPDevice.objects.create(user=director, name=DEVICE_NAME, confirmed=True)
    assert TOTPDevice.objects.filter(pk=device, user=director, name=DEVICE_NAME).exists()

    with stack:
        master = stack.process.pid
        status, body, ms = stack.get(FLOOR, session)
        assert (status, body.decode()) == (200, "测试县委办")
        assert ms > 0
        # Without a session: the sign-in page, not the floor.
        assert stack.get(FLOOR)[0] == 302
        # Plain HTTP not from the TLS proxy: production's redirect to HTTPS is still there.
        assert stack.get(FLOOR, session, proxy=False)[0] == 301

    assert stack.process is None
    with pytest.raises(ProcessLookupError):
        os.killpg(master, 0)  # the master and its workers are gone
    assert refused(stack.port)

    sign_out([session], [device])
    assert not Session.objects.filter(session_key=session).exists()
    assert list(TOTPDevice.objects.filter(name=DEVICE_NAME)) == [other]


@needs_services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_bench_times_the_floors_over_http_and_leaves_no_session_behind(tmp_path, capsys):
    city = OrgUnit.objects.create(name="市委办", kind=OrgUnitKind.CITY_OFFICE)
    county = build_county("测试", parent=city)
    UserFactory(username="director", org_unit=county["office"], roles=[Role.DIRECTOR])
    UserFactory(username="unit_liaison", org_unit=county["department"], roles=[Role.UNIT_LIAISON])
    UserFactory(username="city_staff", org_unit=city, roles=[Role.STAFF])
    output = tmp_path / "bench.json"

    call_command(
        "bench",
        "--only=no page but the floors",
        "--rounds=2",
        "--concurrency=3",
        "--workers=1",
        f"--json={output}",
    )

    result = json.loads(output.read_text())
    assert result["mode"] == "gunicorn"
    assert result["settings"] == "office.settings.bench"
    floors = {row["page"]: row for row in result["pages"]}
    assert set(floors) == {
        "floor (director)",
        "floor (liaison)",
        "floor (city)",
        "floor (admin)",
    }
    for row in floors.values():
        assert row["requests"] == 6  # two rounds of three concurrent clients
        assert row["p50_ms"] > 0 and row["floor_ratio"] == 1.0
    assert "floor (director)" in capsys.readouterr().out
    # Signed out afterwards: no bench session, no temporary second factor.
    assert not TOTPDevice.objects.filter(name=DEVICE_NAME).exists()
    assert not Session.objects.exists()


def test_without_redis_the_bench_says_how_to_start_it(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "")
    with pytest.raises(CommandError) as refused_run:
        call_command("bench", "--check-services")
    message = str(refused_run.value)
    assert "REDIS_URL" in message
    assert "docker compose up -d redis" in message
    assert "--in-process" in message


def test_a_redis_that_does_not_answer_is_named(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    with pytest.raises(CommandError, match=r"Redis at redis://127.0.0.1:1/0 does not answer"):
        call_command("bench", "--check-services")


@pytest.mark.django_db
def test_the_reminder_scan_is_timed_on_a_working_day_and_rolled_back():
    from datetime import date

    from office.bench import scan_day, time_reminder_scan
    from office.models import Holiday, Notification, Reminder
    from tests.factories import TodoFactory

    # A year on from Friday 2026-10-02 is a Saturday; the Monday after is a holiday here.
    Holiday.objects.create(date=date(2027, 10, 4), name="国庆节")
    day = scan_day(date(2026, 10, 2))
    assert day == date(2027, 10, 5)
    TodoFactory.create_batch(3, due_date=day)

    scan = time_reminder_scan(day)

    assert scan["reminders"] == 3 and scan["day"] == day.isoformat()
    assert scan["seconds"] >= 0 and scan["queries"] > 0
    # Nothing the bench scanned stays: no reminder, no notification.
    assert not Reminder.objects.exists() and not Notification.objects.exists()
