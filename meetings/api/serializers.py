from django.utils import timezone
from rest_framework import serializers

from office.api.base import EnteredDateField, ScopedUnitField
from office.models import User

from ..choices import AgendaKind, MeetingType
from ..models import AgendaItem, Decision, Meeting


class MeetingSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    meeting_type_label = serializers.CharField(source="get_meeting_type_display", read_only=True)
    organiser_unit_name = serializers.CharField(source="organiser_unit.name", read_only=True)
    chair_name = serializers.CharField(source="chair.name", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "meeting_type",
            "meeting_type_label",
            "title",
            "organiser_unit",
            "organiser_unit_name",
            "chair",
            "chair_name",
            "required_leaders",
            "starts_at",
            "ends_at",
            "planned_minutes",
            "place",
            "expected_attendance",
            "attendance_levels",
            "reason",
            "breaches",
            "exception_reason",
            "status",
            "status_label",
            "decision_comment",
        ]
        read_only_fields = fields


class OfficePersonField(serializers.PrimaryKeyRelatedField):
    """A person of the caller's office's county (the chair, a required leader)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.root.context.get("request")
        office = request.user.office if request else None
        if office is None:
            return User.objects.none()
        return User.objects.filter(org_unit__office=office, is_active=True)


class MeetingCreateSerializer(serializers.Serializer):
    meeting_type = serializers.ChoiceField(choices=MeetingType.choices)
    title = serializers.CharField(max_length=200)
    organiser_unit = ScopedUnitField()
    chair = OfficePersonField()
    required_leaders = OfficePersonField(many=True, required=False)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    expected_attendance = serializers.IntegerField(min_value=1, max_value=100000)
    attendance_levels = serializers.CharField(max_length=200, required=False, default="")
    reason = serializers.CharField()

    def validate(self, data):
        from ..rules import time_errors

        errors = time_errors(data["starts_at"], data["ends_at"])
        if errors:
            raise serializers.ValidationError(errors)
        return data


class MeetingSubmitInputSerializer(serializers.Serializer):
    exception_reason = serializers.CharField(required=False, default="", allow_blank=True)


class MeetingCommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, default="", allow_blank=True)


class MeetingReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class AgendaItemSerializer(serializers.ModelSerializer):
    study_materials = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    meeting_date = serializers.SerializerMethodField()
    # Named apart from other records' "kind" (a unit's), so the schema's enums stay distinct.
    agenda_kind = serializers.ChoiceField(source="kind", choices=AgendaKind.choices)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "meeting_date",
            "position",
            "agenda_kind",
            "title",
            "presenter_name",
            "minutes",
            "study_materials",
            "measures",
        ]
        read_only_fields = fields

    def get_meeting_date(self, item) -> str:
        return timezone.localtime(item.meeting.starts_at).date().isoformat()


class MeetingAgendaInputSerializer(serializers.Serializer):
    agenda_kind = serializers.ChoiceField(choices=AgendaKind.choices)
    title = serializers.CharField(max_length=200)
    minutes = serializers.IntegerField(min_value=1, max_value=1440)
    presenter_name = serializers.CharField(
        max_length=50, required=False, default="", allow_blank=True
    )
    study_materials = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )


class DecisionSerializer(serializers.ModelSerializer):
    supervision_item_number = serializers.SerializerMethodField()
    supervision_status = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "agenda_item",
            "text",
            "lead_unit",
            "supervision_item",
            "supervision_item_number",
            "supervision_status",
        ]
        read_only_fields = fields

    def get_supervision_item_number(self, decision) -> str:
        return decision.supervision_item.number if decision.supervision_item_id else ""

    def get_supervision_status(self, decision) -> str:
        item = decision.supervision_item
        return item.status if item is not None else ""


class DecisionSupervisionInputSerializer(serializers.Serializer):
    lead_unit = ScopedUnitField(required=False, allow_null=True, default=None)
    deadline = EnteredDateField(required=False, allow_null=True, default=None)
