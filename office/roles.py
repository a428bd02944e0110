"""The roles of the office (product.md). Each is a Django group named by its code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Office staff")
    SECTION_HEAD = "section_head", _("Section head")
    DIRECTOR = "director", _("Office director")
    LEADER = "leader", _("County leader")
    UNIT_LIAISON = "unit_liaison", _("Unit liaison")
    LEGAL_ADVISER = "legal_adviser", _("Legal adviser")
    CONFIDENTIAL_CLERK = "confidential_clerk", _("Confidential clerk")
    SYS_ADMIN = "sys_admin", _("System administrator")
    SEC_ADMIN = "sec_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


# Roles whose members work for the office itself and see all of its records; a unit liaison
# works for a township or department and sees only that unit's records.
# Plain strings: an enum member hashes by its name, so it would not match a group name in a set.
OFFICE_WIDE_ROLES = frozenset(set(Role.values) - {Role.UNIT_LIAISON.value})

# The role groups every app's rules are written with.
# The office side registers and drives the work (立项、交办、催办, drafts, meetings).
OFFICE_ROLES = (Role.STAFF, Role.SECTION_HEAD, Role.DIRECTOR)
# The unit side does the work of a township or department; the office may act for a unit.
UNIT_ROLES = (Role.UNIT_LIAISON, *OFFICE_ROLES)
# Who writes instructions and comments on the work (县领导, and the director for them).
LEADER_ROLES = (Role.LEADER, Role.DIRECTOR)
# Who steers and reads the office's work as a whole: the office side and the county leaders.
OFFICE_AND_LEADERS = (*OFFICE_ROLES, Role.LEADER)


def acts_for_unit(user, unit_id) -> bool:
    """Unit-side work on a record belongs to that unit's liaison; the office side may act for
    any unit of its office (the record's scope is checked separately)."""
    if user.has_role(*OFFICE_ROLES):
        return True
    return user.has_role(Role.UNIT_LIAISON) and unit_id is not None and user.org_unit_id == unit_id


# The city's shared library of good practices: the office side writes its own office's, and
# the office side and the county leaders read and comment on those shared in the city.
PRACTICE_WRITER_PERMISSIONS = [
    "view_goodpractice",
    "add_goodpractice",
    "change_goodpractice",
    "view_practicecomment",
    "add_practicecomment",
]
PRACTICE_READER_PERMISSIONS = [
    "view_goodpractice",
    "view_practicecomment",
    "add_practicecomment",
]

# Model permissions each role gets on the core's models (app_label.codename). Apps add their
# own in their migrations through office.roles.grant().
CORE_PERMISSIONS = {
    Role.STAFF: ["view_orgunit", "view_user", "view_holiday", *PRACTICE_WRITER_PERMISSIONS],
    Role.SECTION_HEAD: [
        "view_orgunit",
        "view_user",
        "view_holiday",
        *PRACTICE_WRITER_PERMISSIONS,
    ],
    Role.DIRECTOR: ["view_orgunit", "view_user", "view_holiday", *PRACTICE_WRITER_PERMISSIONS],
    Role.LEADER: ["view_orgunit", "view_user", "view_holiday", *PRACTICE_READER_PERMISSIONS],
    Role.UNIT_LIAISON: ["view_orgunit", "view_user"],
    Role.LEGAL_ADVISER: ["view_orgunit", "view_user"],
    Role.CONFIDENTIAL_CLERK: ["view_orgunit", "view_user"],
    Role.SYS_ADMIN: [
        "view_orgunit",
        "view_user",
        "add_holiday",
        "change_holiday",
        "delete_holiday",
        "view_holiday",
    ],
    Role.SEC_ADMIN: [
        "view_orgunit",
        "add_orgunit",
        "change_orgunit",
        "view_user",
        "add_user",
        "change_user",
    ],
    Role.AUDIT_ADMIN: [
        "view_orgunit",
        "view_user",
        "view_transitionlog",
        "view_reminder",
        "view_classifiedrefusal",
    ],
}


def grant(apps, role_permissions: dict, app_label: str) -> None:
    """Give groups model permissions; for use in data migrations (hence ``apps``)."""
    from django.contrib.auth.management import create_permissions

    # In a migration the app config is a stub without models_module, which create_permissions
    # checks; permissions otherwise only appear after the whole migrate run (post_migrate).
    app_config = apps.get_app_config(app_label)
    is_stub = getattr(app_config, "models_module", None) is None
    if is_stub:
        app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    if is_stub:
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in role_permissions.items():
        group, _created = Group.objects.get_or_create(name=str(role))
        perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.add(*perms)


# Each app's role permissions (the core's too), handed over by its registry.register(...,
# roles=...) call in AppConfig.ready(), so sync_roles can restore them all (after a database
# flush, or when an admin has edited the groups by hand).
_APP_PERMISSIONS: dict[str, dict] = {}


def register_permissions(app_label: str, role_permissions: dict) -> None:
    """Called by office.registry.Registry.register; apps pass ``roles=`` there instead."""
    _APP_PERMISSIONS[app_label] = role_permissions


def sync_roles() -> None:
    """Create every role's group and give it the permissions its apps declare (idempotent)."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    for code in Role.values:
        Group.objects.get_or_create(name=code)
    for app_label, role_permissions in _APP_PERMISSIONS.items():
        grant(apps, role_permissions, app_label)
