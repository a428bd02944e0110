"""Health for load balancers, compose and monitors: 200 when the database and the broker both
answer, 503 otherwise. The site itself keeps working without the broker (pages, sign-in and
writes need only PostgreSQL), but reminders and deliveries wait until it is back, so an outage
must show up on the monitor rather than pass for "ok"."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_status() -> str:
    """Ping the broker with a short timeout; a dead broker is reported, never waited on."""
    from office.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
        return "ok"
    except Exception:
        return "unavailable"


@never_cache
def healthz(request):
    database_ok = _database_ok()
    broker = _broker_status()
    healthy = database_ok and broker == "ok"
    body = {
        "status": "ok" if healthy else "error",
        "database": "ok" if database_ok else "unavailable",
        "broker": broker,
        "broker_transport": "redis" if settings.REDIS_URL else "filesystem",
    }
    return JsonResponse(body, status=200 if healthy else 503)
