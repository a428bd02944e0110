"""The admin of training records, for looking things up and correcting them, with history.

Each list shows the admin user's own county only. Records are made in the app (the services
check dates, texts and who may); the admin adds nothing. Tiers appear only to whoever holds
their view permission (the director and the security administrator).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from office.admin import RestrictedAdminMixin

from .models import (
    Assessment,
    Competition,
    GrassrootsCourse,
    MentoringPair,
    SessionAttendance,
    StudyMaterial,
    StudySession,
    TheoryDigest,
    TierChange,
)


class CreatedInTheAppMixin:
    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StudyMaterial)
class StudyMaterialAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "kind", "issued_on", "source", "owning_office")
    list_filter = ("kind",)
    search_fields = ("title", "source", "summary")
    date_hierarchy = "issued_on"
    readonly_fields = ("owning_office", "created_by", "created_at")


class AttendanceInline(admin.TabularInline):
    model = SessionAttendance
    extra = 0
    raw_id_fields = ("person",)


@admin.register(StudySession)
class StudySessionAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("held_on", "kind", "topic", "speaker", "status", "owning_office")
    list_filter = ("kind", "status")
    search_fields = ("topic", "speaker")
    date_hierarchy = "held_on"
    # The workflow moves the status, with its log.
    readonly_fields = ("owning_office", "organiser", "status", "created_at")
    filter_horizontal = ("materials",)
    inlines = [AttendanceInline]


@admin.register(TheoryDigest)
class TheoryDigestAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "year", "month", "status", "published_at")
    list_filter = ("status", "year")
    readonly_fields = ("owning_office", "status", "published_at", "created_by", "created_at")


@admin.register(MentoringPair)
class MentoringPairAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("mentor", "mentee", "started_on", "status", "ended_on")
    list_filter = ("status",)
    readonly_fields = ("owning_office", "status", "created_at")
    raw_id_fields = ("mentor", "mentee")


@admin.register(TierChange)
class TierChangeAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("person", "tier", "changed_on", "reason", "changed_by")
    list_filter = ("tier",)
    readonly_fields = ("owning_office", "changed_by", "created_at")
    raw_id_fields = ("person",)


@admin.register(Competition)
class CompetitionAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "held_on", "max_score")
    date_hierarchy = "held_on"
    readonly_fields = ("owning_office", "created_by", "created_at")


@admin.register(Assessment)
class AssessmentAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "year")
    readonly_fields = ("owning_office", "created_at")


@admin.register(GrassrootsCourse)
class GrassrootsCourseAdmin(CreatedInTheAppMixin, RestrictedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "held_on", "location")
    date_hierarchy = "held_on"
    readonly_fields = ("owning_office", "created_by", "created_at")
