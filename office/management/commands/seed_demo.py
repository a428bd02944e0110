"""``manage.py seed_demo``: load the demo data — an org tree, a user per role, and each app's
data for a report year plus live work around today.

The core's part is ``office.demo``. Apps plug in without the core knowing them: every project
app (an installed app whose package lives inside BASE_DIR, not in the virtualenv, and is not
``office`` itself) that has a ``demo`` module with a function

    def seed(*, year: int, password: str, stdout) -> Mapping[str, int] | None

gets it called after the core's seed, in INSTALLED_APPS order, inside the same transaction
(so a failing app leaves nothing half-seeded). ``year`` is the report year (``--year``),
``password`` the demo password (for any user the app adds), ``stdout`` the command's output.
It may return what it created as {label: count}; the command adds that to its summary.

Like the core's, an app's seed must be idempotent: find its demo users by username
(``staff``, ``director``, ...) and units through them, key its own rows on natural keys,
create only what is missing and change nothing that exists — so a second run reports
nothing created.
"""

import sys
from collections import Counter
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from office import demo
from office.models import OrgUnit


def demo_extensions():
    """(app label, seed function) of every project app with a ``demo`` module."""
    base_dir = Path(settings.BASE_DIR).resolve()
    # The virtualenv may live inside BASE_DIR (.venv): its packages are not project apps.
    env_dir = Path(sys.prefix).resolve()
    for app_config in apps.get_app_configs():
        if app_config.name == "office":
            continue  # the core seeds first, explicitly
        path = Path(app_config.path).resolve()
        if not path.is_relative_to(base_dir) or path.is_relative_to(env_dir):
            continue
        if "site-packages" in path.parts or "dist-packages" in path.parts:
            continue
        if not module_has_submodule(app_config.module, "demo"):
            continue
        module = import_module(f"{app_config.name}.demo")
        seed = getattr(module, "seed", None)
        if not callable(seed):
            raise CommandError(f"{app_config.name}.demo has no seed(*, year, password, stdout)")
        yield app_config.label, seed


class Command(BaseCommand):
    help = (
        "Load the demo data (org tree, one user per role, each app's report-year data). "
        "Idempotent: a second run creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=demo.DEFAULT_PASSWORD,
            help="Password of the demo users created now (default: %(default)s).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any org unit exists already (for `make run`).",
        )
        parser.add_argument(
            "--year",
            type=int,
            default=timezone.localdate().year - 1,
            help="Report year of the apps' demo data (default: the last full calendar year).",
        )

    def handle(self, *args, password, if_empty, year, **options):
        if if_empty and OrgUnit.objects.exists():
            self.stdout.write("已有组织机构数据，跳过演示数据初始化。")
            # Still show the logins: `make run` prints them to a newcomer on every start.
            self.stdout.write(demo.login_table(password))
            return
        self._check_password(password)
        self.stdout.write(f"报告年度：{year}")

        with transaction.atomic():
            created = Counter(demo.seed(year=year, password=password, stdout=self.stdout))
            for label, seed in demo_extensions():
                result = seed(year=year, password=password, stdout=self.stdout)
                if isinstance(result, Mapping):
                    created.update(result)
                self.stdout.write(f"已加载 {label} 的演示数据")

        self._report(created)
        self.stdout.write("")
        self.stdout.write(demo.login_table(password))

    def _check_password(self, password):
        # The demo accounts obey the same password policy as real ones (settings'
        # AUTH_PASSWORD_VALIDATORS), so the login page never meets a password it would refuse.
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError("--password: " + " ".join(error.messages)) from error

    def _report(self, created: Counter):
        created = {label: count for label, count in created.items() if count}
        if not created:
            self.stdout.write("演示数据已存在，本次未新建任何内容。")
            return
        summary = "，".join(f"{label} {count}" for label, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"已新建：{summary}"))
