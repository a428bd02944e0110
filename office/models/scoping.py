"""Row-level scoping: the one mechanism that decides which records a user may see.

Every domain queryset inherits ``RestrictedQuerySet`` and every generic view and API viewset
calls ``.restrict(user, action)``, so a record out of scope is a 404, never a leak.

A model says where its owning office and its unit are with two class attributes:
``scope_office_field`` (path to the owning office, an OrgUnit) and ``scope_unit_fields``
(paths to units whose liaisons may see the record).
"""

from django.db import models
from django.db.models import Q


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        scope = user_scope(user)
        if scope is None:
            return self.none()
        return self.filter(scope.filter_for(self.model, action)).distinct()


class UserScope:
    """What part of the org tree a user works in."""

    def __init__(self, *, office=None, unit=None):
        self.office = office
        self.unit = unit

    def filter_for(self, model, action: str) -> Q:
        if self.unit is not None:
            fields = getattr(model, "scope_unit_fields", ())
            if not fields:
                return Q(pk__in=[])
            q = Q()
            for field in fields:
                q |= Q(**{field: self.unit.pk})
            return q
        office_field = model.scope_office_field
        if self.office.kind == "city_office":
            # The city office sees everything under it.
            return Q(**{f"{office_field}__path__startswith": self.office.path})
        return Q(**{office_field: self.office})


def user_scope(user) -> UserScope | None:
    """The scope of an authenticated user, or None when they belong to no unit."""
    unit = user.org_unit
    if unit is None:
        return None
    if user.sees_own_unit_only:
        return UserScope(unit=unit)
    if unit.office_id is None:
        return None
    return UserScope(office=unit.office)
