import pytest
from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY

from office.models import OrgUnit, OrgUnitKind
from office.roles import Role

from .factories import PASSWORD, UserFactory, build_county


@pytest.fixture
def city():
    return OrgUnit.objects.create(name="市委办公室", kind=OrgUnitKind.CITY_OFFICE)


@pytest.fixture
def county_a(city):
    return build_county("甲", parent=city)


@pytest.fixture
def county_b(city):
    return build_county("乙", parent=city)


@pytest.fixture
def make_user(db):
    def make(unit, *roles, **fields):
        return UserFactory(org_unit=unit, roles=list(roles), **fields)

    return make


@pytest.fixture
def staff_a(make_user, county_a):
    return make_user(county_a["section"], Role.STAFF)


@pytest.fixture
def staff_b(make_user, county_b):
    return make_user(county_b["section"], Role.STAFF)


@pytest.fixture
def sec_admin_a(make_user, county_a):
    return make_user(county_a["office"], Role.SEC_ADMIN)


@pytest.fixture
def liaison_a(make_user, county_a):
    return make_user(county_a["township"], Role.UNIT_LIAISON)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _roles_after_flush(request):
    """A transactional test flushes the tables after it ran, and with them the role groups,
    permissions and holiday calendar the migrations seeded: the next transactional test puts
    them back (a browser test of the Thursday schedule needs the year's holidays)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if transactional:
        from office.holidays import seed_holidays
        from office.models import Holiday
        from office.roles import sync_roles

        request.getfixturevalue("transactional_db")
        sync_roles()
        seed_holidays(Holiday)


@pytest.fixture(autouse=True)
def _close_the_audit_connection():
    """office.guard writes refusals on the "audit" connection; closed after each test, so the
    test database can be dropped at the end (PostgreSQL refuses while a session is open)."""
    yield
    from django.db import connections

    if "audit" in connections:
        connections["audit"].close()


_password_only_login = ClientMixin.force_login


def force_login_both_factors(self, user, backend=None):
    """``force_login`` stands for a completed sign-in: with two-factor sign-in required (the
    test settings), that includes the second factor for the roles that must have one, as if
    the user had typed a code of their authenticator. Tests of the two-factor steps sign in through the pages, or with
    ``password_only_login`` (a session that still owes its second factor)."""
    from office.twofactor import required_for
    from tests.factories import enrol_two_factor

    _password_only_login(self, user, backend)
    # Those who must have an authenticator (and the admin site's users) have one; the others
    # sign in with their password alone, as they do without enrolling.
    if not (required_for(user) or user.is_staff):
        return
    device = enrol_two_factor(user)
    session = self.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def password_only_login(client, user) -> None:
    _password_only_login(client, user)


@pytest.fixture(autouse=True)
def _force_login_is_a_full_sign_in(monkeypatch):
    monkeypatch.setattr(ClientMixin, "force_login", force_login_both_factors)
