"""The honour form shows the fields of whom the honour went to (a unit, a person, or the office
itself) and checks them accordingly, in Chinese; the honour's page shows only those."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reforms import services
from reforms.models import Honour

from .conftest import frozen

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 1)


def _groups(page: str) -> dict[str, bool]:
    """{recipient kind: shown} of the form's field groups."""
    return {
        kind: "hidden" not in attrs
        for kind, attrs in re.findall(r'<div data-recipient="(\w+)"([^>]*)>', page)
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


FORM = {"title": "全省乡村振兴先进集体", "level": "provincial", "awarding_body": "省委省政府",
        "awarded_on": "2026-06-18"}  # fmt: skip


def test_a_new_honour_shows_the_unit_field_only(staff):
    with frozen(TODAY):
        page = _client(staff).get(reverse("reforms:honour_add")).content.decode()
    assert _groups(page) == {"unit": True, "person": False, "office": False}
    assert "本办公室" in page  # the third kind to choose


def test_a_persons_honour_shows_the_person_field_when_edited(staff):
    with frozen(TODAY):
        honour = services.honour_create(
            actor=staff,
            data=services.HonourData(title="全国优秀党务工作者", level="national",
                                     awarding_body="中共中央", awarded_on=date(2026, 6, 30),
                                     recipient="person", person="李明"),
        )  # fmt: skip
        client = _client(staff)
        form = client.get(reverse("reforms:honour_edit", args=[honour.pk])).content.decode()
        detail = client.get(honour.get_absolute_url()).content.decode()
    assert _groups(form) == {"unit": False, "person": True, "office": False}
    assert "李明" in detail and "获得荣誉的单位" not in detail


def test_a_person_must_be_named_and_a_unit_chosen(staff):
    with frozen(TODAY), translation.override("zh-hans"):
        client = _client(staff)
        for recipient, message in (("person", "请填写获得荣誉的个人。"),
                                   ("unit", "请选择获得荣誉的单位。")):  # fmt: skip
            response = client.post(reverse("reforms:honour_add"), {**FORM, "recipient": recipient})
            page = response.content.decode()
            assert response.status_code == 200 and message in page
            assert _groups(page)[recipient] is True  # the field to fix stays shown
    assert not Honour.objects.exists()


def test_the_offices_own_honour_names_the_office_and_may_be_an_advanced_unit_title(
    staff, office_a, lead_unit
):
    with frozen(TODAY):
        response = _client(staff).post(
            reverse("reforms:honour_add"),
            {**FORM, "title": "全市全面深化改革先进单位", "recipient": "office",
             "advanced_unit": "on", "unit": lead_unit.pk, "person": "李明"},
        )  # fmt: skip
    assert response.status_code == 302
    honour = Honour.objects.get()
    assert honour.unit == office_a and honour.person == "" and honour.advanced_unit
    assert honour.honoured == str(office_a)


def test_only_the_offices_own_honour_is_an_advanced_unit_title(staff, lead_unit):
    data = services.HonourData(title="先进单位", level="municipal", awarding_body="市委",
                               awarded_on=date(2026, 6, 1), recipient="unit", unit=lead_unit,
                               advanced_unit=True)  # fmt: skip
    with frozen(TODAY), translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        services.honour_create(actor=staff, data=data)
    assert "只有本办获得的荣誉才能标为县委办先进单位称号。" in caught.value.messages
    assert not Honour.objects.exists()
