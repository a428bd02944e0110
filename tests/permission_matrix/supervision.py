"""督查督办's routes (supervision/urls.py, supervision/api/urls.py).

The rules (product.md, and the issues that state them):
- Reading supervision records takes the view permission, in every page, API and download:
  the legal adviser, the confidential clerk and the system and security administrators have
  none, so they get 403 on lists, item pages, attachments and circulars alike.
- The office (staff, section head, director) registers, assigns and urges; the lead unit's
  liaison (and the office for it) acknowledges (签收), reports and asks for extensions; the director closes,
  sends back, cancels, decides extensions and publishes circulars; leaders and the director
  comment. A unit's liaison sees only their unit's items and published circulars.
- City office staff read county records but do not change them: a change is looked up among
  the records they may change, so every edit page and action answers 404 (a new extension
  through the API, whose body names the item, is refused: 403 or 404).
- Another county's records are out of reach: 404.
The web action forms let the service refuse someone who may see the item (302 back to the
item with the reason: DECLINED); the API answers 403.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from office.imports import SheetRow, import_batch_create
from supervision import services
from supervision.choices import SourceKind
from supervision.importer import ItemImporter
from supervision.services import circular_create, circular_publish

from . import ADMIN_LOGIN, DECLINED, LOGIN, MAY, NO, Case, cells, everyone

OFFICE = ("staff", "section_head", "director")
NO_VIEW_PERMISSION = dict.fromkeys(
    ("legal_adviser", "confidential_clerk", "sys_admin", "sec_admin"), 403
)

LIST = everyone(200, **NO_VIEW_PERMISSION, anonymous=LOGIN)
READ = cells(LIST, other_county=404)
API_LIST = cells(LIST, anonymous=401)
API_READ = cells(READ, anonymous=401)


def allowed(row: dict, roles, answer) -> dict:
    return {**row, **dict.fromkeys(roles, answer)}


# Pages of the office's own work without a record (register, import, a new circular). The
# city office's staff make records of the city office there; whether the city office may
# register items for county units is the lead's call (it is allowed today).
OFFICE_PAGE = allowed(everyone(403, city=200, other_county=200, anonymous=LOGIN), OFFICE, 200)
OFFICE_FORM_POST = allowed(everyone(403, city=MAY, other_county=MAY, anonymous=LOGIN), OFFICE, MAY)
# Changing a county A record through a form: the office only; the city reads but does not
# change; county B does not reach it.
EDIT_PAGE = allowed(everyone(403, city=404, other_county=404, anonymous=LOGIN), OFFICE, 200)
EDIT_POST = allowed(everyone(403, city=404, other_county=404, anonymous=LOGIN), OFFICE, MAY)


def web_action(*roles) -> dict:
    """An item's action form: who may see the item but not act is DECLINED by the service."""
    row = everyone(DECLINED, **NO_VIEW_PERMISSION, city=404, other_county=404, anonymous=LOGIN)
    return allowed(row, roles, MAY)


def api_action(*roles) -> dict:
    return allowed(everyone(403, city=404, other_county=404, anonymous=401), roles, MAY)


UNIT_SIDE = (*OFFICE, "unit_liaison")
# Who may ask for an extension: the unit, or the office for it, but not the director who
# decides it.
EXTENSION_ASKERS = ("staff", "section_head", "unit_liaison")
COMMENTERS = ("leader", "director")


def build(world) -> dict:
    """Items of county A (lead unit: the township) in each state an action starts from, a
    report with an attachment, a pending extension, a draft and a published circular and an
    import batch, all made through the services as the people of county A would."""
    users = world.users
    staff, director, liaison = users["staff"], users["director"], users["unit_liaison"]
    township = world.county_a["township"]

    def register(title, *, assign=True, accept=True):
        data = services.ItemData(
            title=title,
            source_kind=SourceKind.INSTRUCTION,
            lead_unit=township,
            instruction_text=f"请城关镇抓紧{title}。",
            instructing_leader="县委书记",
            instruction_date=date(2026, 3, 2),
        )
        item = services.item_register(actor=staff, data=data)
        if assign:
            services.item_assign(actor=staff, item=item)
            if accept:
                services.item_accept(actor=liaison, item=item)
        item.refresh_from_db()
        return item

    item = register("推进城关镇老旧小区改造")
    report = services.report_submit(
        actor=liaison,
        item=item,
        text="已完成摸底调查。",
        percent=30,
        files=[SimpleUploadedFile("摸底情况.pdf", b"%PDF-1.4 progress", "application/pdf")],
    )
    extension = services.extension_request(
        actor=liaison, item=item, new_deadline=date(2026, 5, 29), reason="需等待上级批复。"
    )
    completion = register("整治城关镇背街小巷")
    services.report_submit(
        actor=liaison, item=completion, text="整治全部完成。", percent=100, completion=True
    )
    draft = circular_create(
        actor=staff, title="", period_start=date(2026, 3, 1), period_end=date(2026, 3, 10)
    )
    published = circular_create(
        actor=staff,
        title="三月督查通报",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 10),
    )
    circular_publish(actor=director, circular=published)
    return {
        "item": item,
        "item_registered": register("编制城关镇防汛预案", assign=False),
        # Acknowledged (签收) by the township: reports and extensions start from here.
        "item_assigned": register("城关镇农贸市场提升改造"),
        # Assigned and waiting for the township's 签收.
        "item_to_accept": register("城关镇公厕改造", accept=False),
        "item_completion": completion,
        "report": report,
        "attachment": report.attachments.get(),
        "extension": extension,
        "circular_draft": draft,
        "circular_published": published,
        "import_batch": import_batch_create(
            actor=staff,
            importer=ItemImporter,
            file_name="市委交办事项.xlsx",
            sheet_rows=[SheetRow(2, {**IMPORT_ROW, "lead_unit": township.name})],
        ),
    }


# One row of a list sent down by the city, as the template's columns hold it.
IMPORT_ROW = {key: "" for key in ("cooperating_units", "deadline", "urgency", "leader")} | {
    "title": "城关镇垃圾分类示范",
    "source": "上级交办",
    "instruction": "市委要求年内建成垃圾分类示范街道。",
    "instruction_date": "",
}


def _item_body(records) -> dict:
    return {
        "title": "城关镇污水管网改造",
        "source_kind": "key_work",
        "lead_unit": records["item"].lead_unit_id,
    }


def _extension_body(records) -> dict:
    return {
        "item": records["item_assigned"].pk,
        "new_deadline": "2026-05-29",
        "reason": "需等待上级批复。",
    }


PAGES = {
    "supervision:item_list": {"GET": Case(LIST)},
    "supervision:red_list": {"GET": Case(LIST)},
    "supervision:dashboard": {"GET": Case(LIST)},
    # A fragment of the register form that computes a date: it reveals no record.
    "supervision:proposed_deadline": {
        "GET": Case(everyone(200, anonymous=LOGIN), query="source_kind=instruction")
    },
    "supervision:item_add": {"GET": Case(OFFICE_PAGE), "POST": Case(OFFICE_FORM_POST)},
    "supervision:item_detail": {"GET": Case(READ, record="item")},
    "supervision:item_edit": {
        "GET": Case(EDIT_PAGE, record="item"),
        "POST": Case(EDIT_POST, record="item"),
    },
    "supervision:item_assign": {
        "POST": Case(web_action(*OFFICE), record="item_registered", data={"comment": ""})
    },
    # 签收: the lead unit's liaison, or the office for it.
    "supervision:item_accept": {
        "POST": Case(web_action(*UNIT_SIDE), record="item_to_accept", data={"comment": ""})
    },
    "supervision:item_report": {
        "POST": Case(
            web_action(*UNIT_SIDE),
            record="item_assigned",
            data={"text": "已完成摸底调查。", "percent": 30},
        )
    },
    "supervision:item_complete": {
        "POST": Case(web_action(*UNIT_SIDE), record="item_assigned", data={"text": "已完工。"})
    },
    "supervision:item_extension": {
        "POST": Case(
            web_action(*EXTENSION_ASKERS),
            record="item_assigned",
            data={"new_deadline": "2026-05-29", "reason": "需等待上级批复。"},
        )
    },
    "supervision:item_extension_decide": {
        "POST": Case(
            web_action("director"),
            record={"pk": "item", "extension_pk": "extension"},
            data={"approve": "1", "comment": ""},
        )
    },
    "supervision:item_close": {
        "POST": Case(web_action("director"), record="item_completion", data={"comment": ""})
    },
    "supervision:item_send_back": {
        "POST": Case(
            web_action("director"), record="item_completion", data={"reason": "材料不全。"}
        )
    },
    "supervision:item_cancel": {
        "POST": Case(web_action("director"), record="item", data={"reason": "上级已撤回。"})
    },
    "supervision:item_urge": {
        "POST": Case(web_action(*OFFICE), record="item", data={"message": "请加快进度。"})
    },
    "supervision:item_comment": {
        "POST": Case(web_action(*COMMENTERS), record="item", data={"text": "请抓紧办理。"})
    },
    # 批量办理: the office; a role without it is refused outright (403). The city office and
    # county B reach no county A item to change: the page names the refusal (DECLINED).
    "supervision:item_batch": {
        "POST": Case(
            allowed(
                everyone(403, city=DECLINED, other_county=DECLINED, anonymous=LOGIN), OFFICE, MAY
            ),
            data=lambda records: {
                "items": [records["item_registered"].pk],
                "action": "assign",
                "confirm": "1",
            },
        )
    },
    "supervision:attachment_download": {"GET": Case(READ, record="attachment")},
    "supervision:import_upload": {"GET": Case(OFFICE_PAGE), "POST": Case(OFFICE_FORM_POST)},
    "supervision:import_template": {"GET": Case(OFFICE_PAGE)},
    # A batch of county A: the city office may read it (200), not confirm it.
    "supervision:import_preview": {
        "GET": Case(
            allowed(everyone(403, city=200, other_county=404, anonymous=LOGIN), OFFICE, 200),
            record="import_batch",
        )
    },
    "supervision:import_progress": {
        "GET": Case(
            allowed(everyone(403, city=200, other_county=404, anonymous=LOGIN), OFFICE, 200),
            record="import_batch",
        )
    },
    "supervision:import_confirm": {"POST": Case(EDIT_POST, record="import_batch", data={})},
    "supervision:import_discard": {"POST": Case(EDIT_POST, record="import_batch", data={})},
    "supervision:circular_list": {"GET": Case(LIST)},
    "supervision:circular_add": {"GET": Case(OFFICE_PAGE), "POST": Case(OFFICE_FORM_POST)},
    # A liaison sees a circular once it is published to their unit, never a draft.
    "supervision:circular_detail": {
        "GET": [
            Case(cells(READ, unit_liaison=404), record="circular_draft", label="draft"),
            Case(READ, record="circular_published", label="published"),
        ]
    },
    "supervision:circular_docx": {
        "GET": [
            Case(cells(READ, unit_liaison=404), record="circular_draft", label="draft"),
            Case(READ, record="circular_published", label="published"),
        ]
    },
    "supervision:circular_edit": {
        "GET": Case(cells(EDIT_PAGE, unit_liaison=404), record="circular_draft"),
        "POST": Case(cells(EDIT_POST, unit_liaison=404), record="circular_draft"),
    },
    "supervision:circular_publish": {
        "GET": Case(
            everyone(403, director=200, city=404, other_county=404, anonymous=LOGIN),
            record="circular_draft",
        ),
        "POST": Case(
            everyone(403, director=MAY, city=404, other_county=404, anonymous=LOGIN),
            record="circular_draft",
            data={},
        ),
    },
    # The admin's supervision records: the audit administrator reads them; the system
    # administrator runs the system and has no view permission on them.
    "admin:supervision_item_changelist": {
        "GET": Case(everyone(ADMIN_LOGIN, sys_admin=403, audit_admin=200))
    },
}

ITEMS = "/api/v1/supervision/items/"
API = {
    ("GET", ITEMS): Case(API_LIST),
    ("POST", ITEMS): Case(
        allowed(everyone(403, city=MAY, other_county=400, anonymous=401), OFFICE, MAY),
        data=_item_body,
    ),
    ("GET", ITEMS + "{id}/"): Case(API_READ, record="item"),
    ("POST", ITEMS + "{id}/assign/"): Case(api_action(*OFFICE), record="item_registered", data={}),
    ("POST", ITEMS + "{id}/accept/"): Case(
        api_action(*UNIT_SIDE), record="item_to_accept", data={"comment": "已签收。"}
    ),
    ("POST", ITEMS + "{id}/report/"): Case(
        api_action(*UNIT_SIDE), record="item_assigned", data={"text": "已完成摸底。", "percent": 30}
    ),
    ("POST", ITEMS + "{id}/request-completion/"): Case(
        api_action(*UNIT_SIDE), record="item_assigned", data={"text": "全部完工。"}
    ),
    ("POST", ITEMS + "{id}/close/"): Case(
        api_action("director"), record="item_completion", data={"comment": "同意销号。"}
    ),
    ("POST", ITEMS + "{id}/send-back/"): Case(
        api_action("director"), record="item_completion", data={"reason": "材料不全。"}
    ),
    ("POST", ITEMS + "{id}/cancel/"): Case(
        api_action("director"), record="item", data={"reason": "上级已撤回。"}
    ),
    ("POST", ITEMS + "{id}/urge/"): Case(
        api_action(*OFFICE), record="item", data={"message": "请加快进度。"}
    ),
    ("POST", ITEMS + "{id}/comment/"): Case(
        api_action(*COMMENTERS), record="item", data={"text": "请抓紧办理。"}
    ),
    ("GET", "/api/v1/supervision/reports/"): Case(API_LIST),
    ("GET", "/api/v1/supervision/reports/{id}/"): Case(API_READ, record="report"),
    ("GET", "/api/v1/supervision/extensions/"): Case(API_LIST),
    ("POST", "/api/v1/supervision/extensions/"): Case(
        allowed(everyone(403, city=NO, other_county=400, anonymous=401), EXTENSION_ASKERS, MAY),
        data=_extension_body,
    ),
    ("GET", "/api/v1/supervision/extensions/{id}/"): Case(API_READ, record="extension"),
    ("POST", "/api/v1/supervision/extensions/{id}/approve/"): Case(
        api_action("director"), record="extension", data={"comment": ""}
    ),
    ("POST", "/api/v1/supervision/extensions/{id}/reject/"): Case(
        api_action("director"), record="extension", data={"comment": "理由不充分。"}
    ),
}

# --- Where the code answers otherwise today ----------------------------------------------------
# Each cell is (route, method, principal); the matrix fails when one is fixed, so remove it then.

# "City office staff are read-only on county records" (product.md: the city office reads
# county records but does not change them). The import pages find a batch through
# restrict(user) for viewing, so the city office's staff may confirm county A's batch
# (registering its rows as the city office's items) or discard it.
KNOWN_GAPS: set = set()
