"""``manage.py seed_scale --counties N --years Y``: fill the database with generated data at
a province's size, to time the pages against (``make bench``, docs/performance.md).

The core adds N counties under the city office (``office.scale.seed_org_and_users``: about
fifty units and ninety users each, the demo's city office when there is one); then each app's
generator registered through ``registry.register(app_label, scale=...)`` writes its records for
those counties over the last Y years, one county per transaction, with COPY. A second run adds
N more counties. Needs PostgreSQL (COPY); run ``seed_demo`` first to sign in as the demo users
too (``city_staff`` sees every county).
"""

import random
import time
from collections import Counter
from collections.abc import Mapping

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from office import demo, scale
from office.registry import registry


class Command(BaseCommand):
    help = "Generate N counties with Y years of every app's records, fast (COPY)."

    def add_arguments(self, parser):
        parser.add_argument("--counties", type=int, default=1)
        parser.add_argument("--years", type=int, default=1)
        parser.add_argument(
            "--items-per-year",
            type=int,
            default=2000,
            help="Supervision items a county registers in a year (default: %(default)s).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument("--password", default=demo.DEFAULT_PASSWORD)

    def handle(self, *args, counties, years, items_per_year, seed, password, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale writes with COPY: it needs PostgreSQL.")
        if counties < 1 or years < 1:
            raise CommandError("--counties and --years must be at least 1.")
        today = timezone.localdate()
        started = time.monotonic()
        with transaction.atomic():
            city, made = scale.seed_org_and_users(counties, password, self.stdout)
        self.stdout.write(f"组织与用户：{len(made)} 个县，{time.monotonic() - started:.1f} 秒")
        rng = random.Random(seed)  # nosec B311: generated test data, nothing secret
        total = Counter()
        for county in made:
            began = time.monotonic()
            ctx = scale.ScaleContext(
                city=city,
                counties=[county],
                years=list(range(today.year - years + 1, today.year + 1)),
                today=today,
                rng=rng,
                stdout=self.stdout,
                items_per_year=items_per_year,
            )
            created = Counter()
            with transaction.atomic():
                for generator in registry.scale_generators:
                    result = generator.generate(ctx)
                    if isinstance(result, Mapping):
                        created.update(result)
            total.update(created)
            self.stdout.write(
                f"{county.office.name}：{created.get('督办事项', 0)} 条督办事项，"
                f"{sum(created.values())} 行，{time.monotonic() - began:.1f} 秒"
            )
        began = time.monotonic()
        scale.analyse()
        self.stdout.write(f"ANALYZE：{time.monotonic() - began:.1f} 秒")
        for label, count in sorted(total.items()):
            self.stdout.write(f"  {label}：{count}")
        self.stdout.write(f"共用时 {time.monotonic() - started:.1f} 秒")
