"""Serializers of the training API. Reading ones describe records; writing ones only collect
what a service needs, and the viewsets pass it to ``training.services``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from office.api.base import EnteredDateField
from office.models import User

from ..choices import Attendance, FocusArea, SessionKind, Tier
from ..models import (
    Assessment,
    Competition,
    CourseParticipation,
    Criterion,
    DigestArticle,
    GrassrootsCourse,
    MaterialKind,
    MentoringPair,
    MentoringReview,
    SelfStudyNote,
    SessionAttendance,
    StudyMaterial,
    StudySession,
    TheoryDigest,
    TierChange,
)
from ..selectors import assessment_results, competition_results, study_materials


def _user(serializer):
    request = serializer.context.get("request")
    return request.user if request else None


class MaterialSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = StudyMaterial
        ref_name = "TrainingMaterial"
        fields = ["id", "title", "kind", "kind_display", "issued_on", "source", "summary",
                  "full_text", "url"]  # fmt: skip


class MaterialInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=MaterialKind.choices)
    issued_on = EnteredDateField()
    source = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    full_text = serializers.CharField(required=False, allow_blank=True, default="")


class AttendanceSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.__str__", read_only=True)

    class Meta:
        model = SessionAttendance
        fields = ["person", "person_name", "status", "leave_reason"]


class SessionSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = StudySession
        ref_name = "TrainingSession"
        fields = ["id", "kind", "kind_display", "topic", "held_on", "start_time", "location",
                  "speaker", "organiser", "materials", "notes", "status", "status_display",
                  "attendance", "url"]  # fmt: skip


class MaterialChoiceField(serializers.PrimaryKeyRelatedField):
    """A material of the caller's own library; any other id is "does not exist"."""

    def __init__(self, **kwargs):
        super().__init__(queryset=StudyMaterial.objects.all(), **kwargs)

    def get_queryset(self):
        return study_materials(_user(self.root), "change")


class SessionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    topic = serializers.CharField(max_length=200)
    held_on = EnteredDateField()
    start_time = serializers.TimeField(required=False, allow_null=True, default=None)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    speaker = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    materials = MaterialChoiceField(many=True, required=False, default=list)
    confirm_holiday = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Hold it on a weekend or holiday anyway"),
    )


class SessionChangeSerializer(serializers.Serializer):
    """A planned session changed by its organiser (PATCH): only the fields sent change."""

    kind = serializers.ChoiceField(choices=SessionKind.choices, required=False)
    topic = serializers.CharField(max_length=200, required=False)
    held_on = EnteredDateField(required=False)
    start_time = serializers.TimeField(required=False, allow_null=True)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True)
    speaker = serializers.CharField(max_length=100, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    materials = MaterialChoiceField(many=True, required=False)
    confirm_holiday = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Hold it on a weekend or holiday anyway"),
    )


class ScheduleInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    move_to_next_working_day = serializers.BooleanField(required=False, default=False)
    topic = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ScheduleSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.DateField())
    moved = serializers.ListField(child=serializers.ListField(child=serializers.DateField()))
    skipped = serializers.ListField(child=serializers.DateField())
    existing = serializers.ListField(child=serializers.DateField())


class StaffField(serializers.PrimaryKeyRelatedField):
    """Anyone may be named; the service refuses whoever does not work in the office, in
    words (so attendance for someone outside says so)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.all(), **kwargs)

    def get_queryset(self):
        user = _user(self.root)
        return User.objects.restrict(user) if user else User.objects.none()


class AttendanceInputSerializer(serializers.Serializer):
    person = StaffField()
    status = serializers.ChoiceField(choices=Attendance.choices)
    leave_reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class ConfirmAttendanceSerializer(serializers.Serializer):
    attendance = AttendanceInputSerializer(many=True)
    notes = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = DigestArticle
        fields = ["id", "focus_area", "title", "source", "text", "material", "position"]


class DigestSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    articles = ArticleSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = TheoryDigest
        fields = ["id", "year", "month", "title", "foreword", "status", "status_display",
                  "published_at", "articles", "url"]  # fmt: skip


class DigestInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DigestChangeSerializer(serializers.Serializer):
    """A digest's title and foreword changed by an editor (PATCH): only the fields sent."""

    title = serializers.CharField(max_length=200, required=False)
    foreword = serializers.CharField(required=False, allow_blank=True)


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = SelfStudyNote
        ref_name = "TrainingSelfStudyNote"
        fields = ["id", "read_on", "title", "material", "note", "created_at"]


class NoteInputSerializer(serializers.Serializer):
    read_on = EnteredDateField()
    title = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    material = MaterialChoiceField(required=False, allow_null=True, default=None)


class NoteChangeSerializer(serializers.Serializer):
    """One's own note changed (PATCH): only the fields sent change."""

    read_on = EnteredDateField(required=False)
    title = serializers.CharField(max_length=200, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    material = MaterialChoiceField(required=False, allow_null=True)


class EmptySerializer(serializers.Serializer):
    pass


class ArticleInputSerializer(serializers.Serializer):
    focus_area = serializers.ChoiceField(choices=FocusArea.choices)
    title = serializers.CharField(max_length=200)
    source = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    text = serializers.CharField()


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentoringReview
        fields = ["id", "held_on", "text", "author"]


class PairSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = MentoringPair
        fields = ["id", "mentor", "mentee", "started_on", "goals", "review_every_months",
                  "status", "status_display", "ended_on", "assessment", "reviews", "url"]  # fmt: skip


class ReviewInputSerializer(serializers.Serializer):
    held_on = EnteredDateField()
    text = serializers.CharField()


class TierSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.__str__", read_only=True)
    tier_display = serializers.CharField(source="get_tier_display", read_only=True)

    class Meta:
        model = TierChange
        fields = ["id", "person", "person_name", "tier", "tier_display", "reason", "changed_on"]


class TierInputSerializer(serializers.Serializer):
    person = StaffField()
    tier = serializers.ChoiceField(choices=Tier.choices)
    reason = serializers.CharField(max_length=300, allow_blank=True)
    changed_on = EnteredDateField()


class EntrySerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.__str__")
    category = serializers.CharField()
    average = serializers.FloatField(allow_null=True)
    judges = serializers.IntegerField()
    commendation = serializers.CharField()


class CompetitionSerializer(serializers.ModelSerializer):
    results = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Competition
        fields = ["id", "title", "held_on", "max_score", "description", "results", "url"]

    @extend_schema_field(EntrySerializer(many=True))
    def get_results(self, competition):
        # A list prefetches every competition's results at once (CompetitionViewSet).
        rows = getattr(competition, "results_rows", None)
        if rows is None:
            rows = competition_results(competition)
        return EntrySerializer(rows, many=True).data


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "weight", "source"]


class SectionResultSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    section = serializers.IntegerField(source="section.pk")
    section_name = serializers.CharField(source="section.name")
    total = serializers.FloatField()
    scores = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.FloatField(allow_null=True)))
    def get_scores(self, row):
        return [cell.score for cell in row.scores]


class AssessmentListSerializer(serializers.ModelSerializer):
    """An assessment in the list: its targets; the sections' ranking is on its own answer
    (computing it reads every app's records of the year)."""

    criteria = CriterionSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "year", "title", "criteria", "url"]


class AssessmentSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    sections = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "year", "title", "criteria", "sections", "url"]

    @extend_schema_field(SectionResultSerializer(many=True))
    def get_sections(self, assessment):
        return SectionResultSerializer(assessment_results(assessment), many=True).data


class ParticipationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = CourseParticipation
        fields = ["unit", "unit_name", "people", "rating", "feedback"]


class CourseSerializer(serializers.ModelSerializer):
    participants = ParticipationSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = GrassrootsCourse
        fields = ["id", "title", "held_on", "location", "content", "materials", "participants",
                  "url"]  # fmt: skip
