"""The workflow helper, through the test-only Ticket (open → submitted → closed / sent back).

Ticket's declared rules: staff or a liaison of the ticket's own unit may submit; only a
director may close or send back, and sending back needs a reason.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from office.models import TransitionLog
from office.roles import Role
from office.workflow import (
    TransitionError,
    TransitionForbidden,
    transition_history,
    transition_perform,
)
from tests.testapp.models import Ticket

pytestmark = pytest.mark.django_db

_CJK = re.compile(r"[\u4e00-\u9fff]")


def zh(message_id: str, **params) -> str:
    """The message as a Chinese user sees it, from the zh_Hans catalog (locale/zh_Hans)."""
    with translation.override("zh-hans"):
        text = gettext(message_id)
    assert _CJK.search(text), f"locale/zh_Hans has no translation for {message_id!r}"
    return text % params if params else text


def logs_of(ticket):
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket), object_id=ticket.pk
    )


def status_in_db(ticket) -> str:
    return Ticket.objects.get(pk=ticket.pk).status


@pytest.fixture
def ticket(county_a):
    return Ticket.objects.create(
        title="甲城关镇防汛物资报送", owning_office=county_a["office"], unit=county_a["township"]
    )


@pytest.fixture
def submitted_ticket(ticket):
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.SUBMITTED)
    ticket.refresh_from_db()
    return ticket


@pytest.fixture
def director_a(make_user, county_a):
    return make_user(county_a["office"], Role.DIRECTOR)


@pytest.fixture
def other_liaison_a(make_user, county_a):
    """A liaison of the finance bureau: same county, another unit than the ticket's."""
    return make_user(county_a["department"], Role.UNIT_LIAISON)


# --- transition_perform -----------------------------------------------------------------


def test_liaison_submits_own_units_ticket_and_the_log_records_who_from_to_and_why(
    ticket, liaison_a
):
    log = transition_perform(obj=ticket, name="submit", actor=liaison_a, comment="材料已齐")

    assert status_in_db(ticket) == Ticket.Status.SUBMITTED
    assert list(logs_of(ticket)) == [log]
    log.refresh_from_db()
    assert log.actor == liaison_a
    assert (log.transition, log.source_state, log.target_state) == ("submit", "open", "submitted")
    assert log.comment == "材料已齐"
    assert list(transition_history(ticket)) == [log]


def test_closing_an_open_ticket_is_refused_and_changes_nothing(ticket, director_a):
    with pytest.raises(TransitionError) as refused:
        transition_perform(obj=ticket, name="close", actor=director_a)

    assert not isinstance(refused.value, TransitionForbidden)  # the state, not the person
    assert status_in_db(ticket) == Ticket.Status.OPEN
    assert not logs_of(ticket).exists()


def test_a_second_submit_from_a_stale_copy_is_refused_by_the_state_in_the_database(ticket, staff_a):
    first_tab = Ticket.objects.get(pk=ticket.pk)
    second_tab = Ticket.objects.get(pk=ticket.pk)
    transition_perform(obj=first_tab, name="submit", actor=staff_a)

    with pytest.raises(TransitionError):
        transition_perform(obj=second_tab, name="submit", actor=staff_a)

    assert logs_of(ticket).count() == 1


def test_staff_may_not_close_a_submitted_ticket(submitted_ticket, staff_a):
    with pytest.raises(TransitionForbidden):
        transition_perform(obj=submitted_ticket, name="close", actor=staff_a)

    assert status_in_db(submitted_ticket) == Ticket.Status.SUBMITTED
    assert not logs_of(submitted_ticket).exists()


def test_director_closes_a_submitted_ticket(submitted_ticket, director_a):
    transition_perform(obj=submitted_ticket, name="close", actor=director_a)

    assert status_in_db(submitted_ticket) == Ticket.Status.CLOSED
    assert logs_of(submitted_ticket).get().actor == director_a


def test_liaison_of_another_unit_cannot_submit_the_ticket(ticket, other_liaison_a):
    with pytest.raises(TransitionForbidden):
        transition_perform(obj=ticket, name="submit", actor=other_liaison_a)

    assert status_in_db(ticket) == Ticket.Status.OPEN
    assert not logs_of(ticket).exists()


@pytest.mark.parametrize("comment", ["", "   "])
def test_sending_back_without_a_reason_is_refused(submitted_ticket, director_a, comment):
    with pytest.raises(TransitionError):
        transition_perform(
            obj=submitted_ticket, name="send_back", actor=director_a, comment=comment
        )

    assert status_in_db(submitted_ticket) == Ticket.Status.SUBMITTED
    assert not logs_of(submitted_ticket).exists()


def test_sending_back_with_a_reason_reopens_the_ticket_and_keeps_the_reason(
    submitted_ticket, director_a
):
    transition_perform(obj=submitted_ticket, name="send_back", actor=director_a, comment="缺少附件")

    assert status_in_db(submitted_ticket) == Ticket.Status.OPEN
    assert logs_of(submitted_ticket).get().comment == "缺少附件"


# --- Workflow.available -----------------------------------------------------------------


def _available(ticket, user) -> list[str]:
    return [t.name for t in Ticket.workflow.available(ticket, user)]


def test_available_offers_submit_to_staff_and_own_units_liaison_only(
    ticket, staff_a, liaison_a, other_liaison_a, director_a
):
    assert _available(ticket, staff_a) == ["submit"]
    assert _available(ticket, liaison_a) == ["submit"]
    assert _available(ticket, other_liaison_a) == []
    assert _available(ticket, director_a) == []


def test_available_offers_close_and_send_back_to_the_director_only(
    submitted_ticket, staff_a, director_a
):
    assert _available(submitted_ticket, director_a) == ["close", "send_back"]
    assert _available(submitted_ticket, staff_a) == []


def test_a_deactivated_user_is_offered_nothing(ticket, staff_a):
    staff_a.is_active = False
    staff_a.save()

    assert _available(ticket, staff_a) == []


# --- Through the web --------------------------------------------------------------------


def _action_url(ticket, name):
    return reverse(f"ticket_{name}", args=[ticket.pk])


def test_forbidden_action_posted_from_the_page_shows_a_chinese_error_and_changes_nothing(
    client, submitted_ticket, staff_a
):
    client.force_login(staff_a)

    response = client.post(_action_url(submitted_ticket, "close"), {}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == submitted_ticket.get_absolute_url()
    assert 'class="alert alert-danger' in page
    assert escape(zh("You may not %(action)s this record.", action="close")) in page
    assert status_in_db(submitted_ticket) == Ticket.Status.SUBMITTED
    assert not logs_of(submitted_ticket).exists()


def test_action_in_the_wrong_state_posted_from_the_page_shows_a_chinese_error(
    client, ticket, director_a
):
    client.force_login(director_a)

    response = client.post(_action_url(ticket, "close"), {}, follow=True)

    message = zh("Cannot %(action)s: the record is %(state)s.", action="close", state="open")
    assert escape(message) in response.content.decode()
    assert status_in_db(ticket) == Ticket.Status.OPEN
    assert not logs_of(ticket).exists()


def test_refused_action_keeps_what_was_typed_in_its_form(client, ticket, director_a):
    client.force_login(director_a)

    client.post(_action_url(ticket, "close"), {"comment": "已核实材料"})

    ticket.status = Ticket.Status.SUBMITTED
    ticket.save()
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert 'value="已核实材料"' in page


def test_legal_action_redirects_to_the_ticket_whose_timeline_shows_the_transition(
    client, ticket, staff_a
):
    client.force_login(staff_a)

    response = client.post(_action_url(ticket, "submit"), {"comment": "请审核"})

    assert response.status_code == 302
    assert response["Location"] == ticket.get_absolute_url()
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert escape(zh("Done.")) in page
    assert "submit：open → submitted" in page
    assert staff_a.name in page
    assert "请审核" in page
    assert status_in_db(ticket) == Ticket.Status.SUBMITTED


def test_city_office_staff_see_a_county_ticket_but_get_no_action_and_cannot_post_one(
    client, city, make_user, submitted_ticket
):
    city_staff = make_user(city, Role.STAFF, Role.DIRECTOR)
    client.force_login(city_staff)

    page = client.get(submitted_ticket.get_absolute_url())
    refused = client.post(_action_url(submitted_ticket, "close"), {})

    assert page.status_code == 200
    assert _action_url(submitted_ticket, "close") not in page.content.decode()
    assert refused.status_code == 404
    assert status_in_db(submitted_ticket) == Ticket.Status.SUBMITTED


def test_ticket_page_shows_only_the_forms_the_user_may_use(
    client, submitted_ticket, director_a, staff_a
):
    client.force_login(director_a)
    director_page = client.get(submitted_ticket.get_absolute_url()).content.decode()
    client.force_login(staff_a)
    staff_page = client.get(submitted_ticket.get_absolute_url()).content.decode()

    assert _action_url(submitted_ticket, "close") in director_page
    assert _action_url(submitted_ticket, "send_back") in director_page
    assert _action_url(submitted_ticket, "submit") not in director_page
    assert not any(
        _action_url(submitted_ticket, name) in staff_page
        for name in ("submit", "close", "send_back")
    )


def test_workflow_log_shows_status_labels_not_codes(client, ticket, staff_a, monkeypatch):
    # Real record types label their states in Chinese; give Ticket such labels for this test.
    monkeypatch.setattr(
        Ticket._meta.get_field("status"),
        "choices",
        [("open", "待提交"), ("submitted", "已提交"), ("closed", "已办结")],
    )
    transition_perform(obj=ticket, name="submit", actor=staff_a)
    client.force_login(staff_a)

    page = client.get(ticket.get_absolute_url()).content.decode()

    assert "待提交 → 已提交" in page
