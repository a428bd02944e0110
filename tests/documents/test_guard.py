"""The classified-marker guard: this system is non-classified. A marked text is refused by the
services (naming the field) and, if a service forgot, by office.guard before saving."""

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.models import OfficialDocument
from office.models import ClassifiedRefusal

from .conftest import draft, manuscript

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
