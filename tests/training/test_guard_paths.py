"""The classified-marker guard on every path of the training app: a marked text or file is
refused with the field named, and nothing is stored (this is a non-classified system)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from office.models import ClassifiedRefusal
from training import services
from training.models import (
    DigestArticle,
    MentoringReview,
    SelfStudyNote,
    SessionAttendance,
    StudyMaterial,
    StudySession,
    TierChange,
)

from .conftest import make_session

pytestmark = pytest.mark.django_db
MARK = "机密★1年 某讲话"


def refused_field(call) -> set:
    with pytest.raises(ValidationError) as caught:
        call()
    return set(caught.value.message_dict)


@pytest.mark.django_db(databases=["default", "audit"])
@pytest.mark.parametrize("field", ["title", "source", "summary", "full_text"])
def test_a_marked_material_is_refused_and_audited(people, field):
    data = {"title": "讲话", "kind": "speech", "issued_on": date(2026, 3, 2), "source": "",
            "summary": "", "full_text": ""} | {field: MARK}  # fmt: skip
    assert field in refused_field(
        lambda: services.material_create(actor=people["staff"], data=data)
    )
    assert not StudyMaterial.objects.exists()
    assert ClassifiedRefusal.objects.count() == 1


def test_a_material_file_with_a_marked_name_is_refused(people):
    upload = SimpleUploadedFile("绝密★讲话.pdf", b"%PDF-1.4", "application/pdf")
    data = {"title": "讲话", "kind": "speech", "issued_on": date(2026, 3, 2)}
    assert "attachments" in refused_field(
        lambda: services.material_create(actor=people["staff"], data=data, files=[upload])
    )
    assert not StudyMaterial.objects.exists()


@pytest.mark.parametrize("field", ["topic", "speaker", "location", "notes"])
def test_a_marked_session_is_refused(people, field):
    data = {"kind": "special", "topic": "专题", "held_on": date(2026, 3, 12), field: MARK}
    assert field in refused_field(lambda: services.session_create(actor=people["staff"], data=data))
    assert not StudySession.objects.exists()


def test_a_marked_leave_reason_or_note_is_refused(people):
    session = make_session(people["staff"], date(2026, 3, 5))
    entry = services.AttendanceEntry(people["staff2"], "leave", MARK)
    refused_field(
        lambda: services.session_attendance_confirm(
            actor=people["staff"], session=session, entries=[entry]
        )
    )
    assert not SessionAttendance.objects.exists()
    session.refresh_from_db()
    assert session.status == "planned"


def test_a_marked_photo_text_is_refused(people):
    session = make_session(people["staff"], date(2026, 3, 5))
    upload = SimpleUploadedFile("纪要.txt", "秘密★ 内容".encode(), "text/plain")
    assert "files" in refused_field(
        lambda: services.session_photos_add(actor=people["staff"], session=session, files=[upload])
    )
    assert not session.photos.exists()


def test_marked_digest_note_review_and_tier_reason_are_refused(people):
    digest = services.digest_compile(actor=people["staff"], year=2026, month=2)
    refused_field(
        lambda: services.digest_article_add(
            actor=people["staff"],
            digest=digest,
            data={"focus_area": "rural", "title": MARK, "source": "", "text": "正文"},
        )  # fmt: skip
    )
    assert not DigestArticle.objects.exists()
    refused_field(
        lambda: services.note_create(actor=people["staff"], read_on=date(2026, 3, 9), title=MARK)
    )
    assert not SelfStudyNote.objects.exists()
    pair = services.pair_create(
        actor=people["director"], mentor=people["head"], mentee=people["staff"],
        started_on=date(2026, 1, 5), goals="熟悉公文",
    )  # fmt: skip
    refused_field(
        lambda: services.pair_review(
            actor=people["head"], pair=pair, held_on=date(2026, 3, 9), text=MARK
        )
    )
    assert not MentoringReview.objects.exists()
    refused_field(
        lambda: services.tier_change(
            actor=people["director"],
            person=people["staff"],
            tier="core",
            reason=MARK,
            changed_on=date(2026, 3, 2),
        )  # fmt: skip
    )
    assert not TierChange.objects.exists()


def test_the_form_shows_the_refusal_and_keeps_what_was_typed(client, people):
    client.force_login(people["staff"])
    response = client.post(
        reverse("training:session_add"),
        {"kind": "special", "topic": MARK, "held_on": "2026-03-12", "speaker": "陈主任"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="陈主任"' in page
    assert not StudySession.objects.exists()


def test_the_guard_refuses_what_a_service_would_forget(people):
    """Behind the services, office.guard checks every text field before it is saved."""
    material = StudyMaterial(
        owning_office=people["staff"].office, title=MARK, issued_on=date(2026, 3, 2)
    )
    with pytest.raises(ValidationError):
        material.save()
    assert not StudyMaterial.objects.exists()
