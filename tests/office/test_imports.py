"""The core's Excel import (office.imports), through the test-only ticket importer
(tests/testapp/importer.py): template → upload → preview of every row with its errors →
confirm, all rows or none, or discard. Files are built in memory with openpyxl."""

import io
import re
from datetime import date

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from office.imports import Column, Importer, template_workbook
from office.imports import progress as progress_module
from office.models import ImportBatch, ImportBatchStatus, ImportProgress
from office.roles import Role
from office.tasks import confirm_import_batch
from tests.testapp import services
from tests.testapp.importer import TicketImporter
from tests.testapp.models import Ticket

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
HEADERS = ["标题", "单位", "状态", "到期日期", "经办人"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        yield


def may_import(user):
    user.user_permissions.add(Permission.objects.get(codename="add_ticket"))
    return user


@pytest.fixture
def importer_a(make_user, county_a):
    return may_import(make_user(county_a["section"], Role.STAFF, name="张明"))


@pytest.fixture
def importer_b(make_user, county_b):
    return may_import(make_user(county_b["section"], Role.STAFF))


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_a(importer_a):
    return client_of(importer_a)


def xlsx(rows, headers=HEADERS, name="工单清单.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def url(action, *args):
    return reverse(f"ticket_import_{action}", args=args)


def upload(client, file):
    return client.post(url("upload"), {"file": file})


def preview(client, rows):
    response = upload(client, xlsx(rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get()
    return client.get(response["Location"]), batch


def row_html(page, number) -> str:
    """The preview's table row of that sheet row."""
    match = re.search(rf'<tr[^>]*data-row="{number}".*?</tr>', page.content.decode(), re.S)
    assert match, f"row {number} is not in the preview"
    return match.group(0)


def shows(html, text) -> bool:
    return escape(text) in html


# --- The template -------------------------------------------------------------------------------


def test_template_has_the_headers_dropdowns_and_an_instructions_sheet(client_a):
    response = client_a.get(url("template"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS
    [dropdown] = sheet.data_validations.dataValidation
    assert dropdown.type == "list"
    assert dropdown.formula1 == '"待处理,已提交"'
    assert "C2" in dropdown.sqref and "C500" in dropdown.sqref
    instructions = {
        row[0]: row[1:] for row in workbook["填写说明"].iter_rows(values_only=True) if row[0]
    }
    assert instructions["标题"][:2] == ("必填", "每行一张工单，标题不能重复。")
    assert instructions["状态"][0] == "选填"
    assert "待处理、已提交" in instructions["状态"][1]
    assert set(HEADERS) <= set(instructions)


def test_a_long_choice_list_still_gets_a_dropdown(importer_a):
    class ManyWords(Importer):
        title = "长列表"
        columns = (Column("kind", "类别", choices=tuple(f"第{n}类事务性工作" for n in range(60))),)

    workbook = openpyxl.load_workbook(
        io.BytesIO(template_workbook(ManyWords(actor=importer_a, today=TODAY)))
    )

    [dropdown] = workbook.worksheets[0].data_validations.dataValidation
    sheet_name, cells = dropdown.formula1.split("!")
    words = workbook[sheet_name.strip("'")]
    assert words.sheet_state == "hidden"
    offered = [row[0].value for row in words[cells.replace("$", "")]]
    assert offered == list(ManyWords.columns[0].choices)


# --- The preview --------------------------------------------------------------------------------


def test_preview_reports_every_rows_errors_with_row_numbers_and_column_names(client_a, county_a):
    rows = [
        ["巡查河道", "甲城关镇", "待处理", "2026-04-30", "张明"],
        ["清理杂物", "火星办", "待处理", "", ""],
        ["修缮围墙", "甲财政局", "已办结", "", ""],
        ["维护路灯", "甲财政局", "", "下月底", ""],
        ["整修花坛", "甲城关镇", "", "", "李四"],
        ["巡查河道", "甲财政局", "", "", ""],
        ["", "甲财政局", "", "", ""],
    ]
    page, batch = preview(client_a, rows)

    expected = {
        3: ("单位", "火星办"),
        4: ("状态", "已办结"),
        5: ("到期日期", "下月底"),
        6: ("经办人", "李四"),
        7: ("标题", "2"),
        8: ("标题", "标题"),
    }
    assert page.status_code == 200
    assert batch.error_count == len(expected)
    assert 'class="import-errors' not in row_html(page, 2)
    for number, (header, fragment) in expected.items():
        html = row_html(page, number)
        [stored] = [row for row in batch.rows if row["row"] == number]
        [message] = stored["errors"]
        assert fragment in message
        assert f"{header}</span>：" in html and shows(html, message)
        key = TicketImporter.columns[HEADERS.index(header)].key
        assert re.search(rf'class="[^"]*import-cell-bad[^"]*"\s+data-column="{key}"', html)
    assert "确认并导入" not in page.content.decode()
    assert Ticket.objects.count() == 0


def test_preview_can_show_only_the_rows_with_errors(client_a, county_a):
    _page, batch = preview(client_a, [["一", "甲城关镇"], ["二", "无此单位"]])

    page = client_a.get(url("preview", batch.pk), {"show": "errors"})

    assert 'data-row="3"' in page.content.decode()
    assert 'data-row="2"' not in page.content.decode()


# --- Confirmation -------------------------------------------------------------------------------


def test_nothing_is_saved_until_the_batch_is_confirmed(client_a, county_a, importer_a):
    rows = [
        ["巡查河道", "甲城关镇", "已提交", "2026/04/30", "张明"],
        ["清理杂物", "甲财政局", "", "", ""],
    ]
    page, batch = preview(client_a, rows)
    assert batch.status == ImportBatchStatus.PENDING
    assert Ticket.objects.count() == 0
    assert "确认并导入2行" in page.content.decode()

    response = client_a.post(url("confirm", batch.pk), follow=True)

    first, second = Ticket.objects.order_by("pk")
    assert (first.title, first.unit, first.status) == (
        "巡查河道",
        county_a["township"],
        Ticket.Status.SUBMITTED,
    )
    assert (first.due_on, first.assignee) == (date(2026, 4, 30), importer_a)
    assert (second.unit, second.status, second.due_on) == (
        county_a["department"],
        Ticket.Status.OPEN,
        None,
    )
    assert shows(response.content.decode(), "已导入2行。")
    for ticket in (first, second):
        assert reverse("ticket_detail", args=[ticket.pk]) in row_html(response, 2) + row_html(
            response, 3
        )
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.CONFIRMED


def test_confirm_saves_nothing_when_a_row_became_invalid_meanwhile(client_a, county_a):
    rows = [["一", "甲城关镇"], ["二", "甲财政局"], ["三", "甲城关镇"]]
    _page, batch = preview(client_a, rows)
    county_a["department"].is_active = False  # the unit of row 3 closed after the upload
    county_a["department"].save()

    response = client_a.post(url("confirm", batch.pk), follow=True)

    assert Ticket.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING
    assert [row["row"] for row in batch.rows if row["errors"]] == [3]
    assert shows(response.content.decode(), "部分数据行已失效")
    assert shows(row_html(response, 3), "甲财政局")
    assert "import-errors" in row_html(response, 3)


def test_a_failure_while_saving_one_row_saves_no_row(client_a, county_a, monkeypatch):
    _page, batch = preview(client_a, [[str(n), "甲城关镇"] for n in range(1, 5)])
    real_create = services.ticket_create

    def failing_on_the_third(**kwargs):
        if kwargs["title"] == "3":
            raise ValidationError("数据库暂时不可用")
        return real_create(**kwargs)

    monkeypatch.setattr(services, "ticket_create", failing_on_the_third)

    response = client_a.post(url("confirm", batch.pk), follow=True)

    assert Ticket.objects.count() == 0
    assert shows(response.content.decode(), "第4行")  # "Row 4" in Chinese, with the cause
    assert shows(response.content.decode(), "数据库暂时不可用")
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING


def test_a_batch_confirmed_twice_creates_nothing_the_second_time(client_a, county_a):
    _page, batch = preview(client_a, [["一", "甲城关镇"], ["二", "甲财政局"]])
    client_a.post(url("confirm", batch.pk))

    response = client_a.post(url("confirm", batch.pk), follow=True)

    assert Ticket.objects.count() == 2
    assert shows(response.content.decode(), "本次导入已确认。")


def test_a_discarded_batch_saves_nothing_and_cannot_be_confirmed(client_a, county_a):
    _page, batch = preview(client_a, [["一", "甲城关镇"]])

    response = client_a.post(url("discard", batch.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("upload")
    assert shows(response.content.decode(), "已放弃此次导入")
    client_a.post(url("confirm", batch.pk))
    assert Ticket.objects.count() == 0
    page = client_a.get(url("preview", batch.pk))
    assert "确认并导入" not in page.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.DISCARDED


# --- Files that cannot be imported --------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("工单.csv", b"a,b"),
            "仅支持导入Excel .xlsx文件。请下载模板并按模板填写。",
        ),
        (
            SimpleUploadedFile("工单.xlsx", b"plain text"),
            "无法读取该Excel文件。请另存为.xlsx格式后重试。",
        ),
        (xlsx([]), "文件中没有可导入的数据行。"),
        (
            xlsx([["一", "甲城关镇"]], headers=["标题", "状态"]),
            "第一个工作表缺少以下列：单位、到期日期。请保留模板的表头行：标题、单位、状态、到期日期、经办人。",
        ),
    ],
    ids=["not-xlsx", "broken-xlsx", "empty", "missing-columns"],
)
def test_a_file_that_cannot_be_imported_gets_a_chinese_message(client_a, file, message):
    response = upload(client_a, file)

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert shows(response.content.decode(), message)
    assert ImportBatch.objects.count() == 0


def test_too_many_rows_are_refused_with_the_limit_named(client_a, county_a, settings):
    settings.IMPORT_MAX_ROWS = 2

    response = upload(client_a, xlsx([[str(n), "甲城关镇"] for n in range(3)]))

    assert response.context["form"].errors["file"] == ["文件超过2行，请拆分为多个文件后分别导入。"]
    assert ImportBatch.objects.count() == 0


# --- Who may import -----------------------------------------------------------------------------


def test_another_countys_user_cannot_see_confirm_or_discard_the_batch(
    client_a, county_a, importer_b
):
    _page, batch = preview(client_a, [["一", "甲城关镇"]])
    other = client_of(importer_b)

    assert other.get(url("preview", batch.pk)).status_code == 404
    assert other.post(url("confirm", batch.pk)).status_code == 404
    assert other.post(url("discard", batch.pk)).status_code == 404
    assert Ticket.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING


def test_someone_without_the_importers_permission_cannot_import(client_a, county_a, make_user):
    _page, batch = preview(client_a, [["一", "甲城关镇"]])
    client = client_of(make_user(county_a["section"], Role.STAFF))

    assert client.get(url("upload")).status_code == 403
    assert client.get(url("template")).status_code == 403
    assert client.get(url("preview", batch.pk)).status_code == 403
    assert client.post(url("confirm", batch.pk)).status_code == 403
    assert Ticket.objects.count() == 0


def test_a_batch_opens_only_on_the_pages_of_its_own_importer(client_a, county_a):
    """The batch knows its importer: supervision's import pages, which this office staff
    member may use, do not open or confirm a list of tickets."""
    _page, batch = preview(client_a, [["一", "甲城关镇"]])
    assert batch.importer == TicketImporter.key

    assert client_a.get(reverse("supervision:import_preview", args=[batch.pk])).status_code == 404
    assert client_a.post(reverse("supervision:import_confirm", args=[batch.pk])).status_code == 404
    assert Ticket.objects.count() == 0


def test_two_importers_cannot_share_a_key():
    with pytest.raises(ImproperlyConfigured):

        class Impostor(Importer):
            key = TicketImporter.key


# --- Files built to exhaust the server ----------------------------------------------------------


def _repacked(file, **parts) -> SimpleUploadedFile:
    """The workbook with some of its zip parts' content replaced."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(file.read()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, parts.get(info.filename, source.read(info.filename)))
    return SimpleUploadedFile(file.name, output.getvalue())


def _refused(client, file) -> str:
    response = upload(client, file)
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 0
    [message] = response.context["form"].errors["file"]
    assert shows(response.content.decode(), message)
    return message


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_opened(
    client_a, county_a, monkeypatch
):
    """A small file with a part that unpacks to 25 MB (a shared-strings table so big is held
    in memory whole by openpyxl)."""
    plain = xlsx([["一", "甲城关镇"]])
    import zipfile

    part = "xl/worksheets/sheet1.xml"
    sheet_xml = zipfile.ZipFile(io.BytesIO(plain.read())).read(part)
    plain.seek(0)
    bomb = _repacked(plain, **{part: sheet_xml + b" " * (25 * 1024 * 1024)})
    assert bomb.size < 1024 * 1024
    opened = []
    monkeypatch.setattr(openpyxl.reader.excel, "ExcelReader", lambda *a, **k: opened.append(1) / 0)

    message = _refused(client_a, bomb)

    assert (
        message
        == "该工作簿解压后超过20 MB，远超一份待导入的清单。请把要导入的行复制到模板中再上传。"
    )
    assert not opened


def test_a_row_wider_than_the_column_limit_is_refused(client_a, county_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["一", "甲城关镇"])
    # An empty but present (formatted) cell far to the right.
    sheet.cell(row=2, column=150).font = openpyxl.styles.Font(bold=True)
    output = io.BytesIO()
    workbook.save(output)

    message = _refused(client_a, SimpleUploadedFile("工单.xlsx", output.getvalue()))

    assert message == "第2行超过100列。请把要导入的行复制到模板中再上传。"


def test_thousands_of_blank_but_present_rows_stop_at_the_row_limit(client_a, county_a, settings):
    settings.IMPORT_MAX_ROWS = 10
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["一", "甲城关镇"])
    for number in range(3, 5000):
        sheet.cell(row=number, column=1).font = openpyxl.styles.Font(bold=True)
    output = io.BytesIO()
    workbook.save(output)

    message = _refused(client_a, SimpleUploadedFile("工单.xlsx", output.getvalue()))

    assert message == "工作表超过25行（含空行）。请把要导入的行复制到模板中再上传。"


def test_a_sheet_with_more_cells_than_the_limit_is_refused(client_a, county_a, settings):
    settings.IMPORT_MAX_CELLS = 40

    message = _refused(client_a, xlsx([[str(n), "甲城关镇", "", "", "x"] for n in range(10)]))

    assert message == "工作表超过40个单元格。请把要导入的行复制到模板中再上传。"


# --- A big batch is confirmed in the background ------------------------------------------------
# The batch records how far it has got where the page sees it while the rows are still being
# saved in their one transaction.

BACKGROUND_ROWS = [
    ["巡查河道", "甲城关镇", "已提交", "2026/04/30", "张明"],
    ["清理杂物", "甲财政局", "", "", ""],
    ["修补路灯", "甲城关镇", "", "", ""],
]


def queue_big(client, django_capture_on_commit_callbacks):
    page, batch = preview(client, BACKGROUND_ROWS)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url("confirm", batch.pk), follow=True)
    batch.refresh_from_db()
    return response, batch, callbacks


@pytest.mark.django_db
def test_a_batch_over_the_limit_is_queued_and_the_page_shows_its_progress(
    client_a, county_a, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2

    response, batch, callbacks = queue_big(client_a, django_capture_on_commit_callbacks)

    assert len(callbacks) == 1  # the task, sent once the request's transaction commits
    assert Ticket.objects.count() == 0
    assert batch.status == ImportBatchStatus.PENDING and batch.is_running
    html = response.content.decode()
    assert "正在保存各行" in html
    assert f'hx-get="{url("progress", batch.pk)}"' in html
    assert "0/3行" in html.replace(" ", "").replace("\n", "")
    assert url("confirm", batch.pk) not in html  # no second confirmation while it runs
    poll = client_a.get(url("progress", batch.pk))
    assert poll.status_code == 200 and "HX-Refresh" not in poll
    # A second press is refused, not queued again.
    again = client_a.post(url("confirm", batch.pk), follow=True)
    assert "正在保存中" in again.content.decode()


@pytest.mark.django_db
def test_a_batch_within_the_limit_is_still_confirmed_at_once(
    client_a, county_a, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 3

    _response, batch, callbacks = queue_big(client_a, django_capture_on_commit_callbacks)

    assert not callbacks
    assert batch.status == ImportBatchStatus.CONFIRMED
    assert Ticket.objects.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_saves_every_row_and_the_progress_is_seen_while_it_runs(
    client_a, county_a, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    _response, batch, _callbacks = queue_big(client_a, django_capture_on_commit_callbacks)
    seen = []
    write = progress_module.ProgressWriter._write

    def write_and_look(writer, done):
        write(writer, done)
        # What another request (the page's poll) reads at that moment, from its own connection.
        other = connection.get_new_connection(connection.get_connection_params())
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT done, total FROM office_importprogress WHERE batch_id = %s", [batch.pk]
            )
            seen.append(cursor.fetchone())
        other.close()

    monkeypatch.setattr(progress_module.ProgressWriter, "_write", write_and_look)

    confirm_import_batch(batch.pk)  # what the worker runs

    assert seen == [(1, 3), (2, 3), (3, 3)]
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.CONFIRMED
    assert Ticket.objects.count() == 3
    assert ImportProgress.objects.get(batch=batch).percent == 100
    poll = client_a.get(url("progress", batch.pk))
    assert poll["HX-Refresh"] == "true"
    page = client_a.get(url("preview", batch.pk)).content.decode()
    for ticket in Ticket.objects.all():
        assert reverse("ticket_detail", args=[ticket.pk]) in page
    assert "hx-get" not in page


@pytest.mark.django_db
def test_a_refusal_in_the_task_is_shown_on_the_page_and_nothing_is_saved(
    client_a, county_a, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    _response, batch, _callbacks = queue_big(client_a, django_capture_on_commit_callbacks)
    # Meanwhile a unit of the list was closed: the rows are checked again when saved.
    county_a["department"].is_active = False
    county_a["department"].save()

    confirm_import_batch(batch.pk)

    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING and not batch.is_running
    assert batch.failure
    assert Ticket.objects.count() == 0
    page = client_a.get(url("preview", batch.pk))
    assert batch.failure in page.content.decode()
    assert ImportBatch.objects.count() == 1
