"""Excel import of the lists higher levels send: template → upload → preview of every row
with its errors → confirm, all rows or none. Files are built in memory with openpyxl."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from office.imports import import_batch_confirm
from office.models import ImportBatch, Notification, NumberSequence, OrgUnit, OrgUnitKind
from office.roles import Role
from supervision import services
from supervision.choices import ItemStatus, ReportCycle, SourceKind, Urgency
from supervision.models import Item

from .conftest import frozen

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
HEADERS = [
    "标题",
    "来源",
    "交办内容",
    "牵头单位",
    "配合单位",
    "办理时限",
    "紧急程度",
    "批示领导",
    "批示日期",
]
# Lists made before the two instruction columns existed.
OLD_HEADERS = HEADERS[:7]
# The template's columns today: the register form's handling fields and 立即交办 after those.
TEMPLATE_HEADERS = [*HEADERS, "责任人", "反馈周期", "来源文号", "立即交办"]


@pytest.fixture(autouse=True)
def _today():
    with frozen(TODAY):
        yield


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def xlsx(rows, headers=HEADERS, name="上级交办事项清单.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def good_row(title="推进老旧小区改造", unit="甲城关镇", deadline="2026-06-30", **overrides):
    row = {
        "title": title,
        "source": "上级交办",
        "instruction": "月底前完成摸底。",
        "lead": unit,
        "cooperating": "",
        "deadline": deadline,
        "urgency": "一般",
        "leader": "",
        "instruction_date": "",
    }
    row.update(overrides)
    return list(row.values())


def upload(client, file):
    return client.post(reverse("supervision:import_upload"), {"file": file})


def preview(client, rows):
    """Upload rows; return the preview page and the batch."""
    response = upload(client, xlsx(rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get()
    return client.get(response["Location"]), batch


def shows(response, text) -> bool:
    return escape(text) in response.content.decode()


def assert_one_bad_row(client, rows, bad_row_number, column, *fragments):
    """The preview flags exactly that row (that cell), shows why, and nothing is saved."""
    page, batch = preview(client, rows)
    assert page.status_code == 200
    flagged = [row for row in batch.rows if row["errors"]]
    assert [row["row"] for row in flagged] == [bad_row_number]
    assert column in flagged[0]["bad"]
    for error in flagged[0]["errors"]:
        assert shows(page, error)
    for fragment in fragments:
        assert any(fragment in error for error in flagged[0]["errors"])
    assert Item.objects.count() == 0
    assert f'data-row="{bad_row_number}"' in page.content.decode()
    assert not shows(page, reverse("supervision:import_confirm", args=[batch.pk]))
    return batch


# --- The template -------------------------------------------------------------------------------


def test_template_has_the_headers_an_example_and_instructions(staff_client):
    response = staff_client.get(reverse("supervision:import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == TEMPLATE_HEADERS
    assert rows[1][0].startswith("【示例】")
    assert rows[1][3] in {u.name for u in OrgUnit.objects.all()} | {
        u.short_name for u in OrgUnit.objects.all()
    }
    instructions = "\n".join(
        str(cell) for row in workbook["填写说明"].iter_rows(values_only=True) for cell in row
    )
    for header in HEADERS:
        assert header in instructions


def test_template_filled_in_imports_without_errors(staff_client, lead_unit, other_unit):
    template = staff_client.get(reverse("supervision:import_template")).content
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    sheet.append(good_row("推进老旧小区改造"))
    sheet.append(good_row("整治河道", unit="甲财政局", deadline=datetime(2026, 5, 31)))
    output = io.BytesIO()
    workbook.save(output)

    response = upload(staff_client, SimpleUploadedFile("模板.xlsx", output.getvalue()))

    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("supervision:import_preview", args=[batch.pk])
    # The example row is never imported; the two rows typed in are, without an error.
    assert [row["values"]["title"] for row in batch.rows] == ["推进老旧小区改造", "整治河道"]
    assert batch.error_count == 0


# --- Each kind of bad row ----------------------------------------------------------------------


def test_preview_flags_an_unknown_unit(staff_client):
    assert_one_bad_row(
        staff_client,
        [good_row("一"), good_row("二", unit="不存在的局")],
        3,
        "lead_unit",
        "不存在的局",
    )


def test_preview_flags_an_unknown_cooperating_unit(staff_client):
    assert_one_bad_row(
        staff_client,
        [good_row(cooperating="甲财政局、火星办")],
        2,
        "cooperating_units",
        "火星办",
    )


def test_preview_flags_a_unit_of_another_county(staff_client, county_b):
    """乙城关镇 exists, but in county B: for county A's office it is an unknown unit."""
    assert_one_bad_row(staff_client, [good_row(unit="乙城关镇")], 2, "lead_unit", "乙城关镇")


def test_preview_flags_a_bad_date(staff_client):
    assert_one_bad_row(
        staff_client, [good_row(deadline="下月底"), good_row("二")], 2, "deadline", "下月底"
    )


def test_preview_flags_an_impossible_date(staff_client):
    assert_one_bad_row(staff_client, [good_row(deadline="2026-02-30")], 2, "deadline")


def test_preview_flags_a_deadline_in_the_past(staff_client):
    assert_one_bad_row(staff_client, [good_row(deadline="2026/03/01")], 2, "deadline", "2026-03-01")


def test_preview_flags_a_duplicate_of_an_existing_item(staff_client, make_item, lead_unit):
    existing = make_item(on=TODAY, title="推进老旧小区改造", lead_unit=lead_unit)
    before = Item.objects.count()
    page, batch = preview(staff_client, [good_row("推进老旧小区改造")])
    assert batch.rows[0]["bad"] == ["title"]
    assert existing.number in batch.rows[0]["errors"][0]
    assert shows(page, batch.rows[0]["errors"][0])
    assert Item.objects.count() == before


def test_preview_flags_a_duplicate_within_the_file(staff_client):
    batch = assert_one_bad_row(
        staff_client,
        [good_row("推进老旧小区改造"), good_row("整治河道"), good_row(" 推进老旧小区改造 ")],
        4,
        "title",
    )
    assert "2" in batch.rows[2]["errors"][0]


def test_same_title_for_another_lead_unit_is_not_a_duplicate(staff_client):
    _page, batch = preview(
        staff_client, [good_row("推进改造"), good_row("推进改造", unit="甲财政局")]
    )
    assert batch.error_count == 0


def test_preview_flags_an_unknown_source(staff_client):
    assert_one_bad_row(staff_client, [good_row(source="小道消息")], 2, "source", "小道消息")


def test_preview_flags_an_unknown_urgency(staff_client):
    assert_one_bad_row(staff_client, [good_row(urgency="十万火急")], 2, "urgency", "十万火急")


def test_preview_flags_a_missing_title(staff_client):
    assert_one_bad_row(staff_client, [good_row("一"), good_row("")], 3, "title")


def test_preview_flags_a_missing_lead_unit(staff_client):
    assert_one_bad_row(staff_client, [good_row(unit="")], 2, "lead_unit")


def test_preview_flags_an_instruction_without_its_text(staff_client):
    assert_one_bad_row(
        staff_client, [good_row(source="领导批示", instruction="")], 2, "instruction"
    )


def test_preview_can_show_only_the_rows_with_errors(staff_client):
    _page, batch = preview(staff_client, [good_row("一"), good_row("二", unit="无此单位")])
    page = staff_client.get(
        reverse("supervision:import_preview", args=[batch.pk]), {"show": "errors"}
    )
    assert 'data-row="3"' in page.content.decode()
    assert 'data-row="2"' not in page.content.decode()


# --- What is accepted --------------------------------------------------------------------------


def test_dates_in_every_usual_form_and_short_unit_names_are_read(staff_client, other_unit):
    other_unit.short_name = "县财政局"
    other_unit.save()
    rows = [
        good_row("一", deadline=datetime(2026, 12, 31)),
        good_row("二", deadline="2026-12-31"),
        good_row("三", deadline="2026/12/31"),
        good_row("四", deadline="2026年12月31日"),
        good_row("五", unit=" 县 财政局 ", deadline="2026.12.31"),
    ]
    _page, batch = preview(staff_client, rows)
    assert batch.error_count == 0
    assert {row["values"]["deadline"] for row in batch.rows} == {"2026-12-31"}
    assert batch.rows[4]["values"]["lead_unit_id"] == other_unit.pk


def test_sources_and_urgencies_in_chinese_words_are_read(staff_client):
    rows = [
        good_row("一", source="上级交办", urgency="一般"),
        good_row(
            "二", source="领导批示", urgency="紧急", leader="周振华", instruction_date="2026-05-01"
        ),
        good_row("三", source="会议决定", urgency="疑难"),
        good_row("四", source="公文", urgency=""),
        good_row("五", source="重点工作"),
        good_row("六", source=""),
    ]
    _page, batch = preview(staff_client, rows)
    assert batch.error_count == 0
    assert [row["values"]["source_kind"] for row in batch.rows] == [
        SourceKind.HIGHER_LEVEL,
        SourceKind.INSTRUCTION,
        SourceKind.MEETING,
        SourceKind.DOCUMENT,
        SourceKind.KEY_WORK,
        SourceKind.HIGHER_LEVEL,
    ]
    assert [row["values"]["urgency"] for row in batch.rows[:4]] == [
        Urgency.NORMAL,
        Urgency.URGENT,
        Urgency.HARD,
        Urgency.NORMAL,
    ]


def test_a_blank_deadline_takes_the_time_limit_of_the_source(staff_client):
    page, batch = preview(staff_client, [good_row(deadline=None)])
    expected = services.proposed_deadline(
        source_kind=SourceKind.HIGHER_LEVEL, urgency=Urgency.NORMAL, start=TODAY
    )
    assert batch.error_count == 0
    assert batch.rows[0]["values"]["proposed_deadline"] == expected.isoformat()
    assert shows(page, expected.isoformat())


# --- Files that cannot be read -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("清单.docx", b"PK\x03\x04 not a workbook"),
            "Only Excel .xlsx files can be imported. Download the template and fill it in.",
        ),
        (
            SimpleUploadedFile("清单.xls", b"\xd0\xcf\x11\xe0old"),
            "This is an old .xls file. Open it in Excel or WPS, save it as .xlsx and upload again.",
        ),
        (
            SimpleUploadedFile("清单.xlsx", b"this is plain text"),
            "The file could not be read as an Excel workbook. Save it as .xlsx and try again.",
        ),
        (xlsx([]), "The file has no rows to import."),
    ],
    ids=["not-excel", "old-xls", "broken-xlsx", "empty"],
)
def test_a_file_that_cannot_be_imported_gets_a_message_on_the_form(staff_client, file, message):
    response = upload(staff_client, file)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [gettext(message)]
    assert shows(response, gettext(message))
    assert ImportBatch.objects.count() == 0
    assert Item.objects.count() == 0


def test_wrong_headers_get_a_message_naming_the_missing_columns(staff_client):
    response = upload(staff_client, xlsx([["x"] * 6], headers=HEADERS[:3] + HEADERS[4:]))
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert "牵头单位" in error
    assert shows(response, error)
    assert ImportBatch.objects.count() == 0


def test_a_title_row_above_the_headers_is_allowed(staff_client):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2026年第一批上级督办事项清单"])
    sheet.append(HEADERS)
    sheet.append(good_row())
    output = io.BytesIO()
    workbook.save(output)
    upload(staff_client, SimpleUploadedFile("清单.xlsx", output.getvalue()))
    batch = ImportBatch.objects.get()
    assert batch.error_count == 0
    assert batch.rows[0]["row"] == 3


# --- Confirmation -------------------------------------------------------------------------------


def test_confirming_a_good_file_registers_every_row(staff_client, lead_unit, other_unit):
    rows = [
        good_row("推进老旧小区改造", cooperating="甲财政局"),
        good_row("整治河道", unit="甲财政局", deadline=datetime(2026, 5, 31), urgency="紧急"),
        good_row("建设便民服务中心", deadline="2026年9月30日"),
    ]
    _page, batch = preview(staff_client, rows)

    response = staff_client.post(
        reverse("supervision:import_confirm", args=[batch.pk]), follow=True
    )

    items = list(Item.objects.order_by("sequence"))
    assert [i.number for i in items] == ["督〔2026〕1号", "督〔2026〕2号", "督〔2026〕3号"]
    assert [i.title for i in items] == ["推进老旧小区改造", "整治河道", "建设便民服务中心"]
    assert [i.lead_unit for i in items] == [lead_unit, other_unit, lead_unit]
    assert [i.deadline for i in items] == [date(2026, 6, 30), date(2026, 5, 31), date(2026, 9, 30)]
    assert list(items[0].cooperating_units.all()) == [other_unit]
    assert items[1].urgency == Urgency.URGENT
    assert {i.status for i in items} == {ItemStatus.REGISTERED}
    # The file's name is not the items' source reference: a blank 来源文号 stays blank.
    assert {i.source_reference for i in items} == {""}
    batch.refresh_from_db()
    assert batch.confirmed_at is not None
    # The preview now links every row to its item.
    for item in items:
        assert shows(response, item.number)
        assert shows(response, reverse("supervision:item_detail", args=[item.pk]))


def test_a_failure_during_confirmation_saves_nothing(staff_client, monkeypatch):
    _page, batch = preview(staff_client, [good_row(str(n)) for n in range(1, 6)])
    real_register = services.item_register
    calls = []

    def failing_on_the_third(**kwargs):
        calls.append(kwargs["data"].title)
        if len(calls) == 3:
            raise ValidationError("数据库暂时不可用")
        return real_register(**kwargs)

    monkeypatch.setattr(services, "item_register", failing_on_the_third)

    response = staff_client.post(
        reverse("supervision:import_confirm", args=[batch.pk]), follow=True
    )

    assert calls == ["1", "2", "3"]
    assert Item.objects.count() == 0
    batch.refresh_from_db()
    assert batch.confirmed_at is None
    assert all(row["item_id"] is None for row in batch.rows)
    assert shows(response, "数据库暂时不可用")
    # The two numbers taken before the failure were given back: no gap in the series.
    assert not NumberSequence.objects.filter(last__gt=0).exists()

    monkeypatch.undo()
    staff_client.post(reverse("supervision:import_confirm", args=[batch.pk]))
    assert [i.number for i in Item.objects.order_by("sequence")][:1] == ["督〔2026〕1号"]
    assert Item.objects.count() == 5


def test_a_batch_cannot_be_confirmed_twice(staff_client):
    _page, batch = preview(staff_client, [good_row("一"), good_row("二")])
    url = reverse("supervision:import_confirm", args=[batch.pk])
    staff_client.post(url)
    response = staff_client.post(url, follow=True)
    assert Item.objects.count() == 2
    assert shows(response, gettext("This import has already been confirmed."))
    with pytest.raises(ValidationError):
        import_batch_confirm(actor=response.wsgi_request.user, batch=batch)
    assert Item.objects.count() == 2


def test_a_batch_with_errors_cannot_be_confirmed(staff_client):
    _page, batch = preview(staff_client, [good_row("一"), good_row("二", unit="无此单位")])
    response = staff_client.post(
        reverse("supervision:import_confirm", args=[batch.pk]), follow=True
    )
    assert Item.objects.count() == 0
    assert response.status_code == 200
    batch.refresh_from_db()
    assert batch.confirmed_at is None


def test_rows_that_became_duplicates_after_upload_are_refused(staff_client, make_item):
    _page, batch = preview(staff_client, [good_row("一"), good_row("推进老旧小区改造")])
    make_item(on=TODAY, title="推进老旧小区改造")  # someone registered it meanwhile
    before = Item.objects.count()

    response = staff_client.post(
        reverse("supervision:import_confirm", args=[batch.pk]), follow=True
    )

    assert Item.objects.count() == before
    batch.refresh_from_db()
    assert batch.confirmed_at is None
    assert [row["row"] for row in batch.rows if row["errors"]] == [3]
    assert shows(response, batch.rows[1]["errors"][0])


# --- Who may import ----------------------------------------------------------------------------


def test_a_liaison_cannot_import(liaison, staff_client):
    _page, batch = preview(staff_client, [good_row()])
    client = Client()
    client.force_login(liaison)
    assert client.get(reverse("supervision:import_upload")).status_code == 403
    assert client.get(reverse("supervision:import_template")).status_code == 403
    assert (
        client.post(reverse("supervision:import_upload"), {"file": xlsx([good_row()])}).status_code
        == 403
    )
    assert client.get(reverse("supervision:import_preview", args=[batch.pk])).status_code == 403
    assert client.post(reverse("supervision:import_confirm", args=[batch.pk])).status_code == 403
    assert Item.objects.count() == 0
    assert ImportBatch.objects.count() == 1


def test_another_countys_office_cannot_see_or_confirm_the_batch(staff_client, staff_b_office):
    _page, batch = preview(staff_client, [good_row()])
    client = Client()
    client.force_login(staff_b_office)
    assert client.get(reverse("supervision:import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("supervision:import_confirm", args=[batch.pk])).status_code == 404
    assert Item.objects.count() == 0


def test_an_anonymous_visitor_is_sent_to_log_in():
    response = Client().get(reverse("supervision:import_upload"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_unit_matching_two_units_by_short_name_is_ambiguous(staff_client, county_a):
    for name in ("甲青山镇", "甲河口镇"):
        OrgUnit.objects.create(
            name=name, short_name="山镇", kind=OrgUnitKind.TOWNSHIP, parent=county_a["committee"]
        )
    assert_one_bad_row(staff_client, [good_row(unit="山镇")], 2, "lead_unit", "山镇")


def test_an_instruction_row_without_its_leader_and_date_is_flagged(staff_client):
    page, batch = preview(staff_client, [good_row("批示件", source="领导批示")])

    assert batch.error_count == 1
    assert batch.rows[0]["bad"] == ["leader", "instruction_date"]
    assert Item.objects.count() == 0


def test_an_instruction_row_keeps_its_leader_and_date(staff_client):
    row = good_row("批示件", source="领导批示", leader="周振华", instruction_date="2026/05/01")
    page, batch = preview(staff_client, [row])
    assert shows(page, "周振华")  # the preview shows the leader in its own column
    staff_client.post(reverse("supervision:import_confirm", args=[batch.pk]))

    item = Item.objects.get()
    assert (item.instructing_leader, item.instruction_date.isoformat()) == ("周振华", "2026-05-01")


def test_a_list_without_the_instruction_columns_still_imports(staff_client):
    response = upload(staff_client, xlsx([good_row()[:7]], headers=OLD_HEADERS))

    assert response.status_code == 302
    assert ImportBatch.objects.get().error_count == 0


def test_a_unit_named_like_a_formula_is_text_in_the_templates_example_row(staff_client, county_a):
    """The example row names the office's own units: "=HYPERLINK(...)" was a live formula."""
    name = '=HYPERLINK("http://example.invalid","点此")'
    OrgUnit.objects.filter(pk=county_a["department"].pk).update(sort_order=5)
    OrgUnit.objects.create(name=name, kind=OrgUnitKind.DEPARTMENT, parent=county_a["committee"])

    response = staff_client.get(reverse("supervision:import_template"))

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert workbook.worksheets[0]["D2"].value == "'" + name


def test_the_handling_columns_fill_the_items_and_assign_them_in_the_same_confirmation(
    staff_client, lead_unit, make_user
):
    liaison = make_user(lead_unit, Role.UNIT_LIAISON, name="城关镇联络员")
    rows = [
        [*good_row("推进老旧小区改造"), "李明", "每月", "市委督查室〔2026〕12号", "是"],
        [*good_row("整治河道"), "", "", "", ""],
    ]
    upload(staff_client, xlsx(rows, headers=TEMPLATE_HEADERS, name="十二月清单.xlsx"))
    batch = ImportBatch.objects.get()

    response = staff_client.post(
        reverse("supervision:import_confirm", args=[batch.pk]), follow=True
    )

    assigned, kept = Item.objects.order_by("sequence")
    assert (assigned.responsible_person, assigned.report_cycle, assigned.source_reference) == (
        "李明",
        ReportCycle.MONTHLY,
        "市委督查室〔2026〕12号",
    )
    assert assigned.status == ItemStatus.ASSIGNED
    assert Notification.objects.filter(recipient=liaison, url=assigned.get_absolute_url()).exists()
    assert (kept.status, kept.report_cycle, kept.source_reference) == (
        ItemStatus.REGISTERED,
        ReportCycle.ONCE,
        "",
    )
    with translation.override("zh-hans"):
        told = _("%(count)d of them assigned to their lead units.") % {"count": 1}
    assert shows(response, told)


def test_an_unknown_report_cycle_is_flagged_in_its_cell(staff_client):
    rows = [[*good_row(), "", "每季", "", ""]]
    with translation.override("zh-hans"):
        message = _("Unknown report cycle: %(value)s. Use one of %(choices)s.") % {
            "value": "每季",
            "choices": "一次性、每周、每两周、每月",
        }
    response = upload(staff_client, xlsx(rows, headers=TEMPLATE_HEADERS))
    page = staff_client.get(response["Location"])
    assert shows(page, message)
    assert Item.objects.count() == 0


# --- 导入后立即交办: one box on the preview for every row ----------------------------------


def test_ticking_assign_on_importing_assigns_every_row_in_the_same_confirmation(
    staff_client, lead_unit, other_unit, make_user
):
    liaison = make_user(lead_unit, Role.UNIT_LIAISON, name="城关镇联络员")
    other = make_user(other_unit, Role.UNIT_LIAISON, name="财政局联络员")
    rows = [
        [*good_row("推进老旧小区改造"), "", "", "", "否"],
        [*good_row("整治河道", unit="甲财政局"), "", "", "", ""],
    ]
    upload(staff_client, xlsx(rows, headers=TEMPLATE_HEADERS))
    batch = ImportBatch.objects.get()
    page = staff_client.get(reverse("supervision:import_preview", args=[batch.pk]))
    # The box is there, unticked (the file assigns no row), and the page says what it does.
    html = page.content.decode()
    assert 'name="assign_all"' in html and "checked" not in html.split('name="assign_all"')[1][:80]
    with translation.override("zh-hans"):
        assert shows(page, _("Assign on importing"))

    response = staff_client.post(
        reverse("supervision:import_confirm", args=[batch.pk]), {"assign_all": "on"}, follow=True
    )

    items = list(Item.objects.order_by("sequence"))
    assert [item.status for item in items] == [ItemStatus.ASSIGNED, ItemStatus.ASSIGNED]
    for item, person in zip(items, (liaison, other), strict=True):
        assert Notification.objects.filter(recipient=person, url=item.get_absolute_url()).exists()
    with translation.override("zh-hans"):
        told = _("%(count)d of them assigned to their lead units.") % {"count": 2}
    assert shows(response, told)


def test_unticked_each_row_is_assigned_as_its_column_says(staff_client):
    rows = [
        [*good_row("推进老旧小区改造"), "", "", "", "是"],
        [*good_row("整治河道"), "", "", "", "否"],
    ]
    upload(staff_client, xlsx(rows, headers=TEMPLATE_HEADERS))
    batch = ImportBatch.objects.get()

    staff_client.post(reverse("supervision:import_confirm", args=[batch.pk]), {})

    statuses = list(Item.objects.order_by("sequence").values_list("status", flat=True))
    assert statuses == [ItemStatus.ASSIGNED, ItemStatus.REGISTERED]


def test_the_box_shows_ticked_when_the_file_assigns_every_row(staff_client):
    rows = [[*good_row("推进老旧小区改造"), "", "", "", "是"]]
    upload(staff_client, xlsx(rows, headers=TEMPLATE_HEADERS))
    batch = ImportBatch.objects.get()

    page = staff_client.get(reverse("supervision:import_preview", args=[batch.pk]))

    assert "checked" in page.content.decode().split('name="assign_all"')[1][:80]


def test_an_assignment_that_fails_leaves_no_item_registered(staff_client, monkeypatch):
    rows = [
        [*good_row("推进老旧小区改造"), "", "", "", ""],
        [*good_row("整治河道"), "", "", "", ""],
    ]
    upload(staff_client, xlsx(rows, headers=TEMPLATE_HEADERS))
    batch = ImportBatch.objects.get()
    calls = []

    def assign(**kwargs):
        calls.append(kwargs["item"])
        if len(calls) == 2:
            raise ValidationError("交办失败")
        return kwargs["item"]

    monkeypatch.setattr(services, "item_assign", assign)

    staff_client.post(reverse("supervision:import_confirm", args=[batch.pk]), {"assign_all": "on"})

    assert len(calls) == 2
    assert Item.objects.count() == 0
    assert ImportBatch.objects.get().status == "pending"
