"""全面深化改革's routes (reforms/urls.py, reforms/api/urls.py).

The rules (product.md and issue 9):
- Reading reform records takes the view permission, in every page, API and download: the
  legal adviser, the confidential clerk and the system and security administrators have none
  (403). The audit administrator and the county's leaders read them.
- The office (staff, section head, director) enters tasks, pilots and honours, accepts or
  returns milestone reports, moves pilots along and sends a task behind plan to supervision;
  the task's lead unit (its liaison, or the office for it) reports milestones, and the pilot's
  lead unit adds evidence. A unit's liaison sees only their unit's records.
- The achievements list is the office's whole year: for the office and the leaders.
- City office staff read county records but do not change them (404 on every change);
  another county's records are out of reach (404).
The web action forms let the service refuse someone who may see the record (302 back with the
reason: DECLINED); the API answers 403.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from office.imports import SheetRow, import_batch_create
from reforms import services
from reforms.importer import TaskImporter
from reforms.rules import PlannedMilestone

from . import ADMIN_LOGIN, DECLINED, LOGIN, MAY, Case, cells, everyone

OFFICE = ("staff", "section_head", "director")
UNIT_SIDE = (*OFFICE, "unit_liaison")
NO_VIEW_PERMISSION = dict.fromkeys(
    ("legal_adviser", "confidential_clerk", "sys_admin", "sec_admin"), 403
)

LIST = everyone(200, **NO_VIEW_PERMISSION, anonymous=LOGIN)
READ = cells(LIST, other_county=404)
API_LIST = cells(LIST, anonymous=401)
API_READ = cells(READ, anonymous=401)


def allowed(row: dict, roles, answer) -> dict:
    return {**row, **dict.fromkeys(roles, answer)}


OFFICE_PAGE = allowed(everyone(403, city=200, other_county=200, anonymous=LOGIN), OFFICE, 200)
OFFICE_FORM_POST = allowed(everyone(403, city=MAY, other_county=MAY, anonymous=LOGIN), OFFICE, MAY)
EDIT_PAGE = allowed(everyone(403, city=404, other_county=404, anonymous=LOGIN), OFFICE, 200)
EDIT_POST = allowed(everyone(403, city=404, other_county=404, anonymous=LOGIN), OFFICE, MAY)
# The office's whole year: the office and the leaders, each of their own office.
OFFICE_AND_LEADERS_PAGE = allowed(
    everyone(403, city=200, other_county=200, anonymous=LOGIN), (*OFFICE, "leader"), 200
)


def web_action(*roles) -> dict:
    row = everyone(DECLINED, **NO_VIEW_PERMISSION, city=404, other_county=404, anonymous=LOGIN)
    return allowed(row, roles, MAY)


def api_action(*roles) -> dict:
    return allowed(everyone(403, city=404, other_county=404, anonymous=401), roles, MAY)


API_CREATE = allowed(everyone(403, city=MAY, other_county=400, anonymous=401), OFFICE, MAY)


class Evidence:
    """A file the test client can send again and again (one body serves every principal)."""

    name = "佐证材料.pdf"

    def read(self, *args):
        return b"%PDF-1.4 evidence"


def build(world) -> dict:
    """A task of county A led by its township, behind plan on the matrix's morning (its first
    milestone, due 1 March, is reported but not accepted), with a pending milestone; pilots in
    each state an action starts from; an honour with evidence; an import batch."""
    users = world.users
    staff, liaison = users["staff"], users["unit_liaison"]
    township = world.county_a["township"]
    task = services.task_create(
        actor=staff,
        data=services.TaskData(
            title="深化城关镇“放管服”改革",
            area="economy",
            lead_unit=township,
            year=2026,
            milestones=[
                PlannedMilestone("出台实施方案", date(2026, 3, 1), 30),
                PlannedMilestone("完成流程再造", date(2026, 6, 30), 30),
                PlannedMilestone("全面推开", date(2026, 11, 30), 40),
            ],
            goal="企业开办压缩至1个工作日。",
        ),
    )
    first, second, _third = task.milestones.order_by("due_date")
    report = services.milestone_report(
        actor=liaison,
        milestone=first,
        text="实施方案已印发。",
        files=[SimpleUploadedFile("实施方案.pdf", b"%PDF-1.4 plan", "application/pdf")],
    )

    def pilot(name, *steps):
        record = services.pilot_create(
            actor=staff,
            data=services.PilotData(
                name=name,
                kind="pilot",
                level="municipal",
                approving_body="市委改革办",
                lead_unit=township,
                applied_on=date(2026, 1, 10),
            ),
        )
        if "approve" in steps:
            services.pilot_approve(actor=staff, pilot=record, approved_on=date(2026, 2, 1))
        if "start" in steps:
            services.pilot_move(actor=staff, pilot=record, name="start")
        if "evaluate" in steps:
            services.pilot_evaluate(actor=staff, pilot=record, evaluation="评估良好。")
        return record

    pilot_approved = pilot("城关镇社区治理试点", "approve")
    services.pilot_add_evidence(
        actor=liaison,
        pilot=pilot_approved,
        files=[SimpleUploadedFile("批复.pdf", b"%PDF-1.4 reply", "application/pdf")],
    )
    honour = services.honour_create(
        actor=staff,
        data=services.HonourData(
            title="全省营商环境建设先进集体",
            level="provincial",
            awarding_body="省委办公厅",
            awarded_on=date(2026, 2, 20),
            unit=township,
        ),
        files=[SimpleUploadedFile("证书.pdf", b"%PDF-1.4 cert", "application/pdf")],
    )
    return {
        "task": task,
        "milestone_reported": first,
        "milestone_pending": second,
        "report_attachment": report.attachments.get(),
        "pilot_applied": pilot("城关镇宅基地改革试点"),
        "pilot_approved": pilot_approved,
        "pilot_attachment": pilot_approved.attachments.get(),
        "pilot_in_progress": pilot("城关镇网格化试点", "approve", "start"),
        "pilot_evaluated": pilot("城关镇医共体试点", "approve", "start", "evaluate"),
        "honour": honour,
        "honour_attachment": honour.attachments.get(),
        "import_batch": import_batch_create(
            actor=staff,
            importer=TaskImporter,
            file_name="重点改革任务.xlsx",
            sheet_rows=[SheetRow(2, {**IMPORT_ROW, "lead_unit": township.name})],
        ),
    }


IMPORT_ROW = {
    "title": "深化城关镇农村集体产权制度改革",
    "area": "农业农村改革",
    "leader": "",
    "lead_unit": "",
    "cooperating_units": "",
    "goal": "",
    "milestones": "2026-06-30 | 完成清产核资 | 50\n2026-11-30 | 完成股份合作制改革 | 50",
}


def _task_body(records) -> dict:
    return {
        "title": "深化城关镇综合行政执法改革",
        "area": "democracy",
        "lead_unit": records["task"].lead_unit_id,
        "milestones": [
            {"title": "组建执法队伍", "due_date": "2026-06-30", "weight": 50},
            {"title": "全面运行", "due_date": "2026-11-30", "weight": 50},
        ],
    }


def _pilot_body(records) -> dict:
    return {
        "name": "城关镇数字乡村试点",
        "level": "provincial",
        "approving_body": "省委网信办",
        "applied_on": "2026-03-01",
        "lead_unit": records["task"].lead_unit_id,
    }


def _honour_body(records) -> dict:
    return {
        "title": "全国文明村镇",
        "level": "national",
        "awarding_body": "中央文明委",
        "awarded_on": "2026-03-01",
        "unit": records["task"].lead_unit_id,
    }


PILOT_STEP = {"comment": ""}

PAGES = {
    "reforms:task_list": {"GET": Case(LIST)},
    "reforms:task_add": {"GET": Case(OFFICE_PAGE), "POST": Case(OFFICE_FORM_POST)},
    "reforms:task_detail": {"GET": Case(READ, record="task")},
    "reforms:task_edit": {
        "GET": Case(EDIT_PAGE, record="task"),
        "POST": Case(EDIT_POST, record="task"),
    },
    "reforms:task_supervise": {"POST": Case(web_action(*OFFICE), record="task", data={})},
    "reforms:milestone_detail": {"GET": Case(READ, record="milestone_pending")},
    "reforms:milestone_report": {
        "POST": Case(
            web_action(*UNIT_SIDE), record="milestone_pending", data={"text": "已完成流程再造。"}
        )
    },
    "reforms:milestone_accept": {
        "POST": Case(web_action(*OFFICE), record="milestone_reported", data={"comment": ""})
    },
    "reforms:milestone_return": {
        "POST": Case(
            web_action(*OFFICE), record="milestone_reported", data={"reason": "材料不全。"}
        )
    },
    "reforms:milestone_attachment": {"GET": Case(READ, record="report_attachment")},
    "reforms:import_upload": {"GET": Case(OFFICE_PAGE), "POST": Case(OFFICE_FORM_POST)},
    "reforms:import_template": {"GET": Case(OFFICE_PAGE)},
    "reforms:import_preview": {
        "GET": Case(
            allowed(everyone(403, city=200, other_county=404, anonymous=LOGIN), OFFICE, 200),
            record="import_batch",
        )
    },
    "reforms:import_progress": {
        "GET": Case(
            allowed(everyone(403, city=200, other_county=404, anonymous=LOGIN), OFFICE, 200),
            record="import_batch",
        )
    },
    "reforms:import_confirm": {"POST": Case(EDIT_POST, record="import_batch", data={})},
    "reforms:import_discard": {"POST": Case(EDIT_POST, record="import_batch", data={})},
    "reforms:pilot_list": {"GET": Case(LIST)},
    "reforms:pilot_add": {"GET": Case(OFFICE_PAGE), "POST": Case(OFFICE_FORM_POST)},
    "reforms:pilot_detail": {"GET": Case(READ, record="pilot_applied")},
    "reforms:pilot_edit": {
        "GET": Case(EDIT_PAGE, record="pilot_applied"),
        "POST": Case(EDIT_POST, record="pilot_applied"),
    },
    "reforms:pilot_approve": {
        "POST": Case(
            web_action(*OFFICE),
            record="pilot_applied",
            data={"approved_on": "2026-03-02", "document": "市改革办〔2026〕3号"},
        )
    },
    "reforms:pilot_start": {
        "POST": Case(web_action(*OFFICE), record="pilot_approved", data=PILOT_STEP)
    },
    "reforms:pilot_evaluate": {
        "POST": Case(
            web_action(*OFFICE), record="pilot_in_progress", data={"evaluation": "评估优秀。"}
        )
    },
    "reforms:pilot_promote": {
        "POST": Case(web_action(*OFFICE), record="pilot_evaluated", data=PILOT_STEP)
    },
    "reforms:pilot_evidence": {
        "POST": Case(
            web_action(*UNIT_SIDE), record="pilot_approved", data={"attachments": Evidence()}
        )
    },
    "reforms:pilot_withdraw": {
        "POST": Case(web_action(*OFFICE), record="pilot_applied", data={"reason": "上级暂缓。"})
    },
    "reforms:pilot_attachment": {"GET": Case(READ, record="pilot_attachment")},
    "reforms:honour_list": {"GET": Case(LIST)},
    "reforms:honour_add": {"GET": Case(OFFICE_PAGE), "POST": Case(OFFICE_FORM_POST)},
    "reforms:honour_detail": {"GET": Case(READ, record="honour")},
    "reforms:honour_edit": {
        "GET": Case(EDIT_PAGE, record="honour"),
        "POST": Case(EDIT_POST, record="honour"),
    },
    "reforms:honour_attachment": {"GET": Case(READ, record="honour_attachment")},
    "reforms:dashboard": {"GET": Case(LIST)},
    "reforms:achievements": {"GET": Case(OFFICE_AND_LEADERS_PAGE)},
    "reforms:achievements_xlsx": {"GET": Case(OFFICE_AND_LEADERS_PAGE)},
    "reforms:achievements_docx": {"GET": Case(OFFICE_AND_LEADERS_PAGE)},
    "admin:reforms_keytask_changelist": {
        "GET": Case(everyone(ADMIN_LOGIN, sys_admin=403, audit_admin=200))
    },
}

TASKS = "/api/v1/reforms/tasks/"
MILESTONES = "/api/v1/reforms/milestones/"
PILOTS = "/api/v1/reforms/pilots/"
HONOURS = "/api/v1/reforms/honours/"
API = {
    ("GET", TASKS): Case(API_LIST),
    ("POST", TASKS): Case(API_CREATE, data=_task_body),
    ("GET", TASKS + "{id}/"): Case(API_READ, record="task"),
    ("POST", TASKS + "{id}/supervise/"): Case(api_action(*OFFICE), record="task", data={}),
    ("GET", MILESTONES): Case(API_LIST),
    ("GET", MILESTONES + "{id}/"): Case(API_READ, record="milestone_pending"),
    ("POST", MILESTONES + "{id}/report/"): Case(
        api_action(*UNIT_SIDE), record="milestone_pending", data={"text": "已完成。"}
    ),
    ("POST", MILESTONES + "{id}/accept/"): Case(
        api_action(*OFFICE), record="milestone_reported", data={"comment": ""}
    ),
    ("POST", MILESTONES + "{id}/return/"): Case(
        api_action(*OFFICE), record="milestone_reported", data={"reason": "材料不全。"}
    ),
    ("GET", PILOTS): Case(API_LIST),
    ("POST", PILOTS): Case(API_CREATE, data=_pilot_body),
    ("GET", PILOTS + "{id}/"): Case(API_READ, record="pilot_applied"),
    ("POST", PILOTS + "{id}/approve/"): Case(
        api_action(*OFFICE), record="pilot_applied", data={"approved_on": "2026-03-02"}
    ),
    ("POST", PILOTS + "{id}/start/"): Case(
        api_action(*OFFICE), record="pilot_approved", data=PILOT_STEP
    ),
    ("POST", PILOTS + "{id}/evaluate/"): Case(
        api_action(*OFFICE), record="pilot_in_progress", data={"evaluation": "评估优秀。"}
    ),
    ("POST", PILOTS + "{id}/promote/"): Case(
        api_action(*OFFICE), record="pilot_evaluated", data=PILOT_STEP
    ),
    ("POST", PILOTS + "{id}/withdraw/"): Case(
        api_action(*OFFICE), record="pilot_applied", data={"reason": "上级暂缓。"}
    ),
    ("GET", HONOURS): Case(API_LIST),
    ("POST", HONOURS): Case(API_CREATE, data=_honour_body),
    ("GET", HONOURS + "{id}/"): Case(API_READ, record="honour"),
}

KNOWN_GAPS: set = set()
