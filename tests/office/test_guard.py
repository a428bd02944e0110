"""The one guard of stored text (office/guard.py): classification marks are refused in every
text field of every model however they are disguised, the refusal is audited without the
text, control characters never reach the database, and exports survive those already there."""

import datetime as dt
import io

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from office import services
from office.attachments import check_uploads
from office.classification import find_classified_mark
from office.docx import OfficialDocument, Paragraph, render
from office.guard import guarded_fields
from office.models import ClassifiedRefusal, Holiday, OrgUnit, OrgUnitKind, Todo
from office.pdftext import MAX_INFLATED_PER_STREAM, pdf_text
from office.roles import Role

AUDITED = pytest.mark.django_db(databases=["default", "audit"])

# Each disguise of a mark someone might try, and the rule that catches it.
DISGUISED_MARKS = [
    "机密＊1年 关于某事项的请示",  # full-width asterisk
    "机 密★1年",  # a space between the characters
    "机\u200b密★1年",  # a zero-width space inside
    "秘\ufeff密\u200d★",  # other invisible characters
    "【机密】关于某事项的报告",  # in brackets
    "〔绝密〕",
    "密级：机密",  # after the label
    "密级: 秘密",
    "机密▲1年",  # a triangle
    "绝密★长期",
    "ＭＭ机密✱",  # a star-like sign, after full-width letters
]
ORDINARY_TEXT = [
    "机密文件管理办法的学习",
    "保密工作会议纪要",
    "严守党和国家秘密，做好保密工作",
    "秘密工作的宣传",
    "机要室",
    "密级管理培训（讲解秘密、机密、绝密的区别）",
    "完成率达到★★★",
    "",
]


@pytest.mark.parametrize("text", DISGUISED_MARKS)
def test_every_disguise_of_a_classification_mark_is_found(text):
    assert find_classified_mark(text)


@pytest.mark.parametrize("text", ORDINARY_TEXT)
def test_ordinary_words_about_secrecy_pass(text):
    assert find_classified_mark(text) is None


# --- Every model, every text field --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("title", DISGUISED_MARKS)
def test_a_to_do_titled_with_a_mark_is_refused_and_not_stored(staff_a, title):
    with pytest.raises(ValidationError) as refused:
        services.todo_create(actor=staff_a, title=title)

    assert "title" in refused.value.message_dict
    assert Todo.objects.count() == 0


@pytest.mark.django_db
def test_an_ordinary_to_do_about_secrecy_is_stored(staff_a):
    services.todo_create(actor=staff_a, title="机密文件管理办法的学习")

    assert list(Todo.objects.values_list("title", flat=True)) == ["机密文件管理办法的学习"]


@pytest.mark.django_db
def test_an_org_unit_named_with_a_mark_is_refused_and_not_stored(sec_admin_a, county_a):
    before = OrgUnit.objects.count()
    unit = OrgUnit(name="【机密】专项工作组", kind=OrgUnitKind.SECTION, parent=county_a["office"])

    with pytest.raises(ValidationError) as refused:
        services.org_unit_save(actor=sec_admin_a, unit=unit)

    assert "name" in refused.value.message_dict
    assert OrgUnit.objects.count() == before


@pytest.mark.django_db
def test_renaming_an_org_unit_with_a_mark_keeps_its_name(sec_admin_a, county_a):
    section = county_a["section"]
    section.name = "密级：秘密 秘书科"

    with pytest.raises(ValidationError):
        services.org_unit_save(actor=sec_admin_a, unit=section)

    section.refresh_from_db()
    assert section.name == "甲秘书科"


@pytest.mark.django_db
def test_the_org_unit_form_shows_the_refusal_and_saves_nothing(sec_admin_a, county_a):
    client = Client()
    client.force_login(sec_admin_a)
    before = OrgUnit.objects.count()

    response = client.post(
        reverse("orgunit_add"),
        {
            "name": "机\u200b密★1年 工作组",
            "kind": OrgUnitKind.SECTION,
            "parent": county_a["office"].pk,
            "sort_order": 3,
        },
    )

    assert response.status_code == 200
    assert "本系统为非涉密系统，不得录入标有“机密★”的内容" in response.content.decode()
    assert OrgUnit.objects.count() == before


@pytest.mark.django_db
def test_the_admin_shows_the_refusal_on_the_field_and_keeps_the_record(make_user, city):
    sys_admin = make_user(city, Role.SYS_ADMIN, is_staff=True, name="系统管理员")
    holiday = Holiday.objects.create(date=dt.date(2031, 10, 1), name="国庆节")
    client = Client()
    client.force_login(sys_admin)

    response = client.post(
        reverse("admin:office_holiday_change", args=[holiday.pk]),
        {"date": "2031-10-01", "name": "秘\u200b密★ 国庆节", "is_workday": ""},
    )

    assert response.status_code == 200
    assert "本系统为非涉密系统" in response.content.decode()
    holiday.refresh_from_db()
    assert holiday.name == "国庆节"


# --- The audit of refusals -----------------------------------------------------------------------


@AUDITED
def test_a_refusal_is_audited_with_who_where_and_rule_but_not_the_text(staff_a):
    with pytest.raises(ValidationError):
        services.todo_create(actor=staff_a, title="密级：机密 某工程的材料")

    row = ClassifiedRefusal.objects.get()
    assert (row.user_id, row.username, row.office_id) == (
        staff_a.pk,
        staff_a.username,
        staff_a.office.pk,
    )
    assert (row.where, row.field, row.rule) == ("office.todo", "title", "level_label")
    stored = " ".join(str(getattr(row, f.attname)) for f in ClassifiedRefusal._meta.fields)
    assert "机密" not in stored and "某工程" not in stored
    assert Todo.objects.count() == 0


@pytest.fixture
def audit_admin_a(make_user, county_a):
    return make_user(county_a["office"], Role.AUDIT_ADMIN, is_staff=True, name="安全审计员")


@AUDITED
def test_the_audit_admin_reads_the_refusals_of_their_county_only(audit_admin_a, staff_a, staff_b):
    for person in (staff_a, staff_b):
        with pytest.raises(ValidationError):
            services.todo_create(actor=person, title="机密★1年")
    client = Client()
    client.force_login(audit_admin_a)

    page = client.get(reverse("admin:office_classifiedrefusal_changelist"))

    assert page.status_code == 200
    assert staff_a.username in page.content.decode()
    assert staff_b.username not in page.content.decode()
    row = ClassifiedRefusal.objects.get(user_id=staff_a.pk)
    change = client.get(reverse("admin:office_classifiedrefusal_change", args=[row.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()  # read-only
    assert client.get(reverse("admin:office_classifiedrefusal_add")).status_code == 403


# --- Uploads ---------------------------------------------------------------------------------------


def _xlsx_with(text: str) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["事项", text])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _docx_header_with(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("正文内容")
    document.sections[0].header.paragraphs[0].text = text
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _pdf(*objects: bytes) -> bytes:
    """A minimal PDF holding the given objects' bodies (enough for the scan, not a reader)."""
    body = b"%PDF-1.7\n"
    for number, obj in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    return body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _stream(data: bytes, *, compress: bool = True) -> bytes:
    import zlib

    if compress:
        data = zlib.compress(data)
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf_with_cid_text(text: str) -> bytes:
    """Text as Word and WPS write Chinese into a PDF: two-byte glyph codes in the page's
    content stream, and a ToUnicode map from the codes to the characters."""
    codes = {char: 0x0100 + index for index, char in enumerate(dict.fromkeys(text))}
    cmap = b"/CIDInit /ProcSet findresource begin begincmap\n%d beginbfchar\n" % len(codes)
    for char, code in codes.items():
        cmap += b"<%04X> <%s>\n" % (code, char.encode("utf-16-be").hex().upper().encode())
    cmap += b"endbfchar\nendcmap\n"
    shown = "".join(f"{codes[char]:04X}" for char in text).encode()
    content = b"BT /F1 12 Tf 72 712 Td <" + shown + b"> Tj ET"
    return _pdf(b"<< /Type /Catalog >>", _stream(cmap), _stream(content))


def _pdf_with_title(text: str) -> bytes:
    title = b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"
    return _pdf(b"<< /Type /Catalog >>", b"<< /Title " + title + b" >>")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content",
    [
        ("台账.xlsx", _xlsx_with("秘密★1年")),
        ("材料.docx", _docx_header_with("机 密★1年")),
        ("报告.pdf", _pdf_with_cid_text("机密★1年 关于某事项的报告")),
        ("报告.pdf", _pdf_with_title("【绝密】某报告")),
    ],
)
def test_a_marked_spreadsheet_header_or_pdf_is_refused(staff_a, name, content):
    with pytest.raises(ValidationError):
        check_uploads([SimpleUploadedFile(name, content)], actor=staff_a, where="test")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content",
    [
        ("台账.xlsx", _xlsx_with("保密工作台账")),
        ("材料.docx", _docx_header_with("机密文件管理办法的学习")),
        ("报告.pdf", _pdf_with_cid_text("关于保密工作的报告")),
    ],
)
def test_ordinary_documents_about_secrecy_pass(staff_a, name, content):
    check_uploads([SimpleUploadedFile(name, content)], actor=staff_a, where="test")


@pytest.mark.django_db
def test_a_pdf_with_a_stream_that_inflates_enormously_is_read_only_to_the_bound(staff_a):
    # A zip bomb of a stream after the marked title: the scan stops at its bound instead of
    # filling the memory, and still finds the mark.
    bomb = _stream(b"0" * (64 * 1024 * 1024))
    title = b"<FEFF" + "【机密】".encode("utf-16-be").hex().encode() + b">"
    data = _pdf(b"<< /Title " + title + b" >>", bomb)

    assert len(pdf_text(data)) < 2 * MAX_INFLATED_PER_STREAM + len(data)
    with pytest.raises(ValidationError):
        check_uploads([SimpleUploadedFile("大.pdf", data)], actor=staff_a, where="test")


# --- Control characters ------------------------------------------------------------------------


@pytest.mark.django_db
def test_control_characters_are_stripped_from_what_is_stored(staff_a):
    services.todo_create(actor=staff_a, title="整理\x01材料\x07\x1b")

    assert Todo.objects.get().title == "整理材料"


@pytest.mark.django_db
def test_the_org_unit_export_survives_a_name_stored_with_control_characters(sec_admin_a, county_a):
    # Stored before the guard existed (an update skips it, as old rows did).
    OrgUnit.objects.filter(pk=county_a["township"].pk).update(name="甲城关\x01镇")
    client = Client()
    client.force_login(sec_admin_a)

    response = client.get(reverse("orgunit_list"), {"export": "xlsx"})

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "甲城关镇" in {cell.value for row in sheet.iter_rows() for cell in row}


def test_a_document_with_control_characters_renders_without_them():
    document = OfficialDocument(
        title="关于\x07督查\x01情况的通报",
        body=[Paragraph("一、总体情况\x0b\x07良好。\t"), Paragraph("二、下一步\x1f工作")],
        printed_by="县委办\x01公室",
    )

    opened = docx.Document(io.BytesIO(render(document)))

    text = "\n".join(paragraph.text for paragraph in opened.paragraphs)
    assert "关于督查情况的通报" in text and "一、总体情况良好。" in text
    assert opened.core_properties.title == "关于督查情况的通报"


@pytest.fixture
def todo_titles_name_classifications(monkeypatch):
    """As a confidential ledger's metadata would: its fields name classifications by design."""
    monkeypatch.setattr(Todo, "classified_marker_exempt_fields", ("title",), raising=False)
    guarded_fields.cache_clear()
    yield
    monkeypatch.undo()
    guarded_fields.cache_clear()


@pytest.mark.django_db
def test_a_field_exempt_by_design_may_name_a_classification(
    staff_a, todo_titles_name_classifications
):
    services.todo_create(actor=staff_a, title="密级：机密")

    assert list(Todo.objects.values_list("title", flat=True)) == ["密级：机密"]


@AUDITED
def test_a_person_whose_username_carries_a_mark_is_still_recorded(make_user, county_a):
    person = make_user(county_a["section"], Role.STAFF)
    type(person).objects.filter(pk=person.pk).update(username="机密★zhang")
    person.refresh_from_db()

    with pytest.raises(ValidationError):
        services.todo_create(actor=person, title="机密★1年")

    assert ClassifiedRefusal.objects.get().username == "机密★zhang"
