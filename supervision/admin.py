"""The admin of supervision records, for looking things up and correcting them.

Each list shows the admin user's own county only, like every page of the app. Records are
created in the app, never here: registration numbers the item, a report moves its progress,
an extension or an urge notifies the unit, and only the services do those things.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from office.admin import RestrictedAdminMixin, ScopedObjectViewsMixin
from office.models import NumberSequence
from office.views.generic import EstimatedCountPaginator

from .models import (
    Attachment,
    Circular,
    ExtensionRequest,
    Item,
    LeaderComment,
    ProgressReport,
    Urge,
)
from .services.items import SERIES


class CreatedInTheAppMixin:
    def has_add_permission(self, request, obj=None):
        return False


class ItemScopedAdminMixin(ScopedObjectViewsMixin):
    """For records without a scope of their own: those of the items the user may see."""

    def get_queryset(self, request):
        items = Item.objects.restrict(request.user)
        return super().get_queryset(request).filter(item__in=items)


class YearFilter(admin.SimpleListFilter):
    """The years that have items, read from the number sequences, not from every item."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            NumberSequence.objects.filter(series=SERIES, last__gt=0)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(year, str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(year=int(value)) if value and value.isdigit() else queryset


@admin.register(Item)
class ItemAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "number_display",
        "title",
        "source_kind",
        "lead_unit",
        "status",
        "urgency",
        "deadline",
        "registered_on",
    )
    list_display_links = ("number_display", "title")
    list_filter = ("status", "source_kind", "urgency", "report_cycle", YearFilter, "is_group")
    search_fields = ("title", "source_reference", "instruction_text", "responsible_person")
    list_select_related = ("lead_unit",)
    # At a province's size a second count of the whole table costs more than the page.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # No date_hierarchy: its year links scan every item's deadline on each page view.
    raw_id_fields = ("parent", "created_by")
    autocomplete_fields = ("lead_unit", "cooperating_units")
    # The workflow moves these, with its log; the numbering series owns the number.
    readonly_fields = (
        "owning_office",
        "year",
        "sequence",
        "status",
        "assigned_on",
        "closed_on",
        "cancel_reason",
        "progress",
        "last_report_on",
        "created_by",
    )
    exclude = ("origin_type", "origin_id")

    @admin.display(description=_("number"), ordering="sequence")
    def number_display(self, item):
        return item.number


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("name", "file", "size")
    readonly_fields = ("size",)


@admin.register(ProgressReport)
class ProgressReportAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, admin.ModelAdmin):
    list_display = ("item", "unit", "percent", "is_completion", "reported_on", "author")
    list_filter = ("is_completion", "reported_on")
    search_fields = ("text", "item__title")
    list_select_related = ("item", "unit", "author")
    raw_id_fields = ("item", "author")
    autocomplete_fields = ("unit",)
    inlines = (AttachmentInline,)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, admin.ModelAdmin):
    list_display = (
        "item",
        "current_deadline",
        "requested_deadline",
        "status",
        "requested_by",
        "decided_by",
        "created_at",
    )
    list_filter = ("status",)
    search_fields = ("reason", "item__title")
    list_select_related = ("item", "requested_by", "decided_by")
    raw_id_fields = ("item", "requested_by", "decided_by")


@admin.register(Urge)
class UrgeAdmin(CreatedInTheAppMixin, ItemScopedAdminMixin, admin.ModelAdmin):
    list_display = ("item", "actor", "created_at")
    search_fields = ("message", "item__title")
    list_select_related = ("item", "actor")
    raw_id_fields = ("item", "actor")


@admin.register(LeaderComment)
class LeaderCommentAdmin(CreatedInTheAppMixin, ItemScopedAdminMixin, admin.ModelAdmin):
    list_display = ("item", "author", "created_at")
    search_fields = ("text", "item__title")
    list_select_related = ("item", "author")
    raw_id_fields = ("item", "author")


@admin.register(Circular)
class CircularAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "period_start", "period_end", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "text")
    date_hierarchy = "period_end"
    raw_id_fields = ("created_by",)
    autocomplete_fields = ("units",)
    readonly_fields = ("owning_office", "status", "published_at", "created_by")
