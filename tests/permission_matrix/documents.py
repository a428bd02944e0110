"""文稿与公文's routes (documents/urls.py, documents/api/urls.py).

The rules (issue 8, product.md):
- Reading documents takes the view permission in every page, API call and download: the
  office and the leaders read them all; the legal adviser reads official documents only (to
  review them); the audit administrator reads them; the confidential clerk, the system and
  security administrators have none (403). A unit's liaison reads only the official
  documents its unit countersigns (会签), from countersigning on: the register opens on those,
  any other document is a 404, the other sections and the quota a 403.
- The office drafts, submits, numbers and issues; a section head or the director checks
  (核稿); the legal adviser records the legality review; only the leader named as signer
  signs off; whoever holds the document at its step sends it back. Manuscripts, visits and
  incoming documents are the office's work; the leaders on a circulation list mark it read.
- The city office reads county records but changes none (404 on every change); another
  county's records are out of reach (404). The web action forms let the service refuse
  someone who may see the record (DECLINED); the API answers 403.
"""

from datetime import date

from documents import services
from documents.choices import DocType, ManuscriptKind

from . import DECLINED, LOGIN, MAY, Case, cells, everyone

OFFICE = ("staff", "section_head", "director")
NO_VIEW = dict.fromkeys(("confidential_clerk", "sys_admin", "sec_admin", "unit_liaison"), 403)
OFFICIAL_LIST = everyone(200, **NO_VIEW, anonymous=LOGIN) | {"unit_liaison": 200}
LIST = cells(OFFICIAL_LIST, legal_adviser=403, unit_liaison=403)
# The matrix's liaison is the township's, which countersigns doc_countersigning only.
OFFICIAL_READ = cells(OFFICIAL_LIST, other_county=404, unit_liaison=404)
READ = cells(LIST, other_county=404)


def allowed(row: dict, roles, answer) -> dict:
    return {**row, **dict.fromkeys(roles, answer)}


ADD_PAGE = allowed(everyone(403, city=200, other_county=200, anonymous=LOGIN), OFFICE, 200)
ADD_POST = allowed(everyone(403, city=MAY, other_county=MAY, anonymous=LOGIN), OFFICE, MAY)
# A change looks the record up among those the user may change: a liaison's scope has no
# documents (404), the city reads but does not change (404).
EDIT_PAGE = allowed(
    everyone(403, unit_liaison=404, city=404, other_county=404, anonymous=LOGIN), OFFICE, 200
)
EDIT_POST = cells(EDIT_PAGE, **dict.fromkeys(OFFICE, MAY))


def web_action(*roles, base=OFFICIAL_READ) -> dict:
    row = {principal: (DECLINED if answer == 200 else answer) for principal, answer in base.items()}
    return allowed({**row, "city": 404, "other_county": 404}, roles, MAY)


def api_action(*roles, base=OFFICIAL_READ) -> dict:
    row = {principal: (403 if answer == 200 else answer) for principal, answer in base.items()}
    return allowed({**row, "city": 404, "other_county": 404, "anonymous": 401}, roles, MAY)


def _api(row: dict) -> dict:
    return cells(row, anonymous=401)


def _witnesses(records) -> dict:
    return {"witnesses": [records["staff"].pk, records["section_head"].pk]}


def build(world) -> dict:
    users = world.users
    staff, head, director = users["staff"], users["section_head"], users["director"]
    leader, adviser = users["leader"], users["legal_adviser"]

    def document(title, *, until, normative=False, doc_type=DocType.NOTICE, units=()):
        doc = services.document_create(
            actor=staff,
            data=services.DocumentData(
                doc_type=doc_type,
                title=title,
                issuer="中共甲县县委办公室",
                issuer_code="甲委办发",
                main_recipients="各乡镇党委",
                body="一、总体要求\n请认真贯彻落实。",
                is_normative=normative,
                signer=leader,
                countersign_units=units,
            ),
        )
        steps = [
            ("checking", lambda: services.document_submit(actor=staff, document=doc)),
            ("reviewed", lambda: services.document_check(actor=head, document=doc)),
        ]
        if normative:
            steps.append(
                ("legal", lambda: services.document_legal_review(
                    actor=adviser, document=doc, opinion="合法。"))
            )  # fmt: skip
        steps += [
            ("signed", lambda: services.document_sign(actor=leader, document=doc)),
            ("issued", lambda: services.document_issue(actor=staff, document=doc)),
        ]
        for name, step in steps:
            if name == until:
                break
            step()
            doc.refresh_from_db()
        return doc

    def manuscript(title, *, deliver=False):
        m = services.manuscript_create(
            actor=staff,
            data=services.ManuscriptData(
                kind=ManuscriptKind.SPEECH, title=title, assigned_on=date(2026, 3, 2)
            ),
            text="一、总体情况\n今年以来，全县上下共同努力。",
        )
        services.manuscript_revise(
            actor=staff, manuscript=m, text="一、总体情况\n今年以来成效明显。"
        )
        if deliver:
            services.manuscript_deliver(actor=staff, manuscript=m)
        m.refresh_from_db()
        return m

    visit = services.visit_create(
        actor=staff,
        data=services.VisitData(
            visiting_body="省委政策研究室",
            level="province",
            topic="乡村振兴",
            start_date=date(2026, 3, 3),
            end_date=date(2026, 3, 4),
            accompanying_leaders=[leader],
        ),
    )

    def incoming(title, *, until="", mode="reading", number=""):
        """签收 → 初审 → 拟办 → 传阅, stopping before the step named ``until``."""
        doc = services.incoming_register(
            actor=staff,
            data=services.IncomingData(
                sender="市委办公室", sender_number=number, title=title,
                received_on=date(2026, 3, 5),
            ),
        )  # fmt: skip
        steps = [
            ("check", lambda: services.incoming_first_check(actor=staff, document=doc, mode=mode)),
            ("propose", lambda: services.incoming_propose(
                actor=staff, document=doc, proposed_handling="呈县委书记阅示。")),
            ("circulate", lambda: services.incoming_circulate(
                actor=staff, document=doc, readers=[director, leader])),
        ]  # fmt: skip
        for name, step in steps:
            if name == until:
                break
            step()
            doc.refresh_from_db()
        return doc

    return {
        "doc_draft": document("关于做好春耕生产的通知", until="checking"),
        "doc_checking": document("关于开展安全生产检查的通知", until="reviewed"),
        "doc_legal": document(
            "关于规范村级事务管理的意见", until="legal", normative=True, doc_type=DocType.OPINION
        ),
        "doc_signing": document("关于防汛工作的通知", until="signed"),
        "doc_countersigning": document(
            "关于联合开展河道整治的通知", until="signed", units=[world.county_a["township"]]
        ),
        "doc_signed": document("关于植树造林的通知", until="issued"),
        "doc_issued": document(
            "关于优化营商环境的意见", until=None, normative=True, doc_type=DocType.OPINION
        ),
        "manuscript": manuscript("在全县经济工作会议上的讲话"),
        "manuscript_delivered": manuscript("关于乡村振兴的调研报告", deliver=True),
        "visit": visit,
        "incoming": incoming("关于精简文件的通知", until="check"),
        "incoming_checked": incoming("关于做好信访工作的通知", until="propose"),
        "incoming_proposed": incoming("关于做好森林防火的通知", until="circulate"),
        "incoming_circulating": incoming("关于做好春节期间工作的通知"),
        "leader": leader,
        "staff": staff,
        "section_head": head,
        **_ledger(users),
        **_information(users, world.county_a["township"]),
        "township": world.county_a["township"],
        "incoming_action": incoming(
            "关于整治背街小巷的通知", until="circulate", mode="action", number="广委办发〔2026〕3号"
        ),
    }


def _information(users, township) -> dict:
    submitted = services.info_submit(
        actor=users["unit_liaison"],
        unit=township,
        title="城关镇推进老旧小区改造",
        text="今年以来。",
    )
    forwarded = services.info_submit(
        actor=users["unit_liaison"], unit=township, title="城关镇开展防汛演练", text="近日。"
    )
    services.info_forward(actor=users["staff"], piece=forwarded)
    return {"info": submitted, "info_forwarded": forwarded}


def _ledger(users) -> dict:
    clerk = users["confidential_clerk"]

    def record(title):
        return services.confidential_register(
            actor=clerk,
            data=services.ConfidentialData(
                title=title, sender="市委机要局", classification="confidential",
                marking="机密★10年", received_on=date(2026, 3, 2), copy_numbers="000012、000013",
            ),
        )  # fmt: skip

    lent = record("关于某项工作的通知")
    services.confidential_lend(
        actor=clerk, record=lent, copy_number="000012", holder=users["director"]
    )
    return {"confidential": lent, "confidential_clean": record("关于另一项工作的通知")}


REVIEWERS = ("section_head", "director")
READERS = ("director", "leader")

PAGES = {
    "documents:official_list": {"GET": Case(OFFICIAL_LIST)},
    "documents:quota": {"GET": Case(cells(OFFICIAL_LIST, unit_liaison=403))},
    "documents:official_add": {"GET": Case(ADD_PAGE), "POST": Case(ADD_POST)},
    "documents:official_detail": {"GET": Case(OFFICIAL_READ, record="doc_draft")},
    "documents:official_docx": {"GET": Case(OFFICIAL_READ, record="doc_issued")},
    "documents:official_edit": {
        "GET": Case(EDIT_PAGE, record="doc_draft"),
        "POST": Case(EDIT_POST, record="doc_draft"),
    },
    "documents:official_submit": {
        "POST": Case(web_action(*OFFICE), record="doc_draft", data={"comment": ""})
    },
    "documents:official_check": {
        "POST": Case(web_action(*REVIEWERS), record="doc_checking", data={"comment": ""})
    },
    "documents:official_legal_review": {
        "POST": Case(web_action("legal_adviser"), record="doc_legal", data={"opinion": "合法。"})
    },
    "documents:official_sign": {
        "POST": Case(web_action("leader"), record="doc_signing", data={"comment": ""})
    },
    "documents:official_issue": {
        "POST": Case(web_action(*OFFICE), record="doc_signed", data={"override_reason": ""})
    },
    "documents:official_send_back": {
        "POST": Case(web_action(*REVIEWERS), record="doc_checking", data={"reason": "请修改。"})
    },
    "documents:official_countersign": {
        "POST": Case(
            web_action(*OFFICE, base=cells(OFFICIAL_READ, unit_liaison=200)),
            record="doc_countersigning",
            data={"signed_by": "王镇长", "agrees": "1", "opinion": "同意。"},
        )
    },
    # The countersigning unit's own liaison, in its turn; the office sees it but records the
    # unit's slip through its own form.
    "documents:official_countersign_own": {
        "POST": Case(
            web_action("unit_liaison", base=cells(OFFICIAL_READ, unit_liaison=200)),
            record="doc_countersigning",
            data={"agrees": "1", "opinion": "同意。"},
        )
    },
    "documents:official_archive": {"POST": Case(web_action(*OFFICE), record="doc_issued", data={})},
    "documents:official_void": {
        "POST": Case(web_action("director"), record="doc_issued", data={"reason": "内容有误。"})
    },
    "documents:official_record_filing": {
        "POST": Case(
            web_action(*OFFICE),
            record="doc_issued",
            data={"filing_number": "川备2026-3", "filed_on": "2026-03-10"},
        )
    },
    "documents:manuscript_list": {"GET": Case(LIST)},
    "documents:manuscript_add": {"GET": Case(ADD_PAGE), "POST": Case(ADD_POST)},
    "documents:manuscript_detail": {"GET": Case(READ, record="manuscript")},
    "documents:manuscript_compare": {"GET": Case(READ, record="manuscript")},
    "documents:manuscript_revise": {
        "POST": Case(
            web_action(*OFFICE, base=LIST), record="manuscript", data={"text": "新的一版。"}
        )
    },
    "documents:manuscript_deliver": {
        "POST": Case(web_action(*OFFICE, base=LIST), record="manuscript", data={})
    },
    "documents:manuscript_publish": {
        "POST": Case(
            web_action(*OFFICE, base=LIST),
            record="manuscript_delivered",
            data={
                "journal": "《工作研究》",
                "journal_issue": "第3期",
                "published_on": "2026-03-10",
            },
        )
    },
    "documents:visit_list": {"GET": Case(LIST)},
    "documents:visit_add": {"GET": Case(ADD_PAGE), "POST": Case(ADD_POST)},
    "documents:visit_detail": {"GET": Case(READ, record="visit")},
    "documents:visit_follow_up": {
        "POST": Case(web_action(*OFFICE, base=LIST), record="visit", data={"text": "跟进落实。"})
    },
    "documents:incoming_list": {"GET": Case(LIST)},
    "documents:incoming_add": {"GET": Case(ADD_PAGE), "POST": Case(ADD_POST)},
    "documents:incoming_detail": {"GET": Case(READ, record="incoming")},
    "documents:incoming_first_check": {
        "POST": Case(
            web_action(*OFFICE, base=LIST),
            record="incoming",
            data={"mode": "reading", "comment": ""},
        )
    },
    "documents:incoming_return_to_sender": {
        "POST": Case(
            web_action(*OFFICE, base=LIST), record="incoming", data={"reason": "不属我办职责。"}
        )
    },
    "documents:incoming_propose": {
        "POST": Case(
            web_action(*OFFICE, base=LIST),
            record="incoming_checked",
            data={"proposed_handling": "呈县委书记阅示。"},
        )
    },
    "documents:incoming_circulate": {
        "POST": Case(
            web_action(*OFFICE, base=LIST),
            record="incoming_proposed",
            data=lambda records: {"readers": [records["leader"].pk]},
        )
    },
    "documents:incoming_to_supervision": {
        "POST": Case(
            web_action(*OFFICE, base=LIST),
            record="incoming_action",
            data=lambda records: {"lead_unit": records["township"].pk, "deadline": "2026-04-30"},
        )
    },
    "documents:incoming_read": {
        "POST": Case(
            web_action(*READERS, base=LIST), record="incoming_circulating", data={"comment": ""}
        )
    },
    "documents:incoming_urge": {
        "POST": Case(web_action(*OFFICE, base=LIST), record="incoming_circulating", data={})
    },
    "documents:incoming_finish": {
        "POST": Case(
            web_action(*OFFICE, base=LIST), record="incoming_circulating", data={"comment": ""}
        )
    },
}

# The confidential ledger: the confidential clerk and the director only. County B's user
# holds every office-wide role, so they pass the permission and meet the county boundary.
LEDGER = ("confidential_clerk", "director")
LEDGER_LIST = allowed(everyone(403, other_county=200, anonymous=LOGIN), LEDGER, 200)
LEDGER_READ = cells(LEDGER_LIST, other_county=404)
LEDGER_ACTION = allowed(everyone(403, other_county=404, anonymous=LOGIN), LEDGER, MAY)
PAGES |= {
    "documents:confidential_list": {"GET": Case(LEDGER_LIST)},
    "documents:confidential_add": {
        "GET": Case(LEDGER_LIST),
        "POST": Case(cells(LEDGER_LIST, **dict.fromkeys((*LEDGER, "other_county"), MAY))),
    },
    "documents:confidential_detail": {"GET": Case(LEDGER_READ, record="confidential")},
    "documents:confidential_lend": {
        "POST": Case(
            LEDGER_ACTION,
            record="confidential",
            data=lambda records: {"copy_number": "000013", "holder": records["leader"].pk},
        )
    },
    "documents:confidential_take_back": {
        "POST": Case(LEDGER_ACTION, record="confidential", data={"copy_number": "000012"})
    },
    "documents:confidential_clearance": {"GET": Case(LEDGER_LIST)},
    "documents:confidential_receipt": {
        "POST": Case(LEDGER_ACTION, record="confidential", data={"copy_number": "000012"})
    },
    "documents:confidential_destroy": {
        "POST": Case(LEDGER_ACTION, record="confidential_clean", data=_witnesses)
    },
}

# Information: the units' liaisons submit and follow their own unit's pieces.
INFO_LIST = cells(LIST, unit_liaison=200)
INFO_ADD = cells(ADD_PAGE, unit_liaison=200)
PAGES |= {
    "documents:info_list": {"GET": Case(INFO_LIST)},
    "documents:info_ranking": {"GET": Case(INFO_LIST)},
    # Topics are the office's to add; a unit's liaison reads its county's (and answers them
    # from the submission form's choice).
    "documents:info_topic_list": {"GET": Case(cells(LIST, unit_liaison=200))},
    "documents:info_topic_add": {"GET": Case(ADD_PAGE), "POST": Case(ADD_POST)},
    "documents:info_add": {
        "GET": Case(INFO_ADD),
        "POST": Case(cells(ADD_POST, unit_liaison=MAY)),
    },
    "documents:info_detail": {"GET": Case(cells(READ, unit_liaison=200), record="info")},
    "documents:info_forward": {
        "POST": Case(
            web_action(*OFFICE, base=cells(LIST, unit_liaison=200)), record="info", data={}
        )
    },
    "documents:info_adopt": {
        "POST": Case(
            web_action(*OFFICE, base=cells(LIST, unit_liaison=200)),
            record="info_forwarded",
            data={"adopted_by": "city", "adopted_on": "2026-03-10", "leader_comment": ""},
        )
    },
}

OFFICIAL = "/api/v1/documents/official/"


def _document_body(records) -> dict:
    return {"doc_type": "notice", "title": "关于做好春耕的通知", "issuer": "中共甲县县委办公室",
            "issuer_code": "甲委办发"}  # fmt: skip


API = {
    ("GET", OFFICIAL): Case(_api(OFFICIAL_LIST)),
    ("POST", OFFICIAL): Case(
        allowed(everyone(403, city=MAY, other_county=MAY, anonymous=401), OFFICE, MAY),
        data=_document_body,
    ),
    ("GET", OFFICIAL + "{id}/"): Case(_api(OFFICIAL_READ), record="doc_draft"),
    ("GET", OFFICIAL + "{id}/docx/"): Case(_api(OFFICIAL_READ), record="doc_issued"),
    ("POST", OFFICIAL + "{id}/submit/"): Case(api_action(*OFFICE), record="doc_draft", data={}),
    ("POST", OFFICIAL + "{id}/check/"): Case(
        api_action(*REVIEWERS), record="doc_checking", data={}
    ),
    ("POST", OFFICIAL + "{id}/legal-review/"): Case(
        api_action("legal_adviser"), record="doc_legal", data={"opinion": "合法。"}
    ),
    ("POST", OFFICIAL + "{id}/sign/"): Case(api_action("leader"), record="doc_signing", data={}),
    ("POST", OFFICIAL + "{id}/issue/"): Case(api_action(*OFFICE), record="doc_signed", data={}),
    ("POST", OFFICIAL + "{id}/send-back/"): Case(
        api_action(*REVIEWERS), record="doc_checking", data={"reason": "请修改。"}
    ),
    ("POST", OFFICIAL + "{id}/countersign/"): Case(
        api_action(*OFFICE, base=cells(OFFICIAL_READ, unit_liaison=200)),
        record="doc_countersigning",
        data={"signed_by": "王镇长"},
    ),
    ("POST", OFFICIAL + "{id}/countersign-own/"): Case(
        api_action("unit_liaison", base=cells(OFFICIAL_READ, unit_liaison=200)),
        record="doc_countersigning",
        data={"agrees": True, "opinion": "同意。"},
    ),
    ("POST", OFFICIAL + "{id}/archive/"): Case(api_action(*OFFICE), record="doc_issued", data={}),
    ("POST", OFFICIAL + "{id}/void/"): Case(
        api_action("director"), record="doc_issued", data={"reason": "内容有误。"}
    ),
    ("GET", "/api/v1/documents/manuscripts/"): Case(_api(LIST)),
    ("GET", "/api/v1/documents/manuscripts/{id}/"): Case(_api(READ), record="manuscript"),
    ("POST", "/api/v1/documents/manuscripts/{id}/revise/"): Case(
        api_action(*OFFICE, base=LIST), record="manuscript", data={"text": "新的一版。"}
    ),
    ("GET", "/api/v1/documents/visits/"): Case(_api(LIST)),
    ("GET", "/api/v1/documents/visits/{id}/"): Case(_api(READ), record="visit"),
    ("GET", "/api/v1/documents/incoming/"): Case(_api(LIST)),
    ("GET", "/api/v1/documents/incoming/{id}/"): Case(_api(READ), record="incoming"),
    ("POST", "/api/v1/documents/incoming/{id}/read/"): Case(
        api_action(*READERS, base=LIST), record="incoming_circulating", data={}
    ),
}

KNOWN_GAPS: set = set()
