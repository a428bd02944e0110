from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from office.registry import NavItem

NAV = [
    NavItem(
        _("Official documents"),
        "documents:official_list",
        icon="file-earmark-text",
        permission="documents.view_officialdocument",
        order=40,
    ),
    NavItem(
        _("Manuscripts"),
        "documents:manuscript_list",
        icon="pencil-square",
        permission="documents.view_manuscript",
        order=41,
    ),
    NavItem(
        _("Research visits"),
        "documents:visit_list",
        icon="geo-alt",
        permission="documents.view_researchvisit",
        order=42,
    ),
    NavItem(
        _("Incoming documents"),
        "documents:incoming_list",
        icon="inbox",
        permission="documents.view_incomingdocument",
        order=43,
    ),
    NavItem(
        _("Information reports"),
        "documents:info_list",
        icon="broadcast",
        permission="documents.view_infopiece",
        order=44,
    ),
    NavItem(
        _("Confidential ledger"),
        "documents:confidential_list",
        icon="shield-lock",
        permission="documents.view_confidentialrecord",
        order=45,
    ),
]


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from office.registry import registry

        from . import demo, summary
        from .permissions import ROLE_PERMISSIONS
        from .reminders import CommissionedDeadlines, ConfidentialReturns, FilingDeadlines

        registry.register(
            "documents",
            nav=NAV,
            todos=summary.TODOS,
            figures=summary.ANNUAL_FIGURES,
            widgets=summary.WIDGETS,
            search=summary.SEARCH,
            reminders=[CommissionedDeadlines(), FilingDeadlines(), ConfidentialReturns()],
            demo=demo.seed,
            roles=ROLE_PERMISSIONS,
        )
