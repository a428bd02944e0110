from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office import reminders
        from office.registry import NavItem, registry

        from . import summary
        from .reminders import ItemDeadlines

        reminders.register(ItemDeadlines())
        registry.add_nav(
            NavItem(_("Supervision"), "supervision:item_list", icon="clipboard-check", order=30),
        )
        summary.register(registry)
