"""Incoming documents (收文): signed for and registered, first-checked (初审: ours? right
form? else back to the sender), the office's proposed handling (拟办), then circulation
(传阅) or a supervision item (批办); each step on the timeline."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.choices import IncomingStatus
from office.models import TransitionLog
from office.workflow import TransitionError, TransitionForbidden, may

pytestmark = pytest.mark.django_db


def received(people, title="关于做好春耕生产的通知"):
    return services.incoming_register(
        actor=people["staff"],
        data=services.IncomingData(sender="市委办公室", title=title, received_on=date(2026, 3, 2)),
    )


def test_a_document_is_first_checked_and_its_handling_proposed_before_circulating(people):
    document = received(people)
    assert document.status == IncomingStatus.REGISTERED
    # Not yet: circulation waits for the first check and the proposal.
    assert not may(people["staff"], "circulate", document)
    with pytest.raises(TransitionError):
        services.incoming_circulate(
            actor=people["staff"], document=document, readers=[people["leader"]]
        )
    services.incoming_first_check(
        actor=people["staff"], document=document, mode="reading", comment="属我办职责。"
    )
    assert document.status == IncomingStatus.CHECKED
    assert not may(people["staff"], "circulate", document)
    services.incoming_propose(
        actor=people["staff"], document=document, proposed_handling="呈县委书记阅示。"
    )
    document.refresh_from_db()
    assert document.status == IncomingStatus.PROPOSED
    assert document.proposed_handling == "呈县委书记阅示。"
    services.incoming_circulate(
        actor=people["staff"], document=document, readers=[people["leader"]]
    )
    logs = TransitionLog.objects.filter(object_id=document.pk).order_by("pk")
    assert [log.transition for log in logs] == ["first_check", "propose", "circulate"]


def test_the_first_check_decides_reading_or_action(people):
    document = received(people)
    with pytest.raises(ValidationError, match="阅知或批办"):
        services.incoming_first_check(actor=people["staff"], document=document, mode="other")
    services.incoming_first_check(actor=people["staff"], document=document, mode="action")
    services.incoming_propose(
        actor=people["staff"], document=document, proposed_handling="请城关镇牵头办理。"
    )
    document.refresh_from_db()
    assert document.mode == "action"
    assert may(people["staff"], "to_supervision", document)


def test_an_action_document_opens_no_supervision_item_before_its_handling_is_proposed(people):
    document = received(people)
    services.incoming_first_check(actor=people["staff"], document=document, mode="action")
    document.refresh_from_db()
    assert not may(people["staff"], "to_supervision", document)


def test_a_document_not_ours_goes_back_to_the_sender_with_the_reason(people):
    document = received(people)
    with pytest.raises(TransitionError):
        services.incoming_return(actor=people["staff"], document=document, reason="")
    services.incoming_return(actor=people["staff"], document=document, reason="不属我办职责。")
    document.refresh_from_db()
    assert document.status == IncomingStatus.RETURNED
    log = TransitionLog.objects.get(object_id=document.pk, transition="return_to_sender")
    assert log.comment == "不属我办职责。"
    with pytest.raises(TransitionError):
        services.incoming_first_check(actor=people["staff"], document=document, mode="reading")


def test_the_proposal_needs_text_and_the_office(people):
    document = received(people)
    services.incoming_first_check(actor=people["staff"], document=document, mode="reading")
    with pytest.raises(ValidationError, match="拟办意见"):
        services.incoming_propose(actor=people["staff"], document=document, proposed_handling=" ")
    with pytest.raises(TransitionForbidden):
        services.incoming_propose(
            actor=people["leader"], document=document, proposed_handling="阅。"
        )
    document.refresh_from_db()
    assert document.status == IncomingStatus.CHECKED and document.proposed_handling == ""


def test_the_steps_show_on_the_page_and_its_timeline(client, people):
    document = received(people)
    client.force_login(people["staff"])
    url = document.get_absolute_url()
    assert "初审通过" in client.get(url).content.decode()
    client.post(url + "first-check/", {"mode": "reading", "comment": "属我办职责。"})
    client.post(url + "propose/", {"proposed_handling": "呈县委书记阅示。"})
    page = client.get(url).content.decode()
    document.refresh_from_db()
    assert document.status == IncomingStatus.PROPOSED
    assert "初审通过：阅知" in page and "提出拟办意见" in page and "呈县委书记阅示。" in page
    assert "属我办职责。" in page
