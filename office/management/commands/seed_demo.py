"""``manage.py seed_demo``: load the demo data — an org tree, a user per role, and each app's
data for a report year plus live work around today.

Apps plug in without the core knowing them: each passes its loader to the contribution
registry (``registry.register(app_label, demo=seed)`` in ``AppConfig.ready()``), a function

    def seed(*, year: int, password: str, stdout) -> Mapping[str, int] | None

The command calls the core's loader (``office.demo.seed``) first, since every app's data
hangs off its units and users, then the apps' in registration order, inside one transaction (so a failing
app leaves nothing half-seeded). ``year`` is the report year (``--year``), ``password`` the
demo password (for any user the app adds), ``stdout`` the command's output. A loader may
return what it created as {label: count}; the command adds that to its summary.

Like the core's, an app's seed must be idempotent: find its demo users by username
(``staff``, ``director``, ...) and units through them, key its own rows on natural keys,
create only what is missing and change nothing that exists — so a second run reports
nothing created.
"""

from collections import Counter
from collections.abc import Mapping

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from office import demo
from office.models import OrgUnit
from office.registry import registry


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
            created = Counter()
            # Stable: the core first, then the apps in registration (INSTALLED_APPS) order.
            loaders = sorted(registry.demo_loaders, key=lambda loader: loader.app_label != "office")
            for loader in loaders:
                result = loader.seed(year=year, password=password, stdout=self.stdout)
                if isinstance(result, Mapping):
                    created.update(result)
                if loader.app_label != "office":
                    self.stdout.write(f"已加载 {loader.app_label} 的演示数据")

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
