"""Scale data for ``manage.py seed_scale``: a city over N generated counties, each with its
office, sections, townships, departments and users, and each app's records over Y years — to
time the pages at a province's size (``make bench``, docs/performance.md).

The core makes the org tree and the users (``seed_org_and_users``); every app adds its own
records through the registry's ``scale=`` slot, a function

    def scale(ctx: ScaleContext) -> Mapping[str, int] | None

called once per run with every generated county (``ctx.counties``), the years to fill
(``ctx.years``), a seeded random generator (``ctx.rng``) and two fast writers:
``ctx.reserve_ids(model, n)`` hands out primary keys so related rows can be written before
their parents are read back, and ``ctx.copy(model_or_table, columns, rows)`` streams rows into
PostgreSQL with COPY (``bulk_create`` elsewhere). Nothing here goes through ``save()``: no
signal, no history unless the generator writes it, no notification is sent.

Generated units and users are named ``scale<NNN>_…`` so they are told apart from the demo's,
and a second run adds counties after the last one generated.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, models

from .models import OrgUnit, OrgUnitKind, User
from .roles import Role

SECTIONS = ("秘书科", "综合科", "督查室", "信息科", "机要科", "文电科", "改革办", "法规室")
TOWNSHIPS = 15
DEPARTMENTS = (
    "发改局",
    "教育局",
    "财政局",
    "公安局",
    "民政局",
    "人社局",
    "自然资源局",
    "住建局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文旅局",
    "卫健委",
    "应急局",
    "市场监管局",
    "生态环境局",
    "审计局",
    "统计局",
    "医保局",
    "林业局",
    "乡村振兴局",
    "信访局",
    "退役军人局",
    "数据局",
)
# Office users of each county: (role, how many, section index or None for the office).
OFFICE_USERS = (
    (Role.DIRECTOR, 1, None),
    (Role.SECTION_HEAD, 2, 2),
    (Role.STAFF, 4, 2),
    (Role.STAFF, 2, 0),
)
LEADERS = 3


@dataclass
class ScaleCounty:
    """One generated county: its office, the units given work, and its people."""

    number: int
    committee: OrgUnit
    office: OrgUnit
    sections: list[OrgUnit]
    units: list[OrgUnit]  # townships and departments: the units items are given to
    users: dict[str, list[User]]  # role -> users
    liaisons: dict[int, User]  # unit id -> its liaison
    heads: dict[int, User]  # unit id -> its head

    @property
    def prefix(self) -> str:
        return f"scale{self.number:03d}"


@dataclass
class ScaleContext:
    city: OrgUnit
    counties: list[ScaleCounty]
    years: list[int]
    today: date
    rng: random.Random
    stdout: object = None
    # How many records of its main kind an app makes in a county in a year (a county office
    # registers about 2,000 supervision items a year); apps scale their other records from it.
    items_per_year: int = 2000
    created: Counter = field(default_factory=Counter)

    def reserve_ids(self, model_or_table, count: int) -> range:
        """``count`` consecutive primary keys of the table, taken from its sequence."""
        return reserve_ids(model_or_table, count)

    def copy(self, model_or_table, columns, rows) -> int:
        """Write rows (tuples in the order of ``columns``) with COPY; returns how many."""
        return copy_rows(model_or_table, columns, rows)


def reserve_ids(model_or_table, count: int) -> range:
    if count <= 0:
        return range(0)
    table = _table(model_or_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        # One statement: nobody else writes these tables while the seed runs.
        cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [sequence, sequence, count])
        (last,) = cursor.fetchone()
    return range(last - count + 1, last + 1)


def _table(model_or_table) -> str:
    if isinstance(model_or_table, str):
        return model_or_table
    return model_or_table._meta.db_table


def copy_rows(model_or_table, columns, rows) -> int:
    table = _table(model_or_table)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        # psycopg 3: the raw cursor under Django's wrapper speaks COPY.
        statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


# --- The org tree and the users ------------------------------------------------------------


def _city() -> OrgUnit:
    city = OrgUnit.objects.filter(kind=OrgUnitKind.CITY_OFFICE, parent=None).first()
    if city is None:
        city = OrgUnit.objects.create(
            name="中共规模市委办公室", short_name="市委办", kind=OrgUnitKind.CITY_OFFICE, code="SC"
        )
    return city


def _next_number() -> int:
    taken = OrgUnit.objects.filter(code__startswith="SCALE").values_list("code", flat=True)
    numbers = [int(code[5:8]) for code in taken if code[5:8].isdigit()]
    return max(numbers, default=0) + 1


def seed_org_and_users(count: int, password: str, stdout=None) -> tuple[OrgUnit, list[ScaleCounty]]:
    """Add ``count`` counties under the city office, each with about fifty units and fifty
    users (office staff by role, county leaders, a liaison and a head per unit)."""
    city = _city()
    first = _next_number()
    # One hash for every generated user: hashing is the slow part and they share a password.
    hashed = make_password(password)
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    unit_rows: list[OrgUnit] = []
    plans = []
    per_county = 2 + len(SECTIONS) + TOWNSHIPS + len(DEPARTMENTS)
    ids = iter(reserve_ids(OrgUnit, count * per_county))

    def unit(name, kind, parent, code, office, sort_order, short_name=""):
        pk = next(ids)
        path = f"{parent.path if parent else '/'}{pk}/"
        row = OrgUnit(
            pk=pk,
            name=name,
            short_name=short_name,
            kind=kind,
            parent=parent,
            code=code,
            path=path,
            sort_order=sort_order,
            office_id=office.pk if office is not None else pk,
        )
        unit_rows.append(row)
        return row

    for number in range(first, first + count):
        code = f"SCALE{number:03d}"
        county = f"规模{number:03d}县"
        committee = unit(
            f"中共{county}委员会", OrgUnitKind.COUNTY_COMMITTEE, city, code, None, number
        )
        office = unit(
            f"中共{county}委办公室",
            OrgUnitKind.COUNTY_OFFICE,
            committee,
            f"{code}-XWB",
            None,
            10,
            short_name=f"{county}委办",
        )
        committee.office_id = office.pk
        sections = [
            unit(name, OrgUnitKind.SECTION, office, f"{code}-XWB-S{i}", office, i * 10)
            for i, name in enumerate(SECTIONS, start=1)
        ]
        townships = [
            unit(f"第{i}镇", OrgUnitKind.TOWNSHIP, committee, f"{code}-T{i}", office, 20 + i)
            for i in range(1, TOWNSHIPS + 1)
        ]
        departments = [
            unit(
                f"县{name}",
                OrgUnitKind.DEPARTMENT,
                committee,
                f"{code}-D{i}",
                office,
                100 + i,
                name,
            )
            for i, name in enumerate(DEPARTMENTS, start=1)
        ]
        plans.append((number, committee, office, sections, townships + departments))
    OrgUnit.objects.bulk_create(unit_rows, batch_size=1000)

    user_rows: list[tuple[User, str]] = []
    counties = []
    for number, committee, office, sections, units in plans:
        prefix = f"scale{number:03d}"
        users: dict[str, list[User]] = {}
        liaisons, heads = {}, {}

        def person(username, role, org_unit, name, position, users=users):
            user = User(
                username=username,
                name=name,
                org_unit=org_unit,
                position=position,
                password=hashed,
                email=f"{username}@example.org",
            )
            user_rows.append((user, role))
            users.setdefault(str(role), []).append(user)
            return user

        for role, how_many, section in OFFICE_USERS:
            for _i in range(how_many):
                where = office if section is None else sections[section]
                i = len(users.get(str(role), [])) + 1
                person(f"{prefix}_{role}{i}", role, where, f"{role}{i}", str(role))
        for i in range(1, LEADERS + 1):
            person(f"{prefix}_leader{i}", Role.LEADER, committee, f"县领导{i}", "县委常委")
        for index, work_unit in enumerate(units, start=1):
            liaisons[work_unit.pk] = person(
                f"{prefix}_liaison{index}", Role.UNIT_LIAISON, work_unit, f"联络员{index}", "联络员"
            )
            heads[work_unit.pk] = person(
                f"{prefix}_head{index}", Role.UNIT_LIAISON, work_unit, f"负责人{index}", "负责人"
            )
        counties.append(
            ScaleCounty(number, committee, office, sections, units, users, liaisons, heads)
        )
    User.objects.bulk_create([user for user, _role in user_rows], batch_size=1000)
    memberships = [
        User.groups.through(user_id=user.pk, group_id=groups[str(role)].pk)
        for user, role in user_rows
    ]
    User.groups.through.objects.bulk_create(memberships, batch_size=2000)
    # Each unit's head receives the escalations about its overdue work.
    heads = [
        OrgUnit(pk=unit_id, head_id=user.pk) for c in counties for unit_id, user in c.heads.items()
    ]
    OrgUnit.objects.bulk_update(heads, ["head"], batch_size=1000)
    return city, counties


def scale_counties() -> list[ScaleCounty]:
    """Every generated county as it is in the database (for an app generator run later)."""
    counties = []
    offices = OrgUnit.objects.filter(code__regex=r"^SCALE[0-9]{3}-XWB$").order_by("code")
    for office in offices:
        number = int(office.code[5:8])
        units = list(
            OrgUnit.objects.filter(
                office=office, kind__in=[OrgUnitKind.TOWNSHIP, OrgUnitKind.DEPARTMENT]
            ).order_by("sort_order")
        )
        sections = list(OrgUnit.objects.filter(parent=office).order_by("sort_order"))
        users: dict[str, list[User]] = {}
        liaisons, heads = {}, {}
        for user in User.objects.filter(
            username__startswith=f"scale{number:03d}_"
        ).prefetch_related("groups"):
            for role in user.role_codes:
                users.setdefault(role, []).append(user)
            if "_liaison" in user.username:
                liaisons[user.org_unit_id] = user
            elif "_head" in user.username:
                heads[user.org_unit_id] = user
        counties.append(
            ScaleCounty(number, office.parent, office, sections, units, users, liaisons, heads)
        )
    return counties


def analyse(tables: list[str] | None = None) -> None:
    """Fresh planner statistics after a bulk load (autovacuum would take its time)."""
    with connection.cursor() as cursor:
        if tables:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        else:
            cursor.execute("ANALYZE")


def table_of(model: type[models.Model]) -> str:
    return model._meta.db_table
