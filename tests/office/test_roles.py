import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from office.roles import Role

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_its_permissions_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    director = Group.objects.get(name=Role.DIRECTOR)
    assert director.permissions.filter(codename="change_extensionrequest").exists()
    assert (
        not Group.objects.get(name=Role.UNIT_LIAISON)
        .permissions.filter(codename="add_item")
        .exists()
    )


def test_sync_roles_restores_groups_and_permissions_an_admin_removed(staff_a):
    Group.objects.filter(name=Role.DIRECTOR).delete()
    Group.objects.get(name=Role.STAFF).permissions.clear()
    assert not staff_a.has_perm("supervision.add_item")

    call_command("sync_roles")

    staff_a = type(staff_a).objects.get(pk=staff_a.pk)  # a fresh permission cache
    assert staff_a.has_perm("supervision.add_item")
    assert (
        Group.objects.get(name=Role.DIRECTOR)
        .permissions.filter(codename="change_extensionrequest")
        .exists()
    )
