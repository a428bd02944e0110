"""Who may read tickets: the office and the units, as for a real record type."""

VIEW = ["view_ticket"]
ROLE_PERMISSIONS = {
    "staff": VIEW,
    "section_head": VIEW,
    "director": VIEW,
    "leader": VIEW,
    "unit_liaison": VIEW,
}
