from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.registry import NavItem
from office.roles import OFFICE_AND_LEADERS, Role

NAV = [
    NavItem(
        _("Supervision ledger"),
        "supervision:item_list",
        icon="clipboard-check",
        permission="supervision.view_item",
        order=30,
    ),
    NavItem(
        _("Red list"),
        "supervision:red_list",
        icon="exclamation-octagon",
        roles=OFFICE_AND_LEADERS,
        order=31,
    ),
    NavItem(
        _("Supervision dashboard"),
        "supervision:dashboard",
        icon="bar-chart",
        roles=(*OFFICE_AND_LEADERS, Role.AUDIT_ADMIN),
        order=32,
    ),
    NavItem(
        _("Circulars"),
        "supervision:circular_list",
        icon="megaphone",
        permission="supervision.view_circular",
        order=33,
    ),
]


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office.registry import registry

        from . import bench, demo, scale, summary, workload
        from .permissions import ROLE_PERMISSIONS
        from .reminders import ItemDeadlines

        registry.register(
            "supervision",
            nav=NAV,
            todos=summary.TODOS,
            workload=workload.WORKLOAD,
            figures=summary.ANNUAL_FIGURES,
            widgets=summary.WIDGETS,
            search=summary.SEARCH,
            reminders=[ItemDeadlines()],
            demo=demo.seed,
            scale=scale.generate,
            bench=bench.pages,
            roles=ROLE_PERMISSIONS,
        )
