"""Tests that guard the architecture (architecture.md), read from the source with ``ast``:

- the core (``office``) imports no app: apps register with it, it never reaches for them;
- an app uses another app only through its public face, ``<app>.services`` and
  ``<app>.selectors`` (meetings may open a supervision item through ``supervision.services``);
- no app imports the test suite;

and the two management commands that keep the project consistent: ``check`` and
``makemigrations --check``.
"""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

CORE = "office"
PUBLIC_MODULES = ("services", "selectors")
TEST_PACKAGE = "tests"


def local_apps() -> dict[str, Path]:
    """The project's own apps (top-level package -> directory), read from INSTALLED_APPS:
    whatever lives in the repository, except the test suite's own test-only app."""
    base = Path(settings.BASE_DIR).resolve()
    found = {}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        top = config.name.split(".")[0]
        if path.is_relative_to(base) and top != TEST_PACKAGE and ".venv" not in path.parts:
            found[top] = base / top
    return found


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every module an ``import`` names, anywhere in the file (a function's local import
    counts too), relative imports resolved against ``module``: (line, dotted name)."""
    package = module if is_package else module.rpartition(".")[0]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            # ``from app import services`` imports app.services: judge each name imported.
            names.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names)
    return names


def violation(importer_app: str, imported: str, app_names: set[str]) -> str | None:
    """Why importing ``imported`` from ``importer_app`` breaks the architecture, or None."""
    parts = imported.split(".")
    top = parts[0]
    if top == TEST_PACKAGE:
        return "imports the test suite"
    if top not in app_names or top == importer_app:
        return None
    if importer_app == CORE:
        return f"the core imports the app {top!r}; register with office.registry instead"
    if top == CORE:
        return None
    if len(parts) >= 2 and parts[1] in PUBLIC_MODULES:
        return None
    return (
        f"imports {top!r}'s internals; use {top}.services or {top}.selectors (an app's public face)"
    )


def source_violations(app: str, directory: Path, app_names: set[str]) -> list[str]:
    found = []
    root = directory.parent
    for path in sorted(directory.rglob("*.py")):
        relative = path.relative_to(root)
        is_package = path.name == "__init__.py"
        parts = relative.with_suffix("").parts
        module = ".".join(parts[:-1] if is_package else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, imported in imported_modules(tree, module, is_package):
            reason = violation(app, imported, app_names)
            if reason:
                found.append(f"{relative}:{line}: {imported}: {reason}")
    return found


def test_local_apps_are_read_from_installed_apps():
    found = local_apps()
    assert CORE in found
    assert "supervision" in found
    assert TEST_PACKAGE not in found
    assert all(directory.is_dir() for directory in found.values())


def test_no_app_imports_another_apps_internals_and_the_core_imports_no_app():
    found = local_apps()
    problems = []
    for app, directory in found.items():
        problems.extend(source_violations(app, directory, set(found)))
    assert problems == [], "Architecture broken (architecture.md):\n" + "\n".join(problems)


# The checker itself, on sources written to break each rule: a checker that finds nothing
# would let the test above pass whatever the apps import.
CHECKER_CASES = [
    ("office", "from supervision.models import Item", "the core imports the app"),
    ("office", "def f():\n    import supervision.services", "the core imports the app"),
    ("meetings", "from supervision.models import Item", "internals"),
    ("meetings", "from supervision import models", "internals"),
    ("meetings", "from supervision.views.items import ItemListView", "internals"),
    ("meetings", "import tests.factories", "test suite"),
    ("supervision", "from tests.conftest import at", "test suite"),
    ("meetings", "from supervision import services", None),
    ("meetings", "from supervision.selectors import scoped_items", None),
    ("meetings", "from office.models import OrgUnit", None),
    ("meetings", "from .models import Meeting", None),
    ("supervision", "from .. import services", None),
]


@pytest.mark.parametrize(("app", "source", "expected"), CHECKER_CASES)
def test_the_import_checker_tells_a_breach_from_an_allowed_import(app, source, expected):
    tree = ast.parse(source)
    module = f"{app}.views.pages"
    reasons = [
        violation(app, imported, {"office", "supervision", "meetings"})
        for _line, imported in imported_modules(tree, module, is_package=False)
    ]
    reasons = [reason for reason in reasons if reason]
    if expected is None:
        assert reasons == []
    else:
        assert len(reasons) == 1 and expected in reasons[0]


def test_system_checks_pass():
    out = StringIO()
    call_command("check", "--fail-level", "WARNING", stdout=out, stderr=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """A model change without its migration fails here, not on a colleague's machine."""
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(
            f"makemigrations --check exited {exit_.code}: missing migrations\n{out.getvalue()}"
        )
