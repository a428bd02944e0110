from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.registry import NavItem
from office.roles import Role

# The sections of documents (文稿与公文), each behind its view permission: the menu has one
# entry (the top bar cannot take one per section), the sections are tabs on the lists
# (documents.views.SECTIONS). Whoever sees only one section (the confidential clerk: the
# ledger) gets that one in the menu instead; a unit's liaison gets information beside the
# register, where it finds the documents its unit countersigns (会签).
NAV = [
    NavItem(
        _("Documents"),
        "documents:official_list",
        icon="file-earmark-text",
        permission="documents.view_officialdocument",
        order=40,
    ),
    NavItem(
        _("Information reports"),
        "documents:info_list",
        icon="broadcast",
        roles=(Role.UNIT_LIAISON,),
        permission="documents.view_infopiece",
        order=41,
    ),
    NavItem(
        _("Confidential ledger"),
        "documents:confidential_list",
        icon="shield-lock",
        roles=(Role.CONFIDENTIAL_CLERK,),
        permission="documents.view_confidentialrecord",
        order=42,
    ),
]


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office.registry import registry

        from . import bench, demo, scale, summary, workload
        from .permissions import ROLE_PERMISSIONS
        from .reminders import CommissionedDeadlines, ConfidentialReturns, FilingDeadlines

        registry.register(
            "documents",
            nav=NAV,
            todos=summary.TODOS,
            workload=workload.WORKLOAD,
            figures=summary.ANNUAL_FIGURES,
            widgets=summary.WIDGETS,
            search=summary.SEARCH,
            reminders=[CommissionedDeadlines(), FilingDeadlines(), ConfidentialReturns()],
            demo=demo.seed,
            scale=scale.generate,
            bench=bench.pages,
            roles=ROLE_PERMISSIONS,
        )
