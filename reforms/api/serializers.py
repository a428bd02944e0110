"""Serializers of the reforms API. Reading ones describe records; writing ones only collect
what a service needs, and the viewsets pass it to ``reforms.services``."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from office.api.base import EnteredDateField, ScopedLeaderField, ScopedUnitField

from ..choices import Level, PilotKind, Recipient, ReformArea
from ..models import Honour, KeyTask, Milestone, MilestoneReport, Pilot
from ..rules import PlannedMilestone, honour_errors, milestone_errors


class MilestoneSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Milestone
        ref_name = "ReformMilestone"
        fields = ["id", "task", "title", "due_date", "weight", "status", "status_display",
                  "reported_on", "accepted_on"]  # fmt: skip


class KeyTaskSerializer(serializers.ModelSerializer):
    area_display = serializers.CharField(source="get_area_display", read_only=True)
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True)
    expected = serializers.IntegerField(read_only=True, help_text=_("expected by today"))
    state = serializers.CharField(read_only=True, help_text="done / on_track / behind")
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = KeyTask
        ref_name = "ReformKeyTask"
        fields = ["id", "year", "title", "area", "area_display", "lead_leader", "lead_unit",
                  "lead_unit_name", "cooperating_units", "goal", "status", "progress",
                  "expected", "state", "completed_on", "supervision_item", "milestones"]  # fmt: skip


class PlannedMilestoneSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_date = EnteredDateField()
    weight = serializers.IntegerField(min_value=1, max_value=100)


class KeyTaskCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    title = serializers.CharField(max_length=200)
    area = serializers.ChoiceField(choices=ReformArea.choices)
    lead_leader = ScopedLeaderField(required=False, allow_null=True)
    lead_unit = ScopedUnitField()
    cooperating_units = ScopedUnitField(many=True, required=False)
    goal = serializers.CharField(required=False, allow_blank=True, default="")
    milestones = PlannedMilestoneSerializer(many=True)

    def validate(self, attrs):
        attrs.setdefault("year", timezone.localdate().year)
        planned = [PlannedMilestone(**m) for m in attrs["milestones"]]
        errors = milestone_errors(planned, attrs["year"])
        if errors:
            raise serializers.ValidationError({"milestones": errors})
        attrs["milestones"] = planned
        return attrs


class MilestoneReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = MilestoneReport
        ref_name = "ReformMilestoneReport"
        fields = ["id", "milestone", "author", "text", "reported_on", "created_at"]


class MilestoneReportInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ReformCommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ReformReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class PilotSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Pilot
        ref_name = "ReformPilot"
        fields = ["id", "name", "kind", "level", "level_display", "approving_body",
                  "approval_document", "applied_on", "approved_on", "lead_unit", "task",
                  "period_start", "period_end", "status", "status_display", "evaluation"]  # fmt: skip


class PilotCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=PilotKind.choices, default=PilotKind.PILOT)
    level = serializers.ChoiceField(choices=Level.choices)
    approving_body = serializers.CharField(max_length=100)
    approval_document = serializers.CharField(max_length=200, required=False, default="")
    applied_on = EnteredDateField()
    lead_unit = ScopedUnitField()
    task = serializers.PrimaryKeyRelatedField(
        queryset=KeyTask.objects.all(), required=False, allow_null=True, default=None
    )
    period_start = EnteredDateField(required=False, allow_null=True, default=None)
    period_end = EnteredDateField(required=False, allow_null=True, default=None)

    def validate_task(self, task):
        user = self.context["request"].user
        if (
            task is not None
            and not KeyTask.objects.restrict(user, "change").filter(pk=task.pk).exists()
        ):
            raise serializers.ValidationError(_("The task is not one of your office's."))
        return task


class ApproveInputSerializer(serializers.Serializer):
    approved_on = EnteredDateField()
    document = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class EvaluateInputSerializer(serializers.Serializer):
    evaluation = serializers.CharField()


class HonourSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    honoured = serializers.CharField(read_only=True)

    class Meta:
        model = Honour
        ref_name = "ReformHonour"
        fields = ["id", "title", "level", "level_display", "awarding_body", "awarded_on",
                  "recipient", "unit", "person", "honoured", "advanced_unit"]  # fmt: skip


class HonourCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    level = serializers.ChoiceField(
        choices=Level.choices, required=False, allow_blank=True, default=""
    )
    awarding_body = serializers.CharField(max_length=100)
    awarded_on = EnteredDateField()
    recipient = serializers.ChoiceField(choices=Recipient.choices, default=Recipient.UNIT)
    unit = ScopedUnitField(required=False, allow_null=True, default=None)
    person = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    advanced_unit = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        errors = honour_errors(
            level=attrs["level"], recipient=attrs["recipient"], unit=attrs["unit"],
            person=attrs["person"], advanced_unit=attrs["advanced_unit"],
        )  # fmt: skip
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
