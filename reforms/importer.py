"""Excel import of the year's key reform tasks, on office.imports.

What is reforms' own: the columns, the words for reform areas, the milestone lines (the same
rule as the form's), the lead leader and units found by name, and creating each row through
``services.task_create``. Reading the file, the preview, the all-or-nothing confirmation and
the template are the office core's.

The column headers are the file format the office exchanges with the units, in Chinese: they
are not user interface text.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.imports import EXAMPLE_MARK, Column, Importer, Row, UnitIndex, WordChoices, squeeze
from office.imports.lookups import NameIndex
from office.models import OrgUnit, User
from office.selectors import office_leaders

from . import services
from .choices import ReformArea
from .models import KeyTask
from .rules import PlannedMilestone, milestone_errors, parse_milestones

AREA_WORDS = {
    ReformArea.ECONOMY: ("经济体制和生态文明体制改革", "经济体制改革", "经济", "生态文明"),
    ReformArea.DEMOCRACY: ("民主法制领域改革", "民主法制", "法治"),
    ReformArea.CULTURE: ("文化体制改革", "文化"),
    ReformArea.SOCIAL: ("社会体制改革", "社会", "民生"),
    ReformArea.RURAL: ("农业农村改革", "农村改革", "农业农村"),
    ReformArea.PARTY: ("党的建设制度改革", "党建", "纪律检查体制改革"),
}
AREAS = WordChoices(AREA_WORDS)
UNIT_SEPARATORS = re.compile(r"[、，,；;／/\n]+")


class LeaderIndex(NameIndex):
    def __init__(self, leaders):
        super().__init__((u.pk, u.name or u.username, u.username) for u in leaders)

    def ambiguous_message(self):
        return _("%(name)s matches several leaders: use the user name.")

    def unknown_message(self):
        return _("Unknown leader: %(name)s. Use the name of a county leader in the system.")


class TaskImporter(Importer):
    key = "reforms.task"
    title = "年度重点改革任务"
    model = KeyTask
    permission = "reforms.add_keytask"
    record_key = "task_id"
    columns = (
        Column("title", "改革任务", required=True, width=36, min_width="12rem",
               missing_message=gettext_lazy("The title is missing."),
               help="一项任务一行；同一年度任务名称不能重复。"),
        Column("area", "改革领域", required=True, choices=AREAS.options, width=16,
               help="从下拉列表选择。"),
        Column("leader", "牵头县领导", width=12, css="text-nowrap",
               help="系统中县领导的姓名。"),
        Column("lead_unit", "牵头单位", required=True, width=18, min_width="8rem",
               missing_message=gettext_lazy("The lead unit is missing."),
               help="系统中单位的全称或简称，只能填一个单位。"),
        Column("cooperating_units", "配合单位", width=24, css="small",
               help="可填多个，用顿号（、）或逗号分隔。"),
        Column("goal", "改革目标", width=40, css="small", truncate=40),
        Column("milestones", "节点安排", required=True, width=48, css="small",
               missing_message=gettext_lazy("The milestones are missing."),
               help="每行一个节点：日期 | 节点内容 | 权重，如“2026-06-30 | 出台实施方案 | 30”；"
               "日期在本年度内，权重合计100。"),
    )  # fmt: skip
    notes = ("确认后所有任务一次性录入，年度为导入当年。",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitIndex(self.actor, OrgUnit.objects.responsible_units())

    @cached_property
    def leaders(self) -> LeaderIndex:
        return LeaderIndex(office_leaders(self.actor))

    def check_actor(self) -> None:
        if not self.actor.has_perm("reforms.add_keytask"):
            raise ValidationError(_("Only the office imports key reform tasks."))
        super().check_actor()

    def check_row(self, row: Row) -> None:
        cells, values = row.cells, row.values
        values["title"] = " ".join(cells["title"].split())[:200]
        values["goal"] = cells["goal"]
        values["area"] = self.read_choice(
            row, "area", AREAS, "", _("Unknown reform area: %(value)s. Use one of %(choices)s.")
        )
        values["lead_leader_id"] = None
        if cells["leader"]:
            leader_id, error = self.leaders.find(cells["leader"])
            if error:
                row.error("leader", error)
            values["lead_leader_id"] = leader_id
        self._check_units(row)
        milestones, errors = parse_milestones(cells["milestones"])
        errors = errors or (
            milestone_errors(milestones, self.today.year) if cells["milestones"] else []
        )
        for error in errors:
            row.error("milestones", error)
        values["milestones"] = [[m.due_date.isoformat(), m.title, m.weight] for m in milestones]

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

    def check_rows(self, rows: list[Row]) -> None:
        """A title twice in the file, or already a task of this office and year."""
        existing = set(
            KeyTask.objects.filter(owning_office=self.actor.office, year=self.today.year)
            .filter(title__in={r.values["title"] for r in rows})
            .values_list("title", flat=True)
        )
        first_row = {}
        for row in rows:
            title = row.values["title"]
            if not title:
                continue
            if title in existing:
                row.error("title", _("A key reform task of this title exists this year."))
            if title in first_row:
                row.error(
                    "title",
                    _("Same title as row %(row)d of this file.") % {"row": first_row[title]},
                )
            else:
                first_row[title] = row.number

    def before_create(self, rows: list[Row]) -> None:
        unit_ids, leader_ids = set(), set()
        for row in rows:
            unit_ids |= {row.values["lead_unit_id"], *row.values["cooperating_unit_ids"]}
            leader_ids.add(row.values["lead_leader_id"])
        self.unit_objects = OrgUnit.objects.in_bulk(unit_ids - {None})
        self.leader_objects = User.objects.in_bulk(leader_ids - {None})

    def create(self, row: Row) -> KeyTask:
        from datetime import date

        values, units = row.values, self.unit_objects
        data = services.TaskData(
            title=values["title"],
            area=values["area"],
            lead_unit=units[values["lead_unit_id"]],
            year=self.today.year,
            milestones=[
                PlannedMilestone(title, date.fromisoformat(day), weight)
                for day, title, weight in values["milestones"]
            ],
            lead_leader=self.leader_objects.get(values["lead_leader_id"]),
            goal=values["goal"],
            cooperating_units=[units[pk] for pk in values["cooperating_unit_ids"]],
        )
        return services.task_create(actor=self.actor, data=data)

    def record_label(self, record: KeyTask) -> str:
        return record.title

    def confirmed_message(self, records: list) -> str:
        return _("%(count)d key reform tasks entered.") % {"count": len(records)}

    def example_rows(self) -> list[list]:
        year = self.today.year
        units = list(
            OrgUnit.objects.restrict(self.actor)
            .responsible_units()
            .filter(is_active=True)
            .order_by("kind", "sort_order", "name")[:2]
        )
        lead = (units[0].short_name or units[0].name) if units else "县发改局"
        cooperating = (units[1].short_name or units[1].name) if len(units) > 1 else ""
        return [
            [
                f"{EXAMPLE_MARK}深化“放管服”改革",
                "经济体制和生态文明体制改革",
                "",
                lead,
                cooperating,
                "企业开办时间压缩至1个工作日以内。",
                f"{year}-03-31 | 出台实施方案 | 20\n{year}-06-30 | 完成流程再造 | 40\n"
                f"{year}-11-30 | 全面推开并总结 | 40",
            ]
        ]
