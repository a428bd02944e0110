"""The template to fill in, generated from an importer's columns: the header row, example
rows, drop-down lists for columns with choices, date formats, and an instructions sheet."""

import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from office.spreadsheets import as_text

from .base import EXAMPLE_MARK, Importer
from .reader import max_rows

HEADER_FILL = PatternFill("solid", fgColor="B91C1C")
EXAMPLE_FONT = Font(italic=True, color="6B7280")
# Excel refuses a list written into the validation itself if it is longer than this.
INLINE_LIST_MAX = 255
CHOICES_SHEET = "可选值"


def template_workbook(importer: Importer) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = importer.title[:31] or "Sheet1"
    _write_header(sheet, importer.columns)
    examples = importer.example_rows()
    for values in examples:
        # Example rows carry the office's own unit names: text, never a live formula.
        sheet.append([as_text(value) for value in values])
        for index in range(1, len(importer.columns) + 1):
            sheet.cell(row=sheet.max_row, column=index).font = EXAMPLE_FONT
    last_row = max_rows() + len(examples) + 1
    for index, column in enumerate(importer.columns, start=1):
        letter = get_column_letter(index)
        if column.choices:
            _add_choice_list(workbook, sheet, column, f"{letter}2:{letter}{last_row}")
        if column.is_date:
            for row in range(2, min(last_row, 1000) + 1):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
    _write_instructions(workbook.create_sheet(_("Instructions")), importer)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_header(sheet, columns) -> None:
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _add_choice_list(workbook, sheet, column, cells: str) -> None:
    """A drop-down of the column's words. Any other word may still be typed: the import
    checks it and says what is accepted, so the list is a help, not a wall."""
    inline = ",".join(column.choices)
    if len(inline) + 2 <= INLINE_LIST_MAX and not any("," in c or '"' in c for c in column.choices):
        formula = f'"{inline}"'
    else:
        formula = _choices_range(workbook, column)
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.showErrorMessage = False
    sheet.add_data_validation(validation)
    validation.add(cells)


def _choices_range(workbook, column) -> str:
    """Long lists go to a hidden sheet, one column each, and the drop-down refers to it."""
    if CHOICES_SHEET in workbook.sheetnames:
        choices = workbook[CHOICES_SHEET]
        index = choices.max_column + 1
    else:
        choices = workbook.create_sheet(CHOICES_SHEET)
        choices.sheet_state = "hidden"
        index = 1
    letter = get_column_letter(index)
    choices.cell(row=1, column=index, value=column.header)
    for row, word in enumerate(column.choices, start=2):
        choices.cell(row=row, column=index, value=as_text(word))
    return f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(column.choices) + 1}"


def _write_instructions(sheet, importer: Importer) -> None:
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 8
    sheet.column_dimensions["C"].width = 90
    sheet.append([_("How to fill in the list: %(title)s") % {"title": importer.title}])
    sheet["A1"].font = Font(bold=True, size=14)
    lines = [
        _(
            "The first row of the first sheet is the header row: do not change its words. "
            "The columns may be put in another order."
        ),
        _("Rows whose first cell starts with %(mark)s are examples: they are never imported.")
        % {"mark": EXAMPLE_MARK},
        _(
            "Upload the file to check it: every row is shown with its errors and nothing is "
            "saved. When no row has an error, confirm: every row is saved at once, or none is."
        ),
        _("A column with a drop-down list takes one of its words."),
        *importer.notes,
    ]
    for number, line in enumerate(lines, start=1):
        sheet.append([f"{number}. {line}"])
    sheet.append([])
    sheet.append([_("Column"), _("Required?"), _("How to fill it in")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    first = sheet.max_row + 1
    for column in importer.columns:
        rule = str(column.help)
        if column.choices:
            rule = " ".join(
                filter(None, [rule, _("One of: %(words)s.") % {"words": "、".join(column.choices)}])
            )
        required = _("Required") if column.required else _("Optional")
        sheet.append([column.header, required, rule])
    for row in sheet.iter_rows(min_row=first):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
