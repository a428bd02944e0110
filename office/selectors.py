"""Reads of the core every app uses: who the people of a unit or an office are, and which
units a user may name. Written once here so every app asks the same question the same way."""

from .models import OrgUnit, User
from .roles import Role


def unit_liaisons(unit: OrgUnit | None):
    """The liaisons who receive a unit's daily notices. The unit head gets escalations
    (weekly when overdue), not the liaison's daily notices."""
    if unit is None:
        return User.objects.none()
    return User.objects.filter(
        org_unit=unit, is_active=True, groups__name=Role.UNIT_LIAISON
    ).exclude(pk=unit.head_id or 0)


def unit_members_with_role(unit_ids, role: str):
    """Everyone of these units holding ``role``, the unit head included (a unit-level document
    such as a circular is for the whole unit)."""
    return User.objects.filter(org_unit__in=unit_ids, is_active=True, groups__name=role).distinct()


def office_role_holders(office: OrgUnit | None, role: str):
    """The active holders of ``role`` among the people of an office (its sections and the
    units it owns), e.g. the section heads who check a document sent back to checking."""
    if office is None:
        return User.objects.none()
    return User.objects.filter(org_unit__office=office, groups__name=role, is_active=True)


def office_directors(office: OrgUnit | None):
    """The directors of an office: they decide extensions, approve and close."""
    return office_role_holders(office, Role.DIRECTOR)


def units_outside_scope(user, units) -> list[OrgUnit]:
    """The units among ``units`` that ``user`` may not give work to (another county's, for
    the city office a county's, for a liaison another unit's), in the given order."""
    units = [unit for unit in units if unit is not None]
    visible = set(
        OrgUnit.objects.restrict(user, "change")
        .filter(pk__in=[unit.pk for unit in units])
        .values_list("pk", flat=True)
    )
    return [unit for unit in units if unit.pk not in visible]


def office_leaders(user):
    """The county leaders ``user`` may name on a record of their office (批示领导): the active
    holders of the leader role within the user's "change" scope, so another county's leader
    can never be picked (and the city office, which gives the counties no work, names only its
    own)."""
    return (
        User.objects.restrict(user, "change")
        .filter(is_active=True, groups__name=Role.LEADER)
        .distinct()
        .order_by("org_unit__path", "name", "username")
    )
