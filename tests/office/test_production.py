"""The commands docker-compose runs, run here under the production settings.

No Docker engine runs in CI, so the image itself is not built; these tests run the same
commands the image and compose file run, with the same settings module."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VENV_BIN = Path(sys.executable).parent


def production_env(tmp_path, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "office.settings.production",
        "DJANGO_SECRET_KEY": "test-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "office.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    # The browser tests allow sync ORM calls inside Playwright's loop; production must not.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


def run(args, env):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_migrate_and_gunicorn_config_load_under_production_settings(tmp_path):
    env = production_env(tmp_path)
    migrate = run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    assert migrate.returncode == 0, migrate.stderr
    # docker-compose's migrate service runs this next: the index of what has no entries yet.
    index = run([sys.executable, "manage.py", "rebuild_search_index", "--if-empty"], env)
    assert index.returncode == 0, index.stderr
    assert "search index rebuilt" in index.stdout
    gunicorn = run(
        [
            str(VENV_BIN / "gunicorn"),
            "--check-config",
            "office.wsgi:application",
            "-b",
            "0.0.0.0:8000",
        ],
        env,
    )
    assert gunicorn.returncode == 0, gunicorn.stdout + gunicorn.stderr


@pytest.mark.slow
def test_collectstatic_builds_the_manifest_the_image_serves(tmp_path):
    """The image's build step: every asset the templates reference must be in the manifest,
    or whitenoise's manifest storage fails at the first page view."""
    env = production_env(tmp_path)
    result = run([sys.executable, "-c", _COLLECT_INTO.format(root=str(tmp_path / "static"))], env)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    for asset in (
        "vendor/tabler/tabler.min.css",
        "vendor/echarts/echarts.min.js",
        "css/office.css",
    ):
        assert asset in manifest


# collectstatic into a temporary folder rather than the project's own staticfiles/.
_COLLECT_INTO = """
import django, os
from django.conf import settings
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings.production")
django.setup()
settings.STATIC_ROOT = {root!r}
from django.core.management import call_command
call_command("collectstatic", "--no-input", "-v", "0")
"""
