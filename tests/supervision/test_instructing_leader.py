"""批示领导 picked among the users (issue 7): the leader who gave an instruction is stored as a
user (with their name beside, for lists and search), or typed as free text for someone outside
the system; they are told when the item is assigned and closed, reminded once when it turns
red, and follow their instructions in 我的批示 on their home page and in the ledger.

Reference weeks (June 2025, no holiday): Mon 2 registration, Mon 23 the deadline.
"""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from office import reminders
from office.models import Reminder
from office.roles import Role
from supervision import services
from supervision.choices import ItemStatus, SourceKind
from supervision.models import Item
from supervision.reminders import ItemDeadlines

from .conftest import frozen, inbox, item_data
from .test_import import good_row, xlsx

pytestmark = pytest.mark.django_db

MON_2 = date(2025, 6, 2)
MON_23 = date(2025, 6, 23)
TUE_24 = date(2025, 6, 24)
WED_25 = date(2025, 6, 25)
ITEMS = "/api/v1/supervision/items/"


def zh(message: str, **params) -> str:
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_text(response) -> str:
    return response.content.decode()


def register_data(county, **overrides) -> dict:
    data = {
        "title": "落实秋冬季森林防火工作",
        "source_kind": SourceKind.INSTRUCTION,
        "source_reference": "",
        "instruction_text": "请城关镇抓紧落实，确保不发生火情。",
        "instructing_leader_user": "",
        "instructing_leader": "",
        "instruction_date": "2025-06-01",
        "urgency": "normal",
        "lead_unit": county["township"].pk,
        "responsible_person": "",
        "report_cycle": "once",
        "deadline": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def other_leader(make_user, county_a):
    """Another leader of the same county."""
    return make_user(county_a["committee"], Role.LEADER, name="县长")


@pytest.fixture
def leader_b(make_user, county_b):
    """A leader of the other county."""
    return make_user(county_b["committee"], Role.LEADER, name="乙县县委书记")


# --- Picking the leader ---------------------------------------------------------------------


def test_the_register_form_offers_the_countys_leaders_and_not_another_countys(
    staff, leader, other_leader, leader_b
):
    with frozen(MON_2):
        page = page_text(client_for(staff).get(reverse("supervision:item_add")))

    options = re.search(r'<select name="instructing_leader_user".*?</select>', page, re.S)[0]
    assert f'value="{leader.pk}"' in options and "县委副书记" in options
    assert f'value="{other_leader.pk}"' in options
    assert f'value="{leader_b.pk}"' not in options


def test_picking_a_leader_stores_the_user_and_their_name(staff, leader, county_a):
    with frozen(MON_2):
        client_for(staff).post(
            reverse("supervision:item_add"),
            register_data(county_a, instructing_leader_user=leader.pk),
        )

    item = Item.objects.get()
    assert item.instructing_leader_user == leader
    # The name beside the user is what lists, exports and the search read.
    assert item.instructing_leader == "县委副书记"
    with frozen(MON_2):
        ledger = client_for(staff).get(reverse("supervision:item_list"), {"q": "县委副书记"})
    assert item.number in page_text(ledger)


def test_a_leader_outside_the_system_is_typed_as_free_text(staff, county_a):
    with frozen(MON_2):
        client_for(staff).post(
            reverse("supervision:item_add"), register_data(county_a, instructing_leader="市长")
        )

    item = Item.objects.get()
    assert (item.instructing_leader_user, item.instructing_leader) == (None, "市长")


def test_an_instruction_with_neither_a_picked_nor_a_typed_leader_is_refused(staff, county_a):
    with frozen(MON_2):
        response = client_for(staff).post(reverse("supervision:item_add"), register_data(county_a))

    assert escape(
        zh(
            "Choose the leader who gave the instruction, or type their name if they are "
            "not in the system."
        )
    ) in page_text(response)
    assert not Item.objects.exists()


def test_a_leader_of_another_county_cannot_be_picked_on_the_form(staff, leader_b, county_a):
    with frozen(MON_2):
        response = client_for(staff).post(
            reverse("supervision:item_add"),
            register_data(county_a, instructing_leader_user=leader_b.pk),
        )

    assert response.status_code == 200
    assert 'name="instructing_leader_user"' in page_text(response)
    assert "is-invalid" in page_text(response)
    assert not Item.objects.exists()


def api_payload(lead_unit, **fields) -> dict:
    return {
        "title": "开展安全生产大检查",
        "source_kind": "instruction",
        "instruction_text": "请认真开展安全生产大检查。",
        "instruction_date": "2025-06-01",
        "lead_unit": lead_unit.pk,
        **fields,
    }


def test_the_api_picks_a_leader_of_the_office(staff, leader, lead_unit):
    with frozen(MON_2):
        response = client_for(staff).post(
            ITEMS,
            api_payload(lead_unit, instructing_leader_user=leader.pk),
            content_type="application/json",
        )

    assert response.status_code == 201, response.json()
    assert response.json()["instructing_leader_user"] == leader.pk
    assert response.json()["instructing_leader"] == "县委副书记"


def test_the_api_refuses_a_leader_of_another_county(staff, leader_b, lead_unit):
    with frozen(MON_2):
        response = client_for(staff).post(
            ITEMS,
            api_payload(lead_unit, instructing_leader_user=leader_b.pk),
            content_type="application/json",
        )

    assert response.status_code == 400
    assert "instructing_leader_user" in response.json()
    assert not Item.objects.exists()


def test_the_service_refuses_a_leader_of_another_county(staff, leader_b, lead_unit):
    with frozen(MON_2), pytest.raises(ValidationError) as refusal:
        services.item_register(
            actor=staff,
            data=item_data(lead_unit=lead_unit, instructing_leader_user=leader_b),
        )

    assert "instructing_leader_user" in refusal.value.message_dict
    assert not Item.objects.exists()


def test_a_leader_picked_when_editing_is_stored_with_their_name(staff, leader, make_item, county_a):
    item = make_item(on=MON_2, assign=False, instructing_leader="王书记")
    with frozen(MON_2):
        client_for(staff).post(
            reverse("supervision:item_edit", args=[item.pk]),
            register_data(
                county_a,
                title=item.title,
                instructing_leader_user=leader.pk,
                instructing_leader="王书记",
                deadline=item.deadline.isoformat(),
            ),
        )

    item.refresh_from_db()
    assert (item.instructing_leader_user, item.instructing_leader) == (leader, "县委副书记")


# --- Telling the leader ---------------------------------------------------------------------


def test_the_leader_is_told_when_the_item_is_assigned_and_when_it_is_closed(
    leader, other_leader, make_item, advance
):
    item = make_item(on=MON_2, instructing_leader_user=leader)
    assigned = zh(
        "Your instruction was assigned: %(number)s %(title)s",
        number=item.number,
        title=item.title,
    )
    assert inbox(leader) == [assigned]

    advance(item, ItemStatus.CLOSED, on=date(2025, 6, 10))

    closed = zh(
        "Your instruction was carried out and closed: %(number)s %(title)s",
        number=item.number,
        title=item.title,
    )
    assert inbox(leader) == [assigned, closed]
    # Only the leader who gave the instruction hears of it.
    assert inbox(other_leader) == []


def test_a_split_instruction_tells_the_leader_once_when_assigned(
    staff, leader, lead_unit, other_unit
):
    with frozen(MON_2):
        parent = services.item_register_split(
            actor=staff,
            data=item_data(instructing_leader_user=leader),
            units=[lead_unit, other_unit],
        )
        services.item_assign(actor=staff, item=parent)

    assert len(inbox(leader)) == 1
    assert parent.children.filter(instructing_leader_user=leader).count() == 2


def test_a_leader_typed_as_free_text_is_told_nothing(leader, make_item):
    make_item(on=MON_2, instructing_leader="县委副书记")

    assert inbox(leader) == []


@pytest.fixture
def only_item_deadlines(monkeypatch):
    monkeypatch.setattr(reminders, "_sources", {})
    reminders.register(ItemDeadlines())


def test_the_leader_is_reminded_once_when_the_item_turns_red(
    leader, liaison, make_item, only_item_deadlines
):
    item = make_item(on=MON_2, instructing_leader_user=leader, deadline=MON_23)
    told_before = len(inbox(leader))

    for day in (MON_23, TUE_24, WED_25):
        for hour in (9, 15):
            with frozen(day, hour):
                reminders.scan()

    rows = Reminder.objects.filter(recipient=leader, source=ItemDeadlines.key)
    assert list(rows.values_list("kind", "occurrence")) == [("overdue_leader", "2025-06-23")]
    overdue = zh(
        "Your instruction is overdue (deadline %(date)s): %(item)s",
        date="2025-06-23",
        item=f"{item.number} {item.title}",
    )
    assert inbox(leader)[told_before:] == [overdue]
    # The unit is still urged every working day.
    assert Reminder.objects.filter(recipient=liaison, kind="overdue").count() == 2


# --- 我的批示 -------------------------------------------------------------------------------


def widget_numbers(page: str) -> set[str]:
    widget = page.split('data-widget="supervision.my_instructions"', 1)[1]
    widget = widget.split("data-widget=", 1)[0]
    return set(re.findall(r'data-item="([^"]+)"', widget))


def test_my_instructions_lists_only_the_leaders_items_and_the_ledger_filter_the_same(
    leader, other_leader, make_item, advance
):
    mine_open = make_item(on=MON_2, instructing_leader_user=leader, title="整治河道")
    mine_closed = make_item(on=MON_2, instructing_leader_user=leader, title="修缮校舍")
    advance(mine_closed, ItemStatus.CLOSED, on=date(2025, 6, 10))
    make_item(on=MON_2, instructing_leader_user=other_leader, title="改造道路")
    make_item(on=MON_2, instructing_leader="县委副书记", title="同名但未选用户")

    with frozen(TUE_24):
        home = page_text(client_for(leader).get(reverse("home")))
        ledger = page_text(
            client_for(leader).get(reverse("supervision:item_list"), {"mine": "instructed"})
        )

    assert widget_numbers(home) == {mine_open.number, mine_closed.number}
    # The open item is overdue on the 24th: its status and its red colour show.
    assert escape(zh("Red: overdue")) in home
    assert escape(zh("All my instructions")) in home
    assert f"{reverse('supervision:item_list')}?mine=instructed" in home
    ledger_numbers = set(re.findall(r'data-item="([^"]+)"', ledger))
    assert ledger_numbers == widget_numbers(home)
    with frozen(TUE_24):
        api = client_for(leader).get(ITEMS, {"mine": "instructed"}).json()
    assert {row["number"] for row in api["results"]} == ledger_numbers
    # The filtered ledger says what it shows and leads back to every item.
    assert escape(zh("My instructions")) in ledger
    assert escape(zh("All items of the ledger")) in ledger


def test_my_instructions_is_a_leaders_card_only(staff, leader):
    with frozen(MON_2):
        staff_home = page_text(client_for(staff).get(reverse("home")))
        leader_home = page_text(client_for(leader).get(reverse("home")))

    assert 'data-widget="supervision.my_instructions"' in leader_home
    assert 'data-widget="supervision.my_instructions"' not in staff_home


# --- Import ---------------------------------------------------------------------------------


def test_the_importer_picks_a_leader_by_name_and_keeps_other_names_as_text(staff, leader):
    client = client_for(staff)
    rows = [
        good_row("批示件一", source="领导批示", leader="县委副书记", instruction_date="2025-06-01"),
        good_row("批示件二", source="领导批示", leader="市长", instruction_date="2025-06-01"),
    ]
    with frozen(MON_2):
        response = client.post(reverse("supervision:import_upload"), {"file": xlsx(rows)})
        assert response.status_code == 302
        batch_id = int(re.search(r"(\d+)/?$", response["Location"])[1])
        client.post(reverse("supervision:import_confirm", args=[batch_id]))

    picked = Item.objects.get(title="批示件一")
    typed = Item.objects.get(title="批示件二")
    assert (picked.instructing_leader_user, picked.instructing_leader) == (leader, "县委副书记")
    assert (typed.instructing_leader_user, typed.instructing_leader) == (None, "市长")
