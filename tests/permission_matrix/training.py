"""学习与队伍建设's routes (training/urls.py, training/api/urls.py).

The rules (product.md, issue 10):
- The study library, the sessions, the digests and the mentoring pairs are the office's own:
  its staff, section heads and director keep them; county leaders and the audit administrator
  read them. A unit liaison, the legal adviser, the confidential clerk and the system and
  security administrators have no permission on them (403). A liaison's scope holds no
  office record either, so a page that looks the record up before the permission is a 404.
- The city office reads the counties' study records and changes none (404 on change routes);
  its staff keep their own office's (the pages without a record answer them 200).
- Attendance is confirmed by the session's organiser (or the director), after it took place.
- A digest is published by a section head or the director; a pairing is made and ended by the
  director, reviewed by its mentor, its newcomer or the director.
- Staff tiers: the director and the security administrator who maintains them, nobody else,
  in pages, API and admin.
- Self-study notes: every office person may keep their own; nobody sees another's.
- Another county's records are out of reach: 404.
"""

from datetime import date
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from office.imports import SheetRow, import_batch_create
from training import services
from training.importer import MaterialImporter

from . import ADMIN_LOGIN, DECLINED, LOGIN, MAY, NO, Case, cells, everyone

OFFICE = ("staff", "section_head", "director")
NO_PERMISSION = ("unit_liaison", "legal_adviser", "confidential_clerk", "sys_admin", "sec_admin")


def allowed(row: dict, roles, answer) -> dict:
    return {**row, **dict.fromkeys(roles, answer)}


LIST = everyone(200, **dict.fromkeys(NO_PERMISSION, 403), anonymous=LOGIN)
READ = cells(LIST, other_county=404)
API_LIST = cells(LIST, anonymous=401)
API_READ = cells(READ, anonymous=401)
# Pages of the office's own work without a record: each person's office gets the record.
OFFICE_PAGE = allowed(everyone(403, city=200, other_county=200, anonymous=LOGIN), OFFICE, 200)
OFFICE_FORM_POST = allowed(everyone(403, city=MAY, other_county=MAY, anonymous=LOGIN), OFFICE, MAY)
# Changing a county A record through a form (the record is looked up in the change scope
# before the permission is asked: a liaison, whose scope holds no office record, gets 404).
EDIT_PAGE = allowed(
    everyone(403, unit_liaison=404, city=404, other_county=404, anonymous=LOGIN), OFFICE, 200
)
EDIT_POST = allowed(
    everyone(403, unit_liaison=404, city=404, other_county=404, anonymous=LOGIN), OFFICE, MAY
)


def web_action(*roles) -> dict:
    """A detail page's action form: who may see the record but not act is DECLINED."""
    row = everyone(
        DECLINED, **dict.fromkeys(NO_PERMISSION, 403), city=404, other_county=404, anonymous=LOGIN
    )
    return allowed(row, roles, MAY)


def api_action(*roles) -> dict:
    return allowed(everyone(403, city=404, other_county=404, anonymous=401), roles, MAY)


API_CREATE = allowed(everyone(403, city=MAY, other_county=MAY, anonymous=401), OFFICE, MAY)
TIERS = ("director", "sec_admin")
TIER_PAGE = allowed(everyone(403, other_county=200, anonymous=LOGIN), TIERS, 200)


def build(world) -> dict:
    """County A's library, a planned Thursday session organised by its staff (held two days
    before the matrix's morning, waiting for attendance) with a photo, a draft digest with an
    article, a published one, and a pairing of the section head with the staff member."""
    users = world.users
    staff, head, director = users["staff"], users["section_head"], users["director"]
    material = services.material_create(
        actor=staff,
        data={
            "title": "习近平总书记重要讲话",
            "kind": "speech",
            "issued_on": date(2026, 3, 2),
            "source": "新华社",
            "summary": "摘要。",
            "full_text": "",
        },
        files=[SimpleUploadedFile("讲话.pdf", b"%PDF-1.4 speech", "application/pdf")],
    )
    session = services.session_create(
        actor=staff,
        data={"kind": "thursday", "topic": "周四集体学习", "held_on": date(2026, 3, 5)},
        materials=[material],
    )
    photo = services.session_photos_add(
        actor=staff,
        session=session,
        files=[SimpleUploadedFile("合影.png", b"\x89PNG\r\n\x1a\nphoto", "image/png")],
    )[0]
    draft = services.digest_compile(actor=staff, year=2026, month=3)
    published = services.digest_compile(actor=staff, year=2026, month=2)
    services.digest_article_add(
        actor=staff,
        digest=published,
        data={"focus_area": "rural", "title": "乡村振兴观察", "source": "", "text": "正文。"},
    )
    services.digest_publish(actor=director, digest=published)
    article = services.digest_article_add(
        actor=staff,
        digest=draft,
        data={"focus_area": "urban", "title": "城市提质观察", "source": "", "text": "正文。"},
    )
    note = services.note_create(actor=staff, read_on=date(2026, 3, 2), title="《求是》文章")
    pair = services.pair_create(
        actor=director, mentor=head, mentee=staff, started_on=date(2026, 1, 5), goals="熟悉办文。"
    )
    competition = services.competition_create(
        actor=director, title="办文办事办会大比武", held_on=date(2026, 3, 6)
    )
    entry = services.competition_entry_add(
        actor=director, competition=competition, person=users["confidential_clerk"],
        category="writing",
    )  # fmt: skip
    assessment = services.assessment_create(
        actor=director,
        year=2026,
        title="2026年度科室目标考核",
        criteria=[
            services.CriterionData("办文质量", 40),
            services.CriterionData("学习出勤", 40, "study_attendance"),
            services.CriterionData("办会保障", 20, "meetings_served"),
        ],
    )
    score = services.section_score_set(
        actor=director,
        criterion=assessment.criteria.get(source="manual"),
        section=world.county_a["section"],
        score=85,
    )
    township = world.county_a["township"]
    course = services.course_create(
        actor=director, title="党办业务培训", held_on=date(2026, 3, 3), location="县委党校"
    )
    services.course_enrol(actor=director, course=course, unit=township, people=3)
    return {
        "course": course,
        "township": township,
        "competition": competition,
        "entry": entry,
        "assessment": assessment,
        "criterion": assessment.criteria.get(source="manual"),
        "served": assessment.criteria.get(source="meetings_served"),
        "section": world.county_a["section"],
        "legal_adviser": users["legal_adviser"],
        "material": material,
        "attachment": material.attachments.get(),
        "session": session,
        "photo": photo,
        "digest_draft": draft,
        "article": article,
        "note": note,
        "digest_published": published,
        "pair": pair,
        "score": score,
        "import_batch": import_batch_create(
            actor=staff,
            importer=MaterialImporter,
            file_name="学习资料清单.xlsx",
            sheet_rows=[
                SheetRow(
                    2,
                    {
                        "title": "重要讲话汇编",
                        "kind": "讲话",
                        "issued_on": "2026-03-02",
                        "source": "",
                        "summary": "",
                        "full_text": "",
                    },
                )
            ],
        ),
        "staff_user": staff,
        "head_user": head,
        # Not a record: the year of the digests' year page, filled in as its "pk".
        "year": SimpleNamespace(pk=2026),
    }


def _attendance_body(records) -> dict:
    return {"attendance": [{"person": records["staff_user"].pk, "status": "present"}]}


PAGES = {
    # The library.
    "training:material_list": {"GET": Case(LIST)},
    "training:material_add": {
        "GET": Case(OFFICE_PAGE),
        "POST": Case(
            OFFICE_FORM_POST,
            data={"title": "重要讲话", "kind": "speech", "issued_on": "2026-03-02"},
        ),
    },
    # Excel import of the library: who keeps it imports; a batch of county A is read by the
    # city office (200) and confirmed by none but county A's office.
    "training:material_import_upload": {
        "GET": Case(OFFICE_PAGE),
        "POST": Case(OFFICE_FORM_POST),
    },
    "training:material_import_template": {"GET": Case(OFFICE_PAGE)},
    "training:material_import_preview": {
        "GET": Case(
            allowed(everyone(403, city=200, other_county=404, anonymous=LOGIN), OFFICE, 200),
            record="import_batch",
        )
    },
    "training:material_import_progress": {
        "GET": Case(
            allowed(everyone(403, city=200, other_county=404, anonymous=LOGIN), OFFICE, 200),
            record="import_batch",
        )
    },
    # (A liaison lacks the library's permission, asked before the batch is looked up: 403.)
    "training:material_import_confirm": {
        "POST": Case(cells(EDIT_POST, unit_liaison=403), record="import_batch", data={})
    },
    "training:material_import_discard": {
        "POST": Case(cells(EDIT_POST, unit_liaison=403), record="import_batch", data={})
    },
    "training:material_detail": {"GET": Case(READ, record="material")},
    # 第一议题 read from the meetings' ledger: whoever reads agenda items (a liaison too, who
    # sees only their unit's meetings).
    "training:first_topic_list": {"GET": Case(cells(LIST, unit_liaison=200))},
    "training:material_edit": {
        "GET": Case(EDIT_PAGE, record="material"),
        "POST": Case(EDIT_POST, record="material"),
    },
    "training:material_attachment": {"GET": Case(READ, record="attachment")},
    # Sessions.
    "training:session_list": {"GET": Case(LIST)},
    "training:session_add": {
        "GET": Case(OFFICE_PAGE),
        "POST": Case(
            OFFICE_FORM_POST,
            data={"kind": "special", "topic": "专题学习", "held_on": "2026-03-12"},
        ),
    },
    "training:session_schedule": {
        "GET": Case(OFFICE_PAGE),
        "POST": Case(OFFICE_FORM_POST, data={"year": "2027"}),
    },
    "training:session_detail": {"GET": Case(READ, record="session")},
    "training:session_edit": {
        "GET": Case(EDIT_PAGE, record="session"),
        "POST": Case(EDIT_POST, record="session"),
    },
    # The organiser (staff) or the director confirms attendance; the section head may change
    # sessions but did not organise this one.
    "training:session_attendance": {
        "GET": Case(cells(EDIT_PAGE, section_head=403), record="session"),
        "POST": Case(cells(EDIT_POST, section_head=403), record="session", data={}),
    },
    "training:session_add_photos": {
        "POST": Case(web_action(*OFFICE), record="session"),
    },
    "training:session_cancel": {
        "POST": Case(web_action(*OFFICE), record="session", data={"reason": "与会议冲突。"}),
    },
    "training:session_photo": {"GET": Case(READ, record="photo")},
    # Self-study notes: each office person's own.
    "training:note_list": {
        "GET": Case(
            allowed(everyone(403, city=200, other_county=200, anonymous=LOGIN), OFFICE, 200)
        )
    },
    "training:note_add": {
        "GET": Case(OFFICE_PAGE),
        "POST": Case(OFFICE_FORM_POST, data={"read_on": "2026-03-09", "title": "《求是》文章"}),
    },
    # A note is its writer's alone: anyone else finds nothing (or lacks the permission).
    "training:note_edit": {
        "GET": Case(everyone(404, staff=200, anonymous=LOGIN), record="note"),
        "POST": Case(
            everyone(404, staff=MAY, anonymous=LOGIN),
            record="note",
            data={"read_on": "2026-03-03", "title": "《求是》评论员文章"},
        ),
    },
    "training:note_delete": {
        "GET": Case(everyone(NO, staff=200, anonymous=LOGIN), record="note"),
        "POST": Case(everyone(NO, staff=MAY, anonymous=LOGIN), record="note", data={}),
    },
    # The digest.
    "training:digest_list": {"GET": Case(LIST)},
    "training:digest_year_current": {"GET": Case(LIST)},
    "training:digest_year": {"GET": Case(LIST, record={"year": "year"})},
    "training:digest_add": {
        "GET": Case(OFFICE_PAGE),
        "POST": Case(OFFICE_FORM_POST, data={"year": "2026", "month": "4"}),
    },
    "training:digest_detail": {
        "GET": [
            Case(READ, record="digest_draft", label="draft"),
            Case(READ, record="digest_published", label="published"),
        ]
    },
    "training:digest_docx": {"GET": Case(READ, record="digest_published")},
    "training:digest_edit": {
        "GET": Case(EDIT_PAGE, record="digest_draft"),
        "POST": Case(EDIT_POST, record="digest_draft"),
    },
    "training:digest_publish": {
        "GET": Case(
            cells(EDIT_PAGE, staff=403, section_head=200, director=200, unit_liaison=403),
            record="digest_draft",
        ),
        "POST": Case(
            cells(EDIT_POST, staff=403, section_head=MAY, director=MAY, unit_liaison=403),
            record="digest_draft",
            data={},
        ),
    },
    "training:digest_add_article": {
        "POST": Case(
            web_action(*OFFICE),
            record="digest_draft",
            data={"focus_area": "industry", "title": "产业观察", "text": "正文。"},
        )
    },
    # A draft digest's articles change and go by the rule of adding one (add_article).
    "training:article_edit": {
        "GET": Case(EDIT_PAGE, record="article"),
        "POST": Case(
            EDIT_POST,
            record="article",
            data={"focus_area": "culture", "title": "文旅观察", "source": "", "text": "正文。"},
        ),
    },
    "training:article_delete": {
        "GET": Case(cells(EDIT_PAGE, unit_liaison=403), record="article"),
        "POST": Case(cells(EDIT_POST, unit_liaison=403), record="article", data={}),
    },
    # Mentoring.
    "training:pair_list": {"GET": Case(LIST)},
    "training:pair_add": {
        "GET": Case(everyone(403, director=200, other_county=200, anonymous=LOGIN)),
        "POST": Case(everyone(403, director=MAY, other_county=MAY, anonymous=LOGIN)),
    },
    "training:pair_detail": {"GET": Case(READ, record="pair")},
    "training:pair_review": {
        "POST": Case(
            web_action(*OFFICE),
            record="pair",
            data={"held_on": "2026-03-09", "text": "进步明显。"},
        )
    },
    "training:pair_end": {
        "POST": Case(
            web_action("director"),
            record="pair",
            data={"ended_on": "2026-03-09", "assessment": "合格。"},
        )
    },
    # The director corrects a pairing or removes one made by mistake (the rules "edit" and
    # "remove"); the office reads it.
    "training:pair_edit": {
        "GET": Case(cells(EDIT_PAGE, staff=403, section_head=403), record="pair"),
        "POST": Case(
            cells(EDIT_POST, staff=403, section_head=403),
            record="pair",
            data=lambda r: {
                "mentor": r["head_user"].pk,
                "started_on": "2026-01-06",
                "goals": "熟悉办文办会。",
                "review_every_months": "3",
            },
        ),
    },
    "training:pair_delete": {
        "GET": Case(everyone(NO, director=200, anonymous=LOGIN), record="pair"),
        "POST": Case(everyone(NO, director=MAY, anonymous=LOGIN), record="pair", data={}),
    },
    # Drills and competitions: the office runs them, the director commends.
    "training:competition_list": {"GET": Case(LIST)},
    "training:competition_add": {
        "GET": Case(OFFICE_PAGE),
        "POST": Case(
            OFFICE_FORM_POST, data={"title": "大比武", "held_on": "2026-03-12", "max_score": "100"}
        ),
    },
    "training:competition_detail": {"GET": Case(READ, record="competition")},
    "training:competition_enter": {
        "POST": Case(
            web_action(*OFFICE),
            record="competition",
            data=lambda r: {"person": r["legal_adviser"].pk, "category": "affairs"},
        )
    },
    "training:competition_score": {
        "POST": Case(
            web_action(*OFFICE),
            record="competition",
            data=lambda r: {"entry": r["entry"].pk, "score": "88"},
        )
    },
    "training:competition_commend": {
        "POST": Case(
            web_action("director"),
            record="competition",
            data=lambda r: {"entry": r["entry"].pk, "commendation": "example"},
        )
    },
    # The section assessment: the director sets it and enters the scores; the office and
    # the leaders read the ranking of sections.
    "training:assessment_list": {"GET": Case(LIST)},
    "training:assessment_add": {
        "GET": Case(everyone(403, director=200, other_county=200, anonymous=LOGIN)),
        "POST": Case(
            everyone(403, director=MAY, other_county=MAY, anonymous=LOGIN),
            data={"year": "2027", "title": "2027年度考核", "criteria": "办文质量 100"},
        ),
    },
    "training:assessment_detail": {"GET": Case(READ, record="assessment")},
    # The records behind a section's computed figure: whoever reads the assessment.
    "training:assessment_source": {
        "GET": Case(READ, record={"pk": "assessment", "criterion": "served", "section": "section"})
    },
    "training:assessment_score": {
        "POST": Case(
            web_action("director"),
            record="assessment",
            data=lambda r: {
                "criterion": r["criterion"].pk,
                "section": r["section"].pk,
                "score": "90",
            },
        )
    },
    # The director changes the targets (weights still adding up to 100), corrects or takes
    # back a score, and removes an assessment set up by mistake.
    "training:assessment_edit": {
        "GET": Case(cells(EDIT_PAGE, staff=403, section_head=403), record="assessment"),
        "POST": Case(
            cells(EDIT_POST, staff=403, section_head=403),
            record="assessment",
            data={"title": "2026年度科室考核", "criteria": "办文质量 50\n学习出勤 50 学习"},
        ),
    },
    "training:assessment_delete": {
        "GET": Case(everyone(NO, director=200, anonymous=LOGIN), record="assessment"),
        "POST": Case(everyone(NO, director=MAY, anonymous=LOGIN), record="assessment", data={}),
    },
    "training:score_edit": {
        "GET": Case(cells(EDIT_PAGE, staff=403, section_head=403), record="score"),
        "POST": Case(
            cells(EDIT_POST, staff=403, section_head=403), record="score", data={"score": "92"}
        ),
    },
    "training:score_delete": {
        "GET": Case(everyone(NO, director=200, anonymous=LOGIN), record="score"),
        "POST": Case(everyone(NO, director=MAY, anonymous=LOGIN), record="score", data={}),
    },
    # Grassroots training: a participating unit's liaison reads the course and gives the
    # unit's feedback; the office records who came.
    "training:course_list": {"GET": Case(cells(LIST, unit_liaison=200))},
    "training:course_add": {
        "GET": Case(OFFICE_PAGE),
        "POST": Case(OFFICE_FORM_POST, data={"title": "党办培训", "held_on": "2026-03-12"}),
    },
    "training:course_detail": {"GET": Case(cells(READ, unit_liaison=200), record="course")},
    "training:course_enrol": {
        "POST": Case(
            cells(web_action(*OFFICE), unit_liaison=DECLINED),
            record="course",
            data=lambda r: {"unit": r["township"].pk, "people": "4"},
        )
    },
    "training:course_feedback": {
        "POST": Case(
            web_action(*OFFICE, "unit_liaison"),
            record="course",
            data=lambda r: {"unit": r["township"].pk, "rating": "4", "feedback": "很实用。"},
        )
    },
    # Staff tiers.
    "training:tier_list": {"GET": Case(TIER_PAGE)},
    "training:tier_add": {
        "GET": Case(TIER_PAGE),
        "POST": Case(allowed(everyone(403, other_county=MAY, anonymous=LOGIN), TIERS, MAY)),
    },
    # The admin's training records: the audit administrator reads the sessions; the tiers
    # are no one's there but the director's and the security administrator's (neither uses
    # the admin site).
    "admin:training_studysession_changelist": {
        "GET": Case(everyone(ADMIN_LOGIN, sys_admin=403, audit_admin=200))
    },
    "admin:training_tierchange_changelist": {
        "GET": Case(everyone(ADMIN_LOGIN, sys_admin=403, audit_admin=403))
    },
}

API_ROOT = "/api/v1/training/"
MATERIALS = API_ROOT + "materials/"
SESSIONS = API_ROOT + "sessions/"
DIGESTS = API_ROOT + "digests/"
PAIRS = API_ROOT + "mentoring-pairs/"
NOTES = API_ROOT + "notes/"
# One's own notes: the writer alone finds a note; whoever else may keep notes finds none.
NOTE_LIST = allowed(everyone(403, city=200, other_county=200, anonymous=401), OFFICE, 200)
NOTE_OWN = allowed(everyone(403, city=404, other_county=404, anonymous=401), OFFICE, 404)
API = {
    ("GET", MATERIALS): Case(API_LIST),
    ("POST", MATERIALS): Case(
        API_CREATE, data={"title": "重要讲话", "kind": "speech", "issued_on": "2026-03-02"}
    ),
    ("GET", MATERIALS + "{id}/"): Case(API_READ, record="material"),
    ("GET", SESSIONS): Case(API_LIST),
    ("POST", SESSIONS): Case(
        API_CREATE, data={"kind": "special", "topic": "专题学习", "held_on": "2026-03-12"}
    ),
    ("GET", SESSIONS + "{id}/"): Case(API_READ, record="session"),
    ("POST", SESSIONS + "schedule/"): Case(API_CREATE, data={"year": 2027}),
    ("POST", SESSIONS + "{id}/confirm-attendance/"): Case(
        api_action("staff", "director"), record="session", data=_attendance_body
    ),
    ("PATCH", SESSIONS + "{id}/"): Case(
        api_action(*OFFICE), record="session", data={"topic": "周四集体学习（调整）"}
    ),
    ("GET", NOTES): Case(NOTE_LIST),
    ("POST", NOTES): Case(API_CREATE, data={"read_on": "2026-03-02", "title": "《求是》文章"}),
    ("GET", NOTES + "{id}/"): Case(cells(NOTE_OWN, staff=200), record="note"),
    ("PATCH", NOTES + "{id}/"): Case(
        cells(NOTE_OWN, staff=MAY), record="note", data={"title": "《求是》评论员文章"}
    ),
    ("PATCH", DIGESTS + "{id}/"): Case(
        api_action(*OFFICE), record="digest_draft", data={"foreword": "本期导读。"}
    ),
    ("GET", DIGESTS): Case(API_LIST),
    ("POST", DIGESTS): Case(API_CREATE, data={"year": 2026, "month": 4}),
    ("GET", DIGESTS + "{id}/"): Case(API_READ, record="digest_published"),
    ("POST", DIGESTS + "{id}/articles/"): Case(
        api_action(*OFFICE),
        record="digest_draft",
        data={"focus_area": "urban", "title": "城市提质", "text": "正文。"},
    ),
    ("POST", DIGESTS + "{id}/publish/"): Case(
        api_action("section_head", "director"), record="digest_draft"
    ),
    ("GET", PAIRS): Case(API_LIST),
    ("GET", PAIRS + "{id}/"): Case(API_READ, record="pair"),
    ("POST", PAIRS + "{id}/review/"): Case(
        api_action(*OFFICE), record="pair", data={"held_on": "2026-03-09", "text": "进步明显。"}
    ),
    ("GET", API_ROOT + "competitions/"): Case(API_LIST),
    ("GET", API_ROOT + "competitions/{id}/"): Case(API_READ, record="competition"),
    ("GET", API_ROOT + "assessments/"): Case(API_LIST),
    ("GET", API_ROOT + "assessments/{id}/"): Case(API_READ, record="assessment"),
    ("GET", API_ROOT + "courses/"): Case(cells(API_LIST, unit_liaison=200)),
    ("GET", API_ROOT + "courses/{id}/"): Case(cells(API_READ, unit_liaison=200), record="course"),
    ("GET", API_ROOT + "tiers/"): Case(
        allowed(everyone(403, other_county=200, anonymous=401), TIERS, 200)
    ),
    ("POST", API_ROOT + "tiers/"): Case(
        # County B's director names a person of county A: "does not exist" (400), as for an id
        # that does not exist.
        allowed(everyone(403, other_county=400, anonymous=401), TIERS, MAY),
        data=lambda records: {
            "person": records["staff_user"].pk,
            "tier": "core",
            "reason": "年度评定。",
            "changed_on": "2026-03-09",
        },
    ),
}

KNOWN_GAPS: set = set()
