"""Excel import of the item lists higher levels send (上级交办事项清单), on office.imports.

What is supervision's own: the columns, the words lists use for sources and urgencies, the
rules of a leader's instruction and of deadlines, what counts as a duplicate item, and
registering each row through ``services.item_register``. Reading the file, the preview, the
all-or-nothing confirmation and the template are the office core's.

The column headers are the ones the template carries, in Chinese: they are the file format
the higher levels and the office exchange, not user interface text.
"""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.imports import (
    EXAMPLE_MARK,
    Column,
    Importer,
    PreviewCell,
    Row,
    UnitIndex,
    WordChoices,
    parse_date,
    squeeze,
)
from office.models import OrgUnit, User
from office.selectors import office_leaders

from . import services
from .choices import ItemStatus, ReportCycle, SourceKind, Urgency
from .models import Item, item_number
from .rules import leader_named

# The words lists actually use, besides the choices' own labels and codes. The first word of
# each is the one the template's drop-down offers.
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
CYCLE_WORDS = {
    ReportCycle.ONCE: ("一次性", "办结时报送", "一次"),
    ReportCycle.WEEKLY: ("每周", "一周一报", "周报"),
    ReportCycle.BIWEEKLY: ("每两周", "半月", "两周一报"),
    ReportCycle.MONTHLY: ("每月", "一月一报", "月报"),
}
YES, NO = "yes", "no"
ASSIGN_WORDS = {YES: ("是", "交办", "立即交办", "Y"), NO: ("否", "暂不交办", "N")}
SOURCES = WordChoices(SOURCE_WORDS)
URGENCIES = WordChoices(URGENCY_WORDS)
CYCLES = WordChoices(CYCLE_WORDS)
ASSIGN_NOW = WordChoices(ASSIGN_WORDS)
# A list from the higher level that leaves the source blank is, by default, the higher level's.
DEFAULT_SOURCE = SourceKind.HIGHER_LEVEL
UNIT_SEPARATORS = re.compile(r"[、，,；;／/\n]+")
TITLE_MAX = Item._meta.get_field("title").max_length
RESPONSIBLE_MAX = Item._meta.get_field("responsible_person").max_length
REFERENCE_MAX = Item._meta.get_field("source_reference").max_length

SOURCE_LABELS = dict(SourceKind.choices)
URGENCY_LABELS = dict(Urgency.choices)


class ItemImporter(Importer):
    key = "supervision.item"
    title = "督办事项"
    model = Item
    permission = "supervision.add_item"
    # The preview and its tests have always named the registered item by this key.
    record_key = "item_id"
    columns = (
        Column(
            "title",
            "标题",
            required=True,
            missing_message=gettext_lazy("The title is missing."),
            help="一项事项一行；同一牵头单位同一年度的标题不能重复。",
            width=36,
            min_width="12rem",
        ),
        Column(
            "source",
            "来源",
            choices=SOURCES.options,
            help="不填视为上级交办。",
            width=12,
            css="text-nowrap",
        ),
        Column(
            "instruction",
            "交办内容",
            help="交办要求或批示原文；来源为领导批示时必填。",
            width=48,
            css="small",
            truncate=40,
        ),
        Column(
            "lead_unit",
            "牵头单位",
            required=True,
            missing_message=gettext_lazy("The lead unit is missing."),
            help="填写系统中单位的全称或简称，只能填一个单位。",
            width=18,
            min_width="8rem",
        ),
        Column(
            "cooperating_units",
            "配合单位",
            help="可填多个，用顿号（、）或逗号分隔。",
            width=24,
            css="small",
        ),
        Column(
            "deadline",
            "办理时限",
            is_date=True,
            help="日期，如 2026-12-31、2026/12/31 或 2026年12月31日，不能早于今天；"
            "不填则按来源和紧急程度的规定时限（工作日）计算。",
            width=14,
            css="text-nowrap",
        ),
        Column(
            "urgency",
            "紧急程度",
            choices=URGENCIES.options,
            help="不填视为一般。",
            width=10,
            css="text-nowrap",
        ),
        # Lists made before these two columns existed still import.
        Column(
            "leader",
            "批示领导",
            optional=True,
            help="来源为领导批示时必填：作出批示的领导姓名。",
            width=12,
            css="text-nowrap",
        ),
        Column(
            "instruction_date",
            "批示日期",
            optional=True,
            is_date=True,
            help="来源为领导批示时必填：批示的日期，如2026-12-31。",
            width=14,
            css="text-nowrap",
        ),
        # Later columns: a list without them still imports.
        Column(
            "responsible",
            "责任人",
            optional=True,
            help="牵头单位的具体责任人姓名。",
            width=12,
            css="text-nowrap",
        ),
        Column(
            "cycle",
            "反馈周期",
            optional=True,
            choices=CYCLES.options,
            help="不填视为一次性（办结时报送）。",
            width=12,
            css="text-nowrap",
        ),
        Column(
            "reference",
            "来源文号",
            optional=True,
            help="交办文件的文号或会议、来文名称，如 市委督查室〔2026〕12号。",
            width=24,
            css="small",
        ),
        Column(
            "assign",
            "立即交办",
            optional=True,
            choices=ASSIGN_NOW.options,
            help="填“是”则确认导入时一并交办牵头单位；不填视为暂不交办。",
            width=10,
            css="text-nowrap",
        ),
    )
    notes = (
        "确认后所有事项一次性立项，编号按本年度督办编号顺延；“立即交办”为“是”的事项同时交办。",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitIndex(self.actor, OrgUnit.objects.responsible_units())

    @cached_property
    def _leaders(self) -> list[User]:
        """The office's leaders, read once for all the rows."""
        return list(office_leaders(self.actor))

    def check_actor(self) -> None:
        # The one "may register", as for an item typed in by hand.
        if not self.actor.has_perm("supervision.add_item"):
            raise ValidationError(_("Only office staff can import supervision items."))
        super().check_actor()

    # --- One row ------------------------------------------------------------------------

    def check_row(self, row: Row) -> None:
        cells, values = row.cells, row.values
        values["title"] = " ".join(cells["title"].split())
        values["instruction_text"] = cells["instruction"]
        if len(values["title"]) > TITLE_MAX:
            row.error("title", _("The title is longer than 200 characters."))
        values["source_kind"] = self.read_choice(
            row,
            "source",
            SOURCES,
            DEFAULT_SOURCE,
            _("Unknown source: %(value)s. Use one of %(choices)s."),
        )
        values["urgency"] = self.read_choice(
            row,
            "urgency",
            URGENCIES,
            Urgency.NORMAL,
            _("Unknown urgency: %(value)s. Use one of %(choices)s."),
        )
        if values["source_kind"] == SourceKind.INSTRUCTION and not cells["instruction"]:
            row.error(
                "instruction",
                _("A leader's instruction needs its exact text in the column 交办内容."),
            )
        self._check_instruction(row)
        self._check_units(row)
        self._check_deadline(row)
        self._check_handling(row)

    def _check_handling(self, row: Row) -> None:
        """Who is responsible, how often the unit reports, the source's reference, and
        whether confirming the import assigns the item too."""
        cells, values = row.cells, row.values
        values["responsible_person"] = " ".join(cells.get("responsible", "").split())
        if len(values["responsible_person"]) > RESPONSIBLE_MAX:
            row.error(
                "responsible",
                _("The responsible person is longer than %(max)d characters.")
                % {"max": RESPONSIBLE_MAX},
            )
        values["source_reference"] = " ".join(cells.get("reference", "").split())
        if len(values["source_reference"]) > REFERENCE_MAX:
            row.error(
                "reference",
                _("The source reference is longer than %(max)d characters.")
                % {"max": REFERENCE_MAX},
            )
        values["report_cycle"] = self.read_choice(
            row,
            "cycle",
            CYCLES,
            ReportCycle.ONCE,
            _("Unknown report cycle: %(value)s. Use one of %(choices)s."),
        )
        values["assign_now"] = self.read_choice(row, "assign", ASSIGN_NOW, NO) == YES

    def _check_instruction(self, row: Row) -> None:
        """A leader's instruction is registered with who gave it and when."""
        values = row.values
        values["instructing_leader"] = row.cells.get("leader", "")
        # A name that is one of the office's leaders picks that leader (who then follows the
        # item); any other name stays as typed, for a leader outside the system.
        leader = leader_named(self._leaders, values["instructing_leader"])
        values["instructing_leader_user_id"] = leader.pk if leader else None
        values["instruction_date"] = ""
        if values["source_kind"] != SourceKind.INSTRUCTION:
            return
        if not values["instructing_leader"]:
            row.error("leader", _("A leader's instruction needs the leader in 批示领导."))
        if parse_date(row.cells["instruction_date"]) is None:
            row.error(
                "instruction_date",
                _("A leader's instruction needs its date in 批示日期, like 2026-12-31."),
            )
            return
        instructed = self.read_date(row, "instruction_date")  # in the range a person may enter
        if instructed is not None:
            values["instruction_date"] = instructed.isoformat()

    def _check_units(self, row: Row) -> None:
        cells, values = row.cells, row.values
        values["lead_unit_id"] = None
        if cells["lead_unit"]:
            unit_id, error = self.units.find(cells["lead_unit"])
            if error:
                row.error("lead_unit", error)
            values["lead_unit_id"] = unit_id
        cooperating = []
        for name in UNIT_SEPARATORS.split(cells["cooperating_units"]):
            if not squeeze(name):
                continue
            unit_id, error = self.units.find(name.strip())
            if error:
                row.error("cooperating_units", error)
            elif unit_id != values["lead_unit_id"] and unit_id not in cooperating:
                cooperating.append(unit_id)
        values["cooperating_unit_ids"] = cooperating
        values["lead_unit_name"] = self.units.names.get(values["lead_unit_id"], "")
        values["cooperating_unit_names"] = [self.units.names[pk] for pk in cooperating]

    def _check_deadline(self, row: Row) -> None:
        values = row.values
        values["deadline"] = ""
        if not row.cells["deadline"]:
            # No deadline: the time limit for the source and urgency applies on registration.
            if values["source_kind"] and values["urgency"]:
                values["proposed_deadline"] = services.proposed_deadline(
                    source_kind=values["source_kind"], urgency=values["urgency"], start=self.today
                ).isoformat()
            return
        deadline = self.read_date(row, "deadline")
        if deadline is None:
            return
        values["deadline"] = deadline.isoformat()
        if deadline < self.today:
            row.error(
                "deadline",
                _("The deadline %(date)s has already passed.") % {"date": deadline.isoformat()},
            )

    # --- Across rows --------------------------------------------------------------------

    def check_rows(self, rows: list[Row]) -> None:
        """Same title and lead unit twice in the file, or as an item of this office and year."""
        keyed = [r for r in rows if r.values["title"] and r.values["lead_unit_id"]]
        existing = {
            (title, unit_id): item_number(year, sequence, part)
            for title, unit_id, year, sequence, part in Item.objects.filter(
                owning_office=self.actor.office,
                year=self.today.year,
                title__in={r.values["title"] for r in keyed},
                lead_unit__in={r.values["lead_unit_id"] for r in keyed},
            )
            .exclude(status=ItemStatus.CANCELLED)
            .values_list("title", "lead_unit", "year", "sequence", "part")
        }
        first_row = {}
        for row in keyed:
            key = (row.values["title"], row.values["lead_unit_id"])
            if key in existing:
                row.error(
                    "title",
                    _("Duplicate of item %(number)s, already registered this year.")
                    % {"number": existing[key]},
                )
            if key in first_row:
                row.error(
                    "title",
                    _("Duplicate of row %(row)d of this file (same title and lead unit).")
                    % {"row": first_row[key]},
                )
            else:
                first_row[key] = row.number

    # --- Registering --------------------------------------------------------------------

    def before_create(self, rows: list[Row]) -> None:
        unit_ids = set()
        for row in rows:
            unit_ids |= {row.values["lead_unit_id"], *row.values["cooperating_unit_ids"]}
        self.unit_objects = OrgUnit.objects.in_bulk(unit_ids)
        leader_ids = {row.values.get("instructing_leader_user_id") for row in rows} - {None}
        self.leader_objects = User.objects.in_bulk(leader_ids)

    def create(self, row: Row) -> Item:
        # Through the module, so the service is the one a test or a patch puts there.
        item = services.item_register(actor=self.actor, data=self._item_data(row), today=self.today)
        if row.values.get("assign_now"):
            # In the same confirmation: the unit is told at once, as from the register form.
            services.item_assign(actor=self.actor, item=item, today=self.today)
        return item

    def _item_data(self, row: Row) -> services.ItemData:
        values, units = row.values, self.unit_objects
        return services.ItemData(
            title=values["title"],
            source_kind=values["source_kind"],
            lead_unit=units[values["lead_unit_id"]],
            cooperating_units=[units[pk] for pk in values["cooperating_unit_ids"]],
            deadline=date.fromisoformat(values["deadline"]) if values["deadline"] else None,
            urgency=values["urgency"],
            instruction_text=values["instruction_text"],
            instructing_leader=values["instructing_leader"],
            instructing_leader_user=self.leader_objects.get(
                values.get("instructing_leader_user_id")
            ),
            instruction_date=(
                date.fromisoformat(values["instruction_date"])
                if values["instruction_date"]
                else None
            ),
            # What the row says, never the name of the file it came in.
            source_reference=values.get("source_reference", ""),
            responsible_person=values.get("responsible_person", ""),
            report_cycle=values.get("report_cycle") or ReportCycle.ONCE,
        )

    def record_label(self, record: Item) -> str:
        return record.number

    def confirmed_message(self, records: list[Item]) -> str:
        message = _("%(count)d items registered: %(first)s to %(last)s.") % {
            "count": len(records),
            "first": records[0].number,
            "last": records[-1].number,
        }
        assigned = sum(1 for record in records if record.status == ItemStatus.ASSIGNED)
        if assigned:
            message += " " + _("%(count)d of them assigned to their lead units.") % {
                "count": assigned
            }
        return message

    # --- The template and the preview ---------------------------------------------------

    def example_rows(self) -> list[list]:
        """One example using real units of the user's office."""
        units = list(
            OrgUnit.objects.restrict(self.actor)
            .responsible_units()
            .filter(is_active=True)
            .order_by("kind", "sort_order", "name")[:2]
        )
        lead = (units[0].short_name or units[0].name) if units else "城关镇"
        cooperating = (units[1].short_name or units[1].name) if len(units) > 1 else ""
        return [
            [
                f"{EXAMPLE_MARK}推进老旧小区改造",
                "上级交办",
                "按照市委督查室通知要求，月底前完成老旧小区改造摸底并报送进展。",
                lead,
                cooperating,
                self.today + timedelta(days=30),
                "一般",
                "",
                "",
                "李明",
                "每月",
                "市委督查室〔2026〕12号",
                "是",
            ]
        ]

    def preview_cell(self, row: dict, column: Column) -> PreviewCell:
        """Blank source and urgency show what they default to; the lead unit its full name;
        the deadline as read, or the time limit it will get (marked *)."""
        cells, values = row["cells"], row["values"]
        cell = super().preview_cell(row, column)
        if column.key == "source":
            cell.hint = SOURCE_LABELS.get(values.get("source_kind"), "")
        elif column.key == "urgency":
            cell.hint = URGENCY_LABELS.get(values.get("urgency"), "")
        elif column.key == "lead_unit":
            name = values.get("lead_unit_name", "")
            cell.note = name if name and name != cells.get("lead_unit") else ""
        elif column.key == "cycle":
            cell.hint = str(dict(ReportCycle.choices).get(values.get("report_cycle"), ""))
        elif column.key == "assign":
            cell.hint = str(_("Assign on confirming") if values.get("assign_now") else "")
        elif column.key == "deadline":
            cell.text = values.get("deadline") or cells.get("deadline", "")
            if values.get("proposed_deadline"):
                cell.hint = f"{values['proposed_deadline']}*"
                cell.hint_title = _("The time limit for the source and urgency")
        return cell
