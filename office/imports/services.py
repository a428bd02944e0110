"""Writes of the Excel import: a batch is created checked, then confirmed (every row saved in
one transaction, or none) or discarded."""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.models import ImportBatch, ImportBatchStatus, ImportProgress
from office.models.scoping import in_scope

from .base import Importer, Row, get_importer


class BatchOutdated(ValidationError):
    """Rows that were fine at upload are not any more (a unit closed, a day passed, the same
    record saved meanwhile). The batch now holds the rows as checked again."""


@transaction.atomic
def import_batch_create(
    *, actor, importer: type[Importer], file_name: str, sheet_rows, today: date | None = None
) -> ImportBatch:
    """Check every row and keep the result for the preview. Saves no record."""
    checker = importer(actor=actor, today=today or timezone.localdate(), file_name=file_name)
    checker.check_actor()
    rows = checker.check(sheet_rows)
    return ImportBatch.objects.create(
        importer=importer.key,
        owning_office=actor.office,
        created_by=actor,
        file_name=file_name[:200],
        rows=[row.as_stored(importer.record_key) for row in rows],
    )


def import_batch_confirm(
    *,
    actor,
    batch: ImportBatch,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list:
    """Save every row of the batch as a record, all in one transaction, or none.

    Every row is checked again first, against the database as it is now. When a row has
    become invalid the batch keeps the rows as checked again (so the preview shows why) and
    BatchOutdated is raised once that is committed; that is why this service opens its own
    transaction instead of being atomic as a whole."""
    _check_in_scope(actor, batch)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        checker = get_importer(batch.importer)(
            actor=actor, today=today or timezone.localdate(), file_name=batch.file_name
        )
        checker.check_actor()
        _check_pending(batch)
        if batch.error_count:
            raise ValidationError(
                _("%(count)d rows have errors. Correct them in the file and upload it again.")
                % {"count": batch.error_count}
            )
        rows = checker.check((row["row"], row["cells"]) for row in batch.rows)
        if not any(row.errors for row in rows):
            records = _create_all(checker, rows, progress)
            batch.rows = [row.as_stored(checker.record_key) for row in rows]
            batch.status = ImportBatchStatus.CONFIRMED
            batch.confirmed_at = timezone.now()
            batch.save(update_fields=["rows", "status", "confirmed_at"])
            return records
        batch.rows = [row.as_stored(checker.record_key) for row in rows]
        batch.save(update_fields=["rows"])
    raise BatchOutdated(
        _("Some rows are no longer valid: see the errors below. Nothing was imported.")
    )


def _create_all(checker: Importer, rows: list[Row], progress=None) -> list:
    checker.before_create(rows)
    records = []
    for done, row in enumerate(rows, start=1):
        try:
            record = checker.create(row)
        except ValidationError as error:
            # Raising here rolls back every record made before this row.
            raise ValidationError(
                _("Row %(row)d: %(error)s Nothing was imported.")
                % {"row": row.number, "error": " ".join(error.messages)}
            ) from error
        row.record_id = record.pk
        row.record_label = checker.record_label(record)
        records.append(record)
        if progress:
            progress(done)
    return records


def background_rows() -> int:
    """A batch of more rows than this is confirmed by a Celery task, the page showing its
    progress: saving thousands of rows takes longer than a request may."""
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", 200)


@transaction.atomic
def import_batch_queue(*, actor, batch: ImportBatch) -> ImportBatch:
    """Hand a big batch's confirmation to the worker (``office.tasks.confirm_import_batch``,
    which calls ``import_batch_confirm``). The same checks as confirming, first, so a person
    hears at once what they would hear then."""
    _check_in_scope(actor, batch)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    get_importer(batch.importer)(actor=actor, today=timezone.localdate()).check_actor()
    _check_pending(batch)
    if batch.is_running:
        raise ValidationError(_("This import is already being saved."))
    if batch.error_count:
        raise ValidationError(
            _("%(count)d rows have errors. Correct them in the file and upload it again.")
            % {"count": batch.error_count}
        )
    batch.queued_at, batch.queued_by, batch.failure = timezone.now(), actor, ""
    batch.save(update_fields=["queued_at", "queued_by", "failure"])
    ImportProgress.objects.update_or_create(
        batch=batch, defaults={"done": 0, "total": batch.row_count}
    )
    from office.tasks import confirm_import_batch

    pk = batch.pk
    transaction.on_commit(lambda: confirm_import_batch.delay(pk))
    return batch


def import_batch_confirm_queued(batch_id: int) -> None:
    """What the task does: confirm the batch as the person who asked, the progress written as
    it goes; a refusal is kept on the batch for the preview page to show."""
    from .progress import ProgressWriter

    batch = ImportBatch.objects.select_related("queued_by").get(pk=batch_id)
    if not batch.is_running:
        return
    if batch.queued_by is None:  # the account was removed meanwhile
        ImportBatch.objects.filter(pk=batch.pk).update(failure=_("You may not import this list."))
        return
    writer = ProgressWriter(batch.pk, batch.row_count)
    try:
        import_batch_confirm(actor=batch.queued_by, batch=batch, progress=writer)
    except (ValidationError, PermissionDenied) as error:
        reason = " ".join(getattr(error, "messages", [])) or _("You may not import this list.")
        ImportBatch.objects.filter(pk=batch.pk).update(failure=reason)
    finally:
        writer.close()


@transaction.atomic
def import_batch_discard(*, actor, batch: ImportBatch) -> ImportBatch:
    """Drop a batch the person will not confirm; its preview stays readable."""
    _check_in_scope(actor, batch)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    get_importer(batch.importer)(actor=actor, today=timezone.localdate()).check_actor()
    _check_pending(batch)
    batch.status = ImportBatchStatus.DISCARDED
    batch.discarded_at = timezone.now()
    batch.save(update_fields=["status", "discarded_at"])
    return batch


def _check_in_scope(actor, batch: ImportBatch) -> None:
    # Views already answer 404; this keeps a caller without a view from crossing offices.
    if not in_scope(actor, batch, "change"):
        raise PermissionDenied


def _check_pending(batch: ImportBatch) -> None:
    if batch.status == ImportBatchStatus.CONFIRMED:
        raise ValidationError(_("This import has already been confirmed."))
    if batch.status == ImportBatchStatus.DISCARDED:
        raise ValidationError(_("This import was discarded. Upload the file again to import it."))
