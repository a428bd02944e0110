"""The three administrators stay apart (三员分立) and each county's admins stay in their county."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from office import services
from office.models import TransitionLog
from office.roles import Role

pytestmark = pytest.mark.django_db


def edit_roles(client, user, roles):
    return client.post(
        reverse("user_edit", args=[user.pk]),
        {
            "username": user.username,
            "name": user.name,
            "org_unit": user.org_unit_id,
            "roles": roles,
        },
    )


def test_security_admin_cannot_give_themselves_more_roles(client, sec_admin_a):
    client.force_login(sec_admin_a)

    response = edit_roles(client, sec_admin_a, [Role.SEC_ADMIN, Role.DIRECTOR, Role.SYS_ADMIN])

    assert response.status_code == 200  # the form again, with the refusal
    sec_admin_a.refresh_from_db()
    assert set(sec_admin_a.groups.values_list("name", flat=True)) == {Role.SEC_ADMIN}


def test_security_admin_cannot_make_another_user_an_administrator(client, sec_admin_a, staff_a):
    client.force_login(sec_admin_a)

    edit_roles(client, staff_a, [Role.STAFF, Role.AUDIT_ADMIN])

    assert set(staff_a.groups.values_list("name", flat=True)) == {Role.STAFF}


def test_security_admin_still_gives_office_roles(client, sec_admin_a, staff_a):
    client.force_login(sec_admin_a)

    response = edit_roles(client, staff_a, [Role.STAFF, Role.SECTION_HEAD])

    assert response.status_code == 302
    assert set(staff_a.groups.values_list("name", flat=True)) == {Role.STAFF, Role.SECTION_HEAD}


def test_audit_admin_reads_only_their_countys_transition_log(
    client, make_user, county_a, county_b, staff_a, staff_b
):
    auditor = make_user(county_a["office"], Role.AUDIT_ADMIN, is_staff=True)
    ours = TransitionLog.objects.create(
        content_type_id=1,
        object_id=1,
        transition="assign",
        source_state="a",
        target_state="b",
        actor=staff_a,
        comment="甲县的交办意见",
    )
    theirs = TransitionLog.objects.create(
        content_type_id=1,
        object_id=2,
        transition="assign",
        source_state="a",
        target_state="b",
        actor=staff_b,
        comment="乙县的交办意见",
    )
    client.force_login(auditor)

    listing = client.get(reverse("admin:office_transitionlog_changelist")).content.decode()

    assert reverse("admin:office_transitionlog_change", args=[ours.pk]) in listing
    assert reverse("admin:office_transitionlog_change", args=[theirs.pk]) not in listing
    assert client.get(
        reverse("admin:office_transitionlog_change", args=[theirs.pk])
    ).status_code in (302, 404)


def test_admin_user_form_hides_superuser_and_permissions_from_a_county_admin(
    client, make_user, county_a, staff_a
):
    admin = make_user(county_a["office"], Role.SYS_ADMIN, is_staff=True)
    admin.user_permissions.add(Permission.objects.get(codename="change_user"))
    client.force_login(admin)

    page = client.get(reverse("admin:office_user_change", args=[staff_a.pk])).content.decode()

    assert 'name="username"' in page
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page


def test_unit_liaison_cannot_open_the_offices_annual_summary(client, liaison_a):
    client.force_login(liaison_a)
    assert client.get(reverse("annual_summary")).status_code == 403


def test_groups_exist_for_the_separation_rules():
    assert (
        Group.objects.filter(name__in=[Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN]).count()
        == 3
    )


# --- The administrators' accounts are the superuser's -----------------------------------------


@pytest.fixture
def sys_admin_a(make_user, county_a):
    return make_user(county_a["office"], Role.SYS_ADMIN, is_staff=True)


@pytest.fixture
def audit_admin_a(make_user, county_a):
    return make_user(county_a["office"], Role.AUDIT_ADMIN, is_staff=True)


def reset_password(client, user, password):
    return client.post(
        reverse("user_edit", args=[user.pk]),
        {
            "username": user.username,
            "name": user.name,
            "org_unit": user.org_unit_id,
            "roles": list(user.role_codes),
            "password1": password,
        },
    )


@pytest.mark.parametrize("target", ["sys_admin_a", "audit_admin_a"])
def test_security_admin_cannot_take_over_another_administrator(
    request, client, sec_admin_a, target
):
    admin = request.getfixturevalue(target)
    client.force_login(sec_admin_a)

    detail = client.get(reverse("user_detail", args=[admin.pk])).content.decode()
    reset = reset_password(client, admin, "Taken-over-password-2026")
    deactivate = client.post(reverse("user_deactivate", args=[admin.pk]))

    assert reverse("user_edit", args=[admin.pk]) not in detail
    assert reverse("user_deactivate", args=[admin.pk]) not in detail
    assert reset.status_code == 403
    assert deactivate.status_code == 403
    admin.refresh_from_db()
    assert not admin.check_password("Taken-over-password-2026")
    assert admin.is_active


def test_the_service_refuses_whoever_calls_it(sec_admin_a, sys_admin_a):
    sys_admin_a.set_password("Taken-over-password-2026")

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.user_save(actor=sec_admin_a, user=sys_admin_a, password="Taken-over-2026x")
    with pytest.raises(ValidationError):
        services.user_deactivate(actor=sec_admin_a, user=sys_admin_a)

    assert "超级管理员" in " ".join(refused.value.messages)
    sys_admin_a.refresh_from_db()
    assert sys_admin_a.is_active
    assert not sys_admin_a.check_password("Taken-over-2026x")


def test_a_superuser_resets_an_administrators_password(client, make_user, county_a, sys_admin_a):
    root = make_user(county_a["office"], is_superuser=True, is_staff=True)
    client.force_login(root)

    response = reset_password(client, sys_admin_a, "Fresh-start-password-2026")

    assert response.status_code == 302
    sys_admin_a.refresh_from_db()
    assert sys_admin_a.check_password("Fresh-start-password-2026")


def test_security_admin_edits_their_own_details_but_not_their_rights(client, sec_admin_a):
    client.force_login(sec_admin_a)
    detail = client.get(reverse("user_detail", args=[sec_admin_a.pk])).content.decode()

    response = client.post(
        reverse("user_edit", args=[sec_admin_a.pk]),
        {
            "username": sec_admin_a.username,
            "name": "新名字",
            "org_unit": sec_admin_a.org_unit_id,
            "roles": [Role.SEC_ADMIN],
        },
    )

    assert reverse("user_edit", args=[sec_admin_a.pk]) in detail
    assert response.status_code == 302
    sec_admin_a.refresh_from_db()
    assert sec_admin_a.name == "新名字"


def test_sys_admin_cannot_change_the_audit_admin_in_the_django_admin(
    client, sys_admin_a, audit_admin_a
):
    sys_admin_a.user_permissions.add(Permission.objects.get(codename="change_user"))
    client.force_login(sys_admin_a)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[audit_admin_a.pk]),
        {"password1": "Taken-over-2026x", "password2": "Taken-over-2026x"},
    )

    assert response.status_code in (403, 404)
    audit_admin_a.refresh_from_db()
    assert not audit_admin_a.check_password("Taken-over-2026x")
