"""The roles' permissions on documents (granted by migration 0002 and by sync_roles).

The legal adviser reads official documents (to review them) but not manuscripts or visits;
the leaders read what the office prepares for them."""

OFFICIAL_VIEW = ["view_officialdocument"]
VIEW = [
    *OFFICIAL_VIEW,
    "view_manuscript",
    "view_manuscriptversion",
    "view_researchvisit",
    "view_incomingdocument",
    "view_infopiece",
    "view_infotopic",
]
OFFICE = [
    *VIEW,
    "add_officialdocument",
    "change_officialdocument",
    "add_manuscript",
    "change_manuscript",
    "add_researchvisit",
    "change_researchvisit",
    "add_incomingdocument",
    "change_incomingdocument",
    "add_infopiece",
    "change_infopiece",
    "add_infotopic",
    "change_infotopic",
]

# The confidential ledger: the confidential clerk and the director, nobody else.
CONFIDENTIAL = [
    "view_confidentialrecord",
    "add_confidentialrecord",
    "change_confidentialrecord",
]

ROLE_PERMISSIONS = {
    "staff": OFFICE,
    "section_head": OFFICE,
    "director": [*OFFICE, *CONFIDENTIAL],
    "confidential_clerk": CONFIDENTIAL,
    "leader": VIEW,
    "legal_adviser": OFFICIAL_VIEW,
    # A unit submits its information, follows its adoption and reads the topics its county
    # office publishes to the units (scoped by InfoTopic.scope_unit_fields).
    # It also reads (and countersigns, 会签) the official documents naming it as a
    # countersigning unit, OfficialDocument.scope_unit_fields and scope_rule.
    "unit_liaison": ["view_infopiece", "add_infopiece", "view_infotopic", "view_officialdocument"],
    "audit_admin": VIEW,
}
