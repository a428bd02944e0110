from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.registry import NavItem
from office.roles import OFFICE_AND_LEADERS

NAV = [
    NavItem(
        _("Key reform tasks"),
        "reforms:task_list",
        icon="lightning-charge",
        permission="reforms.view_keytask",
        order=50,
    ),
    NavItem(
        _("Reform pilots"),
        "reforms:pilot_list",
        icon="flag",
        permission="reforms.view_pilot",
        order=51,
    ),
    NavItem(
        _("Honours"),
        "reforms:honour_list",
        icon="award",
        permission="reforms.view_honour",
        order=52,
    ),
    NavItem(
        _("Reform at a glance"),
        "reforms:dashboard",
        icon="graph-up",
        roles=OFFICE_AND_LEADERS,
        permission="reforms.view_keytask",
        order=53,
    ),
]


class ReformsConfig(AppConfig):
    name = "reforms"
    verbose_name = _("Reforms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office.registry import registry

        from . import demo, summary
        from .permissions import ROLE_PERMISSIONS
        from .reminders import MilestoneDeadlines

        registry.register(
            "reforms",
            nav=NAV,
            todos=summary.TODOS,
            figures=summary.ANNUAL_FIGURES,
            widgets=summary.WIDGETS,
            search=summary.SEARCH,
            reminders=[MilestoneDeadlines()],
            demo=demo.seed,
            roles=ROLE_PERMISSIONS,
        )
