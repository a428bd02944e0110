"""A list longer than EXPORT_BACKGROUND_ROWS is exported by a Celery task (office.exports): the
page shows its progress and offers the file, which holds what the list showed its owner and is
served to the owner alone. Shorter lists are still exported at once.

The core's own list of org units is the example here (each county sees its own units); the
supervision ledger's is in tests/supervision/test_background_export.py."""

import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from office.exports import ProgressWriter
from office.models import ExportJob, ExportStatus, OrgUnit
from office.roles import Role
from office.tasks import export_list

pytestmark = pytest.mark.django_db

LIST = reverse("orgunit_list")


def rows_of(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture(autouse=True)
def _morning():
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        yield


@pytest.fixture
def staff(make_user, county_a):
    return make_user(county_a["office"], Role.STAFF)


@pytest.fixture
def signed_in(client, staff):
    client.force_login(staff)
    return client


def start_export(client, capture, query=None):
    with capture(execute=False) as callbacks:
        response = client.get(LIST, {**(query or {}), "export": "xlsx"})
    return response, callbacks


def test_a_short_list_is_still_exported_at_once(signed_in, settings, county_a, county_b):
    settings.EXPORT_BACKGROUND_ROWS = 1000

    response = signed_in.get(LIST, {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ExportJob.objects.exists()


def test_a_long_list_goes_through_the_task_and_holds_exactly_what_the_user_sees(
    signed_in, staff, settings, county_a, county_b, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1000
    at_once = rows_of(signed_in.get(LIST, {"export": "xlsx", "sort": "name"}).content)
    settings.EXPORT_BACKGROUND_ROWS = 3

    response, callbacks = start_export(
        signed_in, django_capture_on_commit_callbacks, {"sort": "name"}
    )

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "export_job", args=[job.pk]
    )
    assert len(callbacks) == 1  # the task, sent once the request's transaction commits
    assert (job.owner, job.status, job.total) == (staff, ExportStatus.QUEUED, len(at_once) - 1)

    export_list(job.pk)  # what the worker runs

    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.done == job.total
    download = signed_in.get(reverse("export_download", args=[job.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    exported = rows_of(streamed(download))
    assert exported == at_once
    names = {row[0] for row in exported[1:]}
    county_b_units = set(
        OrgUnit.objects.filter(pk__in=[u.pk for u in county_b.values()]).values_list(
            "name", flat=True
        )
    )
    assert names and not names & county_b_units


def test_the_export_keeps_the_lists_filters(
    signed_in, settings, county_a, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1000
    query = {"q": "城关", "sort": "name"}
    at_once = rows_of(signed_in.get(LIST, {**query, "export": "xlsx"}).content)
    settings.EXPORT_BACKGROUND_ROWS = 0

    start_export(signed_in, django_capture_on_commit_callbacks, query)
    job = ExportJob.objects.get()
    export_list(job.pk)

    exported = rows_of(streamed(signed_in.get(reverse("export_download", args=[job.pk]))))
    assert exported == at_once
    assert len(exported) < OrgUnit.objects.count()


def test_nobody_else_sees_the_export_or_fetches_its_file(
    client,
    signed_in,
    make_user,
    county_a,
    county_b,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    start_export(signed_in, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    export_list(job.pk)
    urls = [reverse(name, args=[job.pk]) for name in ("export_job", "export_progress")]
    urls.append(reverse("export_download", args=[job.pk]))

    # A colleague of the same office, and the other county's director: not theirs.
    for other in (
        make_user(county_a["office"], Role.STAFF),
        make_user(county_b["office"], Role.DIRECTOR),
    ):
        client.force_login(other)
        for url in urls:
            assert client.get(url).status_code == 404, url
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_progress_endpoint_says_how_far_the_export_has_got(
    signed_in, settings, county_a, django_capture_on_commit_callbacks, monkeypatch
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    start_export(signed_in, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    progress_url = reverse("export_progress", args=[job.pk])
    before = signed_in.get(progress_url).json()
    seen = []
    write = ProgressWriter.__call__

    def write_and_poll(writer, done):
        writer.step = 2  # a few rows at a time, so the small list shows steps
        write(writer, done)
        seen.append(signed_in.get(progress_url).json())

    monkeypatch.setattr(ProgressWriter, "__call__", write_and_poll)

    export_list(job.pk)

    after = signed_in.get(progress_url).json()
    assert before["status"] == "queued" and before["done"] == 0
    assert before["total"] == job.total and before["download_url"] == ""
    running = [state for state in seen if state["status"] == "running"]
    assert running and all(s["total"] == job.total for s in running)
    assert [s["done"] for s in running] == sorted(s["done"] for s in running)
    assert 0 < max(s["done"] for s in running) <= job.total
    assert after["status"] == "done" and after["percent"] == 100
    assert after["done"] == after["total"] == job.total
    assert after["download_url"] == reverse("export_download", args=[job.pk])


def test_the_page_polls_while_the_file_is_written_then_offers_it(
    signed_in, settings, county_a, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    response, _callbacks = start_export(signed_in, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    page_url = reverse("export_job", args=[job.pk])
    download_url = reverse("export_download", args=[job.pk])

    waiting = signed_in.get(response["Location"]).content.decode()
    assert f'hx-get="{page_url}"' in waiting
    assert "正在后台导出" in waiting
    assert download_url not in waiting
    assert signed_in.get(download_url).status_code == 404  # not ready yet

    export_list(job.pk)

    ready = signed_in.get(page_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in ready  # the polling stops
    assert download_url in ready
    assert "<html" not in ready  # htmx gets the card alone


def test_asking_again_while_it_is_written_is_the_same_export(
    signed_in, settings, county_a, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1

    first, _ = start_export(signed_in, django_capture_on_commit_callbacks)
    second, callbacks = start_export(signed_in, django_capture_on_commit_callbacks)

    assert ExportJob.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert not callbacks  # no second task


def test_a_few_exports_at_a_time_and_then_a_clear_message(
    signed_in, settings, county_a, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    settings.EXPORT_RUNNING_LIMIT = 2
    for query in ({"sort": "name"}, {"sort": "-name"}):
        start_export(signed_in, django_capture_on_commit_callbacks, query)

    response, callbacks = start_export(signed_in, django_capture_on_commit_callbacks)

    assert ExportJob.objects.count() == 2 and not callbacks
    assert response.status_code == 302 and "export=" not in response["Location"]
    page = signed_in.get(response["Location"]).content.decode()
    assert "您已有2个导出正在生成" in page


def test_an_owner_who_may_no_longer_read_the_list_gets_no_file(
    signed_in, staff, settings, county_a, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    start_export(signed_in, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    staff.user_permissions.clear()
    staff.groups.clear()

    export_list(job.pk)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and not job.file
    assert job.failure == "您已无权查看此列表。"
