from celery import shared_task

from . import reminders


@shared_task(name="office.scan_reminders")
def scan_reminders() -> dict:
    """The periodic task beat runs: one scan of every deadline source, then delivery."""
    result = reminders.scan()
    return {"created": result.created, "delivered": result.delivered}
