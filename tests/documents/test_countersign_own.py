"""A countersigning unit's own head or liaison countersigns (会签) on the document's page, in
its turn: agrees, or disagrees with its opinion. Anyone else is refused; the send-back form
offers only the steps the document passed; the heading reads 会签, the status 会签中."""

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.choices import DocStatus, DocType
from office.models import OrgUnit, OrgUnitKind
from office.roles import Role
from office.workflow import TransitionForbidden, may

from .conftest import draft

pytestmark = pytest.mark.django_db


def checked(people, **changes):
    document = draft(people, **changes)
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    document.refresh_from_db()
    return document


@pytest.fixture
def liaisons(make_user, county_a):
    return {
        "township": make_user(county_a["township"], Role.UNIT_LIAISON, name="王镇长"),
        "department": make_user(county_a["department"], Role.UNIT_LIAISON, name="刘局长"),
    }


def _url(document, action="countersign-own"):
    return f"/documents/official/{document.pk}/{action}/"


def test_each_unit_countersigns_on_the_page_in_turn_and_the_leader_is_asked(
    client, people, county_a, liaisons
):
    document = checked(people, countersign_units=[county_a["township"], county_a["department"]])
    client.force_login(liaisons["township"])
    assert document.title in client.get("/").content.decode()  # 待会签 on the home page
    page = client.get(document.get_absolute_url()).content.decode()
    assert _url(document) in page and "同意" in page and "不同意" in page

    response = client.post(_url(document), {"agrees": "1", "opinion": "同意。"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocStatus.COUNTERSIGNING  # the department's turn now
    first = document.countersignatures.get(unit=county_a["township"])
    assert (first.agrees, first.signed_by, first.recorded_by) == (
        True,
        "王镇长",
        liaisons["township"],
    )

    client.force_login(liaisons["department"])
    assert "待会签" in client.get("/").content.decode()  # its turn now
    client.post(_url(document), {"agrees": "0", "opinion": "第三条与我局职责不符，建议修改。"})
    document.refresh_from_db()
    assert document.status == DocStatus.SIGNING
    second = document.countersignatures.get(unit=county_a["department"])
    assert not second.agrees and second.opinion == "第三条与我局职责不符，建议修改。"
    assert people["leader"].notifications.filter(title__contains=document.title).exists()

    client.force_login(people["leader"])
    page = client.get(document.get_absolute_url()).content.decode()
    assert "document-disagrees" in page and "第三条与我局职责不符" in page


def test_a_unit_out_of_turn_or_not_named_is_refused_and_nothing_is_signed(
    client, people, county_a, liaisons, make_user
):
    document = checked(people, countersign_units=[county_a["township"], county_a["department"]])
    # The department's turn comes after the township's: no to-do, no form, a refusal.
    client.force_login(liaisons["department"])
    assert "待会签" not in client.get("/").content.decode()
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200 and _url(document) not in page.content.decode()
    response = client.post(_url(document), {"agrees": "1"}, follow=True)
    assert "只有轮到会签的单位的负责人或联络员才能会签此公文" in response.content.decode()
    with pytest.raises(TransitionForbidden):
        services.document_countersign_own(
            actor=liaisons["department"], document=document, agrees=True
        )
    # A unit not named does not even see the document; the office uses its own form.
    school = OrgUnit.objects.create(
        name="甲教育局", kind=OrgUnitKind.DEPARTMENT, parent=county_a["committee"]
    )
    other = make_user(school, Role.UNIT_LIAISON)
    client.force_login(other)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.post(_url(document), {"agrees": "1"}).status_code == 404
    assert not may(people["staff"], "countersign_own", document)
    assert not document.countersignatures.filter(signed_on__isnull=False).exists()


def test_a_disagreement_needs_its_opinion(client, people, county_a, liaisons):
    document = checked(people, countersign_units=[county_a["township"]])
    with pytest.raises(ValidationError, match="不同意的理由"):
        services.document_countersign_own(
            actor=liaisons["township"], document=document, agrees=False, opinion=" "
        )
    client.force_login(liaisons["township"])
    response = client.post(_url(document), {"agrees": "0", "opinion": ""}, follow=True)
    assert "请填写不同意的理由" in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocStatus.COUNTERSIGNING
    assert not document.countersignatures.filter(signed_on__isnull=False).exists()


def test_a_liaison_sees_a_document_only_once_it_reaches_countersigning(
    client, people, county_a, liaisons
):
    document = draft(people, countersign_units=[county_a["township"]])
    client.force_login(liaisons["township"])
    assert client.get(document.get_absolute_url()).status_code == 404
    assert document.title not in client.get("/documents/").content.decode()
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    assert client.get(document.get_absolute_url()).status_code == 200
    assert document.title in client.get("/documents/").content.decode()


def test_the_heading_reads_countersigning_and_the_status_countersigning_in_progress(
    client, people, county_a
):
    document = checked(people, countersign_units=[county_a["township"]])
    client.force_login(people["staff"])
    page = client.get(document.get_absolute_url()).content.decode()
    assert '<h3 class="card-title">会签</h3>' in page
    assert "会签中" in page  # the status badge


# --- Sending back: only the steps this document passed ---------------------------------------


def _send_back_choices(client, document) -> list[str]:
    import re

    page = client.get(document.get_absolute_url()).content.decode()
    form = page[page.index('name="to"') - 2000 :]
    form = form[: form.index("</select>")] if "</select>" in form else form[:4000]
    return re.findall(r'<option value="(\w+)"', form) or re.findall(
        r'name="to" value="(\w+)"', form
    )


def test_the_send_back_form_offers_only_the_steps_the_document_passed(client, people, county_a):
    plain = checked(people)  # no legality review, no countersigning
    client.force_login(people["leader"])
    assert _send_back_choices(client, plain) == [DocStatus.DRAFTING, DocStatus.CHECKING]

    normative = checked(
        people,
        doc_type=DocType.OPINION,
        is_normative=True,
        countersign_units=[county_a["township"]],
    )
    services.document_legal_review(actor=people["adviser"], document=normative, opinion="合法。")
    services.document_countersign(actor=people["staff"], document=normative, signed_by="王镇长")
    assert _send_back_choices(client, normative) == [
        DocStatus.DRAFTING,
        DocStatus.CHECKING,
        DocStatus.LEGAL_REVIEW,
        DocStatus.COUNTERSIGNING,
    ]


def test_a_liaisons_lists_cost_the_same_queries_for_5_rows_as_for_50(
    client, people, county_a, liaisons
):
    """The register a liaison opens (the documents its unit countersigns, a union over the
    countersignatures) and the topics of its county, at 5 rows and at 50."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        checked(people, title=f"关于联合开展第{n}项工作的通知",
                countersign_units=[county_a["township"]])  # fmt: skip
        services.info_topic_create(
            actor=people["staff"], kind="topic", title=f"专题{n}", requested_by="市委办公室"
        )

    def queries() -> dict:
        counts = {}
        for url in ("/documents/", "/documents/information/topics/"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200
            counts[url] = len(captured)
        return counts

    client.force_login(liaisons["township"])
    for n in range(5):
        add(n)
    few = queries()
    for n in range(5, 50):
        add(n)
    assert queries() == few
    assert "关于联合开展第49项工作的通知" in client.get("/documents/").content.decode()


def test_the_office_records_a_units_disagreement_through_the_api(client, people, county_a):
    document = checked(people, countersign_units=[county_a["township"]])
    client.force_login(people["staff"])
    url = f"/api/v1/documents/official/{document.pk}/countersign/"

    refused = client.post(url, {"signed_by": "王镇长", "agrees": False}, "application/json")
    assert refused.status_code == 400 and "不同意的理由" in refused.content.decode()
    answer = client.post(
        url, {"signed_by": "王镇长", "agrees": False, "opinion": "不同意。"}, "application/json"
    )
    assert answer.status_code == 200
    [signature] = answer.json()["countersignatures"]
    assert signature["agrees"] is False and signature["opinion"] == "不同意。"


def test_a_unit_countersigns_for_itself_through_the_api_in_its_turn(
    client, people, county_a, liaisons
):
    document = checked(people, countersign_units=[county_a["township"], county_a["department"]])
    url = f"/api/v1/documents/official/{document.pk}/countersign-own/"

    client.force_login(liaisons["department"])  # not its turn yet
    assert client.post(url, {"agrees": True}, "application/json").status_code == 403
    client.force_login(people["staff"])  # the office records slips through its own action
    assert client.post(url, {"agrees": True}, "application/json").status_code == 403

    client.force_login(liaisons["township"])
    refused = client.post(url, {"agrees": False, "opinion": ""}, "application/json")
    assert refused.status_code == 400 and "不同意的理由" in refused.content.decode()
    answer = client.post(url, {"agrees": True, "opinion": "同意。"}, "application/json")
    assert answer.status_code == 200
    signed = document.countersignatures.get(unit=county_a["township"])
    assert (signed.agrees, signed.signed_by, signed.recorded_by) == (
        True,
        "王镇长",
        liaisons["township"],
    )
    assert not document.countersignatures.get(unit=county_a["department"]).signed_on
