"""The admin of documents, for looking things up (scoped to the admin user's county, with
history). Records are made and moved in the app: numbering, sign-off and versions are the
services' work, so here everything the workflow moves is read-only and nothing is added."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from office.admin import RestrictedAdminMixin

from .models import (
    IncomingDocument,
    InfoPiece,
    InfoTopic,
    Manuscript,
    OfficialDocument,
    ResearchVisit,
)


class ReadOnlyFlowMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficialDocument)
class OfficialDocumentAdmin(ReadOnlyFlowMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("number", "title", "doc_type", "status", "issued_on")
    list_filter = ("status", "doc_type", "is_normative")
    search_fields = ("title", "number")
    readonly_fields = (
        "owning_office",
        "status",
        "drafter",
        "legal_opinion",
        "legal_reviewer",
        "signed_on",
        "year",
        "sequence",
        "number",
        "issued_on",
        "quota_override_reason",
        "filing_due",
        "archived_on",
        "voided_on",
        "void_reason",
    )


@admin.register(Manuscript)
class ManuscriptAdmin(ReadOnlyFlowMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "kind", "status", "characters", "delivered_on")
    list_filter = ("status", "kind")
    search_fields = ("title",)
    readonly_fields = ("owning_office", "status", "text", "characters", "delivered_on", "author")


@admin.register(ResearchVisit)
class ResearchVisitAdmin(ReadOnlyFlowMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("topic", "visiting_body", "level", "start_date")
    readonly_fields = ("owning_office",)


@admin.register(IncomingDocument)
class IncomingDocumentAdmin(ReadOnlyFlowMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "sender", "received_on", "status")
    readonly_fields = ("owning_office", "status", "mode", "proposed_handling")


@admin.register(InfoTopic)
class InfoTopicAdmin(RestrictedAdminMixin, SimpleHistoryAdmin):
    """The higher level's topics and requests: corrected here by an admin, with history."""

    list_display = ("title", "kind", "requested_by", "due_date")
    list_filter = ("kind",)
    search_fields = ("title", "requested_by")
    readonly_fields = ("owning_office", "created_by")

    def has_add_permission(self, request, obj=None):
        return False  # made in the app, in the office that asked


@admin.register(InfoPiece)
class InfoPieceAdmin(ReadOnlyFlowMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "unit", "submitted_on", "status", "adopted_by")
    list_filter = ("status", "adopted_by")
    search_fields = ("title",)
    readonly_fields = (
        "owning_office", "unit", "status", "adopted_by", "adopted_on", "submitted_by",
    )  # fmt: skip
