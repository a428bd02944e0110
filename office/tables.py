import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import OrgUnit, User


class OrgUnitTable(tables.Table):
    name = tables.Column(linkify=True)
    parent = tables.Column()
    office = tables.Column(verbose_name=_("owning office"))
    members = tables.Column(
        verbose_name=_("users"), accessor="member_count", orderable=False, default=0
    )

    class Meta:
        model = OrgUnit
        fields = ("name", "short_name", "kind", "parent", "office", "code", "members", "is_active")
        order_by = ("path",)


class UserTable(tables.Table):
    username = tables.Column(linkify=True)
    roles = tables.Column(verbose_name=_("roles"), accessor="roles", orderable=False)

    class Meta:
        model = User
        fields = (
            "username",
            "name",
            "org_unit",
            "position",
            "phone",
            "roles",
            "is_active",
            "last_login",
        )

    def render_roles(self, value):
        return "、".join(str(v) for v in value)

    def value_roles(self, value):
        return "、".join(str(v) for v in value)
