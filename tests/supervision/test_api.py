"""The supervision API: items with filters and transitions, reports and extensions, always
within the caller's scope; a refused action answers with the reason and changes nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _

from supervision import services
from supervision.choices import ExtensionStatus, ItemStatus, SourceKind, Urgency
from supervision.models import ExtensionRequest, Item, ProgressReport

from .conftest import frozen, item_state, transition_logs

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
ITEMS = "/api/v1/supervision/items/"


def url(item, action="") -> str:
    return f"{ITEMS}{item.pk}/" + (f"{action}/" if action else "")


def post(client, user, path, data=None, **kwargs):
    client.force_login(user)
    with frozen(TODAY):
        return client.post(path, data or {}, content_type="application/json", **kwargs)


def get(client, user, path, params=None):
    client.force_login(user)
    with frozen(TODAY):
        return client.get(path, params or {})


def titles(response) -> set:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


@pytest.fixture
def items(make_item, advance, other_unit, lead_unit):
    """城关镇's overdue, due-soon and closed items; 财政局's item with 城关镇 cooperating."""
    overdue = make_item(on=date(2026, 5, 4), deadline=date(2026, 6, 10), title="逾期的事项")
    soon = make_item(
        on=date(2026, 6, 1),
        deadline=date(2026, 6, 17),
        title="临期的事项",
        urgency=Urgency.URGENT,
        source_kind=SourceKind.HIGHER_LEVEL,
        accept=False,
    )
    done = make_item(on=date(2026, 1, 5), deadline=date(2026, 2, 27), title="已办结的事项")
    advance(done, ItemStatus.CLOSED, on=date(2026, 2, 20))
    theirs = make_item(
        on=date(2026, 6, 1),
        deadline=date(2026, 9, 30),
        title="财政局牵头的事项",
        lead_unit=other_unit,
        cooperating_units=[lead_unit],
    )
    old = make_item(on=date(2025, 12, 1), deadline=date(2025, 12, 31), title="去年的事项")
    advance(old, ItemStatus.CLOSED, on=date(2025, 12, 30))
    return {"overdue": overdue, "soon": soon, "done": done, "theirs": theirs, "old": old}


# --- Reading and filtering -----------------------------------------------------------------


def test_staff_list_items_with_number_colour_and_unit(client, staff, items):
    response = get(client, staff, ITEMS)

    rows = {row["title"]: row for row in response.json()["results"]}
    assert set(rows) == {
        "逾期的事项",
        "临期的事项",
        "已办结的事项",
        "财政局牵头的事项",
        "去年的事项",
    }
    overdue = rows["逾期的事项"]
    assert overdue["number"] == items["overdue"].number
    assert overdue["colour"] == "red"
    assert overdue["lead_unit_name"] == "甲城关镇"
    assert overdue["status"] == "in_progress"
    assert overdue["acknowledge_by"] is None
    # Not acknowledged yet: the API says by when it must be (签收时限).
    assert rows["临期的事项"]["status"] == "assigned"
    assert rows["临期的事项"]["acknowledge_by"] == "2026-06-02"
    assert rows["临期的事项"]["colour"] == "blue"
    assert rows["已办结的事项"]["colour"] == "none"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": 2025}, {"去年的事项"}),
        ({"source_kind": "higher_level"}, {"临期的事项"}),
        ({"status": "closed"}, {"已办结的事项", "去年的事项"}),
        ({"colour": "red"}, {"逾期的事项"}),
        ({"colour": "blue"}, {"临期的事项"}),
        ({"urgency": "urgent"}, {"临期的事项"}),
        ({"search": "财政局"}, {"财政局牵头的事项"}),
        ({"year": 2026, "status": "in_progress", "colour": "red"}, {"逾期的事项"}),
    ],
)
def test_filters_narrow_the_list(client, staff, items, params, expected):
    assert titles(get(client, staff, ITEMS, params)) == expected


def test_filter_by_lead_unit(client, staff, items, other_unit):
    assert titles(get(client, staff, ITEMS, {"lead_unit": other_unit.pk})) == {"财政局牵头的事项"}


def test_unknown_filter_value_is_a_clear_400(client, staff, items):
    response = get(client, staff, ITEMS, {"colour": "purple"})

    assert response.status_code == 400
    assert "colour" in response.json()


def test_liaison_sees_only_items_their_unit_leads_or_cooperates_on(client, other_liaison, items):
    assert titles(get(client, other_liaison, ITEMS)) == {"财政局牵头的事项"}
    assert get(client, other_liaison, url(items["overdue"])).status_code == 404


def test_other_countys_staff_get_404(client, staff_b_office, items):
    assert titles(get(client, staff_b_office, ITEMS)) == set()
    assert get(client, staff_b_office, url(items["overdue"])).status_code == 404
    response = post(client, staff_b_office, url(items["overdue"], "urge"), {"message": "快办"})
    assert response.status_code == 404


def test_api_needs_a_login_and_the_view_permission(client, make_user, county_a, items):
    from office.roles import Role

    assert client.get(ITEMS).status_code in (401, 403)
    assert get(client, make_user(county_a["office"], Role.SYS_ADMIN), ITEMS).status_code == 403


def test_list_query_count_is_the_same_for_5_and_30_items(client, staff, make_item, other_unit):
    def count_queries():
        client.force_login(staff)
        with frozen(TODAY), CaptureQueriesContext(connection) as captured:
            response = client.get(ITEMS, {"colour": "none"})
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    for _n in range(5):
        make_item(on=date(2026, 6, 1), deadline=date(2026, 12, 31), cooperating_units=[other_unit])
    queries_for_5, count = count_queries()
    assert count == 5
    for _n in range(25):
        make_item(on=date(2026, 6, 1), deadline=date(2026, 12, 31), cooperating_units=[other_unit])
    queries_for_30, count = count_queries()

    assert count == 30
    assert queries_for_30 == queries_for_5


# --- Registering ---------------------------------------------------------------------------


def test_staff_register_an_item_with_the_default_deadline(client, staff, lead_unit, other_unit):
    response = post(
        client,
        staff,
        ITEMS,
        {
            "title": "开展安全生产大检查",
            "source_kind": "instruction",
            "instruction_text": "请认真开展安全生产大检查。",
            "instructing_leader": "县长",
            "instruction_date": "2026-06-12",
            "lead_unit": lead_unit.pk,
            "cooperating_units": [other_unit.pk],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    item = Item.objects.get(pk=body["id"])
    assert body["number"] == "督〔2026〕1号"
    assert body["status"] == "registered"
    assert item.deadline == services.proposed_deadline(
        source_kind="instruction", urgency="normal", start=TODAY
    )
    assert list(item.cooperating_units.all()) == [other_unit]


def test_registering_with_a_past_deadline_is_refused_with_the_reason(client, staff, lead_unit):
    response = post(
        client,
        staff,
        ITEMS,
        {
            "title": "过期事项",
            "source_kind": "document",
            "lead_unit": lead_unit.pk,
            "deadline": "2026-06-01",
        },
    )

    assert response.status_code == 400
    assert response.json()["detail"] == _("The deadline cannot be before the registration date.")
    assert "deadline" in response.json()["errors"]
    assert not Item.objects.exists()


def test_registering_for_another_countys_unit_says_it_does_not_exist(client, staff, county_b):
    response = post(
        client,
        staff,
        ITEMS,
        {"title": "越权事项", "source_kind": "document", "lead_unit": county_b["township"].pk},
    )

    assert response.status_code == 400
    assert "lead_unit" in response.json()
    assert "乙" not in response.content.decode()
    assert not Item.objects.exists()


def test_a_liaison_cannot_register_items(client, liaison, lead_unit):
    response = post(
        client,
        liaison,
        ITEMS,
        {"title": "自己立项", "source_kind": "document", "lead_unit": lead_unit.pk},
    )

    assert response.status_code == 403
    assert response.json()["detail"] == _("Only office staff can register supervision items.")
    assert not Item.objects.exists()


# --- Transitions ---------------------------------------------------------------------------


def test_the_whole_journey_through_the_api(client, make_item, staff, liaison, director, leader):
    item = make_item(on=date(2026, 6, 1), assign=False, deadline=date(2026, 7, 31))

    assigned = post(client, staff, url(item, "assign"), {"comment": "请按时办理"})
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["status"] == "assigned"

    early = post(client, liaison, url(item, "report"), {"text": "已启动", "percent": 40})
    assert early.status_code == 400
    assert "签收" in early.json()["detail"]

    accepted = post(client, liaison, url(item, "accept"), {"comment": "已签收，由城建办负责。"})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "in_progress"
    assert accepted.json()["acknowledge_by"] is None

    reported = post(client, liaison, url(item, "report"), {"text": "已启动", "percent": 40})
    assert reported.status_code == 201, reported.content
    assert reported.json()["percent"] == 40
    item.refresh_from_db()
    assert (item.status, item.progress) == (ItemStatus.IN_PROGRESS, 40)

    urged = post(client, staff, url(item, "urge"), {"message": "请加快进度"})
    assert urged.status_code == 201 and urged.json()["message"] == "请加快进度"
    commented = post(client, leader, url(item, "comment"), {"text": "要抓出实效"})
    assert commented.status_code == 201 and commented.json()["text"] == "要抓出实效"

    completion = post(client, liaison, url(item, "request-completion"), {"text": "全部完成"})
    assert completion.status_code == 201
    assert completion.json()["is_completion"] is True
    sent_back = post(client, director, url(item, "send-back"), {"reason": "佐证材料不全"})
    assert sent_back.status_code == 200 and sent_back.json()["status"] == "in_progress"

    post(client, liaison, url(item, "request-completion"), {"text": "已补齐材料"})
    closed = post(client, director, url(item, "close"), {"comment": "同意销号"})
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_on"] == "2026-06-15"
    assert [log[0] for log in transition_logs(item)] == [
        "assign",
        "accept",
        "request_completion",
        "send_back",
        "request_completion",
        "close",
    ]


def test_a_report_can_carry_attachments(client, items, liaison):
    client.force_login(liaison)
    with frozen(TODAY):
        response = client.post(
            url(items["overdue"], "report"),
            {
                "text": "附现场照片",
                "percent": "60",
                "attachments": [SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff", "image/jpeg")],
            },
        )

    assert response.status_code == 201, response.content
    assert [a["name"] for a in response.json()["attachments"]] == ["现场.jpg"]


def test_an_attachments_link_downloads_it_within_scope_only(
    client, items, liaison, staff, other_liaison
):
    client.force_login(liaison)
    with frozen(TODAY):
        filed = client.post(
            url(items["overdue"], "report"),
            {
                "text": "附现场照片",
                "percent": "60",
                "attachments": [SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff", "image/jpeg")],
            },
        )
    listed = get(client, staff, "/api/v1/supervision/reports/", {"item": items["overdue"].pk})
    [report] = [r for r in listed.json()["results"] if r["attachments"]]
    [attachment] = report["attachments"]
    assert filed.json()["attachments"] == [attachment]

    # An absolute link to the download view that checks the caller's scope, never /media/.
    assert attachment["url"].startswith("http://testserver/supervision/attachments/")
    assert "/media/" not in attachment["url"]
    downloaded = get(client, staff, attachment["url"])
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == b"\xff\xd8\xff"
    assert get(client, liaison, attachment["url"]).status_code == 200
    assert get(client, other_liaison, attachment["url"]).status_code == 404


def test_director_cancels_with_a_reason(client, items, director):
    response = post(client, director, url(items["soon"], "cancel"), {"reason": "上级已撤回"})

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "上级已撤回"


def test_closing_an_item_not_awaiting_closure_is_refused_and_changes_nothing(
    client, items, director
):
    before = item_state(items["overdue"])

    response = post(client, director, url(items["overdue"], "close"))

    assert response.status_code == 400
    assert "无法执行" in response.json()["detail"]
    assert item_state(items["overdue"]) == before


def test_a_reason_is_required_to_send_back_or_cancel(client, items, director):
    before = item_state(items["overdue"])

    response = post(client, director, url(items["overdue"], "cancel"), {"reason": ""})

    assert response.status_code == 400
    assert "reason" in response.json()
    assert item_state(items["overdue"]) == before


def test_a_report_on_a_closed_item_is_refused(client, items, liaison):
    before = item_state(items["done"])

    response = post(client, liaison, url(items["done"], "report"), {"text": "补充", "percent": 100})

    assert response.status_code == 400
    assert response.json()["detail"] == _(
        "Reports can only be filed on an item that is being handled."
    )
    assert item_state(items["done"]) == before


def test_liaison_of_another_unit_cannot_act_on_the_item(client, items, other_liaison, liaison):
    before = item_state(items["overdue"])

    hidden = post(
        client, other_liaison, url(items["overdue"], "report"), {"text": "x", "percent": 1}
    )
    assert hidden.status_code == 404
    assert item_state(items["overdue"]) == before

    # A cooperating unit sees the item, but only the lead unit reports on it.
    before = item_state(items["theirs"])
    cooperating = post(client, liaison, url(items["theirs"], "report"), {"text": "x", "percent": 1})
    assert cooperating.status_code == 403
    assert cooperating.json()["detail"] == _("Only the lead unit can report on this item.")
    assert item_state(items["theirs"]) == before


def test_only_the_director_closes_and_only_leaders_comment(client, items, staff, liaison):
    closing = post(client, staff, url(items["overdue"], "close"))
    commenting = post(client, liaison, url(items["overdue"], "comment"), {"text": "我来评论"})

    assert closing.status_code in (400, 403)
    assert commenting.status_code == 403
    assert items["overdue"].comments.count() == 0


# --- Reports and extensions ----------------------------------------------------------------


def test_reports_are_listed_within_scope(client, items, staff, other_liaison, liaison):
    with frozen(date(2026, 6, 12)):
        services.report_submit(actor=liaison, item=items["overdue"], text="进行中", percent=50)

    staff_view = get(client, staff, "/api/v1/supervision/reports/", {"item": items["done"].pk})
    other_view = get(client, other_liaison, "/api/v1/supervision/reports/")

    assert staff_view.status_code == 200
    assert {r["text"] for r in staff_view.json()["results"]} == {
        "已完成摸底调查。",
        "改造全部完工。",
    }
    assert other_view.json()["results"] == []
    report = ProgressReport.objects.get(text="进行中")
    hidden = get(client, other_liaison, f"/api/v1/supervision/reports/{report.pk}/")
    assert hidden.status_code == 404


def test_extension_is_requested_and_approved(client, items, liaison, director):
    requested = post(
        client,
        liaison,
        "/api/v1/supervision/extensions/",
        {"item": items["soon"].pk, "new_deadline": "2026-07-15", "reason": "需协调多部门"},
    )
    assert requested.status_code == 201, requested.content
    extension_id = requested.json()["id"]
    assert requested.json()["status"] == "pending"

    approved = post(client, director, f"/api/v1/supervision/extensions/{extension_id}/approve/")

    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    items["soon"].refresh_from_db()
    assert items["soon"].deadline == date(2026, 7, 15)
    listed = get(client, liaison, "/api/v1/supervision/extensions/", {"status": "approved"})
    assert [row["id"] for row in listed.json()["results"]] == [extension_id]


def test_extension_after_the_deadline_is_refused(client, items, liaison):
    response = post(
        client,
        liaison,
        "/api/v1/supervision/extensions/",
        {"item": items["overdue"].pk, "new_deadline": "2026-07-15", "reason": "来不及"},
    )

    assert response.status_code == 400
    assert response.json()["detail"] == _(
        "The deadline has passed: an extension must be requested before it."
    )
    assert not ExtensionRequest.objects.exists()


def test_extension_for_an_item_out_of_scope_does_not_exist(client, items, other_liaison):
    response = post(
        client,
        other_liaison,
        "/api/v1/supervision/extensions/",
        {"item": items["soon"].pk, "new_deadline": "2026-07-15", "reason": "越权"},
    )

    assert response.status_code == 400
    assert "item" in response.json()
    assert not ExtensionRequest.objects.exists()


def test_rejecting_needs_a_reason_and_only_the_director_decides(client, items, liaison, director):
    with frozen(TODAY):
        extension = services.extension_request(
            actor=liaison, item=items["soon"], new_deadline=date(2026, 7, 15), reason="需要时间"
        )
    path = f"/api/v1/supervision/extensions/{extension.pk}/"

    by_liaison = post(client, liaison, path + "approve/")
    without_reason = post(client, director, path + "reject/")
    rejected = post(client, director, path + "reject/", {"comment": "理由不充分"})

    assert by_liaison.status_code == 403
    assert without_reason.status_code == 400
    assert without_reason.json()["detail"] == _("Give the reason for the rejection.")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REJECTED
    items["soon"].refresh_from_db()
    assert items["soon"].deadline == date(2026, 6, 17)


# --- Schema --------------------------------------------------------------------------------


def test_schema_documents_items_transitions_reports_and_extensions(client, staff):
    client.force_login(staff)
    schema = client.get("/api/schema/", {"format": "json"}).json()

    paths = schema["paths"]
    for path in (
        "/api/v1/supervision/items/",
        "/api/v1/supervision/items/{id}/",
        "/api/v1/supervision/items/{id}/close/",
        "/api/v1/supervision/items/{id}/request-completion/",
        "/api/v1/supervision/reports/",
        "/api/v1/supervision/extensions/{id}/approve/",
    ):
        assert path in paths, path
    parameters = {p["name"] for p in paths["/api/v1/supervision/items/"]["get"]["parameters"]}
    assert {"year", "source_kind", "status", "colour", "lead_unit", "search"} <= parameters
    send_back = paths["/api/v1/supervision/items/{id}/send-back/"]["post"]
    assert "requestBody" in send_back and {"200", "400", "403"} <= set(send_back["responses"])
