"""The paths that stored marked text before the one guard (office/guard.py) existed: each now
refuses and stores nothing, and the exports survive control characters already stored."""

import io
import json
from datetime import date

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from office.models import ClassifiedRefusal, ImportBatch
from supervision import services
from supervision.choices import ItemStatus
from supervision.models import Circular, ExtensionRequest, Item

from .conftest import frozen, refused
from .test_import import good_row, xlsx

pytestmark = pytest.mark.django_db

MON, WED, FRI = date(2026, 6, 15), date(2026, 6, 17), date(2026, 6, 19)
DEADLINE = date(2026, 6, 26)


@pytest.fixture
def item(make_item):
    return make_item(on=MON, deadline=DEADLINE)


@pytest.fixture
def awaiting_review(item, advance):
    return advance(item, ItemStatus.COMPLETION_REQUESTED, on=WED)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Item edit and the reasons and comments of its transitions ---------------------------------


@pytest.mark.parametrize("field", ["title", "instruction_text", "responsible_person"])
def test_editing_an_item_with_a_mark_is_refused(make_item, staff, field):
    registered = make_item(on=MON, deadline=DEADLINE, assign=False)
    with frozen(WED), refused(registered, ValidationError) as caught:
        services.item_update(actor=staff, item=registered, data={field: "机密＊1年 某事项"})

    assert field in caught.value.message_dict


def test_the_item_edit_page_shows_the_refusal_and_keeps_the_title(item, staff):
    with frozen(WED):
        response = client_for(staff).post(
            reverse("supervision:item_edit", args=[item.pk]),
            {"title": "【机密】推进老旧小区改造", "report_cycle": item.report_cycle},
        )

    assert response.status_code == 200
    assert "本系统为非涉密系统" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "推进城关镇老旧小区改造"


def test_assigning_with_a_marked_comment_is_refused(make_item, staff):
    registered = make_item(on=MON, deadline=DEADLINE, assign=False)
    with frozen(MON), refused(registered, ValidationError):
        services.item_assign(actor=staff, item=registered, comment="密级：秘密")


def test_closing_with_a_marked_comment_is_refused(awaiting_review, director):
    with frozen(FRI), refused(awaiting_review, ValidationError):
        services.item_close(actor=director, item=awaiting_review, comment="机 密★1年 同意")


def test_sending_back_with_a_marked_reason_is_refused(awaiting_review, director):
    with frozen(FRI), refused(awaiting_review, ValidationError):
        services.item_send_back(actor=director, item=awaiting_review, reason="机\u200b密★ 补材料")


def test_cancelling_with_a_marked_reason_is_refused(item, director):
    with frozen(WED), refused(item, ValidationError):
        services.item_cancel(actor=director, item=item, reason="绝密▲ 上级撤回")


def test_deciding_an_extension_with_a_marked_comment_is_refused(item, liaison, director):
    with frozen(WED):
        extension = services.extension_request(
            actor=liaison, item=item, new_deadline=date(2026, 7, 3), reason="需协调资金。"
        )
    for approve in (True, False):
        with frozen(WED), refused(item, ValidationError):
            services.extension_decide(
                actor=director, extension=extension, approve=approve, comment="【机密】意见"
            )

    extension.refresh_from_db()
    assert (extension.status, extension.decision_comment) == (
        ExtensionRequest._meta.get_field("status").default,
        "",
    )


@pytest.mark.django_db(databases=["default", "audit"])
def test_a_refused_send_back_is_audited_without_its_reason(awaiting_review, director):
    with frozen(FRI), pytest.raises(ValidationError):
        services.item_send_back(actor=director, item=awaiting_review, reason="机密★1年 某工程")

    row = ClassifiedRefusal.objects.get()
    assert (row.username, row.rule) == (director.username, "level_star")
    assert "某工程" not in f"{row.where} {row.field} {row.username}"


# --- Circulars ---------------------------------------------------------------------------------


@pytest.fixture
def draft(staff):
    with frozen(FRI):
        return services.circular_create(
            actor=staff, title="六月督查通报", period_start=date(2026, 6, 1), period_end=FRI
        )


def test_a_circular_titled_with_a_mark_is_not_created(staff):
    with frozen(FRI), pytest.raises(ValidationError):
        services.circular_create(
            actor=staff, title="【绝密】六月通报", period_start=date(2026, 6, 1), period_end=FRI
        )

    assert Circular.objects.count() == 0


@pytest.mark.parametrize("field", ["title", "text"])
def test_editing_a_circular_with_a_mark_is_refused_and_it_cannot_go_out(draft, director, field):
    stored = {"title": draft.title, "text": draft.text}
    changed = {**stored, field: "秘密★1年\n" + stored[field]}

    with frozen(FRI), pytest.raises(ValidationError):
        services.circular_update(actor=director, circular=draft, **changed)

    draft.refresh_from_db()
    assert {"title": draft.title, "text": draft.text} == stored


# --- The import preview ------------------------------------------------------------------------


@pytest.mark.django_db(databases=["default", "audit"])
def test_the_import_preview_flags_a_marked_cell_and_does_not_keep_it(staff):
    rows = [good_row("推进老旧小区改造"), good_row("机密＊1年 某工程", instruction="密级：机密")]
    client = client_for(staff)

    with frozen(date(2026, 3, 2)):
        response = client.post(reverse("supervision:import_upload"), {"file": xlsx(rows)})
        page = client.get(response["Location"])

    batch = ImportBatch.objects.get()
    flagged = [row for row in batch.rows if row["errors"]]
    assert [row["row"] for row in flagged] == [3]
    assert set(flagged[0]["bad"]) == {"title", "instruction"}
    assert "机密" not in json.dumps(batch.rows, ensure_ascii=False)
    assert "此单元格含有密级标志，未予保存" in page.content.decode()
    assert Item.objects.count() == 0
    assert ClassifiedRefusal.objects.count() == 2


# --- Exports with control characters already stored ---------------------------------------------


def test_the_ledger_export_survives_a_title_stored_with_control_characters(item, staff):
    # Stored before the guard stripped them (an update skips it, as old rows did).
    Item.objects.filter(pk=item.pk).update(title="推进\x01老旧小区改造")

    with frozen(WED):
        response = client_for(staff).get(reverse("supervision:item_list"), {"export": "xlsx"})

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "推进老旧小区改造" in {cell for row in sheet.iter_rows(values_only=True) for cell in row}


def test_the_circular_docx_survives_text_stored_with_control_characters(draft, staff):
    Circular.objects.filter(pk=draft.pk).update(
        title="六月\x07督查通报", text="一、总体\x07情况\x1b良好。"
    )

    with frozen(FRI):
        response = client_for(staff).get(reverse("supervision:circular_docx", args=[draft.pk]))

    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "六月督查通报" in text and "一、总体情况良好。" in text


def test_control_characters_typed_into_an_item_title_are_not_stored(make_item, staff):
    registered = make_item(on=MON, deadline=DEADLINE, assign=False)
    with frozen(WED):
        services.item_update(actor=staff, item=registered, data={"title": "推进\x01改造\x1f工作"})

    registered.refresh_from_db()
    assert registered.title == "推进改造工作"
