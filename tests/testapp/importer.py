"""The smallest real user of office.imports: tickets from a list, with a unit, a status from a
drop-down, a due date and an assignee, all checked and created through the app's service."""

from office.imports import Column, Importer, Row, UnitIndex, UserIndex, WordChoices
from office.imports.views import ImportPages
from office.models import OrgUnit, User

from . import services
from .models import Ticket

STATUS_WORDS = {
    Ticket.Status.OPEN: ("待处理", "未开始"),
    Ticket.Status.SUBMITTED: ("已提交", "提交"),
}
STATUSES = WordChoices(STATUS_WORDS)


class TicketImporter(Importer):
    key = "testapp.ticket"
    title = "工单"
    model = Ticket
    permission = "testapp.add_ticket"
    columns = (
        Column("title", "标题", required=True, help="每行一张工单，标题不能重复。"),
        Column("unit", "单位", required=True, help="单位的全称或简称。"),
        Column("status", "状态", choices=STATUSES.options, help="不填视为待处理。"),
        Column("due_on", "到期日期", is_date=True),
        Column("assignee", "经办人", optional=True, help="系统中的姓名。"),
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitIndex(self.actor)
        self.users = UserIndex(self.actor)

    def check_row(self, row: Row) -> None:
        cells, values = row.cells, row.values
        values["title"] = cells["title"]
        values["unit_id"] = None
        if cells["unit"]:
            values["unit_id"], error = self.units.find(cells["unit"])
            if error:
                row.error("unit", error)
        values["status"] = self.read_choice(row, "status", STATUSES, Ticket.Status.OPEN)
        due_on = self.read_date(row, "due_on")
        values["due_on"] = due_on.isoformat() if due_on else ""
        values["assignee_id"] = None
        if cells["assignee"]:
            values["assignee_id"], error = self.users.find(cells["assignee"])
            if error:
                row.error("assignee", error)

    def check_rows(self, rows: list[Row]) -> None:
        taken = set(
            Ticket.objects.filter(owning_office=self.actor.office).values_list("title", flat=True)
        )
        first = {}
        for row in rows:
            title = row.values["title"]
            if title in taken:
                row.error("title", f"已有同名工单：{title}")
            elif title in first:
                row.error("title", f"与第{first[title]}行重复")
            else:
                first[title] = row.number

    def create(self, row: Row) -> Ticket:
        values = row.values
        return services.ticket_create(
            actor=self.actor,
            title=values["title"],
            unit=OrgUnit.objects.get(pk=values["unit_id"]),
            status=values["status"],
            due_on=values["due_on"] or None,
            assignee=User.objects.filter(pk=values["assignee_id"]).first(),
        )


class TicketImportPages(ImportPages):
    importer = TicketImporter
    name_prefix = "ticket_import"
    path_prefix = "tickets/import"
    title = "导入工单"
    back_url_name = "home"
