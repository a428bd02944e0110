"""Editing an item (修改): everything while it is only registered, a few fields once a unit
holds it, nothing once it is closed or cancelled, each change in its history. Plus the admin
of supervision records, scoped to the admin user's county, and the link from a per-unit item
to the parent of its split instruction."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from office.roles import Role
from supervision import services
from supervision.choices import ItemStatus, ReportCycle, Urgency
from supervision.models import Item, Urge
from supervision.services import editing

from .conftest import frozen, item_data, refused
from .factories import ItemFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # a Monday with no holiday near it


@pytest.fixture(autouse=True)
def _frozen_today():
    with frozen(TODAY, hour=10):
        yield


def zh(message: str) -> str:
    """What a user of the Chinese UI reads (the msgid itself until the catalog has it)."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def html_of(response) -> str:
    return response.content.decode()


def edit_url(item) -> str:
    return reverse("supervision:item_edit", args=[item.pk])


def login(client, user):
    client.force_login(user)
    return client


def form_data(response, **overrides) -> dict:
    """What the edit form posts back unchanged, with ``overrides`` typed over it."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, Model):
            value = value.pk
        elif isinstance(value, list | tuple) or name == "cooperating_units":
            value = value or []
            value = [unit.pk if isinstance(unit, Model) else unit for unit in value]
        elif isinstance(value, date):
            value = value.isoformat()
        data[name] = "" if value is None else value
    data.update(overrides)
    return data


@pytest.fixture
def registered(make_item):
    return make_item(on=TODAY, assign=False, instruction_date=date(2026, 3, 1))


@pytest.fixture
def assigned(make_item):
    return make_item(on=TODAY, instruction_date=date(2026, 3, 1))


# --- While registered: everything ---------------------------------------------------------------


def test_staff_moves_a_registered_item_to_another_lead_unit(client, staff, registered, other_unit):
    login(client, staff)
    page = client.get(edit_url(registered))

    response = client.post(edit_url(registered), form_data(page, lead_unit=other_unit.pk))

    assert response.status_code == 302
    assert response["Location"] == registered.get_absolute_url()
    registered.refresh_from_db()
    assert registered.lead_unit == other_unit
    assert registered.status == ItemStatus.REGISTERED


def test_staff_corrects_every_registration_field_of_a_registered_item(
    client, staff, registered, other_unit
):
    login(client, staff)
    page = client.get(edit_url(registered))

    client.post(
        edit_url(registered),
        form_data(
            page,
            title="加快推进老旧小区改造",
            urgency=Urgency.URGENT,
            instructing_leader="县长",
            report_cycle=ReportCycle.MONTHLY,
            deadline="2026-04-30",
            responsible_person="张伟",
        ),
    )

    registered.refresh_from_db()
    assert registered.title == "加快推进老旧小区改造"
    assert registered.urgency == Urgency.URGENT
    assert registered.instructing_leader == "县长"
    assert registered.report_cycle == ReportCycle.MONTHLY
    assert registered.deadline == date(2026, 4, 30)
    assert registered.responsible_person == "张伟"


def test_deadline_before_the_registration_date_is_refused_and_nothing_saved(
    client, staff, registered
):
    login(client, staff)
    page = client.get(edit_url(registered))

    response = client.post(
        edit_url(registered), form_data(page, title="改了标题", deadline="2026-03-01")
    )

    assert response.status_code == 200
    assert escape(zh("The deadline cannot be before the registration date.")) in html_of(response)
    registered.refresh_from_db()
    assert registered.title == "推进城关镇老旧小区改造"
    assert registered.deadline > TODAY


def test_lead_unit_choices_are_the_users_own_county(client, staff, registered, county_b):
    login(client, staff)
    page = client.get(edit_url(registered))

    response = client.post(edit_url(registered), form_data(page, lead_unit=county_b["township"].pk))

    assert response.status_code == 200
    assert response.context["form"].errors["lead_unit"]
    registered.refresh_from_db()
    assert registered.lead_unit.office != county_b["office"]


# --- Once assigned: a few fields ----------------------------------------------------------------


def test_assigned_item_form_offers_no_lead_unit_deadline_or_source(client, staff, assigned):
    login(client, staff)

    response = client.get(edit_url(assigned))

    html = html_of(response)
    assert response.status_code == 200
    for locked in ("lead_unit", "deadline", "source_kind", "urgency", "instruction_text"):
        assert f'name="{locked}"' not in html
    for open_field in (
        "title",
        "source_reference",
        "responsible_person",
        "cooperating_units",
        "report_cycle",
    ):
        assert f'name="{open_field}"' in html
    # The locked values are shown, with why they are locked.
    assert 'id="locked-fields"' in html
    assert escape(str(assigned.lead_unit)) in html


def test_forged_lead_unit_and_deadline_on_an_assigned_item_change_nothing(
    client, staff, assigned, lead_unit, other_unit
):
    deadline = assigned.deadline
    login(client, staff)
    page = client.get(edit_url(assigned))

    client.post(
        edit_url(assigned),
        form_data(
            page,
            title="推进老旧小区改造（调整）",
            lead_unit=other_unit.pk,
            deadline="2026-12-31",
            source_kind="key_work",
        ),
    )

    assigned.refresh_from_db()
    assert assigned.title == "推进老旧小区改造（调整）"  # an open field does change
    assert assigned.lead_unit == lead_unit
    assert assigned.deadline == deadline
    assert assigned.source_kind == "instruction"


def test_adding_a_cooperating_unit_lets_its_liaison_see_the_item(
    client, staff, assigned, other_unit, other_liaison
):
    login(client, staff)
    page = client.get(edit_url(assigned))
    client.post(edit_url(assigned), form_data(page, cooperating_units=[other_unit.pk]))

    login(client, other_liaison)
    response = client.get(assigned.get_absolute_url())

    assert response.status_code == 200
    assert list(assigned.cooperating_units.all()) == [other_unit]


@pytest.mark.parametrize(
    "field, value",
    [("lead_unit", "other_unit"), ("deadline", date(2026, 12, 31)), ("urgency", Urgency.HARD)],
)
def test_service_refuses_changing_a_locked_field_of_an_assigned_item(
    staff, assigned, other_unit, field, value
):
    value = other_unit if value == "other_unit" else value

    with refused(assigned, ValidationError) as caught:
        editing.item_update(
            actor=staff, item=assigned, data={"title": "顺带改个标题", field: value}
        )

    assert field in caught.value.message_dict


def test_service_refuses_a_unit_liaison(liaison, registered, other_unit):
    with refused(registered, ValidationError):
        editing.item_update(actor=liaison, item=registered, data={"lead_unit": other_unit})


# --- Who may edit, and what is final -----------------------------------------------------------


def test_lead_unit_liaison_is_refused_the_edit_page(client, liaison, assigned):
    login(client, liaison)

    assert client.get(edit_url(assigned)).status_code == 403
    assert client.post(edit_url(assigned), {"title": "联络员改标题"}).status_code == 403
    assigned.refresh_from_db()
    assert assigned.title == "推进城关镇老旧小区改造"


def test_liaison_of_another_unit_gets_not_found(client, other_liaison, assigned):
    login(client, other_liaison)

    assert client.get(edit_url(assigned)).status_code == 404


def test_staff_of_another_county_gets_not_found(client, staff_b_office, registered):
    login(client, staff_b_office)

    assert client.get(edit_url(registered)).status_code == 404
    assert client.post(edit_url(registered), {"title": "乙县改标题"}).status_code == 404
    registered.refresh_from_db()
    assert registered.title == "推进城关镇老旧小区改造"


@pytest.mark.parametrize("status", [ItemStatus.CLOSED, ItemStatus.CANCELLED])
def test_closed_or_cancelled_item_cannot_be_edited(client, staff, assigned, advance, status):
    item = advance(assigned, status, on=TODAY)
    login(client, staff)

    page = client.get(edit_url(item), follow=True)
    post = client.post(edit_url(item), {"title": "已办结还改"})

    assert page.redirect_chain == [(item.get_absolute_url(), 302)]
    assert escape(zh("A closed or cancelled item cannot be edited.")) in html_of(page)
    assert edit_url(item) not in html_of(page)  # no edit button either
    assert post.status_code == 302
    assert [str(m) for m in get_messages(post.wsgi_request)] == [
        zh("A closed or cancelled item cannot be edited.")
    ]
    item.refresh_from_db()
    assert item.title == "推进城关镇老旧小区改造"
    with refused(item, ValidationError):
        editing.item_update(actor=staff, item=item, data={"title": "已办结还改"})


def test_detail_page_shows_the_edit_button_to_office_staff_only(client, staff, liaison, assigned):
    assert edit_url(assigned) in html_of(login(client, staff).get(assigned.get_absolute_url()))
    assert edit_url(assigned) not in html_of(
        login(client, liaison).get(assigned.get_absolute_url())
    )


# --- History ------------------------------------------------------------------------------------


def test_edit_is_in_the_items_history_with_who_and_what(client, staff, assigned):
    login(client, staff)
    page = client.get(edit_url(assigned))
    client.post(edit_url(assigned), form_data(page, responsible_person="王强"))

    record = assigned.history.first()
    assert record.history_user == staff
    assert record.history_change_reason == zh("Edited")
    detail = html_of(client.get(assigned.get_absolute_url()))
    assert escape(zh("Edited")) in detail
    assert f"{zh('responsible person')}: — → 王强" in detail


def test_saving_without_a_change_adds_no_history(client, staff, assigned):
    before = assigned.history.count()
    login(client, staff)
    page = client.get(edit_url(assigned))

    client.post(edit_url(assigned), form_data(page))

    assert assigned.history.count() == before


# --- The parent of a split instruction -----------------------------------------------------------


@pytest.fixture
def split(staff, lead_unit, other_unit):
    """A parent with one item per unit; returns (parent, the lead unit's item)."""
    parent = services.item_register_split(
        actor=staff, data=item_data(), units=[lead_unit, other_unit]
    )
    return parent, parent.children.get(lead_unit=lead_unit)


def test_staff_follows_a_per_unit_item_to_its_parent(client, staff, split):
    parent, child = split

    html = html_of(login(client, staff).get(child.get_absolute_url()))

    assert f'href="{parent.get_absolute_url()}"' in html
    assert parent.number in html


def test_liaison_sees_the_parents_number_without_a_link_to_a_page_they_cannot_open(
    client, liaison, split
):
    parent, child = split
    login(client, liaison)

    html = html_of(client.get(child.get_absolute_url()))

    assert parent.number in html
    assert f'href="{parent.get_absolute_url()}"' not in html
    assert client.get(parent.get_absolute_url()).status_code == 404


def test_split_parent_edit_offers_no_units(client, staff, split):
    parent, _child = split

    html = html_of(login(client, staff).get(edit_url(parent)))

    assert 'name="title"' in html
    assert 'name="lead_unit"' not in html
    assert 'name="cooperating_units"' not in html


# --- Admin --------------------------------------------------------------------------------------


@pytest.fixture
def sys_admin(make_user, county_a):
    user = make_user(county_a["office"], Role.SYS_ADMIN, is_staff=True, name="甲县系统管理员")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="supervision", codename__startswith="view_"
        )
    )
    return user


@pytest.fixture
def item_b(county_b):
    return ItemFactory(lead_unit=county_b["township"], title="乙县的督办事项")


def test_admin_lists_the_counties_own_items_with_their_history(
    client, staff, sys_admin, assigned, item_b
):
    editing.item_update(actor=staff, item=assigned, data={"responsible_person": "王强"})
    login(client, sys_admin)

    changelist = client.get(reverse("admin:supervision_item_changelist"))
    change = client.get(reverse("admin:supervision_item_change", args=[assigned.pk]))
    history = client.get(reverse("admin:supervision_item_history", args=[assigned.pk]))

    assert changelist.status_code == 200
    listed = html_of(changelist)
    assert assigned.title in listed and assigned.number in listed
    assert item_b.title not in listed
    assert escape(zh("lead unit")) in listed  # headers from the verbose names
    assert f'href="{reverse("admin:supervision_item_history", args=[assigned.pk])}"' in (
        html_of(change)
    )
    # The admin's button says 历史记录; the item page's timeline is its 办理过程.
    assert zh("History") == "历史记录"
    assert "历史记录" in html_of(change) and "办理过程" not in html_of(change)
    assert history.status_code == 200
    assert "王强" in html_of(history)
    assert escape(zh("Edited")) in html_of(history)
    other = client.get(reverse("admin:supervision_item_change", args=[item_b.pk]))
    assert other.status_code == 404


def test_admin_lists_urges_of_the_counties_own_items_only(
    client, sys_admin, assigned, item_b, staff
):
    mine = Urge.objects.create(item=assigned, actor=staff, message="请加快进度")
    theirs = Urge.objects.create(item=item_b, message="乙县催办")
    login(client, sys_admin)

    html = html_of(client.get(reverse("admin:supervision_urge_changelist")))

    assert reverse("admin:supervision_urge_change", args=[mine.pk]) in html
    assert reverse("admin:supervision_urge_change", args=[theirs.pk]) not in html


def test_admin_adds_no_items_they_are_registered_in_the_app(client, sys_admin):
    sys_admin.user_permissions.add(
        Permission.objects.get(content_type__app_label="supervision", codename="add_item")
    )
    login(client, sys_admin)

    assert client.get(reverse("admin:supervision_item_add")).status_code == 403
    assert not Item.objects.exists()


def test_edit_form_starts_from_the_stored_values(client, staff, registered, lead_unit):
    html = html_of(login(client, staff).get(edit_url(registered)))

    assert f'value="{registered.title}"' in html
    assert f'value="{registered.deadline.isoformat()}"' in html
    assert f'<option value="{lead_unit.pk}" selected>' in html


def test_changing_the_cooperating_units_shows_in_the_items_history(make_item, staff, county_a):
    item = make_item(on=date(2026, 3, 2))
    department = county_a["department"]
    with frozen(date(2026, 3, 3)):
        editing.item_update(
            actor=staff,
            item=item,
            data={"cooperating_units": [department], "title": item.title},
        )
    client = Client()
    client.force_login(staff)

    page = client.get(reverse("supervision:item_detail", args=[item.pk])).content.decode()

    with translation.override("zh-hans"):
        label = str(Item._meta.get_field("cooperating_units").verbose_name)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    # The timeline names the change, not only the field panel's current value.
    assert f"{label}: — → {department.name}" in text
