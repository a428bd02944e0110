"""Fixtures of the supervision tests: the people of county A and items made the way the
office makes them, through ``supervision.services`` at a frozen date (never by hand).

County A (tests/conftest.py): the office with its section, 城关镇 (the township, the usual
lead unit) and 财政局 (the department, "another unit").
"""

from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict

from office.models import Notification, Reminder, TransitionLog, User
from office.roles import Role
from supervision import services
from supervision.choices import ItemStatus, SourceKind, Urgency
from supervision.models import ExtensionRequest, Item, LeaderComment, ProgressReport, Urge

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 9) -> datetime:
    """A moment of that day in Shanghai (office hours)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@contextmanager
def frozen(day: date, hour: int = 9):
    with time_machine.travel(at(day, hour), tick=False):
        yield


def transition_logs(item) -> list[tuple[str, str, str]]:
    """(action, from, to) of every logged transition of the item, oldest first."""
    rows = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Item), object_id=item.pk
    ).order_by("id")
    return list(rows.values_list("transition", "source_state", "target_state"))


def inbox(user) -> list[str]:
    """Titles in the user's in-app inbox, oldest first."""
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True)
    )


def item_state(item) -> dict:
    """Everything a refused action must leave alone: the item as stored and what hangs off it."""
    stored = Item.objects.get(pk=item.pk)
    return {
        "item": model_to_dict(stored),
        "logs": transition_logs(item),
        "reports": ProgressReport.objects.filter(item=item).count(),
        "extensions": list(
            ExtensionRequest.objects.filter(item=item)
            .order_by("id")
            .values_list("status", "requested_deadline")
        ),
        "urges": Urge.objects.filter(item=item).count(),
        "comments": LeaderComment.objects.filter(item=item).count(),
        "notifications": Notification.objects.count(),
        "reminders": Reminder.objects.count(),
    }


@contextmanager
def refused(item, exception):
    """Expect the block to raise ``exception`` and to change nothing stored about the item."""
    before = item_state(item)
    with pytest.raises(exception) as caught:
        yield caught
    assert item_state(item) == before
    item.refresh_from_db()
    assert model_to_dict(item) == before["item"]


# --- People of county A ------------------------------------------------------------------


@pytest.fixture
def office_a(county_a):
    return county_a["office"]


@pytest.fixture
def lead_unit(county_a):
    return county_a["township"]


@pytest.fixture
def other_unit(county_a):
    return county_a["department"]


@pytest.fixture
def staff(make_user, county_a):
    return make_user(county_a["section"], Role.STAFF, name="秘书科干事")


@pytest.fixture
def director(make_user, county_a):
    return make_user(county_a["office"], Role.DIRECTOR, name="办公室主任")


@pytest.fixture
def leader(make_user, county_a):
    return make_user(county_a["committee"], Role.LEADER, name="县委副书记")


@pytest.fixture
def liaison(make_user, lead_unit):
    """A liaison of the lead unit."""
    return make_user(lead_unit, Role.UNIT_LIAISON, name="城关镇联络员")


@pytest.fixture
def second_liaison(make_user, lead_unit):
    return make_user(lead_unit, Role.UNIT_LIAISON, name="城关镇联络员二")


@pytest.fixture
def other_liaison(make_user, other_unit):
    """A liaison of another unit of the same county."""
    return make_user(other_unit, Role.UNIT_LIAISON, name="财政局联络员")


@pytest.fixture
def unit_head(make_user, lead_unit):
    head = make_user(lead_unit, name="城关镇镇长")
    lead_unit.head = head
    lead_unit.save()
    return head


@pytest.fixture
def staff_b_office(make_user, county_b):
    return make_user(county_b["section"], Role.STAFF, name="乙县秘书科干事")


# --- Items made through the services -----------------------------------------------------


def item_data(**fields) -> services.ItemData:
    defaults = {
        "title": "推进城关镇老旧小区改造",
        "source_kind": SourceKind.INSTRUCTION,
        "instruction_text": "请城关镇抓紧推进老旧小区改造，月底前报进展。",
        "instructing_leader": "县委书记",
        "instruction_date": date(2025, 1, 2),
        "urgency": Urgency.NORMAL,
    }
    return services.ItemData(**{**defaults, **fields})


@pytest.fixture
def make_item(staff, lead_unit):
    """``make_item(on=date, assign=True, accept=True, **ItemData fields)``: register (and
    assign) an item as office staff would on that day, the clock frozen at 9:00 in Shanghai;
    an assigned item is acknowledged (签收) by its lead unit's liaison the same day unless
    ``accept=False`` leaves it waiting for that."""

    def make(*, on: date, assign: bool = True, accept: bool = True, actor=None, **fields) -> Item:
        fields.setdefault("lead_unit", lead_unit)
        with frozen(on):
            item = services.item_register(actor=actor or staff, data=item_data(**fields))
            if assign:
                services.item_assign(actor=actor or staff, item=item)
                if accept and not item.is_group:
                    _acknowledge(item)
                elif accept:
                    for child in item.children.all():
                        _acknowledge(child)
        item.refresh_from_db()
        return item

    return make


def _acknowledge(item: Item) -> None:
    """签收 by a liaison of the item's lead unit (the registering staff when it has none)."""
    liaison = User.objects.filter(
        org_unit=item.lead_unit, groups__name=Role.UNIT_LIAISON, is_active=True
    ).first()
    actor = liaison or item.created_by
    services.item_accept(actor=actor, item=item)


@pytest.fixture
def advance(liaison, director):
    """``advance(item, status, on=date)``: take an assigned item on to a later status through
    the services (the unit's 签收 and a report, a completion report, the director's
    closure)."""

    def to(item: Item, status: str, *, on: date) -> Item:
        with frozen(on):
            if status in (
                ItemStatus.IN_PROGRESS,
                ItemStatus.COMPLETION_REQUESTED,
                ItemStatus.CLOSED,
            ):
                if item.status == ItemStatus.ASSIGNED:
                    services.item_accept(actor=liaison, item=item)
                services.report_submit(
                    actor=liaison, item=item, text="已完成摸底调查。", percent=30
                )
            if status in (ItemStatus.COMPLETION_REQUESTED, ItemStatus.CLOSED):
                services.report_submit(
                    actor=liaison, item=item, text="改造全部完工。", percent=100, completion=True
                )
            if status == ItemStatus.CLOSED:
                services.item_close(actor=director, item=item, comment="同意销号。")
            if status == ItemStatus.CANCELLED:
                services.item_cancel(actor=director, item=item, reason="上级已撤回该事项。")
        item.refresh_from_db()
        assert item.status == status
        return item

    return to
