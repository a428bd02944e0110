"""Row-level scoping: a county sees its own org tree, a liaison their own unit, the city
office everything under it, and nobody else anything — on pages, in the API and in exports."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from office.models import OrgUnit, User
from office.roles import Role
from tests.testapp.models import Ticket

pytestmark = pytest.mark.django_db

A_UNIT_NAMES = ("甲县委", "甲县委办", "甲秘书科", "甲城关镇", "甲财政局")
B_UNIT_NAMES = ("乙县委", "乙县委办", "乙秘书科", "乙城关镇", "乙财政局")


@pytest.fixture
def people_a(make_user, county_a):
    """Named people of county A, one per unit, so a leak of any of them is visible."""
    return {
        "section": make_user(county_a["section"], Role.STAFF, name="甲科员张伟"),
        "township": make_user(county_a["township"], Role.UNIT_LIAISON, name="甲镇联络员王芳"),
        "department": make_user(county_a["department"], Role.UNIT_LIAISON, name="甲局联络员李娜"),
    }


@pytest.fixture
def people_b(make_user, county_b):
    return {
        "section": make_user(county_b["section"], Role.STAFF, name="乙科员刘洋"),
        "township": make_user(county_b["township"], Role.UNIT_LIAISON, name="乙镇联络员陈静"),
    }


@pytest.fixture
def sec_admin_b(make_user, county_b):
    return make_user(county_b["office"], Role.SEC_ADMIN, name="乙保密管理员")


@pytest.fixture
def city_staff(make_user, city):
    return make_user(city, Role.STAFF, name="市委办科员")


def page_text(client, url_name, **query):
    response = client.get(reverse(url_name), query)
    assert response.status_code == 200
    return response.content.decode()


def xlsx_rows(response) -> list[tuple]:
    """The data rows of an exported sheet (the header row dropped)."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))[1:]


def xlsx_cells(response) -> set[str]:
    return {str(cell) for row in xlsx_rows(response) for cell in row if cell is not None}


def api_names(client, path, key="name", **query):
    response = client.get(path, query)
    assert response.status_code == 200
    return {row[key] for row in response.json()["results"]}


# --- Pages: lists ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff_b", "sec_admin_b"])
def test_county_b_org_unit_list_shows_only_county_b_units(client, request, who, county_a, county_b):
    client.force_login(request.getfixturevalue(who))

    html = page_text(client, "orgunit_list")

    for name in B_UNIT_NAMES:
        assert name in html
    for name in A_UNIT_NAMES:
        assert name not in html


def test_county_b_user_list_shows_only_county_b_users(client, sec_admin_b, people_a, people_b):
    client.force_login(sec_admin_b)

    html = page_text(client, "user_list")

    assert people_b["section"].name in html
    assert people_b["township"].name in html
    for person in people_a.values():
        assert person.name not in html
    # The org-unit filter of the user list offers only B's units too.
    for name in A_UNIT_NAMES:
        assert name not in html


def test_staff_of_county_b_with_view_permission_sees_only_county_b_users(
    client, staff_b, people_a, people_b
):
    client.force_login(staff_b)

    html = page_text(client, "user_list")

    assert people_b["township"].name in html
    assert people_a["section"].name not in html


# --- Pages: details are 404 out of scope --------------------------------------------------------


@pytest.mark.parametrize("unit_key", ["committee", "office", "section", "township", "department"])
def test_county_b_staff_gets_404_for_county_a_unit_detail(client, staff_b, county_a, unit_key):
    client.force_login(staff_b)

    response = client.get(reverse("orgunit_detail", args=[county_a[unit_key].pk]))

    assert response.status_code == 404
    assert county_a[unit_key].name not in response.content.decode()


def test_county_b_user_gets_404_for_county_a_user_detail(client, sec_admin_b, people_a):
    client.force_login(sec_admin_b)

    response = client.get(reverse("user_detail", args=[people_a["section"].pk]))

    assert response.status_code == 404
    assert people_a["section"].name not in response.content.decode()


def test_county_b_security_admin_cannot_open_county_a_edit_or_deactivate_pages(
    client, sec_admin_b, county_a, people_a
):
    client.force_login(sec_admin_b)
    township = county_a["township"]
    person = people_a["section"]

    assert client.get(reverse("orgunit_edit", args=[township.pk])).status_code == 404
    assert (
        client.post(reverse("orgunit_deactivate", args=[county_a["department"].pk])).status_code
        == 404
    )
    assert client.get(reverse("user_edit", args=[person.pk])).status_code == 404
    assert client.post(reverse("user_deactivate", args=[person.pk])).status_code == 404

    county_a["department"].refresh_from_db()
    person.refresh_from_db()
    assert county_a["department"].is_active
    assert person.is_active


def test_county_b_staff_sees_own_county_unit_detail(client, staff_b, county_b):
    client.force_login(staff_b)

    response = client.get(reverse("orgunit_detail", args=[county_b["township"].pk]))

    assert response.status_code == 200
    assert "乙城关镇" in response.content.decode()


def test_county_admin_gets_404_for_the_city_office_unit(client, sec_admin_a, city):
    client.force_login(sec_admin_a)

    assert client.get(reverse("orgunit_detail", args=[city.pk])).status_code == 404


def test_county_b_admin_cannot_place_a_unit_or_user_under_county_a(client, sec_admin_b, county_a):
    client.force_login(sec_admin_b)

    form_html = client.get(reverse("orgunit_add")).content.decode()
    unit_response = client.post(
        reverse("orgunit_add"),
        {"name": "乙插入科", "kind": "section", "parent": county_a["office"].pk, "sort_order": 0},
    )
    user_response = client.post(
        reverse("user_add"),
        {
            "username": "intruder",
            "name": "越权用户",
            "org_unit": county_a["section"].pk,
            "password1": "Long-enough-passphrase-42",
        },
    )

    for name in A_UNIT_NAMES:
        assert name not in form_html
    assert unit_response.status_code == 200
    assert user_response.status_code == 200
    assert not OrgUnit.objects.filter(name="乙插入科").exists()
    assert not User.objects.filter(username="intruder").exists()


# --- API ----------------------------------------------------------------------------------------


def test_api_org_unit_list_of_county_b_has_only_county_b_units(client, staff_b, county_a, county_b):
    client.force_login(staff_b)

    names = api_names(client, "/api/v1/org-units/")

    assert names == set(B_UNIT_NAMES)


def test_api_user_list_of_county_b_has_only_county_b_users(client, staff_b, people_a, people_b):
    client.force_login(staff_b)

    usernames = api_names(client, "/api/v1/users/", key="username")

    assert usernames == {
        staff_b.username,
        people_b["section"].username,
        people_b["township"].username,
    }
    assert not usernames & {p.username for p in people_a.values()}


def test_api_details_of_county_a_are_404_for_county_b(client, staff_b, county_a, people_a):
    client.force_login(staff_b)

    unit_response = client.get(f"/api/v1/org-units/{county_a['township'].pk}/")
    user_response = client.get(f"/api/v1/users/{people_a['section'].pk}/")

    assert unit_response.status_code == 404
    assert user_response.status_code == 404
    assert "甲城关镇" not in unit_response.content.decode()
    assert people_a["section"].username not in user_response.content.decode()


def test_api_details_of_own_county_are_readable(client, staff_b, county_b, people_b):
    client.force_login(staff_b)

    unit = client.get(f"/api/v1/org-units/{county_b['township'].pk}/")
    user = client.get(f"/api/v1/users/{people_b['township'].pk}/")

    assert unit.status_code == 200
    assert unit.json()["name"] == "乙城关镇"
    assert user.status_code == 200
    assert user.json()["name"] == people_b["township"].name


# --- A unit liaison sees only their own unit -------------------------------------------------


def test_unit_liaison_sees_only_own_unit_in_org_unit_list(client, people_a, county_a):
    liaison = people_a["township"]
    client.force_login(liaison)

    html = page_text(client, "orgunit_list")

    assert "甲城关镇" in html
    assert "甲秘书科" not in html
    assert "甲财政局" not in html
    # The owning office is named as a column of the liaison's own row, but is not a row itself.
    assert reverse("orgunit_detail", args=[county_a["township"].pk]) in html
    assert reverse("orgunit_detail", args=[county_a["office"].pk]) not in html
    assert api_names(client, "/api/v1/org-units/") == {"甲城关镇"}


def test_unit_liaison_sees_only_users_of_own_unit(client, make_user, people_a, county_a):
    liaison = people_a["township"]
    colleague = make_user(county_a["township"], Role.UNIT_LIAISON, name="甲镇同事赵磊")
    client.force_login(liaison)

    html = page_text(client, "user_list")

    assert colleague.name in html
    assert people_a["section"].name not in html
    assert people_a["department"].name not in html
    assert api_names(client, "/api/v1/users/", key="username") == {
        liaison.username,
        colleague.username,
    }


def test_unit_liaison_gets_404_for_other_units_of_same_county(client, people_a, county_a):
    client.force_login(people_a["township"])

    assert (
        client.get(reverse("orgunit_detail", args=[county_a["department"].pk])).status_code == 404
    )
    assert client.get(reverse("user_detail", args=[people_a["department"].pk])).status_code == 404
    assert client.get(reverse("orgunit_detail", args=[county_a["township"].pk])).status_code == 200


def test_liaison_who_also_has_an_office_role_sees_the_whole_county(client, make_user, county_a):
    both = make_user(county_a["township"], Role.UNIT_LIAISON, Role.STAFF)
    client.force_login(both)

    html = page_text(client, "orgunit_list")

    for name in A_UNIT_NAMES:
        assert name in html


# --- The city office sees both counties -------------------------------------------------------


def test_city_office_user_sees_both_counties(
    client, city_staff, county_a, county_b, people_a, people_b
):
    client.force_login(city_staff)

    units_html = page_text(client, "orgunit_list")
    api_units = api_names(client, "/api/v1/org-units/")

    for name in A_UNIT_NAMES + B_UNIT_NAMES:
        assert name in units_html
        assert name in api_units
    assert client.get(reverse("orgunit_detail", args=[county_a["township"].pk])).status_code == 200
    assert client.get(reverse("orgunit_detail", args=[county_b["township"].pk])).status_code == 200
    visible_users = set(User.objects.restrict(city_staff).values_list("name", flat=True))
    assert {people_a["section"].name, people_b["section"].name} <= visible_users


# --- Inactive and anonymous users see nothing -------------------------------------------------


def test_inactive_user_is_restricted_to_nothing(staff_a, county_a):
    staff_a.is_active = False
    staff_a.save()

    assert not OrgUnit.objects.restrict(staff_a).exists()
    assert not User.objects.restrict(staff_a).exists()
    assert not Ticket.objects.restrict(staff_a).exists()


def test_deactivated_user_is_sent_to_login_on_next_request(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("orgunit_list")).status_code == 200

    staff_a.is_active = False
    staff_a.save()
    response = client.get(reverse("orgunit_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_user_is_restricted_to_nothing_and_sent_to_login(client, county_a):
    assert not OrgUnit.objects.restrict(AnonymousUser()).exists()
    assert not OrgUnit.objects.restrict(None).exists()

    for url in (
        reverse("orgunit_list"),
        reverse("user_list"),
        reverse("orgunit_detail", args=[county_a["township"].pk]),
        reverse("orgunit_list") + "?export=xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_anonymous_api_request_gets_no_data(client, county_a):
    response = client.get("/api/v1/org-units/")

    assert response.status_code in (401, 403)
    assert "甲城关镇" not in response.content.decode()


def test_user_without_a_unit_sees_nothing(client, make_user, county_a):
    homeless = make_user(None, Role.STAFF)
    client.force_login(homeless)

    html = page_text(client, "orgunit_list")

    for name in A_UNIT_NAMES:
        assert name not in html


# --- Excel export ---------------------------------------------------------------------------


def test_org_unit_excel_export_contains_only_in_scope_units(client, staff_b, county_a, county_b):
    client.force_login(staff_b)

    cells = xlsx_cells(client.get(reverse("orgunit_list"), {"export": "xlsx"}))

    assert set(B_UNIT_NAMES) <= cells
    assert not cells & set(A_UNIT_NAMES)


def test_user_excel_export_contains_only_in_scope_users(client, sec_admin_b, people_a, people_b):
    client.force_login(sec_admin_b)

    cells = xlsx_cells(client.get(reverse("user_list"), {"export": "xlsx"}))

    assert people_b["section"].name in cells
    assert people_b["township"].name in cells
    assert not cells & {p.name for p in people_a.values()}
    assert not cells & {p.username for p in people_a.values()}


def test_liaison_excel_export_contains_only_own_unit(client, people_a, county_a):
    client.force_login(people_a["township"])

    units = xlsx_rows(client.get(reverse("orgunit_list"), {"export": "xlsx"}))
    users = xlsx_cells(client.get(reverse("user_list"), {"export": "xlsx"}))

    # One row, the liaison's own unit (its parent and owning office appear only as columns).
    assert [row[0] for row in units] == ["甲城关镇"]
    assert people_a["township"].name in users
    assert people_a["section"].name not in users
    assert people_a["department"].name not in users


# --- Any scoped record type: the test-only Ticket -------------------------------------------


@pytest.fixture
def tickets(county_a, county_b):
    return {
        "a_township": Ticket.objects.create(
            title="甲城关镇整改事项", owning_office=county_a["office"], unit=county_a["township"]
        ),
        "a_department": Ticket.objects.create(
            title="甲财政局整改事项", owning_office=county_a["office"], unit=county_a["department"]
        ),
        "b_township": Ticket.objects.create(
            title="乙城关镇整改事项", owning_office=county_b["office"], unit=county_b["township"]
        ),
    }


def test_tickets_are_scoped_by_owning_office(staff_a, staff_b, tickets):
    assert set(Ticket.objects.restrict(staff_a)) == {tickets["a_township"], tickets["a_department"]}
    assert set(Ticket.objects.restrict(staff_b)) == {tickets["b_township"]}


def test_tickets_are_scoped_by_unit_for_a_liaison(liaison_a, tickets):
    assert set(Ticket.objects.restrict(liaison_a)) == {tickets["a_township"]}


def test_city_office_user_sees_tickets_of_both_counties(city_staff, tickets):
    assert set(Ticket.objects.restrict(city_staff)) == set(tickets.values())


def test_ticket_detail_page_is_404_out_of_scope(client, staff_b, liaison_a, tickets):
    client.force_login(staff_b)
    assert client.get(reverse("ticket_detail", args=[tickets["a_township"].pk])).status_code == 404
    own = client.get(reverse("ticket_detail", args=[tickets["b_township"].pk]))
    assert own.status_code == 200
    assert "乙城关镇整改事项" in own.content.decode()

    client.force_login(liaison_a)
    assert (
        client.get(reverse("ticket_detail", args=[tickets["a_department"].pk])).status_code == 404
    )
    assert client.get(reverse("ticket_detail", args=[tickets["a_township"].pk])).status_code == 200
