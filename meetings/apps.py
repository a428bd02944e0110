from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.registry import NavItem
from office.roles import OFFICE_AND_LEADERS, Role

NAV = [
    NavItem(
        _("Meetings"),
        "meetings:meeting_list",
        icon="calendar3",
        permission="meetings.view_meeting",
        order=40,
    ),
    NavItem(
        _("First-topic study ledger"),
        "meetings:study_ledger",
        icon="book",
        roles=(*OFFICE_AND_LEADERS, Role.AUDIT_ADMIN),
        permission="meetings.view_agendaitem",
        order=41,
    ),
    NavItem(
        _("Meeting decisions"),
        "meetings:decision_list",
        icon="check2-circle",
        permission="meetings.view_decision",
        order=42,
    ),
]


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office.registry import registry

        from . import demo, summary
        from .permissions import ROLE_PERMISSIONS
        from .reminders import ChecklistDeadlines

        registry.register(
            "meetings",
            nav=NAV,
            todos=summary.TODOS,
            figures=summary.ANNUAL_FIGURES,
            widgets=summary.WIDGETS,
            search=summary.SEARCH,
            reminders=[ChecklistDeadlines()],
            demo=demo.seed,
            roles=ROLE_PERMISSIONS,
        )
