from celery import shared_task

from . import reminders


@shared_task(name="office.scan_reminders")
def scan_reminders() -> dict:
    """The periodic task beat runs: one scan of every deadline source, then delivery."""
    result = reminders.scan()
    return {"created": result.created, "delivered": result.delivered}


@shared_task(name="office.confirm_import_batch")
def confirm_import_batch(batch_id: int) -> None:
    """Save every row of a big import batch (``office.imports.services``), its progress shown
    on the preview page as it goes."""
    from .imports.services import import_batch_confirm_queued

    import_batch_confirm_queued(batch_id)
