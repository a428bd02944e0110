"""Every admin view of one record stays within the admin user's county, like the change list:
the history list, a history entry with its revert form (GET and POST), the "view on site"
shortcut, the change and delete pages and the change list's actions. Another county's record
is not found (404), the answer for a record that does not exist, and nothing of it is written.
"""

from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict
from django.urls import reverse

from office.models import OrgUnit, User
from office.roles import Role
from supervision.models import Circular, Item

from ..supervision.factories import ItemFactory

pytestmark = pytest.mark.django_db

KINDS = ("item", "circular", "user", "orgunit")
MODELS = {"item": Item, "circular": Circular, "user": User, "orgunit": OrgUnit}
# The field of each kind a change renames, so a history has two entries to go back between.
NAME_FIELD = {"item": "title", "circular": "title", "user": "name", "orgunit": "name"}


@pytest.fixture(autouse=True)
def _frozen_now():
    with time_machine.travel(
        datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


@pytest.fixture
def county_admin(make_user, county_a):
    """County A's system administrator, given every permission on the four models, so only
    the scope stands between them and county B's records."""
    user = make_user(county_a["office"], Role.SYS_ADMIN, is_staff=True, name="甲县系统管理员")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__in=ContentType.objects.get_for_models(*MODELS.values()).values(),
            codename__regex=r"^(view|change|delete)_",
        )
    )
    return user


@pytest.fixture
def superuser(make_user, city):
    return make_user(city, is_staff=True, is_superuser=True, name="超级管理员")


def make_pair(kind, county_a, county_b, make_user):
    """(county A's record, county B's record) of that kind."""
    if kind == "item":
        return tuple(
            ItemFactory(lead_unit=county["township"], title=f"{county['office'].name}的督办事项")
            for county in (county_a, county_b)
        )
    if kind == "circular":
        return tuple(
            Circular.objects.create(
                owning_office=county["office"],
                title=f"{county['office'].name}二月督查通报（草稿）",
                period_start=date(2026, 2, 1),
                period_end=date(2026, 2, 28),
                text="二月全县督办事项进展情况通报。",
            )
            for county in (county_a, county_b)
        )
    if kind == "user":
        return (
            make_user(county_a["section"], Role.STAFF, name="甲县干事", phone="13800000001"),
            make_user(
                county_b["section"],
                Role.STAFF,
                name="乙县干事",
                phone="13900000002",
                email="yixian@example.org",
            ),
        )
    return county_a["department"], county_b["department"]


@pytest.fixture(params=KINDS)
def kind(request):
    return request.param


@pytest.fixture
def pair(kind, county_a, county_b, make_user):
    return make_pair(kind, county_a, county_b, make_user)


@pytest.fixture
def mine(pair):
    return pair[0]


@pytest.fixture
def theirs(pair):
    return pair[1]


def admin_url(kind, view, *args):
    model = MODELS[kind]._meta
    return reverse(f"admin:{model.app_label}_{model.model_name}_{view}", args=args)


def first_version(obj):
    return obj.history.order_by("history_id").first()


def renamed(kind, obj):
    """The record renamed once, so its first history entry differs from what is stored."""
    setattr(obj, NAME_FIELD[kind], getattr(obj, NAME_FIELD[kind]) + "（改）")
    obj.save()
    return obj


def stored(obj) -> dict:
    """Everything a refused write must leave alone: the row and its history."""
    row = type(obj).objects.get(pk=obj.pk)
    return {"row": model_to_dict(row), "versions": obj.history.count()}


class FormFields(HTMLParser):
    """What a browser posts back from the admin's record form, as it stands."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.select = None
        self.textarea = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id", "").endswith("_form")
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.add(attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            # Django writes a newline after <textarea>, which the browser drops.
            values = self.data[self.textarea]
            values[-1] = values[-1].removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def revert_form_data(client, superuser, url, **overrides) -> dict:
    """The revert form of ``url`` as a superuser's browser would post it back, with
    ``overrides`` typed over it."""
    client.force_login(superuser)
    page = client.get(url)
    assert page.status_code == 200
    parser = FormFields()
    parser.feed(page.content.decode())
    client.logout()
    return {**parser.data, **{name: [str(value)] for name, value in overrides.items()}}


def in_county_a(kind, county_a) -> dict:
    """What county A's admin types into county B's record to make their own form accept it
    (their unit choices are county A's): moving it into county A."""
    return {
        "item": {"lead_unit": county_a["township"].pk},
        "circular": {},
        "user": {"org_unit": county_a["section"].pk},
        "orgunit": {"parent": county_a["committee"].pk},
    }[kind]


# --- History list -------------------------------------------------------------------------------


def test_history_list_of_another_countys_record_is_not_found(
    client, county_admin, kind, mine, theirs
):
    client.force_login(county_admin)

    own = client.get(admin_url(kind, "history", mine.pk))
    other = client.get(admin_url(kind, "history", theirs.pk))

    assert own.status_code == 200
    assert str(mine) in own.content.decode()
    assert other.status_code == 404
    assert str(theirs) not in other.content.decode()


# --- History entry and its revert form ----------------------------------------------------------


def test_history_entry_of_another_countys_record_is_not_found(
    client, county_admin, kind, mine, theirs
):
    client.force_login(county_admin)

    own = client.get(admin_url(kind, "simple_history", mine.pk, first_version(mine).pk))
    other = client.get(admin_url(kind, "simple_history", theirs.pk, first_version(theirs).pk))
    # County B's entry under county A's record: an entry is found under its own record only.
    mixed = client.get(admin_url(kind, "simple_history", mine.pk, first_version(theirs).pk))

    assert own.status_code == 200
    assert str(mine) in own.content.decode()
    assert other.status_code == 404
    assert str(theirs) not in other.content.decode()
    if kind == "user":
        assert theirs.phone not in other.content.decode()
        assert theirs.email not in other.content.decode()
    assert mixed.status_code == 404


def test_revert_goes_back_on_an_own_record_and_is_not_found_on_another_countys(
    client, county_admin, superuser, county_a, kind, mine, theirs
):
    original = getattr(mine, NAME_FIELD[kind])
    for record in (mine, theirs):
        renamed(kind, record)
    own_url = admin_url(kind, "simple_history", mine.pk, first_version(mine).pk)
    other_url = admin_url(kind, "simple_history", theirs.pk, first_version(theirs).pk)
    own_data = revert_form_data(client, superuser, own_url)
    other_data = revert_form_data(client, superuser, other_url, **in_county_a(kind, county_a))
    before = stored(theirs)
    client.force_login(county_admin)

    own = client.post(own_url, own_data)
    other = client.post(other_url, other_data)

    assert own.status_code == 302
    mine.refresh_from_db()
    assert getattr(mine, NAME_FIELD[kind]) == original
    assert other.status_code == 404
    assert stored(theirs) == before


def test_revert_needs_the_change_permission_not_only_the_view_permission(
    client, make_user, superuser, county_a, kind, mine
):
    # The system administrator looks at users and units; the security administrator changes
    # them (三员分立): viewing a history entry does not let one post its revert.
    viewer = make_user(county_a["office"], Role.SYS_ADMIN, is_staff=True, name="甲县系统管理员")
    viewer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="supervision", codename__in=["view_item", "view_circular"]
        )
    )
    renamed(kind, mine)
    url = admin_url(kind, "simple_history", mine.pk, first_version(mine).pk)
    data = revert_form_data(client, superuser, url)
    before = stored(mine)
    client.force_login(viewer)

    page = client.get(url)
    posted = client.post(url, data)

    assert page.status_code == 200
    assert posted.status_code == 403
    assert stored(mine) == before


# --- "View on site" shortcut --------------------------------------------------------------------


def shortcut_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse(
        "admin:view_on_site", kwargs={"content_type_id": content_type.pk, "object_id": obj.pk}
    )


def test_view_on_site_of_another_countys_record_is_not_found(client, county_admin, mine, theirs):
    client.force_login(county_admin)

    own = client.get(shortcut_url(mine))
    other = client.get(shortcut_url(theirs))

    assert own.status_code == 302
    assert own["Location"].endswith(mine.get_absolute_url())
    assert other.status_code == 404
    assert theirs.get_absolute_url() not in other.get("Location", "")


# --- Change and delete pages, change list actions -----------------------------------------------


def test_change_page_of_another_countys_record_is_not_found(
    client, county_admin, kind, mine, theirs
):
    client.force_login(county_admin)

    own = client.get(admin_url(kind, "change", mine.pk))
    other = client.get(admin_url(kind, "change", theirs.pk))

    assert own.status_code == 200
    assert other.status_code == 404


def test_saving_another_countys_record_is_not_found_and_writes_nothing(
    client, county_admin, superuser, county_a, kind, theirs
):
    url = admin_url(kind, "change", theirs.pk)
    data = revert_form_data(client, superuser, url, **in_county_a(kind, county_a))
    data[NAME_FIELD[kind]] = ["改写的名称"]
    before = stored(theirs)
    client.force_login(county_admin)

    response = client.post(url, data)

    assert response.status_code == 404
    assert stored(theirs) == before


def test_deleting_another_countys_record_is_not_found_from_its_page_nor_by_the_action(
    client, county_admin, kind, mine, theirs
):
    client.force_login(county_admin)

    own = client.get(admin_url(kind, "delete", mine.pk))
    other = client.get(admin_url(kind, "delete", theirs.pk))
    posted = client.post(admin_url(kind, "delete", theirs.pk), {"post": "yes"})
    # The change list's action deletes the selected records of the change list only.
    client.post(
        admin_url(kind, "changelist"),
        {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"},
    )

    assert own.status_code == 200
    assert other.status_code == 404
    assert posted.status_code == 404
    assert not type(mine).objects.filter(pk=mine.pk).exists()
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
