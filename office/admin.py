from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .guard import guard_instance
from .models import (
    ChannelPreference,
    ClassifiedRefusal,
    Delivery,
    DeliveryAttempt,
    GoodPractice,
    Holiday,
    ImportBatch,
    Notification,
    OrgUnit,
    PracticeComment,
    Reminder,
    Todo,
    TransitionLog,
    User,
)
from .roles import Role


class GuardedFormsMixin:
    """The classified-marker guard (office.guard) refuses a marked save in pre_save; in the
    admin that would be an error page. Its forms run the same guard while validating, so the
    refusal shows on the field and the record stays as it was."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (GuardedModelFormMixin, form), {})


class GuardedModelFormMixin:
    def _post_clean(self):
        super()._post_clean()
        try:
            guard_instance(type(self.instance), self.instance)
        except ValidationError as refusal:
            for field, errors in refusal.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)


class ScopedObjectViewsMixin:
    """Every admin view of one record reads it through ``get_queryset``, the change list's
    scope: the change and delete pages, Django's history, simple-history's history list and
    its history entry with the revert form (GET and POST). A record outside the admin user's
    scope is a 404, the same answer as a record that does not exist, so no page tells a
    county's admin that another county's record exists, let alone shows or writes it."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "doesn't exist"; answer like the app's pages do.
        raise Http404

    def _object_in_scope(self, request, object_id):
        # simple-history reads the record from its history table (history entry, revert) or
        # falls back to it (history list), past get_queryset. Only a superuser, whose scope is
        # everything, keeps the history of deleted records (there is no record then: None).
        obj = self.get_object(request, unquote(object_id))
        if obj is None and not request.user.is_superuser:
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._object_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._object_in_scope(request, object_id)
        # simple-history saves a posted revert for anyone who may view the history.
        if request.method == "POST" and not self.has_change_history_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def scoped_shortcut(request, content_type_id, object_id):
    """The admin's "view on site" redirect (/admin/r/<content type>/<id>/), for records the
    user's admin of that model would show only; Django's own looks any record up."""
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        model_admin = admin.site.get_model_admin(model)
    except (ContentType.DoesNotExist, ValueError, NotRegistered):
        raise Http404 from None
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)


def _site_urls_with_scoped_shortcut(site_urls):
    def get_urls():
        scoped = path(
            "r/<path:content_type_id>/<path:object_id>/",
            admin.site.admin_view(scoped_shortcut),
            name="view_on_site",
        )
        return [
            scoped,
            *(url for url in site_urls() if getattr(url, "name", None) != "view_on_site"),
        ]

    return get_urls


# The shortcut is a view of the site, not of a model admin, so the site's URLs are wrapped.
admin.site.get_urls = _site_urls_with_scoped_shortcut(admin.site.get_urls)


class ScopedChoicesMixin:
    """Choices of org units and users in admin forms stay within the admin's scope."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in (OrgUnit, User):
            kwargs["queryset"] = db_field.related_model.objects.restrict(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RestrictedAdminMixin(GuardedFormsMixin, ScopedObjectViewsMixin, ScopedChoicesMixin):
    """The admin shows a county's admins their own county only, like every other page."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user)

    def get_list_select_related(self, request):
        """Every record a column names, read with the rows: Django's own default follows only
        the columns that cannot be empty, so a nullable one (a task's lead leader) cost a
        query per row."""
        if self.list_select_related is not False:
            return self.list_select_related
        return tuple(
            name
            for name in self.list_display
            if isinstance(name, str) and _is_foreign_key(self.model, name)
        )


def _is_foreign_key(model, name: str) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.many_to_one or field.one_to_one


class OfficeLogAdminMixin(GuardedFormsMixin, ScopedObjectViewsMixin):
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and field is not None:
            # The roles by the Chinese names people know them by, the code beside.
            field.label_from_instance = role_choice_label
        return field

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
        # The same rule as the pages: only a superuser changes an administrator's account
        # (the password change form of the admin asks this too).
        if obj is not None and not services.may_change_user(request.user, obj):
            return False
        return super().has_change_permission(request, obj)


class PracticeCommentInline(admin.TabularInline):
    model = PracticeComment
    extra = 0
    fields = ("author", "text", "created_at")
    readonly_fields = ("author", "text", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GoodPractice)
class GoodPracticeAdmin(RestrictedAdminMixin, SimpleHistoryAdmin):
    """The city's shared library: written, published and commented on in the app (its
    services); the admin reads it, with its history, within the user's scope."""

    list_display = ("title", "owning_office", "area", "status", "published_at", "author")
    list_filter = ("status", "area")
    search_fields = ("title", "summary", "text")
    list_select_related = ("owning_office", "author")
    readonly_fields = ("owning_office", "status", "published_at", "author")
    inlines = (PracticeCommentInline,)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PracticeComment)
class PracticeCommentAdmin(RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("practice", "author", "created_at")
    search_fields = ("text", "practice__title")
    list_select_related = ("practice", "author")
    readonly_fields = ("practice", "author", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(GuardedFormsMixin, SimpleHistoryAdmin):
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


class DeliveryAttemptInline(admin.TabularInline):
    """Every try at sending, so an operator sees what a far end may have received twice."""

    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "started_at", "finished_at", "outcome", "error")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(OfficeLogAdminMixin, admin.ModelAdmin):
    person_field = "notification__recipient"
    list_display = ("notification", "channel", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("channel", "status")
    raw_id_fields = ("notification",)
    inlines = [DeliveryAttemptInline]


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


@admin.register(ClassifiedRefusal)
class ClassifiedRefusalAdmin(admin.ModelAdmin):
    """Refused classified content (office.guard), for the audit administrator: who tried,
    when, where and by which rule, never the text. Read-only, and each county's admin reads
    the refusals of the people in their scope."""

    list_display = ("created_at", "username", "where", "field", "rule")
    list_filter = ("rule", "where")
    search_fields = ("username", "where")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in ClassifiedRefusal._meta.fields]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # The rows live on the audit connection: the people's ids are read first, since a
        # subquery cannot cross connections.
        people = list(User.objects.restrict(request.user).values_list("pk", flat=True))
        return queryset.filter(user_id__in=people)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GroupAdmin(BaseGroupAdmin):
    """Groups are the roles (office.roles): listed by the Chinese name people know them by,
    the stored code beside it."""

    list_display = ("role_name", "name")

    @admin.display(description=_("role"), ordering="name")
    def role_name(self, group):
        return ROLE_LABELS.get(group.name, group.name)


ROLE_LABELS = dict(Role.choices)


def role_choice_label(group) -> str:
    label = ROLE_LABELS.get(group.name)
    return f"{label}（{group.name}）" if label else group.name


if admin.site.is_registered(Group):
    admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)
