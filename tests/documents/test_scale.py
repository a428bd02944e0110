"""seed_scale writes each generated county's documents (issue 11): a year of manuscripts,
outgoing documents through the flow to their numbers, incoming documents read by the
leaders, the units' information; the pages and the figures read them like any others."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from documents import services
from documents.choices import DocStatus
from documents.models import (
    Circulation,
    IncomingDocument,
    InfoPiece,
    Manuscript,
    NumberRecord,
    OfficialDocument,
)
from documents.selectors import issued_in
from office.models import OrgUnit, TransitionLog, User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_seed_scale_writes_a_year_of_documents_per_county():
    out = StringIO()
    call_command("seed_scale", "--counties", "1", "--years", "2", "--items-per-year", "400",
                 stdout=out)  # fmt: skip

    office = OrgUnit.objects.get(code__regex=r"^SCALE[0-9]{3}-XWB$")
    assert "发文：" in out.getvalue()
    # A fifth of a county's load: about 26 manuscripts, 24 documents, 120 incoming a year.
    assert 20 <= Manuscript.objects.filter(owning_office=office, assigned_on__year=2025).count()
    issued = list(issued_in(office, 2025))
    assert len(issued) >= 18
    numbers = sorted(d.sequence for d in issued)
    assert numbers == list(range(1, len(issued) + 1))  # no gap, no duplicate
    assert NumberRecord.objects.filter(document__in=issued).count() == len(issued)
    steps = TransitionLog.objects.filter(object_id=issued[0].pk, transition="issue")
    assert steps.exists()
    incoming = IncomingDocument.objects.filter(owning_office=office, received_on__year=2025)
    assert incoming.count() >= 100
    assert Circulation.objects.filter(document__in=incoming, read_at__isnull=False).exists()
    assert InfoPiece.objects.filter(owning_office=office, status="adopted").exists()
    assert OfficialDocument.history.model.objects.filter(owning_office=office).exists()

    # The county's director reads them as any other documents, and the series goes on.
    director = User.objects.filter(username__startswith="scale", groups__name="director").first()
    client = Client()
    client.force_login(director)
    listed = client.get("/documents/?issued_in=2025")
    assert listed.status_code == 200
    assert listed.context["table"].paginator.count == len(issued)
    assert client.get(issued[0].get_absolute_url()).status_code == 200
    signed = OfficialDocument.objects.filter(owning_office=office, status=DocStatus.SIGNED).first()
    if signed is not None:
        staff = User.objects.filter(org_unit__office=office, groups__name="staff").first()
        before = [d.sequence for d in issued_in(office, signed.created_at.year)]
        services.document_issue(actor=staff, document=signed, today=signed.created_at.date())
        signed.refresh_from_db()
        assert signed.sequence == max(before, default=0) + 1
