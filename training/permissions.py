"""The roles' permissions on training records (granted by migration 0003 and by
office.roles.sync_roles).

The library, the sessions and the digests are the whole office's: its staff, section heads
and director keep them, the county's leaders read them. A unit liaison works for a township
or department and does not read the office's study records. Staff tiers are the director's
(and the security administrator's, who maintains them): nobody else has any permission on
them, so no page, API, export or admin list shows them.
"""

READ = [
    "view_studymaterial",
    "view_materialattachment",
    "view_studysession",
    "view_sessionattendance",
    "view_sessionphoto",
    "view_theorydigest",
    "view_digestarticle",
    "view_mentoringpair",
    "view_mentoringreview",
    "view_competition",
    "view_competitionentry",
    "view_judgescore",
    "view_assessment",
    "view_criterion",
    "view_sectionscore",
    "view_grassrootscourse",
    "view_courseparticipation",
]
KEEP = [
    *READ,
    "add_studymaterial",
    "change_studymaterial",
    "add_studysession",
    "change_studysession",
    "add_theorydigest",
    "change_theorydigest",
    "view_selfstudynote",
    "add_selfstudynote",
    "change_selfstudynote",
    "delete_selfstudynote",
    "change_digestarticle",
    "delete_digestarticle",
    "add_competition",
    "change_competition",
    "add_grassrootscourse",
    "change_grassrootscourse",
]
TIERS = ["view_tierchange", "add_tierchange"]

ROLE_PERMISSIONS = {
    "staff": KEEP,
    "section_head": KEEP,
    "director": [
        *KEEP,
        "add_mentoringpair",
        "change_mentoringpair",
        "delete_mentoringpair",
        "add_assessment",
        "change_assessment",
        "delete_assessment",
        "change_sectionscore",
        "delete_sectionscore",
        *TIERS,
    ],
    "leader": READ,
    "audit_admin": READ,
    "sec_admin": TIERS,
    # A participating unit's liaison reads its courses and gives the unit's feedback.
    "unit_liaison": ["view_grassrootscourse", "view_courseparticipation"],
}
