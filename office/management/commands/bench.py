"""``manage.py bench`` (``make bench``): time the key pages against the floor, on the current
database, served as production serves them.

Starts gunicorn with the production settings on a free loopback port (``office.bench.Stack``:
``office.settings.bench`` is ``office.settings.production`` with the floor's URLconf, a
generated secret key, DJANGO_ALLOWED_HOSTS=127.0.0.1 and this process's database and Redis;
every request carries the ``X-Forwarded-Proto: https`` the TLS proxy in front of production
sets, so the HTTPS redirect and the secure cookies stay on). Signs in as the director of a
county, a liaison, city office staff (who sees every county) and an administrator (the Django
admin's change list, the peer of each list) — sessions made as the test client's
``force_login`` makes them, the second factor passed where production asks for it — then asks
every page in interleaved rounds, each round a burst of ``--concurrency`` (10) concurrent
requests per page, the floors included (an export: one request). Stops gunicorn, times the
reminder scan of a working day on which every open item is overdue (rolled back), prints the
table — p50, p95, the ratio of each to the same user's floor, the ratio to the admin change
list, the queries per request (counted once per page in this process, with the same session)
— and writes it as JSON to ``var/bench/<time>.json``. ``--in-process`` is the quick run:
Django's test client in this process, one request at a time, no gunicorn.

Run it after ``seed_demo`` and ``seed_scale`` (docs/performance.md): the users are the first
generated county's (``scale001_director1``, ``scale001_liaison1``) when there is one, the
demo's (``director``, ``unit_liaison``) otherwise, and ``city_staff``.
"""

import json
import os
import statistics
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from office.bench import (
    EXPORT_ROWS_IN_PAGE,
    SETTINGS_MODULE,
    TARGETS,
    BenchPage,
    Stack,
    burst,
    database_url,
    scan_day,
    services_missing,
    sign_in,
    sign_out,
    time_reminder_scan,
)
from office.models import OrgUnit, OrgUnitKind, User
from office.registry import registry
from office.roles import Role

FLOOR = "/__bench__/floor/"


def _user(*usernames):
    for username in usernames:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is not None:
            return user
    return None


def bench_users(county: int = 1) -> dict[str, User]:
    city = _user("city_staff") or (
        User.objects.filter(
            org_unit__kind=OrgUnitKind.CITY_OFFICE, groups__name=Role.STAFF, is_active=True
        ).first()
    )
    # The Django admin's user, in the city office so the floor has a unit to load.
    admin, _created = User.objects.get_or_create(
        username="bench_admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "name": "bench",
            "org_unit": city.org_unit if city else None,
        },
    )
    if admin.org_unit_id is None and city is not None:
        admin.org_unit = city.org_unit
        admin.save(update_fields=["org_unit"])
    users = {
        "director": _user(f"scale{county:03d}_director1", "director"),
        "liaison": _user(f"scale{county:03d}_liaison1", "unit_liaison"),
        "city": city,
        "admin": admin,
    }
    missing = [who for who, user in users.items() if user is None]
    if missing:
        raise CommandError(
            f"no user for {', '.join(missing)}: run `manage.py seed_demo` (and seed_scale) first"
        )
    return users


SEARCH_WORD = urlencode({"q": "工作"})


def default_pages(users) -> list[BenchPage]:
    """The core's pages, then each app's (the registry's ``bench=`` slot)."""
    year = timezone.localdate().year
    pages = [
        BenchPage("home (director)", "director", "/", "home"),
        BenchPage("home (liaison)", "liaison", "/", "home"),
        BenchPage("annual summary", "director", "/summary/", "dashboard"),
        BenchPage("API annual report", "director", f"/api/v1/reports/annual/{year}/", "dashboard"),
        BenchPage("counties compared (city)", "city", "/reports/counties/", "dashboard"),
        # One word found in every app's records (the generators' titles hold it).
        BenchPage("search (director)", "director", f"/search/?{SEARCH_WORD}", "list"),
        BenchPage("search (city)", "city", f"/search/?{SEARCH_WORD}", "list"),
        BenchPage("API search (director)", "director", f"/api/v1/search/?{SEARCH_WORD}", "list"),
    ]
    exports = []
    for contribution in registry.bench_pages:
        for page in contribution.pages(users):
            (exports if page.kind == "export" else pages).append(page)
    # The slow exports last, so a quick look (--rounds 3) shows the pages first.
    return pages + exports


def _percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = (
        "Time the key pages against the floor (a bare signed-in view) on this database, "
        "served by gunicorn with the production settings at a fixed concurrency."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rounds",
            type=int,
            default=None,
            help="Interleaved rounds (default 5 over HTTP, each a burst of --concurrency "
            "requests per page; 15 in process, one request per page).",
        )
        parser.add_argument("--only", default="", help="Only pages whose name contains this.")
        parser.add_argument("--json", default="", help="Where to write the JSON result.")
        parser.add_argument(
            "--county",
            type=int,
            default=1,
            help="Sign in as the director and a liaison of this generated county (default 1).",
        )
        parser.add_argument(
            "--concurrency", type=int, default=10, help="Concurrent clients (default 10)."
        )
        parser.add_argument(
            "--workers", type=int, default=3, help="gunicorn workers (default 3, as deployed)."
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="Quick run: Django's test client in this process, one request at a time, "
            "no gunicorn (the settings of this process, not production's).",
        )
        parser.add_argument(
            "--no-reminders",
            action="store_true",
            help="Skip timing the reminder scan (a working day a year on: every open item "
            "overdue), which runs after the pages in a transaction rolled back.",
        )
        parser.add_argument(
            "--check-services",
            action="store_true",
            help="Only check that PostgreSQL and Redis answer (make bench does, before migrating).",
        )

    def handle(self, *args, rounds, only, json: str, county, concurrency, workers, **options):
        in_process = options["in_process"]
        if rounds is None:
            rounds = 15 if in_process else 5
        target = Path(json) if json else self._json_path()
        stack = None
        if not in_process or options["check_services"]:
            self._check_services()
            if options["check_services"]:
                self.stdout.write("PostgreSQL and Redis answer.")
                return
        if not in_process:
            stack = Stack(
                database_url=database_url(connection.settings_dict),
                redis_url=os.environ["REDIS_URL"],
                workers=workers,
                # Beside the JSON: a run's own log, whatever else runs a server meanwhile.
                log_path=target.with_suffix(".gunicorn.log"),
            )
        secret_key = stack.secret_key if stack else settings.SECRET_KEY
        with override_settings(
            ROOT_URLCONF="office.bench",
            ALLOWED_HOSTS=["*"],
            DEBUG=False,
            # Sessions and their auth hash are signed: with the server's key.
            SECRET_KEY=secret_key,
            # As in production: the director and the admin pass their second factor.
            TWO_FACTOR_REQUIRED=True,
            EXPORT_BACKGROUND_ROWS=EXPORT_ROWS_IN_PAGE,
        ):
            result = self._run(rounds, only, county, stack, concurrency)
        if not options["no_reminders"]:
            self.stdout.write("Timing the reminder scan …")
            result["reminder_scan"] = time_reminder_scan(scan_day(timezone.localdate()))
        self._print(result)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dumps(result), encoding="utf-8")
        self.stdout.write(f"JSON: {target}")

    def _check_services(self) -> None:
        """PostgreSQL and Redis, as the production stack needs them, or how to start them."""
        missing = services_missing(
            os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
        )
        if not missing:
            try:
                connection.ensure_connection()
            except DatabaseError as error:
                missing.append(
                    f"PostgreSQL does not answer ({str(error).strip()}): start it with "
                    "`docker compose up -d db` or `sudo systemctl start postgresql`"
                )
            else:
                if connection.vendor != "postgresql":
                    missing.append("PostgreSQL: this process's database is not PostgreSQL")
        if missing:
            raise CommandError(
                "make bench runs gunicorn with the production settings, which need:\n  "
                + "\n  ".join(missing)
                + "\n(`manage.py bench --in-process` times the pages without them)"
            )

    def _json_path(self) -> Path:
        return Path(settings.BASE_DIR) / "var" / "bench" / f"{datetime.now():%Y%m%d-%H%M%S}.json"

    def _run(self, rounds: int, only: str, county: int, stack, concurrency: int) -> dict:
        users = bench_users(county)
        sessions, devices = {}, []
        try:
            for who, user in users.items():
                sessions[who], device = sign_in(user)
                devices.append(device)
            clients = {}
            for who, key in sessions.items():
                clients[who] = Client()
                clients[who].cookies[settings.SESSION_COOKIE_NAME] = key
            pages = [p for p in default_pages(users) if only.lower() in p.name.lower()]
            floors = [BenchPage(f"floor ({who})", who, FLOOR, "floor") for who in users]
            everything = floors + pages
            # Each page's queries, counted once in this process with the same session.
            queries = {}
            for page in everything:
                response = clients[page.who].get(page.url)
                if response.status_code != 200:
                    raise CommandError(f"{page.name}: {page.url} answered {response.status_code}")
                with CaptureQueriesContext(connection) as captured:
                    _consume(clients[page.who].get(page.url))
                queries[page.name] = len(captured)
            if stack is None:
                timings = self._time_in_process(everything, clients, rounds)
            else:
                self.stdout.write(
                    f"gunicorn ({stack.workers} workers, {SETTINGS_MODULE}) on "
                    f"127.0.0.1:{stack.port}: {len(everything)} pages × {rounds} rounds × "
                    f"{concurrency} clients …"
                )
                with stack:
                    timings = self._time_over_http(everything, stack, sessions, rounds, concurrency)
        finally:
            sign_out(sessions.values(), devices)
        return self._result(users, everything, timings, queries, rounds, stack, concurrency)

    def _time_in_process(self, everything, clients, rounds) -> dict[str, list[float]]:
        timings = {page.name: [] for page in everything}
        for number in range(rounds):
            for page in everything:
                if page.rounds is not None and number >= page.rounds:
                    continue
                start = time.perf_counter()
                _consume(clients[page.who].get(page.url))
                timings[page.name].append((time.perf_counter() - start) * 1000)
        return timings

    def _time_over_http(self, everything, stack, sessions, rounds, concurrency):
        """Each round asks every page, the floors included, with ``concurrency`` clients at
        once (an export with one: its target is one export's time)."""
        try:
            # Warm up every worker (templates, connections, caches).
            for page in everything:
                burst(stack, page.url, sessions[page.who], _clients(page, concurrency))
            timings = {page.name: [] for page in everything}
            for number in range(rounds):
                for page in everything:
                    if page.rounds is not None and number >= page.rounds:
                        continue
                    timings[page.name].extend(
                        burst(stack, page.url, sessions[page.who], _clients(page, concurrency))
                    )
                self.stderr.write(f"round {number + 1} of {rounds} done")
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        return timings

    def _result(self, users, everything, timings, queries, rounds, stack, concurrency) -> dict:
        floors = [page for page in everything if page.kind == "floor"]
        rows = []
        floor_of = {
            page.who: (
                statistics.median(timings[page.name]),
                _percentile(timings[page.name], 0.95),
            )
            for page in floors
        }
        p50 = {name: statistics.median(values) for name, values in timings.items()}
        by_url = {page.url: page.name for page in everything if page.who == "admin"}
        for page in everything:
            values = timings[page.name]
            floor50, floor95 = floor_of[page.who]
            row = {
                "page": page.name,
                "user": users[page.who].username,
                "url": page.url,
                "kind": page.kind,
                "rounds": len(values),
                "requests": len(values),
                "p50_ms": round(p50[page.name], 2),
                "p95_ms": round(_percentile(values, 0.95), 2),
                "floor_ratio": round(p50[page.name] / floor50, 2),
                "floor_ratio_p95": round(_percentile(values, 0.95) / floor95, 2),
                "admin_ratio": round(p50[page.name] / p50[by_url[page.peer]], 2)
                if page.peer in by_url
                else None,
                "queries": queries[page.name],
                "target": TARGETS.get(page.kind),
            }
            row["ok"] = _passes(row)
            rows.append(row)
        return {
            "when": timezone.now().isoformat(),
            "mode": "in-process" if stack is None else "gunicorn",
            "settings": settings.SETTINGS_MODULE if stack is None else SETTINGS_MODULE,
            "workers": None if stack is None else stack.workers,
            "concurrency": 1 if stack is None else concurrency,
            "database": connection.settings_dict.get("NAME"),
            "counties": OrgUnit.objects.filter(kind=OrgUnitKind.COUNTY_OFFICE).count(),
            "rows": _estimated_rows(),
            "rounds": rounds,
            "pages": rows,
        }

    def _print(self, result):
        self.stdout.write(
            f"{result['counties']} counties, {result['rows']:,} rows in the database (estimate); "
            f"{result['rounds']} interleaved rounds; ratios against the same user's floor"
        )
        if result["mode"] == "gunicorn":
            self.stdout.write(
                f"gunicorn, {result['settings']}, {result['workers']} workers, "
                f"{result['concurrency']} concurrent clients (exports: one)"
            )
        else:
            self.stdout.write("in process (Django's test client), one request at a time")
        header = (
            f"{'page':<30} {'p50 ms':>8} {'p95 ms':>8} {'×floor':>7} {'×fl95':>7} "
            f"{'×admin':>7} {'queries':>7} {'target':>7}  result"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in result["pages"]:
            admin = "" if row["admin_ratio"] is None else f"{row['admin_ratio']:.2f}"
            target = _target_text(row)
            verdict = {True: "pass", False: "FAIL", None: ""}[row["ok"]]
            self.stdout.write(
                f"{row['page']:<30} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
                f"{row['floor_ratio']:>7.2f} {row['floor_ratio_p95']:>7.2f} {admin:>7} "
                f"{row['queries']:>7} {target:>7}  {verdict}"
            )
        if "reminder_scan" in result:
            self.stdout.write(_scan_text(result["reminder_scan"]))


def _scan_text(scan) -> str:
    verdict = {True: "pass", False: "FAIL", None: ""}[scan["ok"]]
    return (
        f"reminder scan at {scan['day']} (every open item overdue): {scan['reminders']:,} "
        f"reminders in {scan['seconds']:.1f} s, {scan['queries']:,} queries; "
        f"{scan['seconds_per_17000']:.1f} s per 17,000 (target < 60 s)  {verdict}"
    )


def _clients(page, concurrency: int) -> int:
    return 1 if page.kind == "export" else concurrency


def _target_text(row) -> str:
    if row["kind"] == "export":
        return "<10 s"
    return "" if row["target"] is None else f"≤{row['target']:g}"


def _passes(row):
    if row["kind"] == "floor":
        return None
    if row["kind"] == "export":
        return row["p50_ms"] < 10_000
    if row["target"] is None:
        return None
    ok = row["floor_ratio"] <= row["target"] and row["floor_ratio_p95"] <= row["target"]
    if row["admin_ratio"] is not None:
        ok = ok and row["admin_ratio"] <= 1.0
    return ok


def _estimated_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(GREATEST(reltuples, 0)), 0)::bigint FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        return cursor.fetchone()[0]


def _consume(response):
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass
    return response


def _dumps(result) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2)
