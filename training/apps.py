from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.registry import NavItem
from office.roles import Role

# One entry in the top menu; the app's own pages are tabs under it (training.views.SECTIONS).
NAV = [
    NavItem(
        _("Study and team building"),
        "training:session_list",
        icon="mortarboard",
        permission="training.view_studysession",
        order=50,
    ),
    # A township's or department's liaison: the courses their unit took part in.
    NavItem(
        _("Grassroots training"),
        "training:course_list",
        icon="easel",
        roles=(Role.UNIT_LIAISON,),
        permission="training.view_grassrootscourse",
        order=51,
    ),
]


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office.registry import registry

        from . import bench, demo, scale, summary
        from .permissions import ROLE_PERMISSIONS
        from .reminders import MentoringReviews

        registry.register(
            "training",
            nav=NAV,
            todos=summary.TODOS,
            figures=summary.ANNUAL_FIGURES,
            widgets=summary.WIDGETS,
            search=summary.SEARCH,
            reminders=[MentoringReviews()],
            demo=demo.seed,
            scale=scale.generate,
            bench=bench.pages,
            roles=ROLE_PERMISSIONS,
        )
