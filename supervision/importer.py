"""Excel import of the item lists higher levels send (上级交办事项清单).

Upload → every row parsed and checked → an ImportBatch the user previews → confirm. Nothing
becomes an item until the user confirms, and then every row does, through
``services.item_register`` in one transaction, or none does.

The column headers are the ones the template carries, in Chinese: they are the file format
the higher levels and the office exchange, not user interface text.
"""

import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from office.models import OrgUnit
from office.roles import OFFICE_ROLES

from . import services
from .choices import ItemStatus, SourceKind, Urgency
from .models import ImportBatch, Item

logger = logging.getLogger(__name__)

MAX_ROWS = 3000
MAX_FILE_MB = 5
# Higher levels often put a title row or two above the header row.
HEADER_SEARCH_ROWS = 5
# Rows of the template marked as an example are never imported.
EXAMPLE_MARK = "【示例】"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 16
    # Lists made before these columns existed still import: a missing optional column is empty.
    optional: bool = False


COLUMNS = (
    Column("title", "标题", required=True, width=36),
    Column("source", "来源", width=12),
    Column("instruction", "交办内容", width=48),
    Column("lead_unit", "牵头单位", required=True, width=18),
    Column("cooperating_units", "配合单位", width=24),
    Column("deadline", "办理时限", width=14),
    Column("urgency", "紧急程度", width=10),
    Column("leader", "批示领导", width=12, optional=True),
    Column("instruction_date", "批示日期", width=14, optional=True),
)
HEADERS = tuple(column.header for column in COLUMNS)

# The words lists actually use, besides the choices' own labels and codes.
SOURCE_WORDS = {
    SourceKind.HIGHER_LEVEL: ("上级交办", "上级交办事项", "上级督办", "上级"),
    SourceKind.INSTRUCTION: ("领导批示", "批示", "领导批示件"),
    SourceKind.MEETING: ("会议决定", "会议议定", "会议决定事项", "会议"),
    SourceKind.DOCUMENT: ("公文", "文件", "公文办理"),
    SourceKind.KEY_WORK: ("重点工作", "年度重点工作"),
}
URGENCY_WORDS = {
    Urgency.NORMAL: ("一般", "普通", "正常"),
    Urgency.URGENT: ("紧急", "急", "特急", "加急"),
    Urgency.HARD: ("疑难", "复杂", "疑难复杂"),
}
# A list from the higher level that leaves the source blank is, by default, the higher level's.
DEFAULT_SOURCE = SourceKind.HIGHER_LEVEL

UNIT_SEPARATORS = re.compile(r"[、，,；;／/\n]+")
DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
# Excel's day numbers of 1982-01-01 and 2173-10-14: a bare number in that range is a date
# whose cell lost its date format.
EXCEL_SERIAL_RANGE = (30000, 99999)


def _squeeze(text: str) -> str:
    """Remove every space (ASCII, full-width, line breaks): names are compared this way."""
    return re.sub(r"\s+", "", text or "")


def _words(mapping) -> dict[str, str]:
    """Accepted word → choice code: the lists' words, the labels shown in the app, the codes."""
    words = {}
    for code, synonyms in mapping.items():
        for word in (*synonyms, str(code.label), code.value):
            words[_squeeze(word).lower()] = code.value
    return words


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- Reading the workbook (format only: the form reports these) ----------------------------


@dataclass(frozen=True)
class SheetRow:
    number: int
    cells: dict  # column key → the cell's value as openpyxl gives it


def read_sheet(upload) -> list[SheetRow]:
    """The data rows of an uploaded .xlsx, keyed by column. Raises ValidationError with a
    message for the person when the file is not a workbook or lacks the template's headers."""
    name = getattr(upload, "name", "") or ""
    suffix = Path(name).suffix.lower()
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
    if upload.size > MAX_FILE_MB * 1024 * 1024:
        raise ValidationError(_("The file is larger than %(max)d MB.") % {"max": MAX_FILE_MB})
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        logger.info("unreadable import file %r: %s", name, error)
        raise ValidationError(
            _("The file could not be read as an Excel workbook. Save it as .xlsx and try again.")
        ) from error
    try:
        return _rows_of(workbook)
    finally:
        workbook.close()


def _rows_of(workbook) -> list[SheetRow]:
    if not workbook.worksheets:
        raise ValidationError(_("The file has no rows to import."))
    sheet = workbook.worksheets[0]
    # Some programs write a wrong size into the file; read-only mode would trust it.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=1, values_only=True)
    header_number, positions = 0, {}
    for number, values in enumerate(rows, start=1):
        found = {_squeeze(_cell_text(v)).rstrip("*＊"): i for i, v in enumerate(values)}
        if "标题" in found and "牵头单位" in found:
            header_number = number
            positions = {c.key: found[c.header] for c in COLUMNS if c.header in found}
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    missing = [c.header for c in COLUMNS if c.key not in positions and not c.optional]
    if missing:
        raise ValidationError(
            _(
                "The first sheet lacks the columns %(columns)s. Keep the header row of the "
                "template: %(headers)s."
            )
            % {"columns": "、".join(missing), "headers": "、".join(HEADERS)}
        )
    result = []
    for number, values in enumerate(rows, start=header_number + 1):
        cells = {c.key: None for c in COLUMNS}
        cells.update({key: values[i] if i < len(values) else None for key, i in positions.items()})
        if all(_cell_text(v) == "" for v in cells.values()):
            continue
        if _cell_text(cells["title"]).startswith(EXAMPLE_MARK):
            continue
        result.append(SheetRow(number, cells))
        if len(result) > MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)d rows. Split it into smaller files.")
                % {"max": MAX_ROWS}
            )
    if not result:
        raise ValidationError(_("The file has no rows to import."))
    return result


# --- Checking the rows ----------------------------------------------------------------------


class UnitIndex:
    """The units an item may be given to in the user's scope, by full and short name."""

    def __init__(self, user):
        self.by_key: dict[str, set[int]] = {}
        self.names: dict[int, str] = {}
        units = (
            OrgUnit.objects.restrict(user)
            .responsible_units()
            .filter(is_active=True)
            .values_list("pk", "name", "short_name")
        )
        for pk, name, short_name in units:
            self.names[pk] = name
            for key in {_squeeze(name), _squeeze(short_name)} - {""}:
                self.by_key.setdefault(key, set()).add(pk)

    def find(self, text: str) -> tuple[int | None, str]:
        """(unit id, "") or (None, the error message)."""
        matches = self.by_key.get(_squeeze(text), set())
        if len(matches) == 1:
            return next(iter(matches)), ""
        if matches:
            return None, _("%(name)s matches several units: use the full name.") % {"name": text}
        return None, _(
            "Unknown unit: %(name)s. Use the full or short name the unit has in the system."
        ) % {"name": text}


def parse_date(value) -> date | None:
    """A date from a real Excel date, 2026-12-31, 2026/12/31 or 2026年12月31日; None if bad."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_SERIAL_RANGE[0] <= value <= EXCEL_SERIAL_RANGE[1]:
            return date(1899, 12, 30) + timedelta(days=int(value))
        return None
    text = _squeeze(_cell_text(value))
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


class RowChecker:
    """Turns sheet rows into the batch's rows: parsed values and the errors of each."""

    def __init__(self, user, today: date):
        self.user = user
        self.today = today
        self.units = UnitIndex(user)
        self.sources = _words(SOURCE_WORDS)
        self.urgencies = _words(URGENCY_WORDS)

    def check(self, sheet_rows: list[SheetRow]) -> list[dict]:
        rows = [self._parse(sheet_row) for sheet_row in sheet_rows]
        self._check_duplicates(rows)
        return rows

    def _parse(self, sheet_row: SheetRow) -> dict:
        cells = {key: _cell_text(value) for key, value in sheet_row.cells.items()}
        row = {
            "row": sheet_row.number,
            "cells": cells,
            "values": {},
            "errors": [],
            "bad": [],
            "item_id": None,
        }
        values = row["values"]
        values["title"] = " ".join(cells["title"].split())
        values["instruction_text"] = cells["instruction"]
        if not values["title"]:
            self._error(row, "title", _("The title is missing."))
        elif len(values["title"]) > Item._meta.get_field("title").max_length:
            self._error(row, "title", _("The title is longer than 200 characters."))
        values["source_kind"] = self._choice(
            row,
            "source",
            self.sources,
            DEFAULT_SOURCE,
            _("Unknown source: %(value)s. Use one of %(choices)s."),
            SOURCE_WORDS,
        )
        values["urgency"] = self._choice(
            row,
            "urgency",
            self.urgencies,
            Urgency.NORMAL,
            _("Unknown urgency: %(value)s. Use one of %(choices)s."),
            URGENCY_WORDS,
        )
        if values["source_kind"] == SourceKind.INSTRUCTION and not cells["instruction"]:
            self._error(
                row,
                "instruction",
                _("A leader's instruction needs its exact text in the column 交办内容."),
            )
        self._parse_instruction(row, sheet_row.cells.get("instruction_date"))
        self._parse_units(row, cells)
        self._parse_deadline(row, sheet_row.cells["deadline"])
        return row

    def _parse_instruction(self, row: dict, raw_date) -> None:
        """A leader's instruction is registered with who gave it and when."""
        values, cells = row["values"], row["cells"]
        values["instructing_leader"] = cells.get("leader", "")
        values["instruction_date"] = ""
        if values["source_kind"] != SourceKind.INSTRUCTION:
            return
        if not values["instructing_leader"]:
            self._error(row, "leader", _("A leader's instruction needs the leader in 批示领导."))
        instructed = parse_date(raw_date) if _cell_text(raw_date) else None
        if instructed is None:
            self._error(
                row,
                "instruction_date",
                _("A leader's instruction needs its date in 批示日期, like 2026-12-31."),
            )
        else:
            values["instruction_date"] = instructed.isoformat()

    def _error(self, row: dict, column: str, message: str) -> None:
        row["errors"].append(str(message))
        if column not in row["bad"]:
            row["bad"].append(column)

    def _choice(self, row, column, lookup, default, message, words) -> str:
        """The choice code a cell names; the default when blank; "" and an error if unknown."""
        text = row["cells"][column]
        if not text:
            return default.value
        code = lookup.get(_squeeze(text).lower())
        if code is None:
            choices = "、".join(synonyms[0] for synonyms in words.values())
            self._error(row, column, message % {"value": text, "choices": choices})
            return ""
        return code

    def _parse_units(self, row: dict, cells: dict) -> None:
        values = row["values"]
        values["lead_unit_id"] = None
        if not cells["lead_unit"]:
            self._error(row, "lead_unit", _("The lead unit is missing."))
        else:
            unit_id, error = self.units.find(cells["lead_unit"])
            if error:
                self._error(row, "lead_unit", error)
            values["lead_unit_id"] = unit_id
        cooperating = []
        for name in UNIT_SEPARATORS.split(cells["cooperating_units"]):
            if not _squeeze(name):
                continue
            unit_id, error = self.units.find(name.strip())
            if error:
                self._error(row, "cooperating_units", error)
            elif unit_id != values["lead_unit_id"] and unit_id not in cooperating:
                cooperating.append(unit_id)
        values["cooperating_unit_ids"] = cooperating
        values["lead_unit_name"] = self.units.names.get(values["lead_unit_id"], "")
        values["cooperating_unit_names"] = [self.units.names[pk] for pk in cooperating]

    def _parse_deadline(self, row: dict, raw) -> None:
        values = row["values"]
        values["deadline"] = ""
        if _cell_text(raw) == "":
            # No deadline: the time limit for the source and urgency applies on registration.
            if values["source_kind"] and values["urgency"]:
                values["proposed_deadline"] = services.proposed_deadline(
                    source_kind=values["source_kind"], urgency=values["urgency"], start=self.today
                ).isoformat()
            return
        deadline = parse_date(raw)
        if deadline is None:
            self._error(
                row,
                "deadline",
                _("Bad date: %(value)s. Write it like 2026-12-31.") % {"value": _cell_text(raw)},
            )
            return
        values["deadline"] = deadline.isoformat()
        if deadline < self.today:
            self._error(
                row,
                "deadline",
                _("The deadline %(date)s has already passed.") % {"date": deadline.isoformat()},
            )

    def _check_duplicates(self, rows: list[dict]) -> None:
        """Same title and lead unit twice in the file, or as an item of this office and year."""
        keyed = [r for r in rows if r["values"]["title"] and r["values"]["lead_unit_id"]]
        existing = {
            (title, unit_id): (year, sequence)
            for title, unit_id, year, sequence in Item.objects.filter(
                owning_office=self.user.office,
                year=self.today.year,
                title__in={r["values"]["title"] for r in keyed},
                lead_unit__in={r["values"]["lead_unit_id"] for r in keyed},
            )
            .exclude(status=ItemStatus.CANCELLED)
            .values_list("title", "lead_unit", "year", "sequence")
        }
        first_row = {}
        for row in keyed:
            key = (row["values"]["title"], row["values"]["lead_unit_id"])
            if key in existing:
                year, sequence = existing[key]
                self._error(
                    row,
                    "title",
                    _("Duplicate of item %(number)s, already registered this year.")
                    % {"number": f"督〔{year}〕{sequence}号"},
                )
            if key in first_row:
                self._error(
                    row,
                    "title",
                    _("Duplicate of row %(row)d of this file (same title and lead unit).")
                    % {"row": first_row[key]},
                )
            else:
                first_row[key] = row["row"]


# --- Services -------------------------------------------------------------------------------


def _check_importer(actor) -> None:
    if not actor.has_role(*OFFICE_ROLES):
        raise ValidationError(_("Only office staff can import supervision items."))
    if actor.office is None:
        raise ValidationError(_("Your account belongs to no office."))


@transaction.atomic
def import_batch_create(
    *, actor, file_name: str, sheet_rows: list[SheetRow], today: date | None = None
) -> ImportBatch:
    """Check every row and keep the result for the preview. Creates no item."""
    _check_importer(actor)
    rows = RowChecker(actor, today or timezone.localdate()).check(sheet_rows)
    return ImportBatch.objects.create(
        owning_office=actor.office, uploaded_by=actor, file_name=file_name[:200], rows=rows
    )


class BatchOutdated(ValidationError):
    """Rows that were fine at upload are not any more (a unit closed, a day passed, the same
    item registered meanwhile). Carries the rows checked again."""

    def __init__(self, message, rows):
        super().__init__(message)
        self.rows = rows


def _recheck(actor, rows: list[dict], today: date) -> list[dict]:
    """Check the stored rows against the database again, as they stand at confirmation."""
    checker = RowChecker(actor, today)
    fresh = []
    for row in rows:
        cells = dict(row["cells"])
        # The stored text of the date is ISO or the original: either parses the same way.
        cells["deadline"] = row["values"].get("deadline") or cells.get("deadline", "")
        fresh.append(checker._parse(SheetRow(row["row"], cells)))
    checker._check_duplicates(fresh)
    return fresh


@transaction.atomic
def import_batch_confirm(*, actor, batch: ImportBatch, today: date | None = None) -> list[Item]:
    """Register every row of the batch as an item, all in one transaction, or none."""
    _check_importer(actor)
    today = today or timezone.localdate()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.confirmed_at is not None:
        raise ValidationError(_("This import has already been confirmed."))
    if batch.error_count:
        raise ValidationError(
            _("%(count)d rows have errors. Correct them in the file and upload it again.")
            % {"count": batch.error_count}
        )
    rows = _recheck(actor, batch.rows, today)
    if any(row["errors"] for row in rows):
        raise BatchOutdated(
            _("Some rows are no longer valid: see the errors below. Nothing was imported."),
            rows,
        )
    unit_ids = set()
    for row in rows:
        unit_ids |= {row["values"]["lead_unit_id"], *row["values"]["cooperating_unit_ids"]}
    units = OrgUnit.objects.in_bulk(unit_ids)
    items = []
    for row in rows:
        try:
            item = services.item_register(
                actor=actor, data=_item_data(row["values"], units, batch.file_name), today=today
            )
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)d: %(error)s Nothing was imported.")
                % {"row": row["row"], "error": " ".join(error.messages)}
            ) from error
        row["item_id"] = item.pk
        row["number"] = item.number
        items.append(item)
    batch.rows = rows
    batch.confirmed_at = timezone.now()
    batch.save(update_fields=["rows", "confirmed_at"])
    return items


@transaction.atomic
def import_batch_refresh(*, actor, batch: ImportBatch, rows: list[dict]) -> ImportBatch:
    """Keep the rows as checked again at a refused confirmation, so the preview shows why."""
    _check_importer(actor)
    if batch.confirmed_at is None:
        batch.rows = rows
        batch.save(update_fields=["rows"])
    return batch


def _item_data(values: dict, units: dict, file_name: str) -> services.ItemData:
    return services.ItemData(
        title=values["title"],
        source_kind=values["source_kind"],
        lead_unit=units[values["lead_unit_id"]],
        cooperating_units=[units[pk] for pk in values["cooperating_unit_ids"]],
        deadline=date.fromisoformat(values["deadline"]) if values["deadline"] else None,
        urgency=values["urgency"],
        instruction_text=values["instruction_text"],
        instructing_leader=values.get("instructing_leader", ""),
        instruction_date=(
            date.fromisoformat(values["instruction_date"])
            if values.get("instruction_date")
            else None
        ),
        source_reference=Path(file_name).stem[:200],
    )


# --- The template ---------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="B91C1C")
EXAMPLE_FONT = Font(italic=True, color="6B7280")


def template_workbook(user, today: date | None = None) -> bytes:
    """The template to fill in: the header row, one example row (never imported) using a
    real unit of the user's office, and a sheet of instructions."""
    today = today or timezone.localdate()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "督办事项"
    sheet.append(list(HEADERS))
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    units = list(
        OrgUnit.objects.restrict(user)
        .responsible_units()
        .filter(is_active=True)
        .order_by("kind", "sort_order", "name")[:2]
    )
    lead = (units[0].short_name or units[0].name) if units else "城关镇"
    cooperating = (units[1].short_name or units[1].name) if len(units) > 1 else ""
    sheet.append(
        [
            f"{EXAMPLE_MARK}推进老旧小区改造",
            "上级交办",
            "按照市委督查室通知要求，月底前完成老旧小区改造摸底并报送进展。",
            lead,
            cooperating,
            today + timedelta(days=30),
            "一般",
            "",
            "",
        ]
    )
    for index in range(1, len(COLUMNS) + 1):
        sheet.cell(row=2, column=index).font = EXAMPLE_FONT
    _add_choice_lists(sheet)
    for row in range(2, 1001):
        sheet.cell(row=row, column=6).number_format = "yyyy-mm-dd"
        sheet.cell(row=row, column=9).number_format = "yyyy-mm-dd"
    _add_instructions(workbook.create_sheet("填写说明"))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _add_choice_lists(sheet) -> None:
    """Drop-down lists for the source and urgency columns (any other word is still checked)."""
    for letter, words in (("B", SOURCE_WORDS), ("G", URGENCY_WORDS)):
        options = ",".join(synonyms[0] for synonyms in words.values())
        validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        validation.showErrorMessage = False
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}1000")


INSTRUCTIONS = (
    ("标题", "必填。一项事项一行；同一牵头单位同一年度的标题不能重复。"),
    ("来源", "上级交办、领导批示、会议决定、公文、重点工作之一；不填视为上级交办。"),
    ("交办内容", "交办要求或批示原文；来源为领导批示时必填。"),
    ("牵头单位", "必填。填写系统中单位的全称或简称，只能填一个单位。"),
    ("配合单位", "可填多个，用顿号（、）或逗号分隔。"),
    (
        "办理时限",
        "日期，如 2026-12-31、2026/12/31 或 2026年12月31日，不能早于今天；"
        "不填则按来源和紧急程度的规定时限（工作日）计算。",
    ),
    ("紧急程度", "一般、紧急、疑难之一；不填视为一般。"),
    ("批示领导", "来源为领导批示时必填：作出批示的领导姓名。"),
    ("批示日期", "来源为领导批示时必填：批示的日期，如2026-12-31。"),
)


def _add_instructions(sheet) -> None:
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 90
    sheet.append(["督办事项导入说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["1. 第一张工作表第一行为表头，请勿修改表头文字；列的顺序可以调整。"])
    sheet.append([f"2. 标题以“{EXAMPLE_MARK}”开头的示例行不会导入，可直接删除。"])
    sheet.append(["3. 上传后先预览，逐行核对错误；全部无误后确认，所有事项一次性立项。"])
    sheet.append([])
    sheet.append(["列名", "填写要求"])
    sheet["A6"].font = sheet["B6"].font = Font(bold=True)
    for header, rule in INSTRUCTIONS:
        sheet.append([header, rule])
    for row in sheet.iter_rows(min_row=7):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
