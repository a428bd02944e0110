"""What is kept until a record changes (office.data_version): a save, a delete or a
many-to-many change of the project's records draws a new version; a sign-in does not (it
only stamps the user's last login), nor does a save of another framework's record."""

import pytest
from django.contrib.sessions.models import Session

from office import data_version
from office.models import Todo
from office.roles import Role

pytestmark = pytest.mark.django_db


def test_a_records_change_draws_a_new_version_and_a_sign_in_does_not(client, staff_a):
    before = data_version.current()
    client.force_login(staff_a)
    assert data_version.current() == before  # the last login stamped, nothing else
    Session.objects.all().delete()
    assert data_version.current() == before  # not the project's records

    todo = Todo.objects.create(owner=staff_a, title="准备材料")
    after_create = data_version.current()
    assert after_create != before
    todo.delete()
    assert data_version.current() != after_create


def test_a_kept_value_is_computed_again_after_a_change(staff_a, make_user, county_a):
    computed = []

    def count_staff():
        computed.append(1)
        return county_a["office"].members.count()

    first = data_version.cached("test:staff", count_staff)
    assert data_version.cached("test:staff", count_staff) == first and len(computed) == 1
    make_user(county_a["office"], Role.STAFF)
    assert data_version.cached("test:staff", count_staff) == first + 1 and len(computed) == 2
