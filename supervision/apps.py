from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office import reminders
        from office.registry import NavItem, registry
        from office.roles import Role, register_permissions

        from . import summary
        from .permissions import ROLE_PERMISSIONS
        from .reminders import ItemDeadlines

        reminders.register(ItemDeadlines())
        register_permissions("supervision", ROLE_PERMISSIONS)
        office_side = (Role.STAFF, Role.SECTION_HEAD, Role.DIRECTOR, Role.LEADER)
        registry.add_nav(
            NavItem(_("Supervision"), "supervision:item_list", icon="clipboard-check", order=30),
            NavItem(
                _("Red list"),
                "supervision:red_list",
                icon="exclamation-octagon",
                roles=office_side,
                order=31,
            ),
            NavItem(
                _("Supervision dashboard"),
                "supervision:dashboard",
                icon="bar-chart",
                roles=(*office_side, Role.AUDIT_ADMIN),
                order=32,
            ),
            NavItem(
                _("Circulars"),
                "supervision:circular_list",
                icon="megaphone",
                permission="supervision.view_circular",
                order=33,
            ),
        )
        summary.register(registry)
