"""The roles' permissions on supervision records (granted by migration 0002 and by
office.roles.sync_roles)."""

VIEW = ["view_item", "view_progressreport", "view_extensionrequest", "view_circular"]
OFFICE = [*VIEW, "add_item", "change_item", "add_circular", "change_circular"]

ROLE_PERMISSIONS = {
    "staff": OFFICE,
    "section_head": OFFICE,
    "director": [*OFFICE, "change_extensionrequest"],
    "leader": VIEW,
    "unit_liaison": [*VIEW, "add_progressreport", "add_extensionrequest"],
    "audit_admin": VIEW,
}
