"""Reading an uploaded .xlsx into rows keyed by column. Problems with the file itself (not a
workbook, no header, no rows, too many rows) are ValidationErrors the upload form shows."""

import io
import logging
import zipfile
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


# Limits that keep a small, crafted file from costing minutes of CPU or hundreds of MB: a
# 334 KB file can hold 3 million empty cells, an 820 KB one a shared-strings table that
# unpacks to hundreds of MB. The template has a dozen columns; a real list a few thousand rows.


def max_uncompressed_mb() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_MB", 20)


def max_columns() -> int:
    return getattr(settings, "IMPORT_MAX_COLUMNS", 100)


def max_cells() -> int:
    return getattr(settings, "IMPORT_MAX_CELLS", 200_000)


def max_sheet_rows() -> int:
    """Rows read, blank or not: data rows plus room for titles, blank lines and examples."""
    return getattr(settings, "IMPORT_MAX_SHEET_ROWS", max_rows() * 2 + HEADER_SEARCH_ROWS)


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
    content = io.BytesIO(upload.read())
    _check_unpacked_size(content)
    try:
        workbook = openpyxl.load_workbook(content, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        logger.info("unreadable import file %r: %s", upload.name, error)
        raise ValidationError(
            _("The file could not be read as an Excel workbook. Save it as .xlsx and try again.")
        ) from error
    try:
        return _rows_of(workbook, columns)
    finally:
        workbook.close()


def _check_unpacked_size(content) -> None:
    """Refuse a workbook that unpacks to more than the limit, before openpyxl reads a byte of
    it (it loads the whole shared-strings table into memory). The sizes are the zip's own
    declarations; Python's zipfile never unpacks a part beyond its declared size."""
    try:
        with zipfile.ZipFile(content) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(
            _("The file could not be read as an Excel workbook. Save it as .xlsx and try again.")
        ) from error
    finally:
        content.seek(0)
    if unpacked > max_uncompressed_mb() * 1024 * 1024:
        raise ValidationError(
            _(
                "The workbook unpacks to more than %(max)d MB: it holds far more than a list "
                "to import. Copy the rows into the template and upload that."
            )
            % {"max": max_uncompressed_mb()}
        )


class _Limits:
    """Counts what has been read of the sheet and stops at the first limit passed."""

    def __init__(self):
        self.cells = 0

    def bounded(self, rows, first_number: int):
        for number, values in enumerate(rows, start=first_number):
            if number > max_sheet_rows():
                raise ValidationError(
                    _(
                        "The sheet has more than %(max)d rows, blank ones included. Copy the "
                        "rows to import into the template and upload that."
                    )
                    % {"max": max_sheet_rows()}
                )
            if len(values) > max_columns():
                raise ValidationError(
                    _(
                        "Row %(row)d has more than %(max)d columns. Copy the rows to import into "
                        "the template and upload that."
                    )
                    % {"row": number, "max": max_columns()}
                )
            self.cells += len(values)
            if self.cells > max_cells():
                raise ValidationError(
                    _(
                        "The sheet has more than %(max)d cells. Copy the rows to import into the "
                        "template and upload that."
                    )
                    % {"max": max_cells()}
                )
            yield values


def _rows_of(workbook, columns) -> list[SheetRow]:
    if not workbook.worksheets:
        raise ValidationError(_("The file has no rows to import."))
    sheet = workbook.worksheets[0]
    # Some programs write a wrong size into the file; read-only mode would trust it.
    sheet.reset_dimensions()
    limits = _Limits()
    rows = limits.bounded(sheet.iter_rows(min_row=1, values_only=True), 1)
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
    first = header_number + 1
    rows = limits.bounded(sheet.iter_rows(min_row=first, values_only=True), first)
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
