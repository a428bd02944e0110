"""The three administrators stay apart (三员分立) and each county's admins stay in their county."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

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
