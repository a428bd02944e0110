"""A date a person enters is within 2000-01-01 .. ten years ahead, whichever way it comes in
(the register form, the API, the Excel import, an extension), with the same message; and an
item already holding an absurd deadline still opens."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from office.dates import date_bounds, date_range_error
from office.models import ImportBatch
from supervision import services
from supervision.choices import ExtensionStatus, ItemStatus, SourceKind
from supervision.models import ExtensionRequest, Item

from .conftest import frozen
from .factories import ItemFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
FAR = date(9999, 12, 31)


@pytest.fixture(autouse=True)
def _today():
    with frozen(TODAY):
        yield


def range_message() -> str:
    with translation.override("zh-hans"):
        return date_range_error(FAR, TODAY)


def shows(response, text) -> bool:
    return escape(text) in response.content.decode()


def test_the_range_is_from_2000_to_ten_years_ahead_and_the_message_is_chinese():
    assert date_bounds(TODAY) == (date(2000, 1, 1), date(2036, 3, 2))
    assert date_range_error(date(2036, 3, 2), TODAY) == ""
    assert date_range_error(date(2000, 1, 1), TODAY) == ""
    assert date_range_error(date(1999, 12, 31), TODAY)
    assert range_message() == "日期须在 2000-01-01 至 2036-03-02 之间。"


def test_the_register_form_refuses_a_far_deadline_and_keeps_what_was_typed(client, staff, county_a):
    client.force_login(staff)

    response = client.post(
        reverse("supervision:item_add"),
        {
            "title": "落实秋冬季森林防火工作",
            "source_kind": SourceKind.HIGHER_LEVEL,
            "urgency": "normal",
            "lead_unit": county_a["township"].pk,
            "report_cycle": "once",
            "deadline": "9999-12-31",
        },
    )

    assert response.status_code == 200
    assert shows(response, range_message())
    assert shows(response, "落实秋冬季森林防火工作")
    assert 'max="2036-03-02"' in response.content.decode()
    assert not Item.objects.exists()


def test_the_api_refuses_a_far_deadline_and_an_ancient_instruction_date(client, staff, county_a):
    client.force_login(staff)

    response = client.post(
        "/api/v1/supervision/items/",
        {
            "title": "落实秋冬季森林防火工作",
            "source_kind": SourceKind.INSTRUCTION,
            "instruction_text": "请抓紧落实。",
            "instructing_leader": "王书记",
            "instruction_date": "0001-01-01",
            "lead_unit": county_a["township"].pk,
            "deadline": "9999-12-31",
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    body = response.json()
    assert range_message() in str(body)
    assert "deadline" in str(body) and "instruction_date" in str(body)
    assert not Item.objects.exists()


def test_the_service_refuses_a_far_deadline_whoever_calls_it(staff, lead_unit):
    with pytest.raises(ValidationError) as caught:
        services.item_register(
            actor=staff,
            data=services.ItemData(
                title="某事项",
                source_kind=SourceKind.HIGHER_LEVEL,
                lead_unit=lead_unit,
                deadline=FAR,
            ),
        )

    assert "deadline" in caught.value.message_dict
    assert not Item.objects.exists()


def test_the_import_flags_a_far_deadline_and_saves_nothing(client, staff):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["标题", "来源", "交办内容", "牵头单位", "配合单位", "办理时限", "紧急程度"])
    sheet.append(
        ["推进老旧小区改造", "上级交办", "月底前完成。", "甲城关镇", "", "9999-12-31", "一般"]
    )
    output = io.BytesIO()
    workbook.save(output)
    client.force_login(staff)

    response = client.post(
        reverse("supervision:import_upload"),
        {"file": SimpleUploadedFile("清单.xlsx", output.getvalue())},
        follow=True,
    )

    batch = ImportBatch.objects.get()
    assert [row["bad"] for row in batch.rows if row["errors"]] == [["deadline"]]
    assert shows(response, range_message())
    assert not Item.objects.exists()


def test_an_extension_to_a_far_date_is_refused(staff, liaison, lead_unit):
    item = ItemFactory(lead_unit=lead_unit, status=ItemStatus.ASSIGNED)

    with pytest.raises(ValidationError) as caught:
        services.extension_request(actor=liaison, item=item, new_deadline=FAR, reason="工程量大")

    assert caught.value.message_dict == {"new_deadline": [date_range_error(FAR)]}
    assert not ExtensionRequest.objects.exists()


def test_a_far_extension_requested_before_the_bound_is_never_approved(director, liaison, lead_unit):
    item = ItemFactory(lead_unit=lead_unit, status=ItemStatus.ASSIGNED)
    deadline = item.deadline
    # A row from before dates were bounded (or typed into the database).
    extension = ExtensionRequest.objects.create(
        item=item,
        requested_by=liaison,
        current_deadline=item.deadline,
        requested_deadline=FAR,
        reason="工程量大",
    )

    with pytest.raises(ValidationError):
        services.extension_decide(actor=director, extension=extension, approve=True)

    item.refresh_from_db()
    extension.refresh_from_db()
    assert item.deadline == deadline
    assert extension.status == ExtensionStatus.PENDING


def test_an_item_already_due_on_9999_12_31_still_opens(client, staff, lead_unit):
    """The working-day count to its deadline overflowed the calendar: a 500 for everyone."""
    item = ItemFactory(lead_unit=lead_unit, deadline=FAR)
    client.force_login(staff)

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert shows(response, "9999-12-31")
