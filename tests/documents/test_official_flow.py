"""The outgoing flow: draft → 核稿 → legality review (normative) → 签发 → numbering → issue,
with send-back and each refusal changing nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.choices import DocStatus, DocType
from documents.models import NumberRecord, OfficialDocument
from documents.selectors import quota_rows
from office.models import TransitionLog
from office.roles import Role
from office.workflow import TransitionError, TransitionForbidden

from .conftest import draft, issued, signed

pytestmark = pytest.mark.django_db


def test_a_notice_goes_from_draft_to_a_numbered_document(people):
    document = draft(people)
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    assert document.status == DocStatus.SIGNING  # no legality review for a notice
    services.document_sign(actor=people["leader"], document=document)
    services.document_issue(actor=people["staff"], document=document)
    document.refresh_from_db()
    assert document.status == DocStatus.ISSUED
    assert document.number == "甲委办发〔2026〕1号"
    assert str(document.signed_on) == "2026-03-10"
    steps = TransitionLog.objects.filter(object_id=document.pk).order_by("created_at")
    assert [log.transition for log in steps] == ["submit", "check", "sign", "issue"]


def test_a_normative_document_waits_for_the_legal_adviser_before_sign_off(people):
    document = draft(people, doc_type=DocType.OPINION, is_normative=True)
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    assert document.status == DocStatus.LEGAL_REVIEW
    with pytest.raises(TransitionError, match="合法性审查"):
        services.document_sign(actor=people["leader"], document=document)
    document.refresh_from_db()
    assert document.status == DocStatus.LEGAL_REVIEW and document.signed_on is None
    services.document_legal_review(
        actor=people["adviser"], document=document, opinion="经审查，内容合法。"
    )
    document.refresh_from_db()
    assert document.legal_reviewer == people["adviser"]
    services.document_sign(actor=people["leader"], document=document)
    services.document_issue(actor=people["staff"], document=document)
    document.refresh_from_db()
    assert document.filing_due.isoformat() == "2026-03-25"  # 15 days after issue


def test_only_the_legal_adviser_records_the_review_and_an_opinion_is_needed(people):
    document = draft(people, is_normative=True)
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    with pytest.raises(TransitionForbidden):
        services.document_legal_review(actor=people["head"], document=document, opinion="同意。")
    with pytest.raises(ValidationError, match="合法性审查意见"):
        services.document_legal_review(actor=people["adviser"], document=document, opinion=" ")
    document.refresh_from_db()
    assert document.status == DocStatus.LEGAL_REVIEW and document.legal_opinion == ""


def test_an_empty_body_is_refused_at_submission(people):
    document = draft(people, body="")
    with pytest.raises(ValidationError, match="正文为空"):
        services.document_submit(actor=people["staff"], document=document)
    document.refresh_from_db()
    assert document.status == DocStatus.DRAFTING


def test_staff_do_not_check_and_a_reviewer_of_another_county_is_refused(
    people, make_user, county_b
):
    document = draft(people)
    services.document_submit(actor=people["staff"], document=document)
    with pytest.raises(TransitionForbidden):
        services.document_check(actor=people["staff"], document=document)
    outsider = make_user(county_b["section"], Role.SECTION_HEAD)
    with pytest.raises(TransitionForbidden):
        services.document_check(actor=outsider, document=document)
    document.refresh_from_db()
    assert document.status == DocStatus.CHECKING


def test_only_the_named_signer_signs_off(people, make_user, county_a):
    other_leader = make_user(county_a["committee"], Role.LEADER)
    document = draft(people)
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    for actor in (other_leader, people["director"], people["staff"]):
        with pytest.raises(TransitionForbidden):
            services.document_sign(actor=actor, document=document)
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNING


def test_a_signer_outside_the_office_cannot_be_named(people, make_user, county_b):
    stranger = make_user(county_b["committee"], Role.LEADER)
    with pytest.raises(ValidationError, match="签发人"):
        draft(people, signer=stranger)
    assert not OfficialDocument.objects.exists()


def test_send_back_needs_a_reason_and_returns_the_draft_to_the_drafter(people):
    document = draft(people)
    services.document_submit(actor=people["staff"], document=document)
    with pytest.raises(TransitionError):
        services.document_send_back(actor=people["head"], document=document, reason="")
    services.document_send_back(actor=people["head"], document=document, reason="文种不对。")
    document.refresh_from_db()
    assert document.status == DocStatus.DRAFTING
    assert people["staff"].notifications.filter(title__contains=document.title).exists()


def test_the_legal_adviser_does_not_send_back_what_is_still_being_checked(people):
    document = draft(people)
    services.document_submit(actor=people["staff"], document=document)
    with pytest.raises(TransitionForbidden):
        services.document_send_back(actor=people["adviser"], document=document, reason="不合法。")


def test_a_number_requested_twice_is_refused_and_the_number_stays(people):
    document = issued(people)
    with pytest.raises(TransitionError):
        services.document_issue(actor=people["staff"], document=document)
    document.refresh_from_db()
    assert document.number == "甲委办发〔2026〕1号"
    assert NumberRecord.objects.count() == 1


def test_numbers_run_without_gaps_and_a_refused_issue_takes_none(people):
    issued(people, today=date(2025, 6, 2))  # last year: one document
    first = issued(people)
    over = signed(people, doc_type=DocType.LETTER, title="关于商请支持的函")
    with pytest.raises(ValidationError, match="只减不增"):
        services.document_issue(actor=people["staff"], document=over)
    over.refresh_from_db()
    assert over.status == DocStatus.SIGNED and over.number == ""
    # The director may, with the reason, which stays on the document.
    with pytest.raises(ValidationError):
        services.document_issue(actor=people["director"], document=over)
    services.document_issue(
        actor=people["director"], document=over, override_reason="上级统一部署，必须发文。"
    )
    over.refresh_from_db()
    assert [first.number, over.number] == ["甲委办发〔2026〕1号", "甲委办发〔2026〕2号"]
    assert over.quota_override_reason == "上级统一部署，必须发文。"


def test_the_quota_counts_each_type_and_the_total_against_last_year(people):
    for _ in range(3):
        issued(people, today=date(2025, 5, 6))
    issued(people, today=date(2025, 5, 6), doc_type=DocType.MEMO, title="便笺")
    issued(people)
    issued(people, doc_type=DocType.MEMO, title="便笺")
    issued(people, doc_type=DocType.PLAIN, title="工作安排")
    rows = {row.doc_type: row for row in quota_rows(people["staff"].office, 2026)}
    assert (rows["notice"].this_year, rows["notice"].last_year, rows["notice"].remaining) == (
        1,
        3,
        2,
    )
    assert rows["plain"].over and not rows["memo"].over
    total = rows[""]
    assert (total.this_year, total.last_year, total.over) == (3, 4, False)
    assert total.percent == 75
