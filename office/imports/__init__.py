"""The Excel import every app uses: template → upload → preview of every row with its
errors → confirm in one transaction (or discard).

An app declares an ``Importer`` (its columns and row checks, creating records through its
services) and a few lines of ``views.ImportPages``; see supervision.importer for the first.
"""

from .base import EXAMPLE_MARK, Column, Importer, PreviewCell, Row, get_importer, register
from .lookups import UnitIndex, UserIndex, WordChoices, cell_text, parse_date, squeeze
from .reader import SheetRow, read_sheet
from .services import (
    BatchOutdated,
    import_batch_confirm,
    import_batch_create,
    import_batch_discard,
)
from .template import template_workbook

__all__ = [
    "EXAMPLE_MARK",
    "BatchOutdated",
    "Column",
    "Importer",
    "PreviewCell",
    "Row",
    "SheetRow",
    "UnitIndex",
    "UserIndex",
    "WordChoices",
    "cell_text",
    "get_importer",
    "import_batch_confirm",
    "import_batch_create",
    "import_batch_discard",
    "parse_date",
    "read_sheet",
    "register",
    "squeeze",
    "template_workbook",
]
