from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ChannelPreference,
    Delivery,
    Holiday,
    ImportBatch,
    Notification,
    OrgUnit,
    Reminder,
    Todo,
    TransitionLog,
    User,
)


class ScopedChoicesMixin:
    """Choices of org units and users in admin forms stay within the admin's scope."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in (OrgUnit, User):
            kwargs["queryset"] = db_field.related_model.objects.restrict(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RestrictedAdminMixin(ScopedChoicesMixin):
    """The admin shows a county's admins their own county only, like every other page."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user)


class OfficeLogAdminMixin:
    """Logs and messages are shown by the office of the person they concern (``person_field``),
    so one county's audit admin does not read another county's log."""

    person_field = "recipient"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        people = User.objects.restrict(request.user)
        return queryset.filter(**{f"{self.person_field}__in": people})


@admin.register(OrgUnit)
class OrgUnitAdmin(RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "parent", "office", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "code")


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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # Superuser status and direct permissions are the superuser's alone (三员分立).
        hidden = {"is_superuser", "user_permissions", "groups"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "name", "is_workday")
    list_filter = ("is_workday", "name")
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(TransitionLog)
class TransitionLogAdmin(OfficeLogAdminMixin, admin.ModelAdmin):
    person_field = "actor"
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
class NotificationAdmin(OfficeLogAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "recipient", "title", "read_at")
    search_fields = ("title", "recipient__username")
    raw_id_fields = ("recipient",)


@admin.register(Reminder)
class ReminderAdmin(OfficeLogAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "source", "kind", "occurrence", "recipient", "title")
    list_filter = ("source", "kind")
    raw_id_fields = ("recipient", "notification")


@admin.register(Delivery)
class DeliveryAdmin(OfficeLogAdminMixin, admin.ModelAdmin):
    person_field = "notification__recipient"
    list_display = ("notification", "channel", "status", "attempts", "sent_at")
    list_filter = ("channel", "status")
    raw_id_fields = ("notification",)


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(OfficeLogAdminMixin, admin.ModelAdmin):
    person_field = "user"


@admin.register(Todo)
class TodoAdmin(OfficeLogAdminMixin, admin.ModelAdmin):
    person_field = "owner"
    list_display = ("title", "owner", "due_date", "done_at")


@admin.register(ImportBatch)
class ImportBatchAdmin(RestrictedAdminMixin, admin.ModelAdmin):
    """Batches are made and confirmed in the app (the importer checks every row); the admin
    only looks them up."""

    list_display = ("file_name", "importer", "status", "created_by", "created_at", "row_count")
    list_filter = ("status", "importer")
    search_fields = ("file_name",)
    list_select_related = ("created_by",)
    raw_id_fields = ("created_by",)
    readonly_fields = (
        "importer",
        "owning_office",
        "created_by",
        "status",
        "created_at",
        "confirmed_at",
        "discarded_at",
    )

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("rows"))
    def row_count(self, batch):
        return batch.row_count
