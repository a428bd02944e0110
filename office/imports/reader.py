"""Reading an uploaded .xlsx into rows keyed by column. Problems with the file itself (not a
workbook, no header, no rows, too many rows) are ValidationErrors the upload form shows."""

import io
import logging
from pathlib import Path
from typing import NamedTuple

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .base import EXAMPLE_MARK
from .lookups import cell_text, squeeze

logger = logging.getLogger(__name__)

# Higher levels often put a title row or two above the header row.
HEADER_SEARCH_ROWS = 5


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 3000)


def max_file_mb() -> int:
    return getattr(settings, "IMPORT_MAX_FILE_MB", 5)


class SheetRow(NamedTuple):
    number: int  # the row number Excel shows
    cells: dict  # column key → the cell's text


def read_sheet(upload, columns) -> list[SheetRow]:
    """The data rows of the first sheet of an uploaded .xlsx, as text keyed by column."""
    suffix = Path(getattr(upload, "name", "") or "").suffix.lower()
    if suffix == ".xls":
        raise ValidationError(
            _(
                "This is an old .xls file. Open it in Excel or WPS, save it as .xlsx and upload again."
            )
        )
    if suffix != ".xlsx":
        raise ValidationError(
            _("Only Excel .xlsx files can be imported. Download the template and fill it in.")
        )
    if upload.size > max_file_mb() * 1024 * 1024:
        raise ValidationError(_("The file is larger than %(max)d MB.") % {"max": max_file_mb()})
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        logger.info("unreadable import file %r: %s", upload.name, error)
        raise ValidationError(
            _("The file could not be read as an Excel workbook. Save it as .xlsx and try again.")
        ) from error
    try:
        return _rows_of(workbook, columns)
    finally:
        workbook.close()


def _rows_of(workbook, columns) -> list[SheetRow]:
    if not workbook.worksheets:
        raise ValidationError(_("The file has no rows to import."))
    sheet = workbook.worksheets[0]
    # Some programs write a wrong size into the file; read-only mode would trust it.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=1, values_only=True)
    header_number, positions = _find_header(rows, columns)
    missing = [c.header for c in columns if c.key not in positions and not c.optional]
    if missing:
        raise ValidationError(
            _(
                "The first sheet lacks the columns %(columns)s. Keep the header row of the "
                "template: %(headers)s."
            )
            % {"columns": "、".join(missing), "headers": "、".join(c.header for c in columns)}
        )
    # Read again from below the header: the search may have read past it.
    rows = sheet.iter_rows(min_row=header_number + 1, values_only=True)
    return _data_rows(rows, header_number, positions, columns)


def _find_header(rows, columns) -> tuple[int, dict]:
    """The header row among the first few: the one naming most of the columns. Its number and
    column key → position."""
    best_number, best = 0, {}
    for number, values in enumerate(rows, start=1):
        found = {squeeze(cell_text(v)).rstrip("*＊"): i for i, v in enumerate(values)}
        positions = {c.key: found[c.header] for c in columns if c.header in found}
        if len(positions) > len(best):
            best_number, best = number, positions
        if number >= HEADER_SEARCH_ROWS:
            break
    return best_number, best


def _data_rows(rows, header_number: int, positions: dict, columns) -> list[SheetRow]:
    first = columns[0].key
    result = []
    for number, values in enumerate(rows, start=header_number + 1):
        cells = {c.key: "" for c in columns}
        cells.update(
            {key: cell_text(values[i]) if i < len(values) else "" for key, i in positions.items()}
        )
        if not any(cells.values()) or cells[first].startswith(EXAMPLE_MARK):
            continue
        result.append(SheetRow(number, cells))
        if len(result) > max_rows():
            raise ValidationError(
                _("The file has more than %(max)d rows. Split it into smaller files.")
                % {"max": max_rows()}
            )
    if not result:
        raise ValidationError(_("The file has no rows to import."))
    return result
