"""The ledger's Excel export above EXPORT_BACKGROUND_ROWS goes through the Celery task
(office.exports): a unit's liaison gets their unit's items in it and nothing else, the same
file the page would have given them at once."""

import io
from datetime import date

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from office.models import ExportJob, ExportStatus
from office.tasks import export_list

from .factories import ItemFactory

pytestmark = pytest.mark.django_db

LEDGER = reverse("supervision:item_list")


def rows_of(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture(autouse=True)
def _morning():
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        yield


@pytest.fixture
def items(county_a, county_b):
    township, department = county_a["township"], county_a["department"]
    own = [ItemFactory(lead_unit=township, registered_on=date(2026, 2, 2)) for _ in range(4)]
    cooperating = ItemFactory(lead_unit=department, registered_on=date(2026, 2, 3))
    cooperating.cooperating_units.add(township)
    others = [
        ItemFactory(lead_unit=department, registered_on=date(2026, 2, 4)),
        ItemFactory(lead_unit=county_b["township"], registered_on=date(2026, 2, 5)),
    ]
    return {"mine": {*(i.number for i in own), cooperating.number}, "others": others}


def test_a_liaisons_long_ledger_export_holds_their_units_items_only(
    client, liaison, items, settings, django_capture_on_commit_callbacks
):
    client.force_login(liaison)
    settings.EXPORT_BACKGROUND_ROWS = 1000
    at_once = rows_of(client.get(LEDGER, {"export": "xlsx"}).content)
    settings.EXPORT_BACKGROUND_ROWS = 2

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(LEDGER, {"export": "xlsx"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("export_job", args=[job.pk]) and len(callbacks) == 1
    export_list(job.pk)

    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.total == len(items["mine"])
    download = client.get(reverse("export_download", args=[job.pk]))
    exported = rows_of(b"".join(download.streaming_content))
    assert exported == at_once
    assert {row[0] for row in exported[1:]} == items["mine"]
    assert download["Content-Disposition"].endswith(".xlsx")


def test_the_director_cannot_fetch_the_liaisons_file(
    client, liaison, director, items, settings, django_capture_on_commit_callbacks
):
    client.force_login(liaison)
    settings.EXPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=False):
        client.get(LEDGER, {"export": "xlsx"})
    job = ExportJob.objects.get()
    export_list(job.pk)

    client.force_login(director)

    assert client.get(reverse("export_download", args=[job.pk])).status_code == 404
    assert client.get(reverse("export_progress", args=[job.pk])).status_code == 404
