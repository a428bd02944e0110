"""The core's routes (office/urls.py, office/views/urls.py, office/api/urls.py) and the
project's own: sign-in, the admin, the API's root, schema and docs, language, health.

Org units and users are managed by the security administrator (product.md: 三员 kept apart);
everyone reads the org tree of their county; notifications and to-dos are private to their
owner.
"""

from django.urls import reverse

from office.annual import annual_draft_generate
from office.exports import export_job_request, export_job_run
from office.models import OrgUnit, OrgUnitKind
from office.notifications import notification_create
from office.practices import practice_create, practice_publish
from office.services import todo_create
from tests.factories import UserFactory

from . import ADMIN_LOGIN, DECLINED, LOGIN, MAY, ROLES, Case, cells, everyone

SIGNED_IN = everyone(200, anonymous=LOGIN)
OWN_EXPORT = everyone(404, staff=200, anonymous=LOGIN)
# The roles that must sign in with a second factor (office.twofactor).
TWO_FACTOR_ROLES = ("leader", "director", "sys_admin", "sec_admin", "audit_admin")
API_SIGNED_IN = everyone(200, anonymous=401)
# A county record every role of the county reads; the city office reads it too.
COUNTY_READ = everyone(200, other_county=404, anonymous=LOGIN)
API_COUNTY_READ = everyone(200, other_county=404, anonymous=401)
# Managing org units and users: the security administrator's (the other county's user holds
# that role too, so a page without a record opens for them).
SEC_ADMIN_PAGE = everyone(403, sec_admin=200, other_county=200, anonymous=LOGIN)
SEC_ADMIN_POST = everyone(403, sec_admin=MAY, other_county=MAY, anonymous=LOGIN)
# ... and on a record of county A: the county boundary answers first (404).
SEC_ADMIN_RECORD = everyone(403, sec_admin=200, other_county=404, anonymous=LOGIN)
SEC_ADMIN_RECORD_POST = everyone(403, sec_admin=MAY, other_county=404, anonymous=LOGIN)
# The edit form looks the record up among those the user may change before it asks the
# permission: the city office reads county A's records but changes none, so it gets 404.
SEC_ADMIN_EDIT = cells(SEC_ADMIN_RECORD, city=404)
SEC_ADMIN_EDIT_POST = cells(SEC_ADMIN_RECORD_POST, city=404)
# The annual figures of an office (as the summary page), for a year already reported.
ANNUAL = "/api/v1/reports/annual/{year}/"
REPORT_YEAR = 2025  # the year before the matrix's morning
# The office's work report is read by the office and the county leaders (OFFICE_AND_LEADERS);
# a unit's liaison, the legal adviser, the confidential clerk and the three administrators
# have no business with it.
NOT_REPORT_READERS = dict.fromkeys(
    (
        "unit_liaison",
        "legal_adviser",
        "confidential_clerk",
        "sys_admin",
        "sec_admin",
        "audit_admin",
    ),
    403,
)
ANNUAL_OWN = everyone(200, **NOT_REPORT_READERS, anonymous=401)
YEAR_PAGE = {"year": REPORT_YEAR}  # the page's address names the year
REPORT_PAGE = everyone(200, **NOT_REPORT_READERS, anonymous=LOGIN)
# The summary's draft is the director's to write, each director their own office's (the
# other county's user holds the director's role, and writes county B's draft).
DIRECTOR_WRITES = everyone(403, director=MAY, other_county=MAY, anonymous=LOGIN)


# The city's shared library of good practices: the office side and the county leaders read it;
# a unit's liaison, the legal adviser, the confidential clerk and the three administrators have
# no view permission (403 before any record is looked up).
NOT_PRACTICE_READERS = NOT_REPORT_READERS
PRACTICE_READERS = ("staff", "section_head", "director", "leader")
PRACTICE_WRITERS = ("staff", "section_head", "director")
# County A's published practice: every reader of county A, the city office and county B (a
# county under the same city) read it.
PRACTICE_SHARED = everyone(200, **NOT_PRACTICE_READERS, anonymous=LOGIN)
# County A's draft: its own office only; the city office and county B get 404.
PRACTICE_OWN = cells(PRACTICE_SHARED, city=404, other_county=404)
# Writing a new practice: the office side of any office (each writes its own office's).
PRACTICE_WRITE = everyone(
    403, **dict.fromkeys(PRACTICE_WRITERS, MAY), city=MAY, other_county=MAY, anonymous=LOGIN
)
PRACTICE_WRITE_PAGE = everyone(
    403, **dict.fromkeys(PRACTICE_WRITERS, 200), city=200, other_county=200, anonymous=LOGIN
)
# Editing county A's draft: its office side; the edit page looks the record up among those the
# user may change first (a liaison's scope holds no practice: 404), then asks the permission.
PRACTICE_EDIT_PAGE = cells(PRACTICE_OWN, leader=403, unit_liaison=404)
PRACTICE_EDIT_POST = cells(
    PRACTICE_EDIT_PAGE, **dict.fromkeys(PRACTICE_WRITERS, MAY), unit_liaison=404
)
# Publishing and withdrawing: the director of the owning office; the rest of county A's
# readers are told no by the service, the city office and county B never find the record.
PRACTICE_DIRECTOR = cells(
    PRACTICE_OWN,
    staff=DECLINED,
    section_head=DECLINED,
    leader=DECLINED,
    director=MAY,
)
# Commenting on the published practice: every reader under the city.
PRACTICE_COMMENT = everyone(
    403, **dict.fromkeys(PRACTICE_READERS, MAY), city=MAY, other_county=MAY, anonymous=LOGIN
)
# ... on the draft: nobody; county A's readers are told it is not published.
PRACTICE_COMMENT_DRAFT = cells(PRACTICE_OWN, **dict.fromkeys(PRACTICE_READERS, DECLINED))
API_PRACTICE_SHARED = cells(PRACTICE_SHARED, anonymous=401)
API_PRACTICE_OWN = cells(PRACTICE_OWN, anonymous=401)
PRACTICE_TEXT = {
    "title": "“一线工作法”推动项目落地",
    "area": "supervision",
    "summary": "县领导包联重点项目，每月一线调度。",
    "text": "建立县级领导包联重点项目制度，每月到项目一线现场调度，问题清单化、销号管理。",
}


def _finished_export(owner):
    """A background export of the org units list, written by the task as the worker would."""
    job = export_job_request(
        actor=owner,
        path=reverse("orgunit_list"),
        query="export=xlsx",
        export_format="xlsx",
        title="组织机构.xlsx",
        total=1,
    )
    export_job_run(job.pk)
    job.refresh_from_db()
    return job


def build(world) -> dict:
    staff = world.users["staff"]
    director = world.users["director"]
    practice_draft = practice_create(actor=staff, **PRACTICE_TEXT)
    practice_published = practice_create(
        actor=staff, **{**PRACTICE_TEXT, "title": "“周调度”机制压实督查责任"}
    )
    practice_publish(actor=director, practice=practice_published)
    township = world.county_a["township"]
    return {
        "township": township,
        "county_a_office": world.county_a["office"],
        "county_b_office": world.county_b["office"],
        # A unit with nobody in it, so deactivating it succeeds.
        "spare_unit": OrgUnit.objects.create(
            name="甲县档案馆", kind=OrgUnitKind.DEPARTMENT, parent=world.county_a["committee"]
        ),
        # A member of the township: its liaison sees the account, the security admin edits it.
        "member": UserFactory(org_unit=township, name="城关镇干部"),
        "todo": todo_create(actor=staff, title="准备周例会材料"),
        "notification": notification_create(recipient=staff, title="新的督办事项", url="/"),
        "export_job": _finished_export(staff),
        "practice_draft": practice_draft,
        "practice_published": practice_published,
        "draft": annual_draft_generate(
            actor=world.users["director"], year=REPORT_YEAR, office=world.county_a["office"]
        ),
    }


PAGES = {
    "home": {"GET": Case(SIGNED_IN)},
    # Signed in, the login page sends you home.
    "login": {"GET": Case(everyone(302, anonymous=200))},
    "logout": {"POST": Case(everyone(302), own_client=True)},
    "password_change": {
        "GET": Case(SIGNED_IN),
        "POST": Case(everyone(MAY, anonymous=LOGIN)),
    },
    "password_change_done": {"GET": Case(SIGNED_IN)},
    # Two-factor sign-in: every user's own (the matrix's sessions have passed both factors, so
    # the verification page sends them on; the guard's refusals are in test_two_factor.py).
    "two_factor_overview": {"GET": Case(SIGNED_IN)},
    "two_factor_verify": {
        "GET": Case(everyone(302, anonymous=LOGIN)),
        "POST": Case(everyone(302, anonymous=LOGIN), data={"token": "000000"}),
    },
    "two_factor_setup": {"GET": Case(SIGNED_IN), "POST": Case(everyone(MAY, anonymous=LOGIN))},
    "two_factor_qr": {"GET": Case(SIGNED_IN)},
    # New recovery codes: for those with an authenticator (the roles that must have one, and
    # the admin site's users); the others are told to set one up first.
    "two_factor_recovery_codes": {
        "POST": Case(
            everyone(
                DECLINED,
                **dict.fromkeys(TWO_FACTOR_ROLES, MAY),
                other_county=MAY,
                anonymous=LOGIN,
            ),
            data={},
        )
    },
    # The office's own figures: a unit's liaison sees their unit's records, not these.
    "annual_summary": {"GET": Case(REPORT_PAGE)},
    "annual_report": {"GET": Case(REPORT_PAGE, record=YEAR_PAGE)},
    # The counties side by side: the city office's view; a county's people see their own.
    "county_comparison": {"GET": Case(everyone(403, city=200, anonymous=LOGIN))},
    "annual_draft_generate": {
        # Without edits to keep, a look at the address goes back to the summary.
        "GET": Case(cells(DIRECTOR_WRITES, director=302, other_county=302), record=YEAR_PAGE),
        "POST": Case(DIRECTOR_WRITES, record=YEAR_PAGE, data={"overwrite": "1"}),
    },
    "annual_draft_edit": {
        "GET": Case(cells(DIRECTOR_WRITES, director=200, other_county=200), record=YEAR_PAGE),
        "POST": Case(
            DIRECTOR_WRITES, record=YEAR_PAGE, data={"text": "青川县委办公室2025年工作总结\n正文"}
        ),
    },
    # County A's draft, for whoever reads county A's figures; the other county has written
    # none of its own (404), nor has the city office.
    "annual_draft_docx": {
        "GET": Case(cells(REPORT_PAGE, other_county=404, city=404), record=YEAR_PAGE)
    },
    # Everyone searches; what they find is narrowed to what they may see (tests/office/test_search.py).
    "search": {"GET": Case(SIGNED_IN)},
    "todo_add": {"POST": Case(everyone(MAY, anonymous=LOGIN), data={"title": "起草会议通知"})},
    "todo_done": {"POST": Case(everyone(404, staff=MAY, anonymous=LOGIN), record="todo", data={})},
    # A list's background export (office.exports) is its owner's alone: the page, its
    # progress and its file answer 404 to anyone else, whatever id they try.
    "export_job": {"GET": Case(OWN_EXPORT, record="export_job")},
    "export_progress": {"GET": Case(OWN_EXPORT, record="export_job")},
    "export_download": {"GET": Case(OWN_EXPORT, record="export_job")},
    "notification_list": {"GET": Case(SIGNED_IN)},
    "notification_open": {
        "GET": Case(everyone(404, staff=302, anonymous=LOGIN), record="notification")
    },
    "notification_read_all": {"POST": Case(everyone(MAY, anonymous=LOGIN), data={})},
    "notification_settings": {
        "GET": Case(SIGNED_IN),
        "POST": Case(everyone(MAY, anonymous=LOGIN)),
    },
    "orgunit_list": {"GET": Case(SIGNED_IN)},
    # The unit picker's choices as one types: the units the user may see (scoped).
    "orgunit_lookup": {"GET": Case(SIGNED_IN)},
    "orgunit_add": {"GET": Case(SEC_ADMIN_PAGE), "POST": Case(SEC_ADMIN_POST)},
    "orgunit_detail": {"GET": Case(COUNTY_READ, record="township")},
    "orgunit_edit": {
        "GET": Case(SEC_ADMIN_EDIT, record="township"),
        "POST": Case(SEC_ADMIN_EDIT_POST, record="township"),
    },
    "orgunit_deactivate": {
        "GET": Case(SEC_ADMIN_RECORD, record="spare_unit"),
        "POST": Case(SEC_ADMIN_RECORD_POST, record="spare_unit", data={}),
    },
    "user_list": {"GET": Case(SIGNED_IN)},
    "user_add": {"GET": Case(SEC_ADMIN_PAGE), "POST": Case(SEC_ADMIN_POST)},
    "user_detail": {"GET": Case(COUNTY_READ, record="member")},
    "user_edit": {
        "GET": Case(SEC_ADMIN_EDIT, record="member"),
        "POST": Case(SEC_ADMIN_EDIT_POST, record="member"),
    },
    "user_deactivate": {
        "GET": Case(SEC_ADMIN_RECORD, record="member"),
        "POST": Case(SEC_ADMIN_RECORD_POST, record="member", data={}),
    },
    # --- The city's shared library of good practices -----------------------------------------
    "practice_list": {"GET": Case(PRACTICE_SHARED)},
    "practice_add": {
        "GET": Case(PRACTICE_WRITE_PAGE),
        "POST": Case(PRACTICE_WRITE, data=PRACTICE_TEXT),
    },
    "practice_detail": {
        "GET": [
            Case(PRACTICE_OWN, record="practice_draft", label="draft"),
            Case(PRACTICE_SHARED, record="practice_published", label="published"),
        ]
    },
    "practice_edit": {
        "GET": Case(PRACTICE_EDIT_PAGE, record="practice_draft"),
        "POST": Case(PRACTICE_EDIT_POST, record="practice_draft", data=PRACTICE_TEXT),
    },
    "practice_publish": {
        "POST": Case(PRACTICE_DIRECTOR, record="practice_draft", data={}),
    },
    "practice_withdraw": {
        "POST": Case(
            cells(PRACTICE_DIRECTOR, city=404, other_county=404),
            record="practice_published",
            data={"comment": "内容需更新"},
        ),
    },
    "practice_comment": {
        "POST": [
            Case(
                PRACTICE_COMMENT,
                record="practice_published",
                data={"text": "很有借鉴意义，我县将学习推广。"},
                label="published",
            ),
            Case(
                PRACTICE_COMMENT_DRAFT,
                record="practice_draft",
                data={"text": "很有借鉴意义。"},
                label="draft",
            ),
        ]
    },
    # --- The project's own routes --------------------------------------------------------
    "set_language": {
        "POST": Case(everyone(302), data={"language": "zh-hans", "next": "/"}, own_client=True)
    },
    "healthz": {"GET": Case(everyone(200))},
    "api-root": {"GET": Case(API_SIGNED_IN)},
    # What the API offers is for signed-in users: the schema answers an anonymous client 401,
    # the docs page sends a visitor to sign in.
    "api-schema": {"GET": Case(API_SIGNED_IN)},
    "api-docs": {"GET": Case(SIGNED_IN)},
    # The Django admin, for the system and audit administrators only (is_staff): its index,
    # and the core's users there. Every other admin route shares the same gate.
    "admin:index": {"GET": Case(everyone(ADMIN_LOGIN, sys_admin=200, audit_admin=200))},
    "admin:office_user_changelist": {
        "GET": Case(everyone(ADMIN_LOGIN, sys_admin=200, audit_admin=200))
    },
}

API = {
    ("GET", "/api/v1/org-units/"): Case(API_SIGNED_IN),
    ("GET", "/api/v1/org-units/{id}/"): Case(API_COUNTY_READ, record="township"),
    ("GET", "/api/v1/users/"): Case(API_SIGNED_IN),
    ("GET", "/api/v1/users/{id}/"): Case(API_COUNTY_READ, record="member"),
    ("GET", "/api/v1/notifications/"): Case(API_SIGNED_IN),
    ("GET", "/api/v1/notifications/{id}/"): Case(
        everyone(404, staff=200, anonymous=401), record="notification"
    ),
    ("POST", "/api/v1/notifications/{id}/mark-read/"): Case(
        everyone(404, staff=MAY, anonymous=401), record="notification", data={}
    ),
    ("POST", "/api/v1/notifications/mark-all-read/"): Case(everyone(MAY, anonymous=401), data={}),
    ("GET", "/api/v1/search/"): Case(API_SIGNED_IN, query="q=老旧小区"),
    ("GET", "/api/v1/practices/"): Case(API_PRACTICE_SHARED),
    ("GET", "/api/v1/practices/{id}/"): [
        Case(API_PRACTICE_OWN, record="practice_draft", label="draft"),
        Case(API_PRACTICE_SHARED, record="practice_published", label="published"),
    ],
    # The service refuses the office side but the director with 403.
    ("POST", "/api/v1/practices/{id}/publish/"): Case(
        cells(
            API_PRACTICE_OWN,
            staff=403,
            section_head=403,
            leader=403,
            director=MAY,
        ),
        record="practice_draft",
        data={},
    ),
    ("POST", "/api/v1/practices/{id}/comment/"): Case(
        cells(PRACTICE_COMMENT, anonymous=401),
        record="practice_published",
        data={"text": "很有借鉴意义，我县将学习推广。"},
    ),
    # The annual figures, as the summary page: an office-wide role reads their own office's
    # (the city office its total, or a county under it); a unit's liaison none (403); another
    # office asked for by ?office= is out of scope (404).
    ("GET", ANNUAL): [
        Case(ANNUAL_OWN, record=REPORT_YEAR, label="own office"),
        Case(
            cells(ANNUAL_OWN, other_county=404),
            record=REPORT_YEAR,
            query=lambda records: f"office={records['county_a_office'].pk}",
            label="county A",
        ),
        Case(
            cells(ANNUAL_OWN, **{role: 404 for role in ROLES if role not in NOT_REPORT_READERS}),
            record=REPORT_YEAR,
            query=lambda records: f"office={records['county_b_office'].pk}",
            label="county B",
        ),
    ],
}

# Cells where the code answers otherwise than the product intends (see the package's doc):
# none in the core today.
KNOWN_GAPS: set[tuple[str, str, str]] = set()
