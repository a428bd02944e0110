"""The admin of meetings: the preparation checklist templates of each meeting type and the
annual meeting plans are edited here (with history); meetings themselves are made in the
app, where the rules are checked, and only looked up here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from office.admin import GuardedFormsMixin, RestrictedAdminMixin

from .models import AnnualPlan, ChecklistTemplate, Meeting


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(GuardedFormsMixin, SimpleHistoryAdmin):
    list_display = ("meeting_type", "position", "title", "mandatory", "working_days_before")
    list_display_links = ("title",)
    list_editable = ("position", "mandatory", "working_days_before")
    list_filter = ("meeting_type", "mandatory")
    search_fields = ("title",)


@admin.register(AnnualPlan)
class AnnualPlanAdmin(RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("year", "meeting_type", "planned_count", "owning_office")
    list_filter = ("year", "meeting_type")


@admin.register(Meeting)
class MeetingAdmin(RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "meeting_type", "starts_at", "organiser_unit", "status")
    list_filter = ("status", "meeting_type")
    search_fields = ("title", "place")
    list_select_related = ("organiser_unit",)
    date_hierarchy = "starts_at"
    readonly_fields = [f.name for f in Meeting._meta.concrete_fields]

    def has_add_permission(self, request, obj=None):
        return False
