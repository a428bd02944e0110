"""What keeps the supervision records whole: no action on a split item's parent that belongs to
its units, no extension decided on an item that is no longer open, checks made on the item as
stored (not on a copy read before someone else acted), every item with its lead unit and every
instruction with its leader and date, circulars that stay as they were published, and API
filters that never tell that a record out of scope exists."""

import io
import threading
from datetime import date

import docx
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from office.roles import Role
from supervision import circulars, services  # noqa: F401
from supervision.choices import CircularStatus, ExtensionStatus, ItemStatus, SourceKind
from supervision.models import Circular, ExtensionRequest, Item, ProgressReport, Urge

from .conftest import frozen, item_data, item_state, refused

pytestmark = pytest.mark.django_db

MON = date(2026, 6, 15)  # an ordinary week: no holiday near it
TUE = date(2026, 6, 16)
WED = date(2026, 6, 17)
THU = date(2026, 6, 18)
ITEMS = "/api/v1/supervision/items/"
EXTENSIONS = "/api/v1/supervision/extensions/"
REPORTS = "/api/v1/supervision/reports/"
SPLIT_REFUSAL = (
    "This item is split into one item per unit: report, ask for an extension "
    "or urge on the item of the unit concerned."
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_post(user, path, data=None):
    with frozen(WED):
        return client_for(user).post(path, data or {}, content_type="application/json")


def api_get(user, path, params=None):
    with frozen(WED):
        return client_for(user).get(path, params or {})


@pytest.fixture
def split_item(staff, lead_unit, other_unit):
    """One instruction for 城关镇 and 财政局: a parent and one assigned item per unit."""
    with frozen(MON):
        parent = services.item_register_split(
            actor=staff, data=item_data(title="安全温暖过冬"), units=[lead_unit, other_unit]
        )
        services.item_assign(actor=staff, item=parent)
    parent.refresh_from_db()
    return parent


def child_of(parent, unit) -> Item:
    return parent.children.get(lead_unit=unit)


@pytest.fixture
def working_item(make_item, advance):
    """城关镇's item in progress, due on Friday 26 June."""
    item = make_item(on=MON, deadline=date(2026, 6, 26))
    return advance(item, ItemStatus.IN_PROGRESS, on=MON)


@pytest.fixture
def pending_extension(working_item, liaison):
    with frozen(TUE):
        return services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2026, 7, 10), reason="需协调资金。"
        )


# --- 1. A split item's parent: the work is on its units' items --------------------------------


def test_a_report_posted_on_a_split_items_page_is_refused_with_a_message(split_item, staff):
    with frozen(TUE):
        response = client_for(staff).post(
            reverse("supervision:item_report", args=[split_item.pk]),
            {"text": "已启动。", "percent": 20},
            follow=True,
        )

    assert response.status_code == 200
    assert escape(_(SPLIT_REFUSAL)) in response.content.decode()
    assert not ProgressReport.objects.exists()
    split_item.refresh_from_db()
    assert split_item.status == ItemStatus.ASSIGNED


@pytest.mark.parametrize("action", ["report", "request-completion"])
def test_the_api_refuses_a_report_on_a_split_items_parent(split_item, staff, action):
    before = item_state(split_item)

    response = api_post(staff, f"{ITEMS}{split_item.pk}/{action}/", {"text": "完成", "percent": 50})

    assert response.status_code == 400
    assert response.json()["detail"] == _(SPLIT_REFUSAL)
    assert item_state(split_item) == before
    assert not ProgressReport.objects.exists()


def test_an_extension_cannot_be_asked_for_a_split_items_parent(split_item, staff):
    with frozen(TUE), refused(split_item, ValidationError) as refusal:
        services.extension_request(
            actor=staff, item=split_item, new_deadline=date(2026, 12, 31), reason="需要时间。"
        )

    assert refusal.value.messages == [_(SPLIT_REFUSAL)]
    response = api_post(
        staff,
        EXTENSIONS,
        {"item": split_item.pk, "new_deadline": "2026-12-31", "reason": "需要时间。"},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == _(SPLIT_REFUSAL)
    assert not ExtensionRequest.objects.exists()


def test_urging_a_split_items_parent_is_refused_instead_of_reaching_nobody(split_item, staff):
    with frozen(TUE), refused(split_item, ValidationError) as refusal:
        services.item_urge(actor=staff, item=split_item, message="请加快进度。")

    assert refusal.value.messages == [_(SPLIT_REFUSAL)]
    response = api_post(staff, f"{ITEMS}{split_item.pk}/urge/", {"message": "请加快进度。"})
    assert response.status_code == 400
    assert not Urge.objects.exists()


def test_each_units_item_of_a_split_is_still_reported_on_and_urged(
    split_item, lead_unit, liaison, staff
):
    child = child_of(split_item, lead_unit)
    with frozen(TUE):
        services.item_accept(actor=liaison, item=child)
        services.report_submit(actor=liaison, item=child, text="已摸底。", percent=30)
        services.item_urge(actor=staff, item=child, message="请加快进度。")

    child.refresh_from_db()
    assert (child.status, child.progress) == (ItemStatus.IN_PROGRESS, 30)
    assert Urge.objects.filter(item=child).count() == 1


# --- 2. Extensions are decided only while the item is open ------------------------------------


def test_closing_an_item_lapses_its_pending_extension_which_can_no_longer_be_approved(
    working_item, pending_extension, advance, director
):
    advance(working_item, ItemStatus.CLOSED, on=WED)

    pending_extension.refresh_from_db()
    assert pending_extension.status == ExtensionStatus.REJECTED
    assert pending_extension.decision_comment == _("The item was closed; the request lapsed.")
    assert pending_extension.decided_by is None
    with frozen(THU), refused(working_item, ValidationError):
        services.extension_decide(actor=director, extension=pending_extension, approve=True)
    working_item.refresh_from_db()
    assert working_item.deadline == date(2026, 6, 26)


def test_cancelling_an_item_lapses_its_pending_extension(working_item, pending_extension, director):
    with frozen(WED):
        services.item_cancel(actor=director, item=working_item, reason="上级已撤回。")

    pending_extension.refresh_from_db()
    assert pending_extension.status == ExtensionStatus.REJECTED
    assert pending_extension.decision_comment == _("The item was cancelled; the request lapsed.")


def test_the_lapsed_request_shows_on_the_items_page(
    working_item, pending_extension, advance, director
):
    advance(working_item, ItemStatus.CLOSED, on=WED)

    with frozen(THU):
        page = client_for(director).get(working_item.get_absolute_url())

    assert escape(_("The item was closed; the request lapsed.")) in page.content.decode()


def test_an_extension_left_pending_on_a_closed_item_cannot_be_approved(
    working_item, pending_extension, advance, director, make_item, office_a
):
    """A request left pending on an item closed before requests lapsed: approving it would
    move a closed item's deadline and turn a late closure into an on-time one."""
    advance(working_item, ItemStatus.CLOSED, on=date(2026, 6, 29))  # three days late
    ExtensionRequest.objects.filter(pk=pending_extension.pk).update(
        status=ExtensionStatus.PENDING, decided_at=None, decision_comment=""
    )
    pending_extension.refresh_from_db()
    late = circulars.compute_figures(office_a, MON, date(2026, 6, 30), today=date(2026, 7, 1))

    with frozen(date(2026, 6, 30)), refused(working_item, ValidationError) as refusal:
        services.extension_decide(actor=director, extension=pending_extension, approve=True)

    assert refusal.value.messages == [
        _("The item is %(status)s: an extension can no longer be decided.")
        % {"status": ItemStatus.CLOSED.label}
    ]
    pending_extension.refresh_from_db()
    assert pending_extension.status == ExtensionStatus.PENDING
    after = circulars.compute_figures(office_a, MON, date(2026, 6, 30), today=date(2026, 7, 1))
    assert (after.totals.closed, after.totals.on_time) == (late.totals.closed, 0)


def test_an_extension_can_still_be_approved_while_completion_awaits_review(
    working_item, pending_extension, liaison, director
):
    with frozen(WED):
        services.report_submit(
            actor=liaison, item=working_item, text="已完成。", percent=100, completion=True
        )
        services.extension_decide(actor=director, extension=pending_extension, approve=True)

    working_item.refresh_from_db()
    assert working_item.status == ItemStatus.COMPLETION_REQUESTED
    assert working_item.deadline == date(2026, 7, 10)


def test_the_api_answers_a_decision_on_a_decided_request_with_the_reason(
    working_item, pending_extension, advance, director
):
    advance(working_item, ItemStatus.CLOSED, on=WED)

    response = api_post(director, f"{EXTENSIONS}{pending_extension.pk}/approve/")

    assert response.status_code == 400
    assert response.json()["detail"] == _("This request has already been decided.")
    working_item.refresh_from_db()
    assert working_item.deadline == date(2026, 6, 26)


# --- 3. Checks on the item as stored, not on a copy read before -------------------------------
# A page loaded before the director cancelled or closed the item still holds the old status;
# the service reads the item again under a row lock, so the action is refused all the same.


def test_a_report_from_a_page_loaded_before_the_item_was_cancelled_is_refused(
    working_item, liaison, director
):
    stale = Item.objects.get(pk=working_item.pk)
    with frozen(TUE):
        services.item_cancel(actor=director, item=working_item, reason="上级已撤回。")

    with frozen(TUE), pytest.raises(ValidationError) as refusal:
        services.report_submit(actor=liaison, item=stale, text="继续推进。", percent=60)

    assert refusal.value.messages == [
        _("Reports can only be filed on an item that is being handled.")
    ]
    assert ProgressReport.objects.filter(item=working_item, percent=60).count() == 0
    working_item.refresh_from_db()
    assert (working_item.status, working_item.progress) == (ItemStatus.CANCELLED, 30)


def test_an_extension_from_a_page_loaded_before_the_item_was_cancelled_is_refused(
    working_item, liaison, director
):
    stale = Item.objects.get(pk=working_item.pk)
    with frozen(TUE):
        services.item_cancel(actor=director, item=working_item, reason="上级已撤回。")

    with frozen(TUE), pytest.raises(ValidationError):
        services.extension_request(
            actor=liaison, item=stale, new_deadline=date(2026, 7, 10), reason="需协调资金。"
        )

    assert not ExtensionRequest.objects.exists()


def test_an_urge_from_a_page_loaded_before_the_item_was_closed_is_refused(
    working_item, advance, staff
):
    stale = Item.objects.get(pk=working_item.pk)
    advance(working_item, ItemStatus.CLOSED, on=TUE)

    with frozen(WED), pytest.raises(ValidationError) as refusal:
        services.item_urge(actor=staff, item=stale, message="请加快进度。")

    assert refusal.value.messages == [_("This item is no longer open.")]
    assert not Urge.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so two closures never really overlap",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_when_both_units_items_are_closed_at_once_the_split_item_is_closed(
    split_item, lead_unit, other_unit, liaison, other_liaison, director, monkeypatch
):
    children = [child_of(split_item, lead_unit), child_of(split_item, other_unit)]
    with frozen(TUE):
        for child, unit_liaison in zip(children, (liaison, other_liaison), strict=True):
            services.item_accept(actor=unit_liaison, item=child)
            services.report_submit(
                actor=unit_liaison, item=child, text="完成。", percent=100, completion=True
            )
    # Both closures have changed their own unit's item before either looks at the parent.
    barrier = threading.Barrier(2)
    perform = services.items.transition_perform

    def perform_then_wait(**kwargs):
        log = perform(**kwargs)
        if kwargs["name"] == "close":
            barrier.wait(timeout=10)
        return log

    monkeypatch.setattr(services.items, "transition_perform", perform_then_wait)
    errors = []

    def close(child):
        try:
            services.item_close(actor=director, item=Item.objects.get(pk=child.pk))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    with frozen(WED):
        threads = [threading.Thread(target=close, args=(child,)) for child in children]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert set(split_item.children.values_list("status", flat=True)) == {ItemStatus.CLOSED}
    split_item.refresh_from_db()
    assert split_item.status == ItemStatus.CLOSED


# --- 4. Every item has its lead unit; every instruction its leader and date -------------------


def test_the_api_refuses_an_item_without_a_lead_unit(staff):
    response = api_post(staff, ITEMS, {"title": "无牵头单位", "source_kind": "document"})

    assert response.status_code == 400
    assert response.json()["detail"] == _("Choose the lead unit.")
    assert "lead_unit" in response.json()["errors"]
    assert not Item.objects.exists()


def test_the_service_refuses_an_item_without_a_lead_unit_but_splits_without_one(
    staff, lead_unit, other_unit
):
    with frozen(MON), pytest.raises(ValidationError) as refusal:
        services.item_register(actor=staff, data=item_data(lead_unit=None))
    assert "lead_unit" in refusal.value.message_dict
    assert not Item.objects.exists()

    with frozen(MON):
        parent = services.item_register_split(
            actor=staff, data=item_data(), units=[lead_unit, other_unit]
        )
    assert parent.is_group and parent.lead_unit is None
    assert parent.children.count() == 2


@pytest.mark.parametrize(
    ("missing", "field", "message"),
    [
        (
            "instructing_leader",
            "instructing_leader",
            "Choose the leader who gave the instruction, or type their name if they are "
            "not in the system.",
        ),
        ("instruction_date", "instruction_date", "Enter the date of the instruction."),
    ],
)
def test_the_api_refuses_an_instruction_without_its_leader_or_date(
    staff, lead_unit, missing, field, message
):
    payload = {
        "title": "开展安全生产大检查",
        "source_kind": "instruction",
        "instruction_text": "请认真开展安全生产大检查。",
        "instructing_leader": "县长",
        "instruction_date": "2026-06-12",
        "lead_unit": lead_unit.pk,
    }
    del payload[missing]

    response = api_post(staff, ITEMS, payload)

    assert response.status_code == 400
    assert field in str(response.json())
    assert _(message) in str(response.json())
    assert not Item.objects.exists()


def test_an_instruction_without_its_leader_is_refused_by_the_service(staff, lead_unit):
    with frozen(MON), pytest.raises(ValidationError) as refusal:
        services.item_register(
            actor=staff, data=item_data(lead_unit=lead_unit, instructing_leader=" ")
        )

    assert "instructing_leader" in refusal.value.message_dict
    assert not Item.objects.exists()


# --- 5. Cancelling a split item while a unit's completion awaits review -----------------------


def test_a_split_item_is_not_cancelled_while_a_units_completion_awaits_review(
    split_item, lead_unit, liaison, director
):
    waiting = child_of(split_item, lead_unit)
    with frozen(TUE):
        services.item_accept(actor=liaison, item=waiting)
        services.report_submit(
            actor=liaison, item=waiting, text="完成。", percent=100, completion=True
        )
    children = list(split_item.children.order_by("pk").values_list("pk", "status"))

    with frozen(WED), refused(split_item, ValidationError) as refusal:
        services.item_cancel(actor=director, item=split_item, reason="上级已撤回。")

    [message] = refusal.value.messages
    assert waiting.number in message
    assert lead_unit.name in message
    assert list(split_item.children.order_by("pk").values_list("pk", "status")) == children


def test_the_api_names_the_units_items_awaiting_review(split_item, lead_unit, liaison, director):
    waiting = child_of(split_item, lead_unit)
    with frozen(TUE):
        services.item_accept(actor=liaison, item=waiting)
        services.report_submit(
            actor=liaison, item=waiting, text="完成。", percent=100, completion=True
        )

    response = api_post(director, f"{ITEMS}{split_item.pk}/cancel/", {"reason": "上级已撤回。"})

    assert response.status_code == 400
    assert waiting.number in response.json()["detail"]
    assert set(split_item.children.values_list("status", flat=True)) == {
        ItemStatus.COMPLETION_REQUESTED,
        ItemStatus.ASSIGNED,
    }


def test_once_reviewed_the_split_item_can_be_cancelled(split_item, lead_unit, liaison, director):
    waiting = child_of(split_item, lead_unit)
    with frozen(TUE):
        services.item_accept(actor=liaison, item=waiting)
        services.report_submit(
            actor=liaison, item=waiting, text="完成。", percent=100, completion=True
        )
        services.item_close(actor=director, item=waiting)
    with frozen(WED):
        services.item_cancel(actor=director, item=split_item, reason="上级已撤回。")

    split_item.refresh_from_db()
    assert split_item.status == ItemStatus.CLOSED  # one unit closed, the other cancelled
    assert sorted(split_item.children.values_list("status", flat=True)) == [
        ItemStatus.CANCELLED,
        ItemStatus.CLOSED,
    ]


# --- 6. A published circular stays as it was published ----------------------------------------

JUNE = (date(2026, 6, 1), date(2026, 6, 30))


@pytest.fixture
def published(make_item, advance, staff, director):
    """June: one item closed three days late (on-time rate 0.0%), published on 1 July."""
    late = make_item(on=date(2026, 6, 1), title="河道整治", deadline=date(2026, 6, 10))
    advance(late, ItemStatus.CLOSED, on=date(2026, 6, 15))
    with frozen(date(2026, 7, 1)):
        circular = services.circular_create(
            actor=staff, title="六月督查通报", period_start=JUNE[0], period_end=JUNE[1]
        )
        services.circular_publish(actor=director, circular=circular)
    circular.refresh_from_db()
    return circular, late


def docx_unit_rows(response) -> list[list[str]]:
    # The colophon (版记) is a table at the foot of the last page.
    table, _colophon = docx.Document(io.BytesIO(response.content)).tables
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def test_a_published_circular_keeps_its_figures_when_the_items_change(published, staff, lead_unit):
    circular, late = published
    as_published = [["1", lead_unit.name, "1", "1", "100.0%", "0", "0.0%", "0"]]
    with frozen(date(2026, 7, 2)):
        before = client_for(staff).get(reverse("supervision:circular_docx", args=[circular.pk]))
    assert docx_unit_rows(before) == as_published

    # Later the deadline is moved past the closure: live, the item was closed on time.
    Item.objects.filter(pk=late.pk).update(deadline=date(2026, 6, 20))

    with frozen(date(2026, 7, 3)):
        page = client_for(staff).get(circular.get_absolute_url())
        download = client_for(staff).get(reverse("supervision:circular_docx", args=[circular.pk]))
        live = circulars.compute_figures(circular.owning_office, *JUNE)
    assert circulars.percent(live.totals.on_time_rate) == "100.0%"
    assert page.context["unit_rows"] == as_published
    assert "<td>0.0%</td>" in page.content.decode()
    assert docx_unit_rows(download) == as_published


def test_the_snapshot_is_taken_at_publication_and_reads_back_the_same(published):
    circular, _late = published

    assert circular.status == CircularStatus.PUBLISHED
    assert circular.figures["as_of"] == "2026-06-30"
    assert circular.figures["units"][0]["on_time"] == 0
    restored = circulars.figures_for(circular)
    assert restored == circulars.figures_from_snapshot(circular.figures)
    assert restored.totals.closed == 1
    assert restored.units[0].on_time_rate == 0.0


def test_a_draft_still_shows_the_figures_as_the_data_stand(make_item, advance, staff, lead_unit):
    late = make_item(on=date(2026, 6, 1), title="河道整治", deadline=date(2026, 6, 10))
    advance(late, ItemStatus.CLOSED, on=date(2026, 6, 15))
    with frozen(date(2026, 7, 1)):
        draft = services.circular_create(
            actor=staff, title="六月督查通报", period_start=JUNE[0], period_end=JUNE[1]
        )
    Item.objects.filter(pk=late.pk).update(deadline=date(2026, 6, 20))

    with frozen(date(2026, 7, 2)):
        page = client_for(staff).get(draft.get_absolute_url())

    assert page.context["unit_rows"] == [
        ["1", lead_unit.name, "1", "1", "100.0%", "1", "100.0%", "0"]
    ]
    assert Circular.objects.get().figures == {}


# --- 7. API filters never tell that a record out of scope exists ------------------------------


@pytest.fixture
def county_b_item(county_b, make_user):
    staff_b = make_user(county_b["section"], Role.STAFF)
    with frozen(MON):
        item = services.item_register(
            actor=staff_b, data=item_data(lead_unit=county_b["township"], title="乙县事项")
        )
    return item


@pytest.mark.parametrize(
    ("path", "name", "record"),
    [
        (ITEMS, "parent", "item"),
        (ITEMS, "lead_unit", "unit"),
        (REPORTS, "item", "item"),
        (REPORTS, "unit", "unit"),
        (EXTENSIONS, "item", "item"),
    ],
)
def test_filtering_by_a_record_out_of_scope_answers_as_for_one_that_does_not_exist(
    staff, county_b, county_b_item, path, name, record
):
    out_of_scope = county_b_item.pk if record == "item" else county_b["township"].pk

    hidden = api_get(staff, path, {name: out_of_scope})
    missing = api_get(staff, path, {name: 999999999})

    assert hidden.status_code == missing.status_code == 400
    assert list(hidden.json()) == [name]
    assert hidden.json() == missing.json()


def test_a_liaison_filters_by_the_split_item_and_the_lead_unit_they_see(
    split_item, lead_unit, other_unit, liaison, make_item
):
    theirs = make_item(
        on=MON, title="财政局牵头", lead_unit=other_unit, cooperating_units=[lead_unit]
    )

    by_parent = api_get(liaison, ITEMS, {"parent": split_item.pk})
    by_lead_unit = api_get(liaison, ITEMS, {"lead_unit": other_unit.pk})

    assert by_parent.status_code == 200
    assert [row["id"] for row in by_parent.json()["results"]] == [
        child_of(split_item, lead_unit).pk
    ]
    assert [row["id"] for row in by_lead_unit.json()["results"]] == [theirs.pk]


def test_filters_within_scope_still_narrow_the_lists(working_item, pending_extension, staff):
    reports = api_get(staff, REPORTS, {"item": working_item.pk, "unit": working_item.lead_unit_id})
    extensions = api_get(staff, EXTENSIONS, {"item": working_item.pk})

    assert [row["item"] for row in reports.json()["results"]] == [working_item.pk]
    assert [row["id"] for row in extensions.json()["results"]] == [pending_extension.pk]


# --- Non-classified system: content marked as a state secret is refused -------------------------


def test_an_item_marked_secret_is_refused_and_no_number_is_used(staff, liaison, caplog):
    from office.classification import audit_log

    with (
        caplog.at_level("WARNING", logger=audit_log.name),
        pytest.raises(ValidationError) as refused,
    ):
        with frozen(date(2026, 3, 2)):
            services.item_register(
                actor=staff,
                data=services.ItemData(
                    title="关于某项目的督办",
                    source_kind=SourceKind.HIGHER_LEVEL,
                    lead_unit=liaison.org_unit,
                    instruction_text="机密★ 请按附件要求办理",
                ),
            )

    assert "instruction_text" in refused.value.message_dict
    assert Item.objects.count() == 0
    assert "supervision.item_register" in caplog.text


def test_a_report_marked_secret_is_refused_and_nothing_is_saved(make_item, liaison):
    item = make_item(on=date(2026, 3, 2), accept=False)
    with frozen(date(2026, 3, 5)), pytest.raises(ValidationError):
        services.report_submit(actor=liaison, item=item, text="秘密★1年：进展如下", percent=30)

    item.refresh_from_db()
    assert (item.status, item.progress, item.reports.count()) == (ItemStatus.ASSIGNED, 0, 0)
