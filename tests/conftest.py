import pytest

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
