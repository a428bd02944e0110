"""会议's routes (meetings/urls.py, meetings/api/urls.py).

The rules (issue 14, product.md):
- Reading meeting records takes the view permission: the legal adviser, the confidential
  clerk and the system and security administrators have none (403 everywhere).
- A unit's liaison (and the office for the unit) requests, submits, prepares the agenda and
  the checklist and marks ready its own unit's meetings; the section head or the director
  approves or rejects (a meeting that breaks a rule: the director only); the office records
  the meeting as held, drafts minutes and decisions and hands a decision to supervision; the
  director approves the minutes.
- The city office reads county records but changes none (404 on every change route); another
  county's records are out of reach (404).
The web action forms let the service refuse someone who may see the meeting (DECLINED); the
API answers 403.
"""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.choices import AgendaKind, MeetingType

from . import DECLINED, LOGIN, MAY, Case, cells, everyone

ZONE = ZoneInfo("Asia/Shanghai")
OFFICE = ("staff", "section_head", "director")
UNIT_SIDE = (*OFFICE, "unit_liaison")
APPROVERS = ("section_head", "director")
NO_VIEW_PERMISSION = dict.fromkeys(
    ("legal_adviser", "confidential_clerk", "sys_admin", "sec_admin"), 403
)

LIST = everyone(200, **NO_VIEW_PERMISSION, anonymous=LOGIN)
READ = cells(LIST, other_county=404)
API_LIST = cells(LIST, anonymous=401)
API_READ = cells(READ, anonymous=401)


def allowed(row: dict, roles, answer) -> dict:
    return {**row, **dict.fromkeys(roles, answer)}


# Requesting a meeting: whoever may (staff, section head, director, liaison); the city office
# and the other county request their own meetings.
REQUEST_PAGE = allowed(everyone(403, city=200, other_county=200, anonymous=LOGIN), UNIT_SIDE, 200)
REQUEST_POST = allowed(everyone(403, city=MAY, other_county=MAY, anonymous=LOGIN), UNIT_SIDE, MAY)
EDIT_PAGE = allowed(everyone(403, city=404, other_county=404, anonymous=LOGIN), UNIT_SIDE, 200)
EDIT_POST = allowed(everyone(403, city=404, other_county=404, anonymous=LOGIN), UNIT_SIDE, MAY)


def web_action(*roles) -> dict:
    row = everyone(DECLINED, **NO_VIEW_PERMISSION, city=404, other_county=404, anonymous=LOGIN)
    return allowed(row, roles, MAY)


def api_action(*roles) -> dict:
    return allowed(everyone(403, city=404, other_county=404, anonymous=401), roles, MAY)


NOW_DAY = datetime(2026, 3, 10).date()  # the matrix's frozen day (runner.NOW)


def _at(day_offset: int, hour: int) -> datetime:
    # NOW is Tuesday 2026-03-10; a week later is a Tuesday too (not a no-meeting day).
    return datetime(2026, 3, 17, hour, tzinfo=ZONE) + timedelta(days=day_offset)


def build(world) -> dict:
    """Meetings of county A's township (so its liaison sees them) in each state an action
    starts from, made through the services as the people of county A would."""
    users = world.users
    staff, director, leader = users["staff"], users["director"], users["leader"]
    township = world.county_a["township"]
    slot = iter(range(0, 60, 2))

    def request(title, meeting_type=MeetingType.SECRETARY_SPECIAL):
        starts = _at(next(slot) // 2 * 7, 9)
        return services.meeting_request(
            actor=staff,
            data=services.MeetingData(
                meeting_type=meeting_type,
                title=title,
                organiser_unit=township,
                chair=leader,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=90),
                place="城关镇会议室",
                expected_attendance=15,
                reason="研究部署重点工作。",
            ),
        )

    def approved(title):
        meeting = request(title)
        services.agenda_item_add(
            actor=staff, meeting=meeting, kind=AgendaKind.REPORT, title="情况汇报", minutes=20
        )
        services.meeting_submit(actor=staff, meeting=meeting)
        services.meeting_approve(actor=director, meeting=meeting)
        return meeting

    def ready(title):
        meeting = approved(title)
        for task in meeting.tasks.all():
            services.task_done(actor=staff, task=task)
        services.meeting_mark_ready(actor=staff, meeting=meeting)
        return meeting

    def held(title):
        meeting = ready(title)
        services.meeting_hold(actor=staff, meeting=meeting)
        return meeting

    draft = request("城关镇防汛工作会议")
    item = services.agenda_item_add(
        actor=staff,
        meeting=draft,
        kind=AgendaKind.REPORT,
        title="防汛准备情况汇报",
        minutes=20,
        files=[SimpleUploadedFile("汇报材料.pdf", b"%PDF-1.4 report", "application/pdf")],
    )
    submitted = request("城关镇安全生产会议")
    services.meeting_submit(actor=staff, meeting=submitted)
    rejected = request("城关镇重复部署会议")
    services.meeting_submit(actor=staff, meeting=rejected)
    services.meeting_reject(actor=director, meeting=rejected, comment="与上周会议重复。")
    with_tasks = approved("城关镇乡村振兴推进会")
    with_minutes = held("城关镇招商引资专题会")
    services.minutes_save(actor=staff, meeting=with_minutes, text="会议研究了招商引资工作。")
    decided = held("城关镇民生实事推进会")
    decision = services.decision_add(
        actor=staff, meeting=decided, text="城关镇牵头完成农贸市场改造。", lead_unit=township
    )
    next_draft = request("城关镇民生实事推进会（第二次）")
    feed = services.feed_issue(actor=leader)
    ready_meeting = _noticed(ready("城关镇教育工作会"), staff)
    return {
        # The QR code's address names the meeting and today's code.
        "scan": SimpleNamespace(pk=services.sign_in_code(ready_meeting, NOW_DAY)),
        # The feed's address carries its token, not an id.
        "feed": SimpleNamespace(pk=feed.token),
        "wrong_feed": SimpleNamespace(pk="no-such-token"),
        "draft": draft,
        "next_draft": next_draft,
        "agenda_item": item,
        "material": item.materials.get(),
        "submitted": submitted,
        "rejected": rejected,
        "approved": with_tasks,
        "task": with_tasks.tasks.order_by("position").first(),
        "ready_to_mark": _all_done(with_tasks, staff),
        "ready": ready_meeting,
        "held": decided,
        "with_minutes": with_minutes,
        "decision": decision,
    }


def _noticed(meeting, staff):
    """The notice sent to the chair (the leader) and the staff member."""
    services.notice_send(actor=staff, meeting=meeting, attendees=[staff])
    return meeting


def _all_done(meeting, staff):
    """A second approved meeting whose mandatory tasks are all done (ready may be marked)."""
    twin = services.meeting_request(
        actor=staff,
        data=services.MeetingData(
            meeting_type=meeting.meeting_type,
            title="城关镇文明创建推进会",
            organiser_unit=meeting.organiser_unit,
            chair=meeting.chair,
            starts_at=meeting.starts_at + timedelta(days=1, hours=6),
            ends_at=meeting.starts_at + timedelta(days=1, hours=7),
            place="城关镇会议室",
            expected_attendance=10,
            reason="研究部署文明城市创建。",
        ),
    )
    services.agenda_item_add(
        actor=staff, meeting=twin, kind=AgendaKind.REPORT, title="创建工作汇报", minutes=20
    )
    services.meeting_submit(actor=staff, meeting=twin, exception_reason="确需召开。")
    director = type(staff).objects.get(groups__name="director", org_unit__office=staff.office)
    services.meeting_approve(actor=director, meeting=twin)
    for task in twin.tasks.all():
        services.task_done(actor=staff, task=task)
    return twin


def _meeting_body(records) -> dict:
    draft = records["draft"]
    return {
        "meeting_type": "secretary_special",
        "title": "城关镇项目推进会",
        "organiser_unit": draft.organiser_unit_id,
        "chair": draft.chair_id,
        "starts_at": "2026-03-19T09:00:00+08:00",
        "ends_at": "2026-03-19T10:00:00+08:00",
        "place": "城关镇会议室",
        "expected_attendance": 10,
        "reason": "研究项目推进。",
    }


PAGES = {
    "meetings:meeting_list": {"GET": Case(LIST)},
    "meetings:study_ledger": {"GET": Case(LIST)},
    "meetings:calendar": {"GET": Case(LIST, query="view=month&day=2026-03-17")},
    "meetings:decision_list": {"GET": Case(LIST)},
    "meetings:meeting_add": {"GET": Case(REQUEST_PAGE), "POST": Case(REQUEST_POST)},
    "meetings:meeting_detail": {"GET": Case(READ, record="draft")},
    "meetings:meeting_edit": {
        "GET": Case(EDIT_PAGE, record="draft"),
        "POST": Case(EDIT_POST, record="draft"),
    },
    "meetings:meeting_submit": {
        "POST": Case(web_action(*UNIT_SIDE), record="draft", data={"exception_reason": ""})
    },
    "meetings:meeting_decide": {
        "POST": Case(
            web_action(*APPROVERS), record="submitted", data={"approve": "1", "comment": ""}
        )
    },
    "meetings:meeting_revise": {"POST": Case(web_action(*UNIT_SIDE), record="rejected", data={})},
    "meetings:meeting_agenda": {
        "POST": Case(
            web_action(*UNIT_SIDE),
            record="draft",
            data={"kind": "report", "title": "工作汇报", "minutes": 10, "presenter_name": ""},
        )
    },
    # 回头看: the next meeting of the same body takes the open decisions onto its agenda.
    "meetings:meeting_review": {"POST": Case(web_action(*UNIT_SIDE), record="next_draft", data={})},
    "meetings:meeting_task": {
        "POST": Case(
            web_action(*UNIT_SIDE),
            record="approved",
            data=lambda records: {"task": records["task"].pk, "done": "1"},
        )
    },
    "meetings:meeting_notice": {"POST": Case(web_action(*UNIT_SIDE), record="approved", data={})},
    # Only those the notice went to (the chair, the staff member) answer it.
    "meetings:meeting_answer": {
        "POST": Case(
            web_action("leader", "staff"),
            record="ready",
            data={"confirm": "0", "leave_reason": "参加市委会议。", "substitute": "副县长"},
        )
    },
    "meetings:meeting_sign_in": {"POST": Case(web_action(*UNIT_SIDE), record="ready", data={})},
    "meetings:meeting_ready": {
        "POST": Case(web_action(*UNIT_SIDE), record="ready_to_mark", data={})
    },
    "meetings:meeting_hold": {"POST": Case(web_action(*OFFICE), record="ready", data={})},
    "meetings:meeting_minutes": {
        "POST": Case(
            web_action(*OFFICE), record="held", data={"text": "会议议定如下事项。", "reason": ""}
        )
    },
    "meetings:meeting_approve_minutes": {
        "POST": Case(web_action("director"), record="with_minutes", data={"comment": ""})
    },
    "meetings:meeting_decision": {
        "POST": Case(
            web_action(*OFFICE), record="held", data={"text": "抓紧推进。", "lead_unit": ""}
        )
    },
    "meetings:meeting_supervise": {
        "POST": Case(
            web_action(*OFFICE),
            record="held",
            data=lambda records: {"decision": records["decision"].pk, "deadline": ""},
        )
    },
    "meetings:meeting_cancel": {
        "POST": Case(web_action(*UNIT_SIDE), record="draft", data={"reason": "工作调整。"})
    },
    "meetings:material_download": {"GET": Case(READ, record="material")},
    # Anyone signed in subscribes to their own meetings; the feed is fetched by a calendar
    # program without a session: the right token is the key (for anyone holding it), a wrong
    # or revoked one a 404.
    "meetings:feed_settings": {
        "GET": Case(everyone(200, anonymous=LOGIN)),
        "POST": Case(everyone(MAY, anonymous=LOGIN), data={"action": "issue"}),
    },
    # The organiser's device shows the QR code (on the meeting's day; a note on other days).
    "meetings:sign_in_qr": {
        "GET": Case(
            allowed(everyone(403, city=404, other_county=404, anonymous=LOGIN), UNIT_SIDE, 200),
            record="ready",
        )
    },
    # Where the code leads: anyone of the county signed in may open it (the page says who is
    # not on the list); signing in is refused today, which is not the meeting's day.
    "meetings:sign_in_scan": {
        "GET": Case(
            everyone(200, city=404, other_county=404, anonymous=LOGIN),
            record={"pk": "ready", "code": "scan"},
        ),
        "POST": Case(
            everyone(DECLINED, city=404, other_county=404, anonymous=LOGIN),
            record={"pk": "ready", "code": "scan"},
            data={},
        ),
    },
    "meetings:ical_feed": {
        "GET": [
            Case(everyone(200), record={"token": "feed"}, label="right token"),
            Case(everyone(404), record={"token": "wrong_feed"}, label="wrong token"),
        ]
    },
}

MEETINGS = "/api/v1/meetings/meetings/"
API = {
    ("GET", MEETINGS): Case(API_LIST),
    ("POST", MEETINGS): Case(
        allowed(everyone(403, city=400, other_county=400, anonymous=401), UNIT_SIDE, MAY),
        data=_meeting_body,
    ),
    ("GET", MEETINGS + "{id}/"): Case(API_READ, record="draft"),
    ("POST", MEETINGS + "{id}/submit/"): Case(
        api_action(*UNIT_SIDE), record="draft", data={"exception_reason": ""}
    ),
    ("POST", MEETINGS + "{id}/approve/"): Case(
        api_action(*APPROVERS), record="submitted", data={"comment": ""}
    ),
    ("POST", MEETINGS + "{id}/reject/"): Case(
        api_action(*APPROVERS), record="submitted", data={"reason": "与其他会议重复。"}
    ),
    ("POST", MEETINGS + "{id}/mark-ready/"): Case(
        api_action(*UNIT_SIDE), record="ready_to_mark", data={}
    ),
    ("POST", MEETINGS + "{id}/hold/"): Case(api_action(*OFFICE), record="ready", data={}),
    ("POST", MEETINGS + "{id}/cancel/"): Case(
        api_action(*UNIT_SIDE), record="draft", data={"reason": "工作调整。"}
    ),
    ("POST", MEETINGS + "{id}/agenda/"): Case(
        api_action(*UNIT_SIDE),
        record="draft",
        data={"agenda_kind": "report", "title": "工作汇报", "minutes": 10},
    ),
    ("GET", "/api/v1/meetings/agenda-items/"): Case(API_LIST),
    ("GET", "/api/v1/meetings/agenda-items/{id}/"): Case(API_READ, record="agenda_item"),
    ("GET", "/api/v1/meetings/study-ledger/"): Case(API_LIST),
    ("GET", "/api/v1/meetings/decisions/"): Case(API_LIST),
    ("GET", "/api/v1/meetings/decisions/{id}/"): Case(API_READ, record="decision"),
    ("POST", "/api/v1/meetings/decisions/{id}/to-supervision/"): Case(
        api_action(*OFFICE), record="decision", data={}
    ),
}

KNOWN_GAPS: set = set()
