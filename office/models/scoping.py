"""Row-level scoping: the one mechanism that decides which records a user may see or change.

Every domain queryset inherits ``RestrictedQuerySet`` and every generic view and API viewset
calls ``.restrict(user, action)``, so a record out of scope is a 404, never a leak.

A model says where its owning office and its unit are with two class attributes:
``scope_office_field`` (path to the owning office, an OrgUnit) and ``scope_unit_fields``
(paths to units whose liaisons may see the record). A model whose scope has a further rule
(a draft only its office sees) adds it in ``scope_rule(scope, action) -> Q``.

``action`` is "view" or anything else (a change): the city office views the records of the
counties under it, to compare and supervise, but changes only its own.

A record an office shares with the other offices under its city (a good practice it
publishes) says which of its records are shared with ``scope_shared_in_city = Q(...)``: those
are widened for VIEW, never for a change, to every office under the same city office (the
ancestor OrgUnit of kind city_office on the owning office's path), the city office included.
Such a model's other records stay with their own office, for the city office too.
"""

from django.db import models
from django.db.models import Q

VIEW = "view"


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        scope = user_scope(user)
        if scope is None:
            return self.none()
        if scope.unit is not None and _spans_many(self.model, scope):
            # A liaison's scope may join a many-valued relation (cooperating units), which
            # would repeat rows: filter by the permitted ids instead, so a list can still
            # annotate, order and count without .distinct(). The ids are a UNION of one
            # indexed lookup per path: an OR across the join would scan every record.
            paths = self.model.scope_unit_fields
            manager = self.model._base_manager
            parts = [
                manager.filter(**{path: scope.unit.pk}).order_by().values("pk") for path in paths
            ]
            permitted = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
            return self.filter(pk__in=permitted).filter(_extra_rule(self.model, scope, action))
        return self.filter(scope.filter_for(self.model, action))

    def for_office(self, office):
        """Every record of one office (for a city office: of the counties under it too), the
        way a figure or a circular counts them, whoever asks."""
        return self.filter(UserScope(office=office, shared=False).filter_for(self.model, VIEW))


def _spans_many(model, scope) -> bool:
    for path in getattr(model, "scope_unit_fields", ()):
        relation_model = model
        for name in path.split("__"):
            if name == "pk":
                break
            field = relation_model._meta.get_field(name)
            if field.many_to_many or field.one_to_many:
                return True
            relation_model = field.related_model
    return False


class UserScope:
    """What part of the org tree a user works in."""

    def __init__(self, *, office=None, unit=None, shared=True):
        self.office = office
        self.unit = unit
        # Whether records shared in the city (scope_shared_in_city) are widened to this scope.
        self.shared = shared

    def filter_for(self, model, action: str) -> Q:
        return self._base_filter(model, action) & _extra_rule(model, self, action)

    def _base_filter(self, model, action: str) -> Q:
        if self.unit is not None:
            fields = getattr(model, "scope_unit_fields", ())
            if not fields:
                return Q(pk__in=[])
            q = Q()
            for field in fields:
                q |= Q(**{field: self.unit.pk})
            return q
        office_field = model.scope_office_field
        shared = getattr(model, "scope_shared_in_city", None)
        if shared is not None and action == VIEW:
            own = Q(**{office_field: self.office})
            city = city_office_of(self.office) if self.shared else None
            if city is None:
                return own
            return own | (shared & Q(**{f"{office_field}__in": subtree_office_ids(city)}))
        if self.office.kind == "city_office" and action == VIEW:
            # The city office sees everything under it, and changes only its own records. The
            # offices are resolved first (one small query): a filter on the owning office's
            # id lets an index serve the list's sort, where a join on the path would not.
            return Q(**{f"{office_field}__in": subtree_office_ids(self.office)})
        return Q(**{office_field: self.office})


def city_office_of(office):
    """The city office an office belongs to (itself for the city office), or None: the
    nearest ancestor of kind city_office on its materialised path. Remembered on the office
    object, so a page asking several times costs one query."""
    if office is None:
        return None
    if office.kind == "city_office":
        return office
    if not hasattr(office, "_city_office"):
        from .org import OrgUnit

        ids = [int(part) for part in office.path.strip("/").split("/") if part]
        office._city_office = (
            OrgUnit.objects.filter(pk__in=ids, kind="city_office").order_by("-path").first()
        )
    return office._city_office


def subtree_office_ids(office) -> list[int]:
    """The ids of the offices at or under ``office`` (a city office's counties), read once per
    office instance, so once per request."""
    cached = getattr(office, "_subtree_office_ids", None)
    if cached is None or cached[0] != office.path:
        from .org import OFFICE_KINDS, OrgUnit

        ids = list(
            OrgUnit._base_manager.filter(path__startswith=office.path, kind__in=OFFICE_KINDS)
            .order_by()
            .values_list("pk", flat=True)
        )
        cached = (office.path, ids)
        office._subtree_office_ids = cached
    return cached[1]


def _extra_rule(model, scope: UserScope, action: str) -> Q:
    rule = getattr(model, "scope_rule", None)
    return rule(scope, action) if rule is not None else Q()


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


def in_scope(user, obj, action: str = VIEW) -> bool:
    """Whether one record is in the user's scope (one query): the services' second line of
    defence behind the views."""
    return type(obj).objects.filter(pk=obj.pk).restrict(user, action).exists()
