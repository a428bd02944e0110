"""The pages as people use them: lists with constant query counts, the flow through the
pages, the quota meter, the leader's sign-off widget, search and the circulation."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents import services
from documents.choices import DocStatus

from .conftest import draft, issued, manuscript, signed

pytestmark = pytest.mark.django_db


def _visit(people, n):
    return services.visit_create(
        actor=people["staff"],
        data=services.VisitData(
            visiting_body=f"省直部门{n}", level="province", topic=f"课题{n}",
            start_date=date(2026, 3, 2), end_date=date(2026, 3, 3),
            accompanying_leaders=[people["leader"]],
        ),
    )  # fmt: skip


def _incoming(people, n):
    return services.incoming_register(
        actor=people["staff"],
        data=services.IncomingData(
            sender="市委办公室", title=f"来文{n}", received_on=date(2026, 3, 2)
        ),
    )


def _info(people, n):
    return services.info_submit(
        actor=people["staff"], unit=people["leader"].org_unit, title=f"信息{n}", text="近日。"
    )


def _ledger(people, n):
    record = services.confidential_register(
        actor=people["director"],
        data=services.ConfidentialData(
            title=f"机要文件{n}", sender="市委机要局", classification="secret",
            received_on=date(2026, 3, 2), copy_numbers="000001",
        ),
    )  # fmt: skip
    services.confidential_lend(
        actor=people["director"], record=record, copy_number="000001", holder=people["leader"],
        lent_on=date(2026, 3, 5),
    )  # fmt: skip
    return record


MAKERS = {
    "/documents/information/": _info,
    "/documents/confidential/": _ledger,
    "/documents/": lambda people, n: issued(people, title=f"关于第{n}项工作的通知"),
    "/documents/manuscripts/": lambda people, n: manuscript(
        people, title=f"讲话{n}", text="今年以来。"
    ),
    "/documents/visits/": _visit,
    "/documents/incoming/": _incoming,
    "/documents/information/topics/": lambda people, n: services.info_topic_create(
        actor=people["staff"], kind="topic", title=f"专题{n}", requested_by="市委办公室"
    ),
    "/documents/confidential/clearance/?year=2026": _ledger,
}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", list(MAKERS))
def test_each_list_costs_the_same_queries_for_2_rows_as_for_12(client, people, url):
    client.force_login(people["director"])
    for n in range(2):
        MAKERS[url](people, n)
    few = _queries(client, url)
    for n in range(2, 12):
        MAKERS[url](people, n)
    assert _queries(client, url) == few


def test_the_flow_through_the_pages_to_a_numbered_document(client, people):
    client.force_login(people["staff"])
    response = client.post(
        "/documents/official/add/",
        {
            "doc_type": "notice", "title": "关于做好防汛工作的通知", "issuer": "中共甲县县委办公室",
            "issuer_code": "甲委办发", "urgency": "urgent", "openness": "internal",
            "main_recipients": "各乡镇党委", "body": "一、提高认识\n请做好防汛准备。",
            "signer": people["leader"].pk,
        },
    )  # fmt: skip
    assert response.status_code == 302
    url = response["Location"]
    client.post(url + "submit/", {"comment": ""})
    client.force_login(people["head"])
    client.post(url + "check/", {"comment": "同意。"})
    client.force_login(people["leader"])
    page = client.get("/").content.decode()
    assert "关于做好防汛工作的通知" in page  # the leader's home: awaiting sign-off
    client.post(url + "sign/", {"comment": ""})
    client.force_login(people["staff"])
    client.post(url + "issue/", {"override_reason": ""})
    page = client.get(url).content.decode()
    assert "甲委办发〔2026〕1号" in page
    assert "已印发" in page


def test_a_refused_step_says_why_in_chinese_and_changes_nothing(client, people):
    document = draft(people, body="")
    client.force_login(people["staff"])
    response = client.post(
        f"/documents/official/{document.pk}/submit/", {"comment": ""}, follow=True
    )
    assert "正文为空" in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocStatus.DRAFTING


def test_the_legal_adviser_sees_the_review_form_only_when_it_is_theirs(client, people):
    document = draft(people, is_normative=True)
    client.force_login(people["adviser"])
    assert "登记审查意见" not in client.get(document.get_absolute_url()).content.decode()
    services.document_submit(actor=people["staff"], document=document)
    services.document_check(actor=people["head"], document=document)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "登记审查意见" in page
    assert client.get("/documents/manuscripts/").status_code == 403


def test_the_quota_page_shows_this_year_against_last(client, people):
    issued(people, today=date(2025, 3, 3))
    issued(people, today=date(2025, 3, 4))
    issued(people)
    client.force_login(people["director"])
    page = client.get("/documents/official/quota/").content.decode()
    assert 'class="quota-this-year">1<' in page and 'class="quota-last-year">2<' in page
    home = client.get("/").content.decode()
    assert "发文数量（只减不增）" in home


def test_search_finds_documents_and_manuscripts_by_title_and_text(people, staff_b):
    from office.registry import registry

    issued(people, title="关于推进乡村振兴的通知")
    manuscript(people, title="讲话稿", text="要把乡村振兴摆在突出位置。")
    found = {
        group.source.key: [hit.title for hit in group.hits]
        for group in registry.search(people["director"], "乡村振兴")
    }
    assert found["documents.official"] == ["甲委办发〔2026〕1号 关于推进乡村振兴的通知"]
    assert found["documents.manuscripts"] == ["讲话稿"]
    assert registry.search(staff_b, "乡村振兴") == []  # another county finds nothing
    # The legal adviser finds documents but no manuscripts (no view permission on them).
    keys = [group.source.key for group in registry.search(people["adviser"], "乡村振兴")]
    assert keys == ["documents.official"]


def _proposed(people, document, mode="reading"):
    services.incoming_first_check(actor=people["staff"], document=document, mode=mode)
    services.incoming_propose(
        actor=people["staff"], document=document, proposed_handling="呈县委书记阅示。"
    )
    document.refresh_from_db()
    return document


def test_circulation_shows_who_has_read_and_who_has_not_in_order(client, people):
    document = _proposed(people, _incoming(people, 1))
    services.incoming_circulate(
        actor=people["staff"], document=document, readers=[people["director"], people["leader"]]
    )
    client.force_login(people["director"])
    client.post(f"/documents/incoming/{document.pk}/read/", {"comment": "请秘书科落实。"})
    page = client.get(document.get_absolute_url()).content.decode()
    read_at = page.index("circulation-read")
    unread_at = page.index("circulation-unread")
    assert read_at < unread_at and "请秘书科落实。" in page
    client.force_login(people["leader"])
    assert "来文1" in client.get("/").content.decode()  # 待阅 on the leader's home


def test_an_action_document_opens_a_supervision_item_with_one_click(client, people, county_a):
    document = services.incoming_register(
        actor=people["staff"],
        data=services.IncomingData(
            sender="市委办公室", sender_number="广委办发〔2026〕3号", title="关于整治背街小巷的通知",
            received_on=date(2026, 3, 5),
        ),
    )  # fmt: skip
    _proposed(people, document, mode="action")
    client.force_login(people["staff"])
    response = client.post(
        f"/documents/incoming/{document.pk}/to-supervision/",
        {"lead_unit": county_a["township"].pk, "deadline": "2026-04-30"},
        follow=True,
    )
    page = response.content.decode()
    assert "督〔2026〕1号" in page
    document.refresh_from_db()
    assert document.supervision_item_id is not None
    item = client.get(f"/supervision/{document.supervision_item_id}/").content.decode()
    assert "关于整治背街小巷的通知" in item
    # Once is enough: the panel is gone and a second post changes nothing.
    assert (
        'id="action-to_supervision"' not in client.get(document.get_absolute_url()).content.decode()
    )


def test_a_document_that_would_go_over_the_quota_says_so_before_issue(client, people):
    issued(people, today=date(2025, 4, 1))
    issued(people)
    document = signed(people, title="关于再做一项工作的通知")
    client.force_login(people["staff"])
    page = client.get(document.get_absolute_url()).content.decode()
    assert "document-over-quota" in page and "只减不增" in page


def test_an_impossible_year_in_the_register_filter_is_refused_not_a_500(client, people):
    issued(people)
    client.force_login(people["director"])
    for year in ("0", "10000"):
        page = client.get(f"/documents/?issued_in={year}")
        assert page.status_code == 200
    assert client.get("/documents/?issued_in=2026").status_code == 200
