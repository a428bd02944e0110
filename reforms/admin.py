"""The admin of reform records, for looking things up and correcting them, with history.

Each list shows the admin user's own county only, like every page of the app. Records are
created in the app: a task's milestones, a milestone's acceptance and a pilot's steps go
through the services.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from office.admin import RestrictedAdminMixin

from .models import Honour, KeyTask, Milestone, Pilot, PlanChange


class CreatedInTheAppMixin:
    def has_add_permission(self, request, obj=None):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ("due_date", "title", "weight", "status", "reported_on", "accepted_on")
    readonly_fields = ("status", "reported_on", "accepted_on")
    extra = 0
    can_delete = False


class PlanChangeInline(admin.TabularInline):
    """The plan's changes are written by the service with their reason; read here only."""

    model = PlanChange
    fields = ("created_at", "actor", "reason", "changes")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(KeyTask)
class KeyTaskAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "year", "area", "lead_unit", "lead_leader", "progress", "status")
    list_filter = ("year", "area", "status")
    search_fields = ("title", "goal")
    readonly_fields = ("owning_office", "status", "progress", "completed_on", "supervision_item")
    autocomplete_fields = ()
    inlines = (MilestoneInline, PlanChangeInline)


@admin.register(Pilot)
class PilotAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "level", "approving_body", "lead_unit", "approved_on", "status")
    list_filter = ("kind", "level", "status")
    search_fields = ("name", "approving_body", "approval_document")
    readonly_fields = ("owning_office", "status")


@admin.register(Honour)
class HonourAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "level", "awarding_body", "awarded_on", "advanced_unit")
    list_filter = ("level", "advanced_unit")
    search_fields = ("title", "awarding_body", "person")
    readonly_fields = ("owning_office",)
