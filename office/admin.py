from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ChannelPreference,
    Delivery,
    Holiday,
    Notification,
    OrgUnit,
    Reminder,
    Todo,
    TransitionLog,
    User,
)


class RestrictedAdminMixin:
    """The admin shows a county's admins their own county only, like every other page."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user)


@admin.register(OrgUnit)
class OrgUnitAdmin(RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "parent", "office", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")
    raw_id_fields = ("parent",)


@admin.register(User)
class UserAdmin(RestrictedAdminMixin, SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "name", "org_unit", "position", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups")
    search_fields = ("username", "name", "phone")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "org_unit", "position", "phone", "email")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "name", "org_unit", "password1", "password2"),
            },
        ),
    )


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "name", "is_workday")
    list_filter = ("is_workday", "name")
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "content_type",
        "object_id",
        "transition",
        "source_state",
        "target_state",
        "actor",
    )
    list_filter = ("content_type", "transition")
    readonly_fields = [f.name for f in TransitionLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "title", "read_at")
    search_fields = ("title", "recipient__username")
    raw_id_fields = ("recipient",)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("created_at", "source", "kind", "occurrence", "recipient", "title")
    list_filter = ("source", "kind")
    raw_id_fields = ("recipient", "notification")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("notification", "channel", "status", "attempts", "sent_at")
    list_filter = ("channel", "status")
    raw_id_fields = ("notification",)


admin.site.register(ChannelPreference)
admin.site.register(Todo)
