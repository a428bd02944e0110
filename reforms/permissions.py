"""The roles' permissions on reform records (granted by migration 0002 and by
office.roles.sync_roles)."""

VIEW = [
    "view_keytask",
    "view_milestone",
    "view_milestonereport",
    "view_pilot",
    "view_honour",
]
OFFICE = [
    *VIEW,
    "add_keytask",
    "change_keytask",
    "change_milestone",
    "add_milestonereport",
    "add_pilot",
    "change_pilot",
    "add_honour",
    "change_honour",
]

ROLE_PERMISSIONS = {
    "staff": OFFICE,
    "section_head": OFFICE,
    "director": OFFICE,
    "leader": VIEW,
    "unit_liaison": [*VIEW, "add_milestonereport"],
    "audit_admin": VIEW,
}
