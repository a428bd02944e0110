"""The roles' permissions on meeting records (granted by migration 0002 and by
office.roles.sync_roles)."""

VIEW = [
    "view_meeting",
    "view_agendaitem",
    "view_material",
    "view_checklisttask",
    "view_minutesversion",
    "view_decision",
    "view_annualplan",
    "view_attendance",
]
OFFICE = [*VIEW, "add_meeting", "change_meeting"]
TEMPLATES = [
    "view_checklisttemplate",
    "add_checklisttemplate",
    "change_checklisttemplate",
    "delete_checklisttemplate",
]

ROLE_PERMISSIONS = {
    "staff": OFFICE,
    "section_head": OFFICE,
    "director": [*OFFICE, "add_annualplan", "change_annualplan", *TEMPLATES],
    "leader": VIEW,
    "unit_liaison": [*VIEW, "add_meeting", "change_meeting"],
    "audit_admin": VIEW,
    # The system administrator keeps the checklist templates in the admin.
    "sys_admin": TEMPLATES,
}
