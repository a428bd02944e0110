import logging
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings.local")

app = Celery("office")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@signals.worker_init.connect
@signals.beat_init.connect
def _ensure_filesystem_broker_folders(**kwargs) -> None:
    """kombu's filesystem transport fails on a fresh clone if its folders are missing."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL.startswith("filesystem"):
        return
    for folder in ("data_folder_in", "processed_folder", "control_folder"):
        os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[folder], exist_ok=True)


@signals.beat_init.connect
def _scan_reminders_at_start(sender=None, **kwargs) -> None:
    """Queue the first reminder scan as beat starts: an interval schedule would first run it
    one interval later, leaving what fell due while the system was down unsent until then.
    Beat runs once per deployment (workers may be many), so this is one scan per start; and
    a scan sends each reminder at most once, whoever runs it."""
    from office.tasks import scan_reminders

    try:
        scan_reminders.apply_async()
    except Exception:  # the broker is not up yet: the first interval's scan will do
        logger.exception("could not queue the start-up reminder scan")
