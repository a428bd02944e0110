"""The import's 「导入后立即交办」: one choice for every row of a batch, on its preview."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from office.models import ImportBatch
from office.models.scoping import in_scope

from ..importer import ASSIGN_NOW, YES

# The 立即交办 column's cell, and where the file's own word is kept while the box overrides it.
ASSIGN_CELL, FILE_CELL = "assign", "assign_in_file"
ASSIGN_ALL_WORD = "是"


@transaction.atomic
def import_assign_all_set(*, actor, batch: ImportBatch, assign_all: bool) -> ImportBatch:
    """Ticked, every row is assigned to its lead unit when the batch is confirmed (every row
    of the import has one), whatever its 立即交办 cell says; unticked, each row's own cell
    decides again, as the file had it. Kept on the batch's rows, so a confirmation in the
    background (a big batch) reads the same choice; the items are assigned inside the
    confirmation's transaction, by the importer's ``create``."""
    if not in_scope(actor, batch, "change") or not actor.has_perm("supervision.add_item"):
        raise PermissionDenied
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.is_pending or batch.is_running:
        # Confirmed, discarded or being saved: the confirmation says why it will not run.
        return batch
    for row in batch.rows:
        cells = row["cells"]
        cells.setdefault(FILE_CELL, cells.get(ASSIGN_CELL, ""))
        cells[ASSIGN_CELL] = ASSIGN_ALL_WORD if assign_all else cells[FILE_CELL]
        row["values"]["assign_now"] = ASSIGN_NOW.find(cells[ASSIGN_CELL] or "") == YES
    batch.save(update_fields=["rows"])
    return batch


def assigns_every_row(batch: ImportBatch) -> bool:
    """Whether confirming assigns every row (the box shows ticked)."""
    return bool(batch.rows) and all(row["values"].get("assign_now") for row in batch.rows)
