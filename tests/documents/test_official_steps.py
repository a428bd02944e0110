"""The steps around sign-off and after issue: countersigning by other units in turn (会签),
sending back to any earlier step with a reason, archiving (归档), and voiding a number
(作废), which stays taken: the series goes on after it and the register shows it voided."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents import services
from documents.choices import DocStatus, DocType
from documents.models import NumberRecord
from documents.selectors import issued_in
from office.models import TransitionLog
from office.workflow import TransitionError, TransitionForbidden, may

from .conftest import draft, issued, signed

pytestmark = pytest.mark.django_db


def checked(people, **changes):
    document = draft(people, **changes)
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    document.refresh_from_db()
    return document


def units(county):
    return [county["township"], county["department"]]


def steps_of(document) -> list[str]:
    logs = TransitionLog.objects.filter(object_id=document.pk).order_by("pk")
    return [log.transition for log in logs]


# --- 会签 --------------------------------------------------------------------------------------


def test_named_units_countersign_in_turn_before_the_leader_signs(people, county_a):
    document = checked(people, countersign_units=units(county_a))
    assert document.status == DocStatus.COUNTERSIGNING
    # The leader is not asked yet, and cannot sign.
    assert not people["leader"].notifications.exists()
    with pytest.raises(TransitionError):
        services.document_sign(actor=people["leader"], document=document)

    first = services.document_countersign(
        actor=people["staff"], document=document, signed_by="王镇长", opinion="同意。"
    )
    assert first.unit == county_a["township"]  # the order the drafter named them in
    document.refresh_from_db()
    assert document.status == DocStatus.COUNTERSIGNING
    second = services.document_countersign(
        actor=people["staff"], document=document, signed_by="刘局长"
    )
    assert second.unit == county_a["department"]
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNING
    assert people["leader"].notifications.filter(title__contains=document.title).exists()
    services.document_sign(actor=people["leader"], document=document)
    assert steps_of(document) == ["submit", "check", "countersigned", "sign"]
    assert [s.signed_on for s in document.countersignatures.all()] == [date(2026, 3, 10)] * 2


def test_a_normative_document_is_countersigned_after_the_legality_review(people, county_a):
    document = checked(
        people, doc_type=DocType.OPINION, is_normative=True, countersign_units=units(county_a)
    )
    assert document.status == DocStatus.LEGAL_REVIEW
    services.document_legal_review(actor=people["adviser"], document=document, opinion="合法。")
    document.refresh_from_db()
    assert document.status == DocStatus.COUNTERSIGNING


def test_countersigning_refuses_the_wrong_person_an_empty_name_and_a_finished_round(
    people, county_a
):
    document = checked(people, countersign_units=[county_a["township"]])
    with pytest.raises(TransitionForbidden):
        services.document_countersign(actor=people["leader"], document=document, signed_by="王镇长")
    with pytest.raises(ValidationError, match="代表单位会签"):
        services.document_countersign(actor=people["staff"], document=document, signed_by=" ")
    assert not document.countersignatures.filter(signed_on__isnull=False).exists()
    services.document_countersign(actor=people["staff"], document=document, signed_by="王镇长")
    document.refresh_from_db()
    with pytest.raises(TransitionError):
        services.document_countersign(actor=people["staff"], document=document, signed_by="王镇长")


def test_a_countersigning_unit_of_another_county_or_twice_is_refused(people, county_a, county_b):
    with pytest.raises(ValidationError, match="会签单位"):
        draft(people, countersign_units=[county_b["township"]])
    with pytest.raises(ValidationError, match="会签"):
        draft(people, countersign_units=[county_a["township"], county_a["township"]])


def test_a_document_without_countersigning_units_goes_straight_to_sign_off(people):
    document = checked(people)
    assert document.status == DocStatus.SIGNING
    assert not may(people["staff"], "countersign", document)


# --- Sending back -----------------------------------------------------------------------------


def test_the_signer_sends_back_to_countersigning_and_the_units_sign_again(people, county_a):
    document = checked(people, countersign_units=units(county_a))
    for name in ("王镇长", "刘局长"):
        services.document_countersign(actor=people["staff"], document=document, signed_by=name)
    document.refresh_from_db()
    assert services.send_back_steps(document) == [
        DocStatus.DRAFTING,
        DocStatus.CHECKING,
        DocStatus.COUNTERSIGNING,
    ]
    services.document_send_back(
        actor=people["leader"],
        document=document,
        reason="财政局意见需重新确认。",
        to=DocStatus.COUNTERSIGNING,
    )
    document.refresh_from_db()
    assert document.status == DocStatus.COUNTERSIGNING
    assert not document.countersignatures.filter(signed_on__isnull=False).exists()
    log = TransitionLog.objects.filter(object_id=document.pk).order_by("pk").last()
    assert (log.transition, log.target_state, log.comment) == (
        "send_back",
        DocStatus.COUNTERSIGNING,
        "财政局意见需重新确认。",
    )


def test_the_signer_sends_back_to_checking_and_the_checkers_are_told(people):
    document = checked(people)
    services.document_send_back(
        actor=people["leader"], document=document, reason="请再核一遍。", to=DocStatus.CHECKING
    )
    document.refresh_from_db()
    assert document.status == DocStatus.CHECKING
    assert people["head"].notifications.filter(body="请再核一遍。").exists()


def test_sent_back_before_the_legality_review_the_opinion_is_taken_again(people):
    document = checked(people, doc_type=DocType.OPINION, is_normative=True)
    services.document_legal_review(actor=people["adviser"], document=document, opinion="合法。")
    document.refresh_from_db()
    services.document_send_back(
        actor=people["leader"], document=document, reason="请重新审查。", to=DocStatus.LEGAL_REVIEW
    )
    document.refresh_from_db()
    assert document.status == DocStatus.LEGAL_REVIEW
    assert document.legal_opinion == "" and document.legal_reviewer is None
    assert people["adviser"].notifications.filter(body="请重新审查。").exists()


@pytest.mark.parametrize("to", [DocStatus.LEGAL_REVIEW, DocStatus.SIGNING, DocStatus.ISSUED])
def test_a_document_goes_back_only_to_a_step_it_has_passed(people, to):
    document = checked(people)  # a notice: no legality review, no countersigning
    with pytest.raises(ValidationError, match="已经过的环节"):
        services.document_send_back(actor=people["leader"], document=document, reason="改。", to=to)
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNING


def test_sending_back_to_an_earlier_step_still_needs_a_reason(people):
    document = checked(people)
    with pytest.raises(TransitionError):
        services.document_send_back(
            actor=people["leader"], document=document, reason=" ", to=DocStatus.CHECKING
        )
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNING


# --- 归档 --------------------------------------------------------------------------------------


def test_an_issued_document_is_archived_and_still_counts_as_issued(people):
    document = issued(people)
    services.document_archive(actor=people["staff"], document=document)
    document.refresh_from_db()
    assert document.status == DocStatus.ARCHIVED
    assert document.archived_on == date(2026, 3, 10)
    assert list(issued_in(document.owning_office, 2026)) == [document]
    assert steps_of(document)[-1] == "archive"


def test_only_the_office_archives_and_only_an_issued_document(people):
    document = signed(people)
    with pytest.raises(TransitionError):
        services.document_archive(actor=people["staff"], document=document)
    services.document_issue(actor=people["staff"], document=document)
    document.refresh_from_db()
    with pytest.raises(TransitionForbidden):
        services.document_archive(actor=people["leader"], document=document)
    document.refresh_from_db()
    assert document.status == DocStatus.ISSUED and document.archived_on is None


# --- 作废 --------------------------------------------------------------------------------------


def test_a_voided_number_stays_taken_and_the_next_document_takes_the_next(people):
    for _ in range(3):
        issued(people, today=date(2025, 5, 6))  # last year's count leaves room
    first = issued(people)
    services.document_void(actor=people["director"], document=first, reason="主送单位有误。")
    first.refresh_from_db()
    assert first.status == DocStatus.VOIDED
    assert first.number == "甲委办发〔2026〕1号"  # kept, never given again
    assert (first.voided_on, first.void_reason) == (date(2026, 3, 10), "主送单位有误。")
    record = NumberRecord.objects.get(document=first)
    assert record.voided and record.void_reason == "主送单位有误。"
    second = issued(people)
    assert second.number == "甲委办发〔2026〕2号"  # no gap, no reuse
    # A voided document is not in force: it leaves the year's count.
    assert list(issued_in(first.owning_office, 2026)) == [second]


def test_only_the_director_voids_with_a_reason_and_only_an_issued_number(people, make_user):
    document = issued(people)
    with pytest.raises(TransitionForbidden):
        services.document_void(actor=people["staff"], document=document, reason="有误。")
    with pytest.raises(TransitionError):
        services.document_void(actor=people["director"], document=document, reason="")
    document.refresh_from_db()
    assert document.status == DocStatus.ISSUED
    assert not NumberRecord.objects.filter(voided=True).exists()
    unnumbered = signed(people, title="关于做好秋收工作的通知")
    with pytest.raises(TransitionError):
        services.document_void(actor=people["director"], document=unnumbered, reason="有误。")
    services.document_void(actor=people["director"], document=document, reason="有误。")
    document.refresh_from_db()
    with pytest.raises(TransitionError):
        services.document_void(actor=people["director"], document=document, reason="再作废。")


def test_the_director_voids_on_the_page_and_the_register_shows_it(client, people):
    document = issued(people)
    client.force_login(people["director"])
    page = client.get(document.get_absolute_url()).content.decode()
    assert "作废" in page
    response = client.post(
        reverse("documents:official_void", args=[document.pk]), {"reason": "文号错用。"}
    )
    assert response.status_code == 302
    detail = client.get(document.get_absolute_url()).content.decode()
    assert "文号错用。" in detail and "不再重复使用" in detail
    register = client.get(reverse("documents:official_list"), {"status": "voided"})
    text = register.content.decode()
    assert "甲委办发〔2026〕1号" in text and "已作废" in text


def test_staff_see_no_void_button_but_may_archive(client, people):
    document = issued(people)
    client.force_login(people["staff"])
    page = client.get(document.get_absolute_url()).content.decode()
    assert reverse("documents:official_void", args=[document.pk]) not in page
    assert reverse("documents:official_archive", args=[document.pk]) in page


def test_the_api_countersigns_archives_and_voids(client, people, county_a):
    document = checked(people, countersign_units=[county_a["township"]])
    client.force_login(people["staff"])
    url = f"/api/v1/documents/official/{document.pk}/"
    response = client.post(url + "countersign/", {"signed_by": "王镇长"}, "application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == DocStatus.SIGNING
    assert response.json()["countersignatures"][0]["signed_by"] == "王镇长"
    services.document_sign(actor=people["leader"], document=document)
    services.document_issue(actor=people["staff"], document=document)
    assert client.post(url + "archive/", {}, "application/json").json()["status"] == "archived"
    assert client.post(url + "void/", {"reason": "错"}, "application/json").status_code == 403
    client.force_login(people["director"])
    response = client.post(url + "void/", {"reason": "有误。"}, "application/json")
    assert response.json()["status"] == "voided"
    assert response.json()["number"] == "甲委办发〔2026〕1号"
