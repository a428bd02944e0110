"""The benchmark's pages, its floor and its URL configuration (``manage.py bench``).

The **floor** is the cheapest page a signed-in user can get: a bare view behind the same
middleware and session that loads one row by primary key. Every page is timed against the
floor measured in the same run, interleaved, so the ratio says what the page itself costs
whatever the machine's load.

Apps add their pages by appending to ``PAGES`` from their own module (or, later, through the
registry): ``BenchPage(name, who, url, kind)`` where ``who`` is one of the bench users
("director", "liaison", "city", "admin") and ``kind`` picks the target ("list", "detail",
"dashboard", "export").
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess  # nosec B404: the bench starts gunicorn and collectstatic, fixed commands
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as datetime_time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path
from django.utils import timezone

from office.models import OrgUnit


@login_required
def floor(request):
    unit = OrgUnit.objects.only("name").get(pk=request.user.org_unit_id)
    return HttpResponse(unit.name, content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("__bench__/floor/", floor, name="bench_floor"),
    path("", include("office.urls")),
]

# Target multiples of the floor's p50 (issue 11).
# The bench times an export writing its file, however many rows: what the background job does
# for a list above EXPORT_BACKGROUND_ROWS, without the page that starts it.
EXPORT_ROWS_IN_PAGE = 10**9

TARGETS = {"list": 3.0, "detail": 3.0, "dashboard": 5.0, "export": None, "home": 5.0}


@dataclass(frozen=True)
class BenchPage:
    name: str
    who: str
    url: str
    kind: str = "list"
    # The admin change list of the same model and page size, timed as the peer of a list.
    peer: str = ""
    rounds: int | None = None  # fewer for slow pages (exports)


# --- The production stack on loopback (``manage.py bench`` without ``--in-process``) -----------

# The settings gunicorn runs with: the production settings and nothing else but this module's
# URL configuration, which adds the floor (office/settings/bench.py). Production itself never
# reads that module, so the floor is mounted only where the bench started the server.
SETTINGS_MODULE = "office.settings.bench"
# The temporary second factor of the bench users who need one (the director, the admin):
# created for the run and deleted afterwards, so the demo accounts are left as they were.
DEVICE_NAME = "make bench"
# Every request says it came through the TLS-terminating proxy production sits behind
# (SECURE_PROXY_SSL_HEADER): the SSL redirect, secure cookies and HSTS stay as they are.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict) -> str:
    """The address of this process's database (the test database in the tests), for the
    server the bench starts: it must read the sessions the bench signed in."""
    db = settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{quote(db['NAME'], safe='')}"


def services_missing(database_url: str, redis_url: str) -> list[str]:
    """What the production stack needs and cannot reach, each with how to start it."""
    missing = []
    if not database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        missing.append(
            "PostgreSQL: set DATABASE_URL=postgres://USER@127.0.0.1:5432/NAME (start it with "
            "`docker compose up -d db` or the distribution's postgresql service)"
        )
    if not redis_url:
        missing.append(
            "Redis: set REDIS_URL=redis://127.0.0.1:6379/0 (start it with "
            "`docker compose up -d redis` or the distribution's redis-server service)"
        )
    else:
        import redis

        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            missing.append(
                f"Redis at {redis_url} does not answer ({error}): start it with "
                "`docker compose up -d redis` or `sudo systemctl start redis-server`"
            )
    return missing


class Stack:
    """gunicorn with the production settings (and the floor) on a free loopback port, as
    docker-compose's ``web`` runs it: started by ``with Stack(...) as stack``, stopped (the
    whole process group) when the block ends, however it ends."""

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str,
        secret_key: str = "",
        workers: int = 3,
        port: int = 0,
        log_path: Path | None = None,
        startup_timeout: float = 90.0,
        static: bool = True,
    ):
        self.database_url = database_url
        self.redis_url = redis_url
        self.secret_key = secret_key or secrets.token_urlsafe(50)
        self.workers = workers
        self.port = port or free_port()
        self.log_path = log_path
        self.startup_timeout = startup_timeout
        # Build the static manifest first (pages need it; the floor, plain text, does not).
        self.static = static
        self.process: subprocess.Popen | None = None
        self._log = None
        self._previous_sigterm = None

    def command(self) -> list[str]:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        return [
            str(gunicorn),
            "office.wsgi:application",
            "-b",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            # Ten clients queue on three workers, as they would behind the proxy.
            "--timeout",
            "120",
            # No control interface: it is one socket per user's home, which a second server
            # (a test's, another run's) would take over.
            "--no-control-socket",
        ]

    def environment(self) -> dict[str, str]:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DJANGO_SECRET_KEY": self.secret_key,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # Exports are timed writing the file, however many rows (see the bench command).
            "EXPORT_BACKGROUND_ROWS": str(EXPORT_ROWS_IN_PAGE),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        # Only the browser tests allow sync ORM calls in an event loop; production does not.
        environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return environment

    def collectstatic(self) -> None:
        """The manifest whitenoise serves in production, built as the image's build step
        builds it, unless it is newer than every file under static/."""
        root = Path(settings.BASE_DIR)
        manifest = root / "staticfiles" / "staticfiles.json"
        if manifest.exists():
            built = manifest.stat().st_mtime
            newest = max(
                (p.stat().st_mtime for p in (root / "static").rglob("*") if p.is_file()),
                default=0,
            )
            if newest < built:
                return
        subprocess.run(  # nosec B603: this Python, manage.py, fixed arguments
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=root,
            env=self.environment(),
            check=True,
        )

    def __enter__(self) -> "Stack":
        if self.static:
            self.collectstatic()
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115
        if threading.current_thread() is threading.main_thread():
            # A bench stopped with SIGTERM stops its server too (it runs in its own session,
            # so a terminal's Ctrl-C reaches only the bench, which then stops it).
            self._previous_sigterm = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        self.process = subprocess.Popen(  # nosec B603: the venv's gunicorn, fixed arguments
            self.command(),
            cwd=settings.BASE_DIR,
            env=self.environment(),
            stdout=self._log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT if self._log else subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode} before it served "
                    f"(log: {self.log_path or 'not kept'})"
                )
            try:
                status, _body, _ms = self.get("/healthz")
            except OSError as error:
                last = str(error)
            else:
                if status == 200:
                    return
                last = f"/healthz answered {status}"
            time.sleep(0.25)
        raise RuntimeError(f"gunicorn did not serve within {self.startup_timeout:g} s: {last}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            # The master and its workers: gunicorn stops its workers on SIGTERM.
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._previous_sigterm is not None:
            signal.signal(signal.SIGTERM, self._previous_sigterm)
            self._previous_sigterm = None

    def get(self, url: str, session: str = "", *, proxy: bool = True) -> tuple[int, bytes, float]:
        """One GET over a fresh connection (gunicorn's sync workers close each one), as from
        behind the TLS proxy unless ``proxy`` is false: (status, body, ms to the last byte)."""
        headers = {"Host": "127.0.0.1", **(PROXY_HEADERS if proxy else {})}
        if session:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}"
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        return response.status, body, (time.perf_counter() - start) * 1000


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def needs_second_factor(user) -> bool:
    """Would production (two-factor sign-in required) ask this user for a second factor?"""
    from django.test.utils import override_settings

    from office.twofactor import required_for

    with override_settings(TWO_FACTOR_REQUIRED=True):
        return required_for(user) or user.is_staff


def sign_in(user) -> tuple[str, int | None]:
    """A signed-in session of ``user``, both factors passed, as the test client's
    ``force_login`` makes it (and as the sign-in pages would): its key, for the cookie, and
    the temporary authenticator made for it (None when production asks no second factor of
    the user). Call with the server's SECRET_KEY in the settings (the session and its auth
    hash are signed)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = None
    if needs_second_factor(user):
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value, device and device.pk


def sign_out(session_keys, device_ids) -> None:
    """Delete this run's sessions and temporary authenticators (only this run's: another
    bench may be running)."""
    from django.contrib.sessions.models import Session
    from django_otp.plugins.otp_totp.models import TOTPDevice

    Session.objects.filter(session_key__in=list(session_keys)).delete()
    TOTPDevice.objects.filter(pk__in=[pk for pk in device_ids if pk], name=DEVICE_NAME).delete()


def burst(stack: Stack, url: str, session: str, clients: int) -> list[float]:
    """``clients`` concurrent GETs of one page (one each): their times in ms. A page that
    does not answer 200 stops the run with what it said."""

    def one(_):
        status, body, ms = stack.get(url, session)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}: {body[:300]!r}")
        return ms

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, range(clients)))


# --- The reminder scan ---------------------------------------------------------------------

# Target of the scan beat runs every few minutes (issue 11): 17,000 due reminders in a minute.
REMINDER_TARGET = (17_000, 60.0)


class _RolledBack(Exception):
    pass


def scan_day(today: date) -> date:
    """A working day a year on: every deadline the data holds has passed, so every open item
    is overdue, and the scan sends everything it can (the worst case of a working day)."""
    from office.workdays import is_working_day

    day = today + timedelta(days=365)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def time_reminder_scan(day: date) -> dict:
    """Run the reminder scan (``office.reminders.scan``, as beat does) at 09:00 of ``day`` in a
    transaction rolled back afterwards: how long it took, the reminders it recorded, its
    queries. Mail goes to memory, not out."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext, override_settings

    from office import reminders

    now = datetime.combine(day, datetime_time(9), tzinfo=timezone.get_current_timezone())
    outcome = {}
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        try:
            with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                result = reminders.scan(now)
                outcome = {
                    "day": day.isoformat(),
                    "seconds": round(time.perf_counter() - start, 2),
                    "reminders": result.created,
                    "delivered": result.delivered,
                    "queries": len(captured),
                }
                raise _RolledBack
        except _RolledBack:
            pass
    count, limit = REMINDER_TARGET
    per_target = outcome["seconds"] * count / max(outcome["reminders"], 1)
    outcome["seconds_per_17000"] = round(per_target, 1)
    # Fewer than a thousand say little: the scan's fixed cost (the sources' queries) dominates.
    outcome["ok"] = per_target < limit if outcome["reminders"] >= 1000 else None
    return outcome
