"""The health endpoint for load balancers, and the Chinese error pages that leak nothing."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def zh(message: str) -> str:
    """The Chinese the catalog gives for an English message; fails when there is none."""
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    assert CJK.search(text), f"no Chinese translation in the catalog for {message!r}"
    return text


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


# --- /healthz --------------------------------------------------------------------------------


def test_healthz_reports_database_ok_and_the_broker(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["broker_transport"] in ("redis", "filesystem")


def test_healthz_needs_no_login_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    class DeadConnection:
        def cursor(self):
            raise OSError("connection refused")

    monkeypatch.setattr("office.views.health.connection", DeadConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["status"] == "error"


def test_healthz_is_503_and_names_a_dead_broker(client, monkeypatch):
    from office.celery import app

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(app, "connection_for_write", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"


# --- 404 ----------------------------------------------------------------------------------------


def test_missing_record_renders_the_chinese_404_page(client, staff_a):
    client.force_login(staff_a)

    response = client.get("/org/units/999999/")

    assert response.status_code == 404
    html = response.content.decode()
    assert zh("Page not found") in title_of(response)
    assert escape(zh("The page or record does not exist, or you do not have access to it.")) in html
    assert "非涉密系统，严禁处理涉密信息" in html


def test_unknown_url_renders_the_chinese_404_page_for_anyone(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert zh("Page not found") in title_of(response)


def test_404_page_does_not_name_the_record_or_the_url_patterns(client, staff_b, county_a):
    client.force_login(staff_b)

    response = client.get(reverse("orgunit_detail", args=[county_a["township"].pk]))

    html = response.content.decode()
    assert response.status_code == 404
    assert "甲城关镇" not in html
    assert "orgunit_detail" not in html
    assert "No OrgUnit matches" not in html


# --- 403 ----------------------------------------------------------------------------------------


def test_forbidden_page_is_chinese(client, staff_a):
    client.force_login(staff_a)

    response = client.get(reverse("orgunit_add"))

    assert response.status_code == 403
    assert zh("Access denied") in title_of(response)


# --- 500 ----------------------------------------------------------------------------------------


@pytest.fixture
def broken_home(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr("office.views.home.render", explode)


def test_server_error_renders_the_chinese_500_page_without_a_traceback(
    settings, staff_a, broken_home
):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(staff_a)

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 500
    assert zh("Server error") in title_of(response)
    assert (
        escape(
            zh(
                "Something went wrong on our side. Nothing you entered was half-saved. Please try "
                "again later, or tell the system administrator the time this happened."
            )
        )
        in html
    )
    assert "Traceback" not in html
    assert "RuntimeError" not in html
    assert "secret-internal-detail" not in html
    assert "office/views/home.py" not in html


def test_server_error_page_renders_even_when_the_database_is_down(
    settings, broken_home, monkeypatch, staff_a
):
    """The 500 page must not need the database, which may be what failed."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(staff_a)
    real_cursor = BaseDatabaseWrapper.cursor
    calls = {"after_error": False}

    def explode(*args, **kwargs):
        calls["after_error"] = True
        raise RuntimeError("database gone")

    def cursor(self, *args, **kwargs):
        if calls["after_error"]:
            raise RuntimeError("database is down")
        return real_cursor(self, *args, **kwargs)

    monkeypatch.setattr("office.views.home.render", explode)
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", cursor)

    response = client.get(reverse("home"))

    assert response.status_code == 500
    assert zh("Server error") in title_of(response)
