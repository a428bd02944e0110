"""The machinery of the matrix: the routes there are, the people who ask, and the asking."""

import importlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from drf_spectacular.generators import SchemaGenerator

from office.models import OrgUnit, OrgUnitKind
from office.roles import Role
from tests.factories import UserFactory, build_county

from . import (
    ADMIN_PREFIX,
    ANONYMOUS,
    CITY,
    FORMAT_SUFFIX_KWARG,
    OTHER_COUNTY,
    PRINCIPALS,
    TEST_ONLY_VIEW_PACKAGE,
    as_list,
    describe,
    matches,
)

# The matrix runs on one frozen morning: items registered the week before are being handled.
NOW = datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai"))

# Where each role of county A sits (as in the demo data).
ROLE_UNITS = {
    Role.STAFF: "section",
    Role.SECTION_HEAD: "section",
    Role.DIRECTOR: "office",
    Role.LEADER: "committee",
    Role.UNIT_LIAISON: "township",
    Role.LEGAL_ADVISER: "section",
    Role.CONFIDENTIAL_CLERK: "section",
    Role.SYS_ADMIN: "office",
    Role.SEC_ADMIN: "office",
    Role.AUDIT_ADMIN: "office",
}
# The system and audit administrators work in the Django admin (as in the demo data).
ADMIN_SITE_ROLES = {Role.SYS_ADMIN, Role.AUDIT_ADMIN}
# County B's user holds every office-wide role: only the county boundary can stop them.
OTHER_COUNTY_ROLES = [role for role in Role.values if role != Role.UNIT_LIAISON]


# --- Declarations -----------------------------------------------------------------------------


def declarations(app_label: str) -> ModuleType:
    return importlib.import_module(f"tests.permission_matrix.{app_label}")


def declaration_path(app_label: str) -> str:
    return f"tests/permission_matrix/{app_label}.py"


# --- The routes there are ---------------------------------------------------------------------

PROJECT_PACKAGE = "office"


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name, or "" for an unnamed route
    pattern: str  # the whole pattern, for messages
    owner: str  # top-level package of the innermost urls module that defines it
    urlconf: str  # the innermost included urls module that defines it ("" for the root)
    callback: object
    is_format_suffix: bool

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith(ADMIN_PREFIX)

    @property
    def is_test_only(self) -> bool:
        # A test-only route may use the core's generic views (action panels, import pages):
        # where it is declared says so, not only where its view is.
        modules = (self.urlconf, self.callback.__module__)
        return any(module.startswith(TEST_ONLY_VIEW_PACKAGE) for module in modules)

    @property
    def is_viewset(self) -> bool:
        return getattr(self.callback, "actions", None) is not None


def _module_name(urlconf) -> str:
    return urlconf if isinstance(urlconf, str) else getattr(urlconf, "__name__", "")


def routes() -> list[Route]:
    found = []

    def walk(patterns, prefix, namespace, owner, urlconf):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner_ns = ":".join(n for n in (namespace, entry.namespace) if n)
                module = _module_name(entry.urlconf_name)
                top = module.split(".")[0]
                walk(
                    entry.url_patterns,
                    prefix + str(entry.pattern),
                    inner_ns,
                    top if top in settings.INSTALLED_APPS and top != "tests" else owner,
                    module,
                )
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                found.append(
                    Route(
                        name=name or "",
                        pattern=prefix + str(entry.pattern),
                        owner=owner,
                        urlconf=urlconf,
                        callback=entry.callback,
                        is_format_suffix=FORMAT_SUFFIX_KWARG in entry.pattern.regex.groupindex,
                    )
                )

    # Routes of the root URLconf are the project's, and the project package is the core (the
    # test settings' root URLconf only adds the test-only app in front of office.urls).
    walk(get_resolver().url_patterns, "", "", PROJECT_PACKAGE, "")
    return found


def api_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE")
    ]


def api_owner(path: str) -> str:
    """The app whose API routes the path: the URL name's app, else the core."""
    match = resolve(fill_path(path, 1))
    module = match.func.__module__.split(".")[0]
    return module if module in settings.INSTALLED_APPS else PROJECT_PACKAGE


def fill_path(path: str, value) -> str:
    return re.sub(r"\{[^}]+\}", str(value), path)


# --- The people who ask -----------------------------------------------------------------------


@dataclass
class World:
    city: OrgUnit
    county_a: dict
    county_b: dict
    users: dict  # principal -> User, None for the anonymous visitor


def build_world() -> World:
    city = OrgUnit.objects.create(name="市委办公室", kind=OrgUnitKind.CITY_OFFICE)
    county_a = build_county("甲", parent=city)
    county_b = build_county("乙", parent=city)
    users = {
        role: UserFactory(
            org_unit=county_a[ROLE_UNITS[role]],
            roles=[role],
            is_staff=role in ADMIN_SITE_ROLES,
            name=f"甲县{role}",
        )
        for role in Role.values
    }
    users[CITY] = UserFactory(org_unit=city, roles=[Role.STAFF], name="市委办科员")
    users[OTHER_COUNTY] = UserFactory(
        org_unit=county_b["office"], roles=OTHER_COUNTY_ROLES, name="乙县全角色用户"
    )
    users[ANONYMOUS] = None
    return World(city=city, county_a=county_a, county_b=county_b, users=users)


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


# --- The asking -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    route: str
    method: str
    label: str
    principal: str
    expected: object
    got: str
    ok: bool

    @property
    def key(self) -> tuple[str, str, str]:
        """How KNOWN_GAPS names the cell: (route, method, principal), the route followed by
        " [label]" when the route has several cases."""
        route = f"{self.route} [{self.label}]" if self.label else self.route
        return (route, self.method, self.principal)

    def __str__(self):
        route, method, principal = self.key
        return f"{method} {route} as {principal}: expected {self.expected!r}, got {self.got}"


def ask(client: Client, method: str, url: str, data, *, api: bool):
    """One request. A write runs in a savepoint rolled back afterwards: every principal meets
    the same records, whatever a permitted request changed."""
    if method == "GET":
        response = client.get(url)
    else:
        with transaction.atomic():
            if api:
                response = client.generic(
                    method, url, data=_json(data or {}), content_type="application/json"
                )
            else:
                response = client.post(url, data or {})
            transaction.set_rollback(True)
    # A message left in the cookie would be shown by the next page, not asked about.
    client.cookies.pop("messages", None)
    return response


def _json(data) -> str:
    return json.dumps(data, default=str)


def _kwargs(record, records) -> dict:
    if not record:
        return {}
    if isinstance(record, str):
        return {"pk": records[record].pk}
    # A value that is no record (a year in the address) is given as itself.
    return {
        parameter: records[name].pk if isinstance(name, str) else name
        for parameter, name in record.items()
    }


def _single_id(record, records):
    if isinstance(record, int):
        return record  # a value that is no record's id (a year)
    if isinstance(record, str):
        return records[record].pk
    (name,) = record.values()
    return records[name].pk


# Sessions in the cache only, and refusals not logged one by one: a thousand requests then
# take seconds, not a minute. Neither changes who may do what.
QUIET_AND_QUICK = {"SESSION_ENGINE": "django.contrib.sessions.backends.cache"}


def run(module: ModuleType, world: World, records: dict) -> list[Cell]:
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        with override_settings(**QUIET_AND_QUICK):
            return _run(module, world, records)
    finally:
        request_log.setLevel(level)


def _run(module: ModuleType, world: World, records: dict) -> list[Cell]:
    clients = {principal: client_for(world.users[principal]) for principal in PRINCIPALS}
    requests = []
    for name, methods in getattr(module, "PAGES", {}).items():
        for method, cases in methods.items():
            for case in as_list(cases):
                url = reverse(name, kwargs=_kwargs(case.record, records))
                requests.append((name, method, case, url, False))
    for (method, path), cases in getattr(module, "API", {}).items():
        for case in as_list(cases):
            url = fill_path(path, _single_id(case.record, records)) if "{" in path else path
            requests.append((path, method, case, url, True))

    cells = []
    for route, method, case, url, api in requests:
        query = case.query(records) if callable(case.query) else case.query
        full_url = f"{url}?{query}" if query else url
        data = case.data(records) if callable(case.data) else case.data
        for principal in PRINCIPALS:
            user = world.users[principal]
            client = client_for(user) if case.own_client else clients[principal]
            response = ask(client, method, full_url, data, api=api)
            expected = case.expect[principal]
            ok = matches(expected, response, strict=data is not None)
            cells.append(
                Cell(route, method, case.label, principal, expected, describe(response), ok)
            )
    return cells
