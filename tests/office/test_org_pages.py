"""The security administrator's pages: org units and user accounts — lists with filters,
search, pagination and Excel export; details with history; create, edit and deactivate."""

import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from office.models import OrgUnit, OrgUnitKind, User
from office.roles import Role
from tests.factories import PASSWORD, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
GOOD_PASSWORD = "Yellow-crane-tower-1927"


def zh(message: str) -> str:
    """The Chinese the catalog gives for an English message; fails when there is none."""
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    assert CJK.search(text), f"no Chinese translation in the catalog for {message!r}"
    return text


def html_of(response) -> str:
    return response.content.decode()


def shows(response, text: str) -> bool:
    return escape(text) in html_of(response)


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))[1:]


def input_value(html: str, name: str) -> str | None:
    """The value="" of the <input name=...> in a rendered form."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    if tag is None:
        return None
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def input_is_marked_invalid(html: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    return tag is not None and "is-invalid" in tag.group(0)


@pytest.fixture
def admin_client(client, sec_admin_a):
    client.force_login(sec_admin_a)
    return client


# --- Org unit list ----------------------------------------------------------------------------


def test_org_unit_list_filters_by_kind(admin_client, county_a):
    response = admin_client.get(reverse("orgunit_list"), {"kind": OrgUnitKind.TOWNSHIP})

    assert "甲城关镇" in html_of(response)
    assert "甲财政局" not in html_of(response)
    assert "甲秘书科" not in html_of(response)


def test_org_unit_list_search_matches_name_and_code(admin_client, county_a):
    county_a["section"].code = "MSK-007"
    county_a["section"].save()

    by_name = admin_client.get(reverse("orgunit_list"), {"q": "财政"})
    by_code = admin_client.get(reverse("orgunit_list"), {"q": "msk-007"})

    assert "甲财政局" in html_of(by_name)
    assert "甲城关镇" not in html_of(by_name)
    assert "甲秘书科" in html_of(by_code)
    assert "甲财政局" not in html_of(by_code)


def test_org_unit_list_says_when_nothing_matches(admin_client, county_a):
    response = admin_client.get(reverse("orgunit_list"), {"q": "不存在的单位"})

    assert shows(response, zh("Nothing matches these filters."))


def detail_links(response) -> list[str]:
    """The org unit rows of a list page: each row's name links to the unit's detail page."""
    return re.findall(r'href="/org/units/(\d+)/"', html_of(response))


def test_org_unit_list_paginates_after_25_rows(admin_client, county_a):
    created = {f"测试科室{n:02d}" for n in range(30)}
    for name in created:
        OrgUnitFactory(name=name, kind=OrgUnitKind.SECTION, parent=county_a["office"])

    first = admin_client.get(reverse("orgunit_list"))
    second = admin_client.get(reverse("orgunit_list"), {"page": 2})

    # 30 new units + the county's 5 = 35 rows: 25 on page 1, 10 on page 2, none twice.
    assert second.status_code == 200
    assert "page=2" in html_of(first)
    assert len(detail_links(first)) == 25
    assert len(detail_links(second)) == 10
    assert not set(detail_links(first)) & set(detail_links(second))
    on_first = set(re.findall(r"测试科室\d\d", html_of(first)))
    on_second = set(re.findall(r"测试科室\d\d", html_of(second)))
    assert on_first | on_second == created
    # A page past the end (an old bookmark) shows the last page rather than an error.
    past_the_end = admin_client.get(reverse("orgunit_list"), {"page": 3})
    assert past_the_end.status_code == 200
    assert detail_links(past_the_end) == detail_links(second)


def test_org_unit_list_keeps_the_filter_on_page_2(admin_client, county_a):
    for n in range(30):
        OrgUnitFactory(name=f"乡镇{n:02d}", kind=OrgUnitKind.TOWNSHIP, parent=county_a["committee"])
        OrgUnitFactory(
            name=f"测试局{n:02d}", kind=OrgUnitKind.DEPARTMENT, parent=county_a["committee"]
        )

    first = admin_client.get(reverse("orgunit_list"), {"kind": OrgUnitKind.TOWNSHIP})
    second = admin_client.get(reverse("orgunit_list"), {"kind": OrgUnitKind.TOWNSHIP, "page": 2})

    # The link to page 2 carries the filter along.
    page_links = re.findall(r'href="\?([^"]*page=2[^"]*)"', html_of(first))
    assert any("kind=township" in link for link in page_links)
    # 31 townships (30 + 甲城关镇): 6 on page 2, and no department anywhere.
    assert len(detail_links(second)) == 6
    assert not re.search(r"测试局\d\d", html_of(first) + html_of(second))


def test_org_unit_excel_export_has_exactly_the_filtered_rows(admin_client, county_a):
    response = admin_client.get(
        reverse("orgunit_list"), {"kind": OrgUnitKind.TOWNSHIP, "export": "xlsx"}
    )

    rows = xlsx_rows(response)
    assert [row[0] for row in rows] == ["甲城关镇"]


def test_org_unit_excel_export_is_not_cut_at_the_page_size(admin_client, county_a):
    for n in range(30):
        OrgUnitFactory(name=f"导出科室{n:02d}", kind=OrgUnitKind.SECTION, parent=county_a["office"])

    rows = xlsx_rows(admin_client.get(reverse("orgunit_list"), {"q": "导出科室", "export": "xlsx"}))

    assert sorted(row[0] for row in rows) == [f"导出科室{n:02d}" for n in range(30)]


# --- Org unit detail and history -----------------------------------------------------------------


def test_org_unit_detail_shows_children_members_and_edit_action(admin_client, county_a, make_user):
    make_user(county_a["section"], Role.STAFF, name="科员周敏")

    office_page = admin_client.get(reverse("orgunit_detail", args=[county_a["office"].pk]))
    section_page = admin_client.get(reverse("orgunit_detail", args=[county_a["section"].pk]))

    assert reverse("orgunit_detail", args=[county_a["section"].pk]) in html_of(
        office_page
    )  # unit under it
    assert "科员周敏" in html_of(section_page)  # its member
    assert reverse("orgunit_edit", args=[county_a["section"].pk]) in html_of(section_page)
    assert reverse("orgunit_deactivate", args=[county_a["section"].pk]) in html_of(section_page)


def test_editing_a_unit_shows_the_change_in_its_history(admin_client, sec_admin_a, county_a):
    unit = county_a["department"]

    response = admin_client.post(
        reverse("orgunit_edit", args=[unit.pk]),
        {
            "name": "甲财政局",
            "short_name": "财政",
            "kind": OrgUnitKind.DEPARTMENT,
            "parent": county_a["committee"].pk,
            "code": "",
            "sort_order": 0,
            "phone": "0551-6612345",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("orgunit_detail", args=[unit.pk])
    assert shows(response, zh("Saved."))
    changes = re.findall(r'<div class="history-change">([^<]*)</div>', html_of(response))
    assert any("0551-6612345" in change for change in changes)
    assert any("财政" in change for change in changes)
    assert shows(response, zh("Change history"))
    assert sec_admin_a.name in html_of(response)  # who made the change


def test_history_names_the_changed_field_in_chinese(admin_client, county_a):
    unit = county_a["department"]

    response = admin_client.post(
        reverse("orgunit_edit", args=[unit.pk]),
        {
            "name": "甲财政局",
            "kind": OrgUnitKind.DEPARTMENT,
            "parent": county_a["committee"].pk,
            "sort_order": 0,
            "phone": "0551-6612345",
        },
        follow=True,
    )

    changes = re.findall(r'<div class="history-change">([^<]*)</div>', html_of(response))
    assert changes == [f"{zh('phone')}: — → 0551-6612345"]


# --- Org unit create and edit -------------------------------------------------------------------


def test_create_unit_under_own_county(admin_client, county_a):
    response = admin_client.post(
        reverse("orgunit_add"),
        {
            "name": "甲信息科",
            "kind": OrgUnitKind.SECTION,
            "parent": county_a["office"].pk,
            "sort_order": 3,
        },
        follow=True,
    )

    unit = OrgUnit.objects.get(name="甲信息科")
    assert response.redirect_chain[-1][0] == reverse("orgunit_detail", args=[unit.pk])
    assert unit.office == county_a["office"]
    assert shows(response, zh("Saved."))


def test_duplicate_name_under_same_parent_is_refused_and_keeps_the_input(admin_client, county_a):
    response = admin_client.post(
        reverse("orgunit_add"),
        {
            "name": "甲秘书科",
            "short_name": "秘书二",
            "kind": OrgUnitKind.SECTION,
            "parent": county_a["office"].pk,
            "code": "DUP-01",
            "sort_order": 0,
            "phone": "0551-1234",
        },
    )

    html = html_of(response)
    assert response.status_code == 200
    assert shows(response, zh("A unit with this name already exists under that parent."))
    assert input_value(html, "name") == "甲秘书科"
    assert input_value(html, "code") == "DUP-01"
    assert input_value(html, "phone") == "0551-1234"
    assert OrgUnit.objects.filter(name="甲秘书科").count() == 1


def test_same_name_under_a_different_parent_is_allowed(admin_client, county_a):
    admin_client.post(
        reverse("orgunit_add"),
        {
            "name": "甲秘书科",
            "kind": OrgUnitKind.SECTION,
            "parent": county_a["committee"].pk,
            "sort_order": 0,
        },
    )

    assert OrgUnit.objects.filter(name="甲秘书科").count() == 2


def test_missing_name_marks_the_field_and_keeps_the_rest(admin_client, county_a):
    response = admin_client.post(
        reverse("orgunit_add"),
        {
            "name": "",
            "kind": OrgUnitKind.TOWNSHIP,
            "parent": county_a["committee"].pk,
            "code": "KEEP-9",
            "sort_order": 0,
        },
    )

    html = html_of(response)
    assert response.status_code == 200
    assert input_is_marked_invalid(html, "name")
    assert not input_is_marked_invalid(html, "code")
    with translation.override("zh-hans"):
        assert escape(translation.gettext("This field is required.")) in html
    assert input_value(html, "code") == "KEEP-9"
    assert not OrgUnit.objects.filter(code="KEEP-9").exists()


def test_new_unit_must_have_a_parent(admin_client, county_a):
    response = admin_client.post(
        reverse("orgunit_add"), {"name": "无上级单位", "kind": OrgUnitKind.SECTION, "sort_order": 0}
    )

    assert response.status_code == 200
    assert shows(response, zh("Choose the unit this one belongs to."))
    assert not OrgUnit.objects.filter(name="无上级单位").exists()


def test_edit_renames_a_unit(admin_client, county_a):
    unit = county_a["township"]

    admin_client.post(
        reverse("orgunit_edit", args=[unit.pk]),
        {
            "name": "甲城关街道",
            "kind": OrgUnitKind.TOWNSHIP,
            "parent": county_a["committee"].pk,
            "sort_order": 0,
        },
    )

    unit.refresh_from_db()
    assert unit.name == "甲城关街道"
    assert "甲城关街道" in html_of(admin_client.get(reverse("orgunit_list")))


def test_edit_form_shows_the_current_values(admin_client, county_a):
    response = admin_client.get(reverse("orgunit_edit", args=[county_a["township"].pk]))

    assert input_value(html_of(response), "name") == "甲城关镇"


# --- Org unit deactivate ----------------------------------------------------------------------


def test_deactivate_unit_asks_for_confirmation_on_get(admin_client, county_a):
    unit = county_a["department"]

    response = admin_client.get(reverse("orgunit_deactivate", args=[unit.pk]))

    assert response.status_code == 200
    assert shows(response, zh("Deactivate the unit %(name)s?") % {"name": unit.name})
    assert 'method="post"' in html_of(response)
    unit.refresh_from_db()
    assert unit.is_active


def test_deactivate_unit_on_post(admin_client, county_a):
    unit = county_a["department"]

    response = admin_client.post(reverse("orgunit_deactivate", args=[unit.pk]), follow=True)

    unit.refresh_from_db()
    assert not unit.is_active
    assert shows(response, zh("%(name)s has been deactivated.") % {"name": unit.name})
    # A deactivated unit can no longer be chosen as a parent.
    form = html_of(admin_client.get(reverse("orgunit_add")))
    assert f'value="{unit.pk}"' not in form


def test_deactivate_unit_with_active_users_is_refused(admin_client, county_a, make_user):
    unit = county_a["township"]
    make_user(unit, Role.UNIT_LIAISON)

    response = admin_client.post(reverse("orgunit_deactivate", args=[unit.pk]), follow=True)

    unit.refresh_from_db()
    assert unit.is_active
    assert shows(response, zh("The unit still has active users; move or deactivate them first."))


def test_deactivate_unit_with_active_children_is_refused(admin_client, county_a):
    unit = county_a["office"]

    response = admin_client.post(reverse("orgunit_deactivate", args=[unit.pk]), follow=True)

    unit.refresh_from_db()
    assert unit.is_active
    assert shows(response, zh("Deactivate the units under it first."))


# --- Users ------------------------------------------------------------------------------------


def test_user_list_shows_the_county_users_with_roles(admin_client, staff_a, liaison_a):
    response = admin_client.get(reverse("user_list"))

    assert staff_a.name in html_of(response)
    assert liaison_a.name in html_of(response)
    assert shows(response, zh("Unit liaison"))


def test_user_list_filters_by_role_and_searches(admin_client, staff_a, liaison_a):
    by_role = admin_client.get(reverse("user_list"), {"role": Role.UNIT_LIAISON})
    by_search = admin_client.get(reverse("user_list"), {"q": staff_a.username})

    assert liaison_a.name in html_of(by_role)
    assert staff_a.name not in html_of(by_role)
    assert staff_a.name in html_of(by_search)
    assert liaison_a.name not in html_of(by_search)


def new_user_data(county, **overrides):
    data = {
        "username": "zhangsan",
        "name": "张三",
        "org_unit": county["section"].pk,
        "position": "科员",
        "phone": "13800000000",
        "email": "",
        "roles": [Role.STAFF],
        "password1": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def test_create_user_with_roles_and_initial_password(admin_client, county_a):
    response = admin_client.post(
        reverse("user_add"),
        new_user_data(county_a, roles=[Role.STAFF, Role.SECTION_HEAD]),
        follow=True,
    )

    user = User.objects.get(username="zhangsan")
    assert response.redirect_chain[-1][0] == reverse("user_detail", args=[user.pk])
    assert user.role_codes == {Role.STAFF, Role.SECTION_HEAD}
    assert shows(response, zh("Section head"))
    # The new person signs in with the initial password.
    newcomer = Client()
    signed_in = newcomer.post(reverse("login"), {"username": "zhangsan", "password": GOOD_PASSWORD})
    assert signed_in.status_code == 302


def test_create_user_with_too_short_password_is_refused(admin_client, county_a):
    response = admin_client.post(
        reverse("user_add"), new_user_data(county_a, password1="Short-pw-1")
    )

    html = html_of(response)
    assert response.status_code == 200
    assert input_is_marked_invalid(html, "password1")
    assert input_value(html, "password1") == ""  # a password is never echoed back
    assert input_value(html, "name") == "张三"
    assert not User.objects.filter(username="zhangsan").exists()


def test_create_user_without_password_is_refused(admin_client, county_a):
    response = admin_client.post(reverse("user_add"), new_user_data(county_a, password1=""))

    assert response.status_code == 200
    assert shows(response, zh("Set an initial password."))
    assert not User.objects.filter(username="zhangsan").exists()


def test_create_user_with_taken_username_is_refused(admin_client, county_a, staff_a):
    response = admin_client.post(
        reverse("user_add"), new_user_data(county_a, username=staff_a.username)
    )

    assert response.status_code == 200
    assert input_is_marked_invalid(html_of(response), "username")
    assert not User.objects.filter(name="张三").exists()


def test_edit_user_changes_position_and_roles_and_keeps_password(admin_client, county_a, staff_a):
    response = admin_client.post(
        reverse("user_edit", args=[staff_a.pk]),
        new_user_data(
            county_a,
            username=staff_a.username,
            name=staff_a.name,
            position="副科长",
            roles=[Role.SECTION_HEAD],
            password1="",
        ),
        follow=True,
    )

    staff_a.refresh_from_db()
    assert staff_a.position == "副科长"
    assert set(staff_a.groups.values_list("name", flat=True)) == {Role.SECTION_HEAD}
    assert staff_a.check_password(PASSWORD)
    assert "副科长" in html_of(response)
    assert shows(response, zh("Section head"))


def test_edit_user_form_shows_current_roles_checked(admin_client, staff_a):
    html = html_of(admin_client.get(reverse("user_edit", args=[staff_a.pk])))

    checkbox = re.search(r'<input[^>]*value="staff"[^>]*>', html).group(0)
    assert "checked" in checkbox
    unchecked = re.search(r'<input[^>]*value="director"[^>]*>', html).group(0)
    assert "checked" not in unchecked


def test_deactivate_user_asks_then_deactivates(admin_client, staff_a):
    confirm = admin_client.get(reverse("user_deactivate", args=[staff_a.pk]))

    assert shows(confirm, zh("Deactivate the account of %(name)s?") % {"name": staff_a.name})
    staff_a.refresh_from_db()
    assert staff_a.is_active

    done = admin_client.post(reverse("user_deactivate", args=[staff_a.pk]), follow=True)

    staff_a.refresh_from_db()
    assert not staff_a.is_active
    assert shows(done, zh("The account of %(name)s has been deactivated.") % {"name": staff_a.name})


def test_security_admin_cannot_deactivate_self(admin_client, sec_admin_a):
    detail = admin_client.get(reverse("user_detail", args=[sec_admin_a.pk]))
    assert reverse("user_deactivate", args=[sec_admin_a.pk]) not in html_of(detail)

    response = admin_client.post(reverse("user_deactivate", args=[sec_admin_a.pk]), follow=True)

    sec_admin_a.refresh_from_db()
    assert sec_admin_a.is_active
    assert shows(response, zh("You cannot deactivate your own account."))


def test_user_detail_shows_roles_and_history(admin_client, county_a, staff_a):
    admin_client.post(
        reverse("user_edit", args=[staff_a.pk]),
        new_user_data(
            county_a, username=staff_a.username, name=staff_a.name, position="科长", password1=""
        ),
    )

    response = admin_client.get(reverse("user_detail", args=[staff_a.pk]))

    assert shows(response, zh("Office staff"))
    changes = re.findall(r'<div class="history-change">([^<]*)</div>', html_of(response))
    assert any("科长" in change for change in changes)


# --- Permissions ------------------------------------------------------------------------------


def test_staff_without_add_permission_gets_403_on_add_unit(client, staff_a):
    client.force_login(staff_a)

    response = client.get(reverse("orgunit_add"))

    assert response.status_code == 403
    assert shows(response, zh("Access denied"))
    assert client.post(reverse("orgunit_add"), {"name": "越权新增"}).status_code == 403
    assert not OrgUnit.objects.filter(name="越权新增").exists()


def test_staff_sees_no_add_or_edit_buttons(client, staff_a, liaison_a, county_a):
    client.force_login(staff_a)

    listing = html_of(client.get(reverse("orgunit_list")))
    detail = html_of(client.get(reverse("orgunit_detail", args=[county_a["township"].pk])))

    assert reverse("orgunit_add") not in listing
    assert reverse("orgunit_edit", args=[county_a["township"].pk]) not in detail
    assert reverse("orgunit_deactivate", args=[county_a["township"].pk]) not in detail
    assert client.get(reverse("orgunit_edit", args=[county_a["township"].pk])).status_code == 403
    assert client.post(reverse("user_deactivate", args=[liaison_a.pk])).status_code == 403
    liaison_a.refresh_from_db()
    assert liaison_a.is_active


# --- Query count -------------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_user_list_query_count_does_not_grow_with_the_number_of_users(admin_client, county_a):
    url = reverse("user_list")
    units = [county_a["section"], county_a["township"], county_a["department"]]
    admin_client.get(url)  # warm up the session

    UserFactory.create_batch(5, org_unit=units[0], roles=[Role.STAFF, Role.SECTION_HEAD])
    with_few = count_queries(admin_client, url)
    for n in range(25):
        UserFactory(org_unit=units[n % 3], roles=[Role.UNIT_LIAISON])
    with_many = count_queries(admin_client, url)

    assert with_few == with_many


def test_org_unit_list_query_count_does_not_grow_with_the_number_of_units(admin_client, county_a):
    url = reverse("orgunit_list")
    admin_client.get(url)

    for n in range(5):
        OrgUnitFactory(name=f"少量科室{n}", kind=OrgUnitKind.SECTION, parent=county_a["office"])
    with_few = count_queries(admin_client, url)
    for n in range(25):
        OrgUnitFactory(name=f"大量科室{n}", kind=OrgUnitKind.SECTION, parent=county_a["office"])
    with_many = count_queries(admin_client, url)

    assert with_few == with_many


def test_excel_export_turns_formula_like_text_into_plain_text(admin_client, county_a):
    OrgUnitFactory(name='=HYPERLINK("http://evil.example/","点我")', parent=county_a["committee"])

    response = admin_client.get(reverse("orgunit_list"), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    cells = [cell for row in sheet.iter_rows() for cell in row if "HYPERLINK" in str(cell.value)]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert cells[0].value.startswith("'=")


def test_a_users_page_keeps_the_signed_in_user_in_the_top_bar(client, sec_admin_a, staff_a):
    client.force_login(sec_admin_a)

    page = client.get(reverse("user_detail", args=[staff_a.pk])).content.decode()

    navbar = page[page.index("<header") : page.index("</header>")]
    assert str(sec_admin_a) in navbar
    assert str(staff_a) not in navbar
