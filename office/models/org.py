from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.roles import OFFICE_WIDE_ROLES, Role

from .scoping import RestrictedQuerySet


class OrgUnitKind(models.TextChoices):
    CITY_OFFICE = "city_office", _("City Party committee office")
    COUNTY_COMMITTEE = "county_committee", _("County Party committee")
    COUNTY_OFFICE = "county_office", _("County Party committee office")
    SECTION = "section", _("Section")
    TOWNSHIP = "township", _("Township")
    DEPARTMENT = "department", _("County department")


OFFICE_KINDS = (OrgUnitKind.CITY_OFFICE, OrgUnitKind.COUNTY_OFFICE)


class OrgUnitQuerySet(RestrictedQuerySet):
    def offices(self):
        return self.filter(kind__in=OFFICE_KINDS)

    def responsible_units(self):
        """Units that can be given work: townships, departments and sections."""
        return self.filter(
            kind__in=[OrgUnitKind.TOWNSHIP, OrgUnitKind.DEPARTMENT, OrgUnitKind.SECTION]
        )


class OrgUnit(models.Model):
    """A unit of the org tree: the city office, a county committee, its office, a section,
    a township or a county department. ``office`` is the office that owns the unit's records
    (an office owns itself); ``path`` is the materialised path of ids, for subtree queries."""

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    office = models.ForeignKey(
        "self",
        verbose_name=_("owning office"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="owned_units",
    )
    code = models.CharField(_("code"), max_length=30, blank=True)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    head = models.ForeignKey(
        "office.User",
        verbose_name=_("unit head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
        help_text=_("Receives escalated reminders, e.g. weekly when an item is overdue."),
    )
    history = HistoricalRecords()

    objects = OrgUnitQuerySet.as_manager()
    scope_office_field = "office"
    scope_unit_fields = ("pk",)

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="orgunit_unique_name_per_parent",
                violation_error_message=_(
                    "A unit with this name already exists under that parent."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Keeping the tree's derived columns right is data integrity, not business logic:
        # every writer (services, admin, seed) must get it, so it lives here.
        old_path = self.path
        super().save(*args, **kwargs)
        self.path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        self.office = self.find_owning_office()
        type(self).objects.filter(pk=self.pk).update(path=self.path, office=self.office)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    def get_absolute_url(self):
        return reverse("orgunit_detail", args=[self.pk])

    @property
    def is_office(self) -> bool:
        return self.kind in OFFICE_KINDS

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
            ancestor = ancestor.parent

    def find_owning_office(self):
        if self.is_office:
            return self
        if self.kind == OrgUnitKind.COUNTY_COMMITTEE:
            # A committee's records belong to its own office, not to the city office above it.
            return self.children.filter(kind=OrgUnitKind.COUNTY_OFFICE).first() if self.pk else None
        node = self.parent
        while node is not None:
            if node.is_office:
                return node
            if node.kind == OrgUnitKind.COUNTY_COMMITTEE:
                return node.children.filter(kind=OrgUnitKind.COUNTY_OFFICE).first()
            node = node.parent
        return None


class OfficeUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    pass


class User(AbstractUser):
    """A person using the system: office staff, a leader, a unit liaison or an admin."""

    name = models.CharField(_("full name"), max_length=50, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = OfficeUserManager()
    scope_office_field = "org_unit__office"
    scope_unit_fields = ("org_unit",)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["org_unit__path", "username"]

    def __str__(self):
        return self.name or self.username

    def get_absolute_url(self):
        return reverse("user_detail", args=[self.pk])

    def get_full_name(self):
        return self.name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        # Iterating .all() lets a list view prefetch the groups once for every row.
        return frozenset(group.name for group in self.groups.all())

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.role_codes.intersection(map(str, roles)))

    @property
    def roles(self) -> list[str]:
        labels = dict(Role.choices)
        return [labels[code] for code in Role.values if code in self.role_codes]

    @property
    def sees_own_unit_only(self) -> bool:
        """Whoever holds no office-wide role (a liaison, a unit head, or someone given no
        role yet) sees only their own unit's records."""
        return not (self.role_codes & OFFICE_WIDE_ROLES)

    @property
    def office(self):
        return self.org_unit.office if self.org_unit_id else None

    @property
    def in_city_office(self) -> bool:
        """Works in the city office, which reads every county's records: its pages roll
        up by county where a county's pages roll up by unit."""
        office = self.office
        return office is not None and office.kind == OrgUnitKind.CITY_OFFICE
