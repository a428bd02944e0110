from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.registry import NavItem

NAV = [
    NavItem(
        _("Meetings"),
        "meetings:meeting_list",
        icon="calendar3",
        permission="meetings.view_meeting",
        order=40,
    ),
]


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office.registry import registry

        from . import bench, demo, scale, summary, workload
        from .permissions import ROLE_PERMISSIONS
        from .reminders import ChecklistDeadlines

        registry.register(
            "meetings",
            nav=NAV,
            todos=summary.TODOS,
            workload=workload.WORKLOAD,
            figures=summary.ANNUAL_FIGURES,
            widgets=summary.WIDGETS,
            search=summary.SEARCH,
            reminders=[ChecklistDeadlines()],
            demo=demo.seed,
            scale=scale.generate,
            bench=bench.pages,
            roles=ROLE_PERMISSIONS,
        )
