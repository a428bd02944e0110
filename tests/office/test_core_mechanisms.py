"""The core's shared mechanisms, tested on the test app's Ticket (tests/testapp) so they hold
for every app: scoping by action, the one "may" per action, attachment checks, the API's
refusals and the state tones."""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from office.api.errors import service_errors
from office.attachments import check_uploads
from office.roles import Role
from office.tones import chart_colour, state_badge
from office.workflow import (
    Action,
    Transition,
    TransitionError,
    TransitionForbidden,
    Workflow,
    may,
    require,
)
from tests.testapp.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_staff(make_user, city):
    return make_user(city, Role.STAFF, Role.DIRECTOR)


@pytest.fixture
def county_ticket(county_a):
    return Ticket.objects.create(
        title="甲城关镇整改事项", owning_office=county_a["office"], unit=county_a["township"]
    )


@pytest.fixture
def city_ticket(city):
    return Ticket.objects.create(title="市委办自身事项", owning_office=city)


# --- Scoping by action ----------------------------------------------------------------------


def test_city_office_views_county_records_but_changes_only_its_own(
    city_staff, county_ticket, city_ticket
):
    assert set(Ticket.objects.restrict(city_staff)) == {county_ticket, city_ticket}
    assert set(Ticket.objects.restrict(city_staff, "change")) == {city_ticket}


def test_county_staff_view_and_change_the_same_records(staff_a, county_ticket):
    assert list(Ticket.objects.restrict(staff_a)) == [county_ticket]
    assert list(Ticket.objects.restrict(staff_a, "change")) == [county_ticket]


def test_for_office_counts_a_city_with_its_counties_whoever_asks(
    city, county_a, county_ticket, city_ticket
):
    assert set(Ticket.objects.for_office(city)) == {county_ticket, city_ticket}
    assert list(Ticket.objects.for_office(county_a["office"])) == [county_ticket]


# --- One "may" per action -------------------------------------------------------------------


def test_city_director_may_not_act_on_a_county_record_though_the_role_permits(
    city_staff, county_ticket
):
    Ticket.objects.filter(pk=county_ticket.pk).update(status=Ticket.Status.SUBMITTED)
    county_ticket.refresh_from_db()

    assert not may(city_staff, "close", county_ticket)
    with pytest.raises(TransitionForbidden):
        require(city_staff, "close", county_ticket)


def test_county_director_may_close_a_submitted_ticket_and_the_page_would_offer_it(
    make_user, county_a, county_ticket
):
    director = make_user(county_a["office"], Role.DIRECTOR)
    assert not may(director, "close", county_ticket)  # not submitted yet
    Ticket.objects.filter(pk=county_ticket.pk).update(status=Ticket.Status.SUBMITTED)
    county_ticket.refresh_from_db()
    assert may(director, "close", county_ticket)


def _with_rules(monkeypatch, *rules):
    monkeypatch.setattr(Ticket, "workflow", Workflow(*rules))


def test_an_action_decides_by_the_day_it_is_given_not_by_the_clock(
    monkeypatch, staff_a, county_ticket
):
    # "Only before 30 June": a service back-dated to a day decides as on that day.
    _with_rules(
        monkeypatch,
        Action("remind", "remind", [Role.STAFF], when=lambda t, today: today <= date(2026, 6, 30)),
    )
    assert may(staff_a, "remind", county_ticket, today=date(2026, 6, 30))
    assert not may(staff_a, "remind", county_ticket, today=date(2026, 7, 1))
    with pytest.raises(TransitionError) as refused:
        require(staff_a, "remind", county_ticket, today=date(2026, 7, 1))
    assert not isinstance(refused.value, TransitionForbidden)


def test_a_rule_says_in_its_own_words_why_someone_may_not(monkeypatch, liaison_a, county_ticket):
    _with_rules(monkeypatch, Action("remind", "remind", [Role.STAFF], refusal="只有办公室能提醒。"))
    with pytest.raises(TransitionForbidden) as refused:
        require(liaison_a, "remind", county_ticket)
    assert refused.value.messages == ["只有办公室能提醒。"]


def test_a_liaison_acts_only_within_their_unit_even_when_a_rule_forgets_to_say_so(
    monkeypatch, make_user, county_a, county_ticket
):
    _with_rules(monkeypatch, Action("remind", "remind", [Role.UNIT_LIAISON]))
    own = make_user(county_a["township"], Role.UNIT_LIAISON)
    other = make_user(county_a["department"], Role.UNIT_LIAISON)

    require(own, "remind", county_ticket)
    with pytest.raises(TransitionForbidden):
        require(other, "remind", county_ticket)


def test_a_system_transition_is_never_offered_to_a_person(monkeypatch, staff_a, county_ticket):
    _with_rules(
        monkeypatch, Transition("follow", "follow", (), None, roles=[Role.STAFF], system=True)
    )
    assert not may(staff_a, "follow", county_ticket)


# --- Attachments ----------------------------------------------------------------------------


def _docx_with(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buffer.getvalue()


def _refusal(files, staff) -> str:
    with pytest.raises(ValidationError) as refused:
        check_uploads(files, actor=staff, where="test")
    return " ".join(refused.value.messages)


def test_a_file_that_is_not_what_its_name_says_is_refused(staff_a):
    fake = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 an executable")
    assert "通知.pdf" in _refusal([fake], staff_a)


def test_a_document_with_a_classification_mark_inside_is_refused(staff_a):
    marked = SimpleUploadedFile("材料.docx", _docx_with("机密★1年 某某事项"))
    assert "机密★" in _refusal([marked], staff_a)


def test_a_real_document_and_image_pass(staff_a):
    files = [
        SimpleUploadedFile("材料.docx", _docx_with("工作进展情况")),
        SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
    ]
    check_uploads(files, actor=staff_a, where="test")


def test_a_file_over_the_size_limit_is_refused_with_the_limit(settings, staff_a):
    settings.ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile("大图.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024))
    with translation.override("zh-hans"):
        assert "大图.png超过1MB" in _refusal([big], staff_a)


# --- The API's refusals ---------------------------------------------------------------------


def test_a_forbidden_service_call_is_a_403_with_the_reason():
    with pytest.raises(PermissionDenied) as answer, service_errors():
        raise TransitionForbidden("只有主任可以办结。")
    assert str(answer.value.detail) == "只有主任可以办结。"


def test_a_refused_service_call_is_a_400_naming_the_field():
    with pytest.raises(serializers.ValidationError) as answer, service_errors():
        raise ValidationError({"reason": "请填写理由。"})
    assert answer.value.detail["errors"]["reason"] == ["请填写理由。"]


# --- State tones ----------------------------------------------------------------------------


def test_a_state_badge_takes_the_shade_its_workflow_declares(county_ticket):
    Ticket.objects.filter(pk=county_ticket.pk).update(status=Ticket.Status.CLOSED)
    county_ticket.refresh_from_db()

    html = state_badge(county_ticket)

    assert "bg-green-lt" in html and 'data-status="closed"' in html
    assert chart_colour("green") == "#2fb344"


def test_the_city_office_reads_county_units_but_gives_them_no_work(city_staff, county_a):
    from office.models import OrgUnit
    from office.selectors import units_outside_scope

    township = county_a["township"]
    assert OrgUnit.objects.restrict(city_staff).filter(pk=township.pk).exists()
    assert units_outside_scope(city_staff, [township]) == [township]


def test_a_shortened_file_name_keeps_its_extension():
    from office.attachments import shortened_name

    assert shortened_name("报告" * 150 + ".pdf", 200) == "报告" * 98 + ".pdf"
    assert shortened_name("短名.pdf", 200) == "短名.pdf"
    assert shortened_name("a" * 300, 200) == "a" * 200
