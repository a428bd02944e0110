"""The classified-marker guard: this system is non-classified. A marked text is refused by the
services (naming the field) and, if a service forgot, by office.guard before saving."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.models import OfficialDocument
from office.models import ClassifiedRefusal

from .conftest import draft, issued, manuscript

pytestmark = pytest.mark.django_db
MARKED = "秘密★1年\n关于某项工作的通知"


@pytest.mark.django_db(databases=["default", "audit"])
def test_a_marked_document_body_is_refused_and_nothing_stored(people):
    with pytest.raises(ValidationError):
        draft(people, body=MARKED)
    assert not OfficialDocument.objects.exists()
    assert ClassifiedRefusal.objects.exists()


def test_a_marked_manuscript_version_is_refused_and_the_text_stays(people):
    m = manuscript(people, text="今年以来，工作扎实。")
    with pytest.raises(ValidationError):
        services.manuscript_revise(actor=people["staff"], manuscript=m, text=MARKED)
    m.refresh_from_db()
    assert m.versions.count() == 1 and "秘密" not in m.text


def test_a_marked_legality_opinion_is_refused(people):
    document = draft(people, is_normative=True)
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    with pytest.raises(ValidationError):
        services.document_legal_review(actor=people["adviser"], document=document, opinion=MARKED)
    document.refresh_from_db()
    assert document.legal_opinion == ""


def test_the_guard_refuses_what_a_service_forgot(people):
    m = manuscript(people, text="今年以来。")
    m.text = MARKED  # a direct save, bypassing the service
    with pytest.raises(ValidationError):
        m.save()
    m.refresh_from_db()
    assert m.text == "今年以来。"


@pytest.mark.django_db(databases=["default", "audit"])
def test_marked_steps_texts_are_refused_and_nothing_changes(people, county_a):
    """The proposed handling (拟办), a countersigning unit's opinion and a void reason."""
    incoming = services.incoming_register(
        actor=people["staff"],
        data=services.IncomingData(sender="市委办公室", title="来文", received_on=date(2026, 3, 2)),
    )
    services.incoming_first_check(actor=people["staff"], document=incoming, mode="reading")
    with pytest.raises(ValidationError):
        services.incoming_propose(
            actor=people["staff"], document=incoming, proposed_handling=MARKED
        )
    incoming.refresh_from_db()
    assert incoming.status == "checked" and incoming.proposed_handling == ""

    document = draft(people, countersign_units=[county_a["township"]])
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    with pytest.raises(ValidationError):
        services.document_countersign(
            actor=people["staff"], document=document, signed_by="王镇长", opinion=MARKED
        )
    assert not document.countersignatures.filter(signed_on__isnull=False).exists()

    numbered = issued(people)
    with pytest.raises(ValidationError):
        services.document_void(actor=people["director"], document=numbered, reason=MARKED)
    numbered.refresh_from_db()
    assert numbered.status == "issued" and numbered.void_reason == ""
