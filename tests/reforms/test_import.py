"""Excel import of the year's key reform tasks through the core's pipeline: upload → preview
with every row's errors (nothing saved) → confirm, all rows or none."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from office.models import ImportBatch
from reforms.importer import TaskImporter
from reforms.models import KeyTask

from .conftest import frozen

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in TaskImporter.columns]
PLAN = "2026-03-31 | 出台方案 | 20\n2026-06-30 | 完成改革 | 30\n2026-11-30 | 总结评估 | 50"


@pytest.fixture(autouse=True)
def _today():
    with frozen(date(2026, 2, 2)):
        yield


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def xlsx(rows) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile("2026年重点改革任务.xlsx", output.getvalue())


def row(title="深化“放管服”改革", unit="甲城关镇", leader="", plan=PLAN, area="经济体制改革"):
    return [title, area, leader, unit, "甲财政局", "企业开办1日办结。", plan]


def preview(client, rows):
    response = client.post(reverse("reforms:import_upload"), {"file": xlsx(rows)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]), ImportBatch.objects.latest("pk")


def test_the_template_carries_the_columns_and_an_example(staff_client):
    response = staff_client.get(reverse("reforms:import_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert "【示例】" in sheet["A2"].value


def test_the_preview_shows_each_rows_errors_and_saves_nothing(staff_client, leader):
    page, batch = preview(
        staff_client,
        [
            row(leader="周振华"),
            row(title="推进国企改革", unit="不存在的局"),
            row(title="推进医共体建设", leader="李四"),
            row(title="深化预算改革", plan="2026-06-30 | 完成 | 60\n2026-11-30 | 总结 | 30"),
            row(title="推进宅基地改革", area="航天改革"),
        ],
    )
    errors = {r["row"]: " ".join(r["errors"]) for r in batch.rows}
    assert errors[2] == ""
    assert "不存在的局" in errors[3]
    assert "李四" in errors[4]
    assert "须合计为100" in errors[5]
    assert "航天改革" in errors[6]
    content = page.content.decode()
    for message in errors.values():
        if message:
            assert escape(message.split(" ")[0]) in content
    assert not KeyTask.objects.exists()
    assert reverse("reforms:import_confirm", args=[batch.pk]) not in content


def test_confirming_a_clean_file_enters_every_task_with_its_milestones(staff_client, leader):
    _page, batch = preview(staff_client, [row(leader="周振华"), row(title="推进国企改革")])
    response = staff_client.post(reverse("reforms:import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    tasks = KeyTask.objects.order_by("pk")
    assert [t.title for t in tasks] == ["深化“放管服”改革", "推进国企改革"]
    first = tasks[0]
    assert (first.year, first.area, first.lead_leader, first.lead_unit.name) == (
        2026,
        "economy",
        leader,
        "甲城关镇",
    )
    assert [m.weight for m in first.milestones.order_by("due_date")] == [20, 30, 50]
    assert [u.name for u in first.cooperating_units.all()] == ["甲财政局"]


def test_a_title_already_entered_this_year_is_flagged(staff_client, make_task):
    make_task(on=date(2026, 1, 5))
    _page, batch = preview(staff_client, [row()])
    assert "本年度已有同名的重点改革任务" in " ".join(batch.rows[0]["errors"])
