"""Serializers of the documents API: reading ones describe records; writing ones collect
what a service needs."""

from rest_framework import serializers

from office.models import OrgUnit, User

from ..choices import DOC_STEPS, DocStatus, DocType, Openness, Urgency
from ..models import (
    Countersignature,
    IncomingDocument,
    Manuscript,
    OfficialDocument,
    ResearchVisit,
)
from ..selectors import countersign_unit_choices, signer_choices


class SignerField(serializers.PrimaryKeyRelatedField):
    """A leader or director of the caller's office; anyone else is "does not exist"."""

    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.root.context.get("request")
        return signer_choices(request.user if request else None)


class CountersignUnitField(serializers.PrimaryKeyRelatedField):
    """A unit of the caller's county; any other is "does not exist"."""

    def __init__(self, **kwargs):
        super().__init__(queryset=OrgUnit.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.root.context.get("request")
        return countersign_unit_choices(request.user if request else None)


class CountersignatureSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Countersignature
        ref_name = "DocumentsCountersignature"
        fields = ["position", "unit", "unit_name", "signed_by", "agrees", "opinion", "signed_on"]
        read_only_fields = fields


class OfficialDocumentSerializer(serializers.ModelSerializer):
    countersignatures = CountersignatureSerializer(many=True, read_only=True)
    doc_type_display = serializers.CharField(source="get_doc_type_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = OfficialDocument
        ref_name = "OfficialDocument"
        fields = [
            "id", "doc_type", "doc_type_display", "title", "issuer", "issuer_code",
            "is_normative", "main_recipients", "copy_recipients", "openness", "urgency",
            "body", "attachments_note", "drafter", "signer", "status", "status_display",
            "legal_opinion", "countersignatures", "signed_on", "number", "issued_on",
            "filing_due", "archived_on", "voided_on", "void_reason", "url",
        ]  # fmt: skip
        read_only_fields = fields


class DocumentInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "DocumentsDocumentInput"

    doc_type = serializers.ChoiceField(choices=DocType.choices)
    title = serializers.CharField(max_length=200)
    issuer = serializers.CharField(max_length=100)
    issuer_code = serializers.CharField(max_length=20)
    is_normative = serializers.BooleanField(default=False)
    main_recipients = serializers.CharField(max_length=300, required=False, default="")
    copy_recipients = serializers.CharField(max_length=300, required=False, default="")
    openness = serializers.ChoiceField(choices=Openness.choices, default=Openness.INTERNAL)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    attachments_note = serializers.CharField(max_length=300, required=False, default="")
    signer = SignerField(required=False, allow_null=True, default=None)
    countersign_units = serializers.ListField(
        child=CountersignUnitField(),
        required=False,
        default=list,
        help_text="Units that countersign (会签), in the order they sign.",
    )


class CommentInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "DocumentsCommentInput"

    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "DocumentsReasonInput"

    reason = serializers.CharField()


class SendBackInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "DocumentsSendBackInput"

    reason = serializers.CharField()
    to = serializers.ChoiceField(
        choices=[(s, label) for s, label in DocStatus.choices if s in DOC_STEPS[:-1]],
        default=DocStatus.DRAFTING,
    )


class CountersignInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "DocumentsCountersignInput"

    signed_by = serializers.CharField(max_length=50)
    agrees = serializers.BooleanField(
        required=False, default=True, help_text="False when the unit disagrees (say why)."
    )
    opinion = serializers.CharField(required=False, allow_blank=True, default="")


class OwnCountersignInputSerializer(serializers.Serializer):
    """The unit's own countersignature: it agrees, or disagrees and says why."""

    agrees = serializers.BooleanField(help_text="False when the unit disagrees (say why).")
    opinion = serializers.CharField(required=False, allow_blank=True, default="")


class OpinionInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "DocumentsOpinionInput"

    opinion = serializers.CharField()


class IssueInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "DocumentsIssueInput"

    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ManuscriptSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Manuscript
        ref_name = "Manuscript"
        fields = [
            "id", "kind", "kind_display", "title", "author", "for_whom", "commissioning_body",
            "assigned_on", "due_date", "status", "characters", "delivered_on",
            "research_visit", "journal", "journal_issue", "published_on", "url",
        ]  # fmt: skip
        read_only_fields = fields


class VersionInputSerializer(serializers.Serializer):
    class Meta:
        ref_name = "DocumentsVersionInput"

    text = serializers.CharField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ResearchVisitSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = ResearchVisit
        ref_name = "ResearchVisit"
        fields = [
            "id", "visiting_body", "level", "topic", "start_date", "end_date", "places",
            "accompanying_leaders", "notes", "url",
        ]  # fmt: skip
        read_only_fields = fields


class IncomingDocumentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = IncomingDocument
        ref_name = "IncomingDocument"
        fields = [
            "id", "sender", "sender_number", "title", "received_on", "mode",
            "proposed_handling", "status", "url",
        ]  # fmt: skip
        read_only_fields = fields
