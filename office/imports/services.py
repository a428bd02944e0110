"""Writes of the Excel import: a batch is created checked, then confirmed (every row saved in
one transaction, or none) or discarded."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.models import ImportBatch, ImportBatchStatus
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


def import_batch_confirm(*, actor, batch: ImportBatch, today: date | None = None) -> list:
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
            records = _create_all(checker, rows)
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


def _create_all(checker: Importer, rows: list[Row]) -> list:
    checker.before_create(rows)
    records = []
    for row in rows:
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
    return records


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
