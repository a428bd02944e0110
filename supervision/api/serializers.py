"""Serializers of the supervision API. Reading ones describe records; writing ones only
collect what a service needs, and the viewsets pass it to ``supervision.services``."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from office.api.base import EnteredDateField, ScopedLeaderField, ScopedUnitField

from ..choices import Colour, ReportCycle, SourceKind, Urgency
from ..colours import ColourContext, colour_of, item_row
from ..models import ExtensionRequest, Item, LeaderComment, ProgressReport, Urge
from ..rules import instruction_errors


class ItemSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    source_kind_display = serializers.CharField(source="get_source_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    urgency_display = serializers.CharField(source="get_urgency_display", read_only=True)
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True, default="")
    colour = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    acknowledge_by = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("While the item awaits its lead unit's acknowledgement (签收): by when."),
    )

    class Meta:
        model = Item
        ref_name = "SupervisionItem"
        fields = [
            "id",
            "number",
            "year",
            "sequence",
            "title",
            "source_kind",
            "source_kind_display",
            "source_reference",
            "instruction_text",
            "instructing_leader",
            "instructing_leader_user",
            "instruction_date",
            "urgency",
            "urgency_display",
            "lead_unit",
            "lead_unit_name",
            "cooperating_units",
            "responsible_person",
            "registered_on",
            "assigned_on",
            "acknowledge_by",
            "deadline",
            "report_cycle",
            "status",
            "status_display",
            "colour",
            "progress",
            "last_report_on",
            "closed_on",
            "cancel_reason",
            "parent",
            "is_group",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Colour.choices))
    def get_colour(self, item) -> str:
        # The viewset computes the day's context once per request; each row is then arithmetic.
        context = self.context.get("colour_context") or ColourContext.for_day(timezone.localdate())
        return colour_of(item_row(item), context)


class ItemCreateSerializer(serializers.Serializer):
    """What registering an item takes; the number, dates and status are the service's."""

    title = serializers.CharField(max_length=200)
    source_kind = serializers.ChoiceField(choices=SourceKind.choices)
    lead_unit = ScopedUnitField(required=False, allow_null=True, default=None)
    cooperating_units = ScopedUnitField(many=True, required=False, default=list)
    deadline = EnteredDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Leave empty for the default time limit of the source and urgency."),
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    source_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    instruction_text = serializers.CharField(required=False, allow_blank=True)
    instructing_leader_user = ScopedLeaderField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The county leader who gave the instruction (a user of your office)."),
    )
    instructing_leader = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        help_text=_("The leader's name, only for a leader who does not use the system."),
    )
    instruction_date = EnteredDateField(required=False, allow_null=True, default=None)
    responsible_person = serializers.CharField(max_length=50, required=False, allow_blank=True)
    report_cycle = serializers.ChoiceField(choices=ReportCycle.choices, default=ReportCycle.ONCE)

    class Meta:
        ref_name = "SupervisionItemCreate"

    def validate(self, attrs):
        # The same rule as the register form and the service: a leader's instruction is
        # recorded with its text, the leader and its date.
        errors = instruction_errors(
            source_kind=attrs["source_kind"],
            instruction_text=attrs.get("instruction_text", ""),
            instructing_leader=attrs.get("instructing_leader", ""),
            instruction_date=attrs.get("instruction_date"),
            instructing_leader_user=attrs.get("instructing_leader_user"),
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class CommentInputSerializer(serializers.Serializer):
    """An optional remark recorded with the transition."""

    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ReportInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    percent = serializers.IntegerField(min_value=0, max_value=100)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, write_only=True
    )


class CompletionInputSerializer(serializers.Serializer):
    text = serializers.CharField(help_text=_("The completion report."))
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, write_only=True
    )


class UrgeInputSerializer(serializers.Serializer):
    message = serializers.CharField()


class LeaderCommentInputSerializer(serializers.Serializer):
    text = serializers.CharField()


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attachment) -> str:
        # The download view checks the caller's scope; the storage's own URL is not served.
        url = reverse("supervision:attachment_download", args=[attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ProgressReportSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    author_name = serializers.CharField(source="author", read_only=True, default="")
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "item",
            "unit",
            "unit_name",
            "author",
            "author_name",
            "text",
            "percent",
            "is_completion",
            "reported_on",
            "created_at",
            "attachments",
        ]
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    item_number = serializers.CharField(source="item.number", read_only=True)

    class Meta:
        model = ExtensionRequest
        ref_name = "SupervisionExtension"
        fields = [
            "id",
            "item",
            "item_number",
            "requested_by",
            "current_deadline",
            "requested_deadline",
            "reason",
            "status",
            "status_display",
            "decided_by",
            "decided_at",
            "decision_comment",
            "created_at",
        ]
        read_only_fields = fields


class ExtensionCreateSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.none())
    new_deadline = EnteredDateField()
    reason = serializers.CharField()

    class Meta:
        ref_name = "SupervisionExtensionCreate"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        # An item the caller cannot see answers "does not exist", as a 404 would.
        self.fields["item"].queryset = Item.objects.restrict(request.user if request else None)


class UrgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Urge
        fields = ["id", "item", "actor", "message", "created_at"]
        read_only_fields = fields


class LeaderCommentSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author", read_only=True, default="")

    class Meta:
        model = LeaderComment
        fields = ["id", "item", "author", "author_name", "text", "created_at"]
        read_only_fields = fields
