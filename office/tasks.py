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


@shared_task(name="office.export_list")
def export_list(job_id: int) -> None:
    """Write a long list's Excel export as the person who asked (``office.exports``), its
    progress shown on the export's page as it goes."""
    from .exports import export_job_run

    export_job_run(job_id)
