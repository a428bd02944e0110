"""What an app declares to import a record type from Excel: its columns, how one row is
checked, what is checked across rows, and how checked rows become records.

An app subclasses ``Importer``; giving it a ``key`` registers it (or call ``register`` from
the app's ``AppConfig.ready()``), and the key is what an ImportBatch stores, so a batch is
confirmed by the importer that checked it. Importers kept in an app's ``importer`` module
are found even before any import page has been loaded.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from office.dates import date_range_error
from office.guard import check_text

from .lookups import WordChoices, cell_text, parse_date, squeeze

CLASSIFIED_CELL = _lazy(
    "This cell carries a classification mark and was not kept: this system is not for "
    "classified information. The attempt has been recorded."
)
# Rows of the template marked as an example (in their first column) are never imported.
EXAMPLE_MARK = "【示例】"


@dataclass(frozen=True)
class Column:
    """One column of the list. The header is the file format the office and the units
    exchange, so it is Chinese and not translated."""

    key: str
    header: str
    # A row must fill it in.
    required: bool = False
    # Lists made before the column existed still import: a missing column reads as empty.
    optional: bool = False
    # The template offers these words in a drop-down (any other word is still checked).
    choices: tuple[str, ...] = ()
    # What the instructions sheet says about the column.
    help: str = ""
    # A date column: the template formats its cells as dates.
    is_date: bool = False
    # The message when a required cell is empty; a generic one names the column.
    missing_message: str = ""
    # Template column width, and how the preview shows the cell.
    width: int = 16
    css: str = ""
    min_width: str = ""
    truncate: int = 0


@dataclass
class PreviewCell:
    """A cell as the preview shows it: what the file said, and what a blank was read as."""

    text: str = ""
    # Shown greyed when the file left the cell blank: the value it will be saved with.
    hint: str = ""
    hint_title: str = ""
    # A second, small line under the text: what the text was read as.
    note: str = ""


@dataclass
class Row:
    """One data row while it is checked: the file's text, the values read, the errors."""

    number: int
    cells: dict
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    cell_errors: dict = field(default_factory=dict)
    record_id: int | None = None
    record_label: str = ""

    def error(self, column: str | None, message) -> None:
        """Record an error of the row; ``column`` is the key of the cell at fault, if any."""
        message = str(message)
        self.errors.append(message)
        if column:
            self.cell_errors.setdefault(column, []).append(message)

    @property
    def bad(self) -> list[str]:
        return list(self.cell_errors)

    def as_stored(self, record_key: str) -> dict:
        return {
            "row": self.number,
            "cells": self.cells,
            "values": self.values,
            "errors": self.errors,
            "bad": self.bad,
            "cell_errors": self.cell_errors,
            record_key: self.record_id,
            "record_label": self.record_label,
        }


_REGISTRY: dict[str, type["Importer"]] = {}


def register(importer: type["Importer"]) -> type["Importer"]:
    """Make an importer findable by its key (also usable from an AppConfig.ready())."""
    known = _REGISTRY.get(importer.key)
    # The same class imported again (a reload) is no clash; another class is.
    name = f"{importer.__module__}.{importer.__qualname__}"
    if known is not None and f"{known.__module__}.{known.__qualname__}" != name:
        raise ImproperlyConfigured(f"Two importers use the key {importer.key!r}.")
    _REGISTRY[importer.key] = importer
    return importer


def get_importer(key: str) -> type["Importer"]:
    if key not in _REGISTRY:
        # A batch may be confirmed where no import page was loaded yet (a shell, a task):
        # each app's ``importer`` module registers its importers when imported, as the
        # admin finds ``admin`` modules.
        autodiscover_modules("importer")
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"No importer is registered as {key!r}.") from None


class Importer:
    """Subclass it declaratively: ``key``, ``title``, ``columns``, ``model``, ``permission``;
    then ``check_row`` (values and errors of one row), ``check_rows`` (what needs every row,
    like duplicates) and ``create`` (one checked row into a record, through the app's
    services). One instance checks one file for one person on one day."""

    # Stable: batches store it. Registered automatically when a subclass sets it.
    key: ClassVar[str] = ""
    # The records' name in the file: the data sheet's name and the instructions' heading.
    title: ClassVar[str] = ""
    columns: ClassVar[tuple[Column, ...]] = ()
    # The record type rows become: the preview links each confirmed row to its record.
    model: ClassVar = None
    # The Django permission needed to import.
    permission: ClassVar[str] = ""
    # Extra lines of the instructions sheet, about the app's own rules.
    notes: ClassVar[tuple[str, ...]] = ()
    # The key under which a stored row names the record it became.
    record_key: ClassVar[str] = "record_id"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.key:
            register(cls)

    def __init__(self, *, actor, today: date, file_name: str = ""):
        self.actor = actor
        self.today = today
        # The uploaded file's name, e.g. for the records' reference to the list they came from.
        self.file_name = file_name

    # --- Who may import ---------------------------------------------------------------

    def check_actor(self) -> None:
        if not self.actor.has_perm(self.permission):
            raise ValidationError(_("You may not import these records."))
        if self.actor.office is None:
            raise ValidationError(_("Your account belongs to no office."))

    # --- Checking -----------------------------------------------------------------------

    def check(self, sheet_rows) -> list[Row]:
        """Every row read and checked: values and errors, nothing saved."""
        rows = [Row(number, dict(cells)) for number, cells in sheet_rows]
        for row in rows:
            self._refuse_marked_cells(row)
            self._check_required(row)
            self.check_row(row)
        self.check_rows(rows)
        return rows

    def _refuse_marked_cells(self, row: Row) -> None:
        """A cell carrying a classification mark is an error of its row and is blanked: the
        preview (an ImportBatch) must not store what is refused. The refusal is audited."""
        for key, text in list(row.cells.items()):
            if not isinstance(text, str):
                continue
            try:
                check_text(actor=self.actor, where=f"import.{self.key}", field=key, text=text)
            except ValidationError:
                row.cells[key] = ""
                # Not the refusal's own message: it quotes the mark, and the batch keeps this.
                row.error(key, CLASSIFIED_CELL)

    def _check_required(self, row: Row) -> None:
        for column in self.columns:
            if column.key in row.cell_errors:  # refused above: one message is enough
                continue
            if column.required and not row.cells.get(column.key):
                row.error(
                    column.key,
                    column.missing_message
                    or _("%(column)s is missing.") % {"column": column.header},
                )

    def check_row(self, row: Row) -> None:
        """Fill ``row.values`` from ``row.cells`` and call ``row.error`` for each problem."""
        raise NotImplementedError

    def check_rows(self, rows: list[Row]) -> None:
        """Checks that need every row, e.g. duplicates within the file or in the database."""

    # Helpers for check_row.

    def read_choice(self, row: Row, key: str, choices: WordChoices, default="", message=""):
        """The code a cell names; the default when blank; "" and an error if unknown."""
        text = row.cells.get(key, "")
        if not text:
            return getattr(default, "value", default)
        code = choices.find(text)
        if code is None:
            message = message or _("Unknown value: %(value)s. Use one of %(choices)s.")
            row.error(key, message % {"value": text, "choices": "、".join(choices.options)})
            return ""
        return code

    def read_date(self, row: Row, key: str) -> date | None:
        """The date a cell holds; None when blank or bad (bad is an error of the cell)."""
        text = row.cells.get(key, "")
        if not squeeze(text):
            return None
        parsed = parse_date(text)
        if parsed is None:
            row.error(
                key,
                _("Bad date: %(value)s. Write it like 2026-12-31.") % {"value": cell_text(text)},
            )
            return None
        out_of_range = date_range_error(parsed, self.today)
        if out_of_range:
            row.error(key, out_of_range)
            return None
        return parsed

    # --- Saving -------------------------------------------------------------------------

    def before_create(self, rows: list[Row]) -> None:
        """Load what every row needs at once, before ``create`` is called for each."""

    def create(self, row: Row):
        """Make the record of one checked row through the app's services; return it."""
        raise NotImplementedError

    def record_label(self, record) -> str:
        return str(record)

    def confirmed_message(self, records: list) -> str:
        return _("%(count)d rows imported.") % {"count": len(records)}

    # --- The template and the preview ---------------------------------------------------

    def example_rows(self) -> list[list]:
        """Rows the template shows as examples; their first cell starts with EXAMPLE_MARK."""
        return []

    def preview_cell(self, row: dict, column: Column) -> PreviewCell:
        return PreviewCell(text=row["cells"].get(column.key, ""))
