"""Size limits: a long text is held to TEXT_MAX_CHARS at the form, in the API and in the
service, with a message naming the field; a list page never shows more than
LIST_MAX_PER_PAGE rows, whatever ?per_page asks."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from supervision import services
from supervision.models import Item, ProgressReport

from .conftest import frozen, item_data
from .test_item_pages import register_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


def too_long() -> str:
    return "批" * (settings.TEXT_MAX_CHARS + 1)


def names_field_and_limit(text: str, field: str) -> bool:
    return field in text and str(settings.TEXT_MAX_CHARS) in text


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def test_the_register_form_refuses_an_instruction_over_the_limit(client, staff, county_a):
    client.force_login(staff)

    with frozen(TODAY):
        response = client.post(
            reverse("supervision:item_add"),
            register_data(county_a, instruction_text=too_long()),
        )

    assert response.status_code == 200  # the form again
    assert not Item.objects.exists()
    html = response.content.decode()
    assert names_field_and_limit(html, escape(zh("Task and requirements")))
    assert "过长" in html


def test_a_progress_report_over_the_limit_is_refused_on_the_page(client, liaison, make_item):
    item = make_item(on=TODAY)
    client.force_login(liaison)

    with frozen(TODAY):
        response = client.post(
            reverse("supervision:item_report", args=[item.pk]),
            {"percent": 40, "text": too_long()},
            follow=True,
        )

    assert not ProgressReport.objects.exists()
    assert names_field_and_limit(response.content.decode(), escape(zh("progress")))


def test_the_api_refuses_a_report_over_the_limit_naming_the_field(client, liaison, make_item):
    item = make_item(on=TODAY)
    client.force_login(liaison)

    with frozen(TODAY):
        response = client.post(
            f"/api/v1/supervision/items/{item.pk}/report/",
            {"percent": 40, "text": too_long()},
            content_type="application/json",
        )

    assert response.status_code == 400
    assert not ProgressReport.objects.exists()
    assert names_field_and_limit(str(response.json()), zh("text"))


def test_the_services_hold_to_the_limit_whoever_calls_them(staff, liaison, lead_unit, make_item):
    item = make_item(on=TODAY)

    with frozen(TODAY), translation.override("zh-hans"), pytest.raises(ValidationError) as report:
        services.report_submit(actor=liaison, item=item, text=too_long(), percent=10)
    with (
        frozen(TODAY),
        translation.override("zh-hans"),
        pytest.raises(ValidationError) as register,
    ):
        services.item_register(
            actor=staff, data=item_data(lead_unit=lead_unit, instruction_text=too_long())
        )

    assert names_field_and_limit(" ".join(report.value.messages), zh("progress"))
    assert names_field_and_limit(" ".join(register.value.messages), zh("instruction text"))
    assert Item.objects.count() == 1


def test_a_text_at_the_limit_is_accepted(liaison, make_item):
    item = make_item(on=TODAY)

    with frozen(TODAY):
        services.report_submit(
            actor=liaison, item=item, text="批" * settings.TEXT_MAX_CHARS, percent=10
        )

    assert len(ProgressReport.objects.get().text) == settings.TEXT_MAX_CHARS


# --- Rows a page ---------------------------------------------------------------------------


def test_the_ledger_and_the_api_show_at_most_the_cap_a_page(settings, client, staff, make_item):
    settings.LIST_MAX_PER_PAGE = 3
    for n in range(settings.LIST_MAX_PER_PAGE + 2):
        make_item(on=TODAY, title=f"事项{n}")
    client.force_login(staff)

    with frozen(TODAY):
        page = client.get(reverse("supervision:item_list"), {"per_page": 100000})
        api = client.get("/api/v1/supervision/items/", {"per_page": 100000})

    rows = re.findall(r'data-item="([^"]+)"', page.content.decode())
    assert len(rows) == settings.LIST_MAX_PER_PAGE
    assert len(api.json()["results"]) == settings.LIST_MAX_PER_PAGE
    assert api.json()["count"] == settings.LIST_MAX_PER_PAGE + 2
