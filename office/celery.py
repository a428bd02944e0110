import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "office.settings.local")

app = Celery("office")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _ensure_filesystem_broker_folders(**kwargs) -> None:
    """kombu's filesystem transport fails on a fresh clone if its folders are missing."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL.startswith("filesystem"):
        return
    for folder in ("data_folder_in", "processed_folder", "control_folder"):
        os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[folder], exist_ok=True)
