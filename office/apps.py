from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Neither imports a model, so both are safe before the app registry is ready.
from .registry import DashboardWidget, NavItem, registry
from .roles import CORE_PERMISSIONS, OFFICE_AND_LEADERS, Role


def works_in_city_office(user) -> bool:
    return user.in_city_office


# What the core itself contributes; apps add theirs in their own ready().
CORE_NAV = [
    NavItem(_("Home"), "home", icon="house", order=0),
    NavItem(_("Notifications"), "notification_list", icon="bell", order=90),
    NavItem(
        _("Annual summary"),
        "annual_summary",
        icon="journal-text",
        roles=OFFICE_AND_LEADERS,
        order=80,
    ),
    NavItem(
        _("Counties compared"),
        "county_comparison",
        icon="columns-gap",
        roles=OFFICE_AND_LEADERS,
        when=works_in_city_office,
        order=81,
    ),
    NavItem(
        _("Good practices"),
        "practice_list",
        icon="lightbulb",
        roles=OFFICE_AND_LEADERS,
        order=82,
    ),
    NavItem(
        _("Org units"),
        "orgunit_list",
        icon="diagram-3",
        roles=(Role.SEC_ADMIN, Role.SYS_ADMIN, Role.DIRECTOR, Role.STAFF),
        section=_("Administration"),
        order=900,
    ),
    NavItem(
        _("Users"),
        "user_list",
        icon="people",
        roles=(Role.SEC_ADMIN, Role.SYS_ADMIN, Role.AUDIT_ADMIN, Role.DIRECTOR),
        section=_("Administration"),
        order=910,
    ),
    NavItem(
        _("System admin"),
        "admin:index",
        icon="gear",
        roles=(Role.SYS_ADMIN, Role.AUDIT_ADMIN),
        section=_("Administration"),
        order=990,
    ),
]


def _shared_practices(user):
    from .practices import practices_shared_with

    return practices_shared_with(user)


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("Office core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_save

        from . import annual, data_version, demo, guard, reminders, workload
        from .middleware import start_idle_clock
        from .models import GoodPractice
        from .registry import SearchSource

        # Every save of every model passes the classified-marker guard (office/guard.py says
        # why this one guard is a signal).
        pre_save.connect(guard.guard_instance, dispatch_uid="office.guard")
        user_logged_in.connect(start_idle_clock, dispatch_uid="office.idle_clock")
        # What is cached from the records (home cards, figures) is stale once one changes.
        data_version.connect()

        registry.register(
            "office",
            nav=CORE_NAV,
            reminders=[reminders.TodoDeadlines()],
            widgets=[
                DashboardWidget(
                    "office.headline_figures",
                    _("Key figures of the year"),
                    template="office/widgets/headline_figures.html",
                    context=annual.headline_widget_context,
                    roles=(Role.LEADER, Role.DIRECTOR),
                    order=10,
                ),
                DashboardWidget(
                    "office.workload",
                    _("The office's week"),
                    template="office/widgets/workload.html",
                    context=workload.director_widget_context,
                    roles=(Role.DIRECTOR,),
                    order=12,
                ),
            ],
            search=[
                # The published practices of the offices under the user's city office.
                SearchSource(
                    "office.practices",
                    _("Good practices"),
                    GoodPractice,
                    fields=("summary", "text"),
                    detail=lambda practice: str(practice.owning_office),
                    select_related=("owning_office",),
                    restrict=_shared_practices,
                )
            ],
            demo=demo.seed,  # seed_demo runs it before any app's
            roles=CORE_PERMISSIONS,
        )
