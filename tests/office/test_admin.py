"""The Django admin for the system administrator: Chinese, with change history on the core's
records, and the holiday calendar editable there."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from office import services
from office.models import Holiday
from office.roles import Role

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def zh(message: str) -> str:
    """The Chinese the catalog gives for an English message (the project's or Django's)."""
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    assert CJK.search(text), f"no Chinese translation in the catalog for {message!r}"
    return text


def shows(response, text: str) -> bool:
    return escape(text) in response.content.decode()


@pytest.fixture
def sys_admin(make_user, city):
    return make_user(city, Role.SYS_ADMIN, is_staff=True, name="系统管理员")


@pytest.fixture
def admin_client(client, sys_admin):
    client.force_login(sys_admin)
    return client


# --- Index ------------------------------------------------------------------------------------


def test_admin_index_is_chinese_for_the_system_administrator(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert shows(response, zh("County Party Committee Office Work Platform"))  # site header
    assert shows(response, zh("System administration"))  # index title
    assert shows(response, zh("Recent actions"))  # Django's own catalog
    assert shows(response, zh("Office core"))  # the app's name
    assert shows(response, zh("holidays"))  # a model of the app


def test_admin_index_lists_only_what_the_role_may_see(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:office_holiday_add") in html
    assert reverse("admin:office_orgunit_changelist") in html
    # The system administrator may look at org units but not add them (the security
    # administrator does that in the app).
    assert reverse("admin:office_orgunit_add") not in html


def test_admin_refuses_users_without_staff_status(client, staff_a):
    client.force_login(staff_a)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- History on change pages --------------------------------------------------------------------


def history_link_in(response, url_name: str, pk) -> bool:
    return f'href="{reverse(url_name, args=[pk])}"' in response.content.decode()


def test_org_unit_change_page_links_to_its_history_which_lists_changes(
    admin_client, sec_admin_a, county_a
):
    unit = county_a["township"]
    unit.phone = "0551-7788990"
    services.org_unit_save(actor=sec_admin_a, unit=unit)

    change = admin_client.get(reverse("admin:office_orgunit_change", args=[unit.pk]))
    history = admin_client.get(reverse("admin:office_orgunit_history", args=[unit.pk]))

    assert change.status_code == 200
    assert history_link_in(change, "admin:office_orgunit_history", unit.pk)
    assert shows(change, zh("History"))
    assert history.status_code == 200
    html = history.content.decode()
    assert "0551-7788990" in html
    assert len(re.findall(r"<tr>", html)) >= 3  # header + created + changed


def test_user_change_page_links_to_its_history_which_lists_changes(
    admin_client, sec_admin_a, county_a, staff_a
):
    staff_a.position = "副主任科员"
    services.user_save(actor=sec_admin_a, user=staff_a)

    change = admin_client.get(reverse("admin:office_user_change", args=[staff_a.pk]))
    history = admin_client.get(reverse("admin:office_user_history", args=[staff_a.pk]))

    assert change.status_code == 200
    assert history_link_in(change, "admin:office_user_history", staff_a.pk)
    assert history.status_code == 200
    assert "副主任科员" in history.content.decode()
    # The password hash is not recorded in the history.
    assert "md5$" not in history.content.decode()
    assert "argon2" not in history.content.decode()


def test_holiday_change_page_links_to_its_history_which_lists_changes(admin_client):
    holiday = Holiday.objects.create(date=dt.date(2031, 10, 1), name="国庆节")

    admin_client.post(
        reverse("admin:office_holiday_change", args=[holiday.pk]),
        {"date": "2031-10-01", "name": "国庆节（调整）", "is_workday": ""},
    )
    change = admin_client.get(reverse("admin:office_holiday_change", args=[holiday.pk]))
    history = admin_client.get(reverse("admin:office_holiday_history", args=[holiday.pk]))

    assert history_link_in(change, "admin:office_holiday_history", holiday.pk)
    html = history.content.decode()
    assert "国庆节（调整）" in html
    assert "系统管理员" in html  # who changed it


# --- Holidays ---------------------------------------------------------------------------------


def test_system_administrator_adds_a_holiday(admin_client):
    response = admin_client.post(
        reverse("admin:office_holiday_add"),
        {"date": "2031-05-01", "name": "劳动节", "is_workday": ""},
        follow=True,
    )

    holiday = Holiday.objects.get(date=dt.date(2031, 5, 1))
    assert holiday.name == "劳动节"
    assert not holiday.is_workday
    assert response.redirect_chain[-1][0] == reverse("admin:office_holiday_changelist")
    assert "劳动节" in response.content.decode()


def test_system_administrator_adds_a_make_up_working_day(admin_client):
    admin_client.post(
        reverse("admin:office_holiday_add"),
        {"date": "2031-09-28", "name": "国庆节调休上班", "is_workday": "on"},
    )

    assert Holiday.objects.get(date=dt.date(2031, 9, 28)).is_workday


def test_a_date_can_only_be_entered_once(admin_client):
    Holiday.objects.create(date=dt.date(2031, 1, 1), name="元旦")

    response = admin_client.post(
        reverse("admin:office_holiday_add"),
        {"date": "2031-01-01", "name": "重复", "is_workday": ""},
    )

    assert response.status_code == 200
    assert Holiday.objects.filter(date=dt.date(2031, 1, 1)).count() == 1
    assert 'class="errorlist' in response.content.decode()


def test_holiday_change_list_filters_by_year(admin_client):
    this_year = Holiday.objects.create(date=dt.date(2031, 5, 1), name="劳动节")
    next_year = Holiday.objects.create(date=dt.date(2032, 5, 1), name="劳动节")

    response = admin_client.get(reverse("admin:office_holiday_changelist"), {"date__year": 2031})

    html = response.content.decode()
    assert reverse("admin:office_holiday_change", args=[this_year.pk]) in html
    assert reverse("admin:office_holiday_change", args=[next_year.pk]) not in html


def test_staff_role_cannot_add_holidays_in_admin(client, make_user, city):
    clerk = make_user(city, Role.STAFF, is_staff=True)
    client.force_login(clerk)

    response = client.post(
        reverse("admin:office_holiday_add"),
        {"date": "2031-05-01", "name": "劳动节", "is_workday": ""},
    )

    assert response.status_code == 403
    assert not Holiday.objects.filter(date=dt.date(2031, 5, 1)).exists()


def test_the_users_role_picker_names_the_roles_in_chinese(client, make_user, city, staff_a):
    superuser = make_user(city, is_staff=True, is_superuser=True)
    client.force_login(superuser)
    page = client.get(reverse("admin:office_user_change", args=[staff_a.pk])).content.decode()
    assert "办公室工作人员（staff）" in page
    assert "县领导（leader）" in page
