"""Every route × every role × the city office × the other county × an anonymous visitor has
an expected answer, declared by its app in tests/permission_matrix/<app>.py.

A route of the URL resolver or an operation of the OpenAPI schema without a declaration
fails here: a new app (or a new page) says who may open it before it ships. The answers the
code gives today where the product intends another are listed as KNOWN_GAPS in the app's
declarations; the matrix fails when one of them is fixed, so the list only shrinks.
"""

import pytest
import time_machine
from django.urls import NoReverseMatch, resolve, reverse

from tests.permission_matrix import PRINCIPALS, as_list
from tests.permission_matrix.runner import (
    NOW,
    api_operations,
    api_owner,
    build_world,
    declaration_path,
    declarations,
    fill_path,
    routes,
    run,
)
from tests.test_architecture import local_apps

APPS = sorted(local_apps())


def _declared_pages() -> dict[str, str]:
    return {name: app for app in APPS for name in getattr(declarations(app), "PAGES", {})}


def _declared_api() -> dict[tuple[str, str], str]:
    return {op: app for app in APPS for op in getattr(declarations(app), "API", {})}


def test_every_app_declares_its_routes():
    missing = []
    for app in APPS:
        try:
            declarations(app)
        except ModuleNotFoundError:
            missing.append(f"{app}: create {declaration_path(app)} (PAGES, API, build, KNOWN_GAPS)")
    assert missing == []


def test_every_route_and_api_operation_has_a_declaration():
    pages, api = _declared_pages(), _declared_api()
    operations = api_operations()
    problems = []

    # Every operation of the schema is declared, and every declaration is an operation.
    for method, path in operations:
        if (method, path) not in api:
            problems.append(
                f"{method} {path}: declare it in API of {declaration_path(api_owner(path))}"
            )
    for (method, path), app in api.items():
        if (method, path) not in operations:
            problems.append(f"{method} {path} in {declaration_path(app)} is not in the schema")

    # Every route of the resolver is declared, by name or by one of the shared rules.
    schema_routes = {resolve(fill_path(path, 1)).view_name for _method, path in operations}
    for route in routes():
        if route.is_admin or route.is_format_suffix or route.is_test_only:
            continue  # the admin's one gate, DRF's .json twins, the test-only app
        if route.name in schema_routes:
            continue  # an API operation, declared in API
        if route.is_viewset:
            if route.name not in schema_routes:
                problems.append(f"{route.pattern} ({route.name}) is in no operation of the schema")
            continue
        if not route.name:
            problems.append(f"{route.pattern}: name the route, then declare it")
        elif route.name not in pages:
            problems.append(
                f"{route.pattern} ({route.name}): declare it in PAGES of "
                f"{declaration_path(route.owner)}"
            )
    for name, app in pages.items():
        try:
            resolve(_any_url(name, app))
        except NoReverseMatch:
            problems.append(f"{name} in {declaration_path(app)} is no route")

    assert problems == [], "Undeclared or stale routes:\n" + "\n".join(problems)


def _any_url(name: str, app: str) -> str:
    """A URL of the route, for the stale-declaration check: ids do not matter there."""
    for case in (c for cases in declarations(app).PAGES[name].values() for c in as_list(cases)):
        record = case.record
        kwargs = (
            {} if not record else {"pk": 1} if isinstance(record, str) else dict.fromkeys(record, 1)
        )
        return reverse(name, kwargs=kwargs)
    raise NoReverseMatch(name)


def test_known_gaps_name_declared_cells():
    for app in APPS:
        module = declarations(app)
        declared = {
            (f"{name} [{case.label}]" if case.label else name, method)
            for name, methods in getattr(module, "PAGES", {}).items()
            for method, cases in methods.items()
            for case in as_list(cases)
        } | {
            (f"{path} [{case.label}]" if case.label else path, method)
            for (method, path), cases in getattr(module, "API", {}).items()
            for case in as_list(cases)
        }
        for route, method, principal in getattr(module, "KNOWN_GAPS", {}):
            assert (route, method) in declared, f"{app}: gap on undeclared {method} {route}"
            assert principal in PRINCIPALS, f"{app}: gap for unknown principal {principal}"


@pytest.mark.django_db
@pytest.mark.parametrize("app", APPS)
def test_permission_matrix(app):
    module = declarations(app)
    with time_machine.travel(NOW, tick=False):
        world = build_world()
        records = module.build(world)
        cells = run(module, world, records)

    gaps = getattr(module, "KNOWN_GAPS", {})
    wrong = [str(cell) for cell in cells if not cell.ok and cell.key not in gaps]
    fixed = [
        f"{cell}  <- fixed: remove it from KNOWN_GAPS in {declaration_path(app)}"
        for cell in cells
        if cell.ok and cell.key in gaps
    ]
    if wrong or fixed:
        pytest.fail(
            f"{len(wrong) + len(fixed)} of {len(cells)} cells of {app} differ from the matrix:\n"
            + "\n".join(wrong + fixed),
            pytrace=False,
        )
