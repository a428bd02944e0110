from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.registry import NavItem

# One entry: the reform pages lead to each other by the tabs above them (templates/reforms/
# partials/subnav.html), so the top menu keeps room for the other lines of work.
NAV = [
    NavItem(
        _("Reforms"),
        "reforms:task_list",
        icon="lightning-charge",
        permission="reforms.view_keytask",
        order=50,
    ),
]


class ReformsConfig(AppConfig):
    name = "reforms"
    verbose_name = _("Reforms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office.registry import registry

        from . import bench, demo, scale, summary, workload
        from .permissions import ROLE_PERMISSIONS
        from .reminders import MilestoneDeadlines

        registry.register(
            "reforms",
            nav=NAV,
            todos=summary.TODOS,
            workload=workload.WORKLOAD,
            figures=summary.ANNUAL_FIGURES,
            widgets=summary.WIDGETS,
            search=summary.SEARCH,
            reminders=[MilestoneDeadlines()],
            demo=demo.seed,
            scale=scale.generate,
            bench=bench.pages,
            roles=ROLE_PERMISSIONS,
        )
