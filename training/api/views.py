"""The training API: the library, sessions (with the Thursday schedule and attendance),
digests, mentoring pairs and the staff tiers (the director's alone).

Reads are scoped (office.api.base); writes go through ``training.services`` inside
``service_errors()``: 403 when the caller may not, 400 with the reason otherwise.
"""

from dataclasses import asdict

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office.api.base import RestrictedViewSetMixin, ScopedFilterSet
from office.api.errors import responses, service_errors

from .. import services
from ..choices import DigestStatus, PairStatus, SessionKind, SessionStatus
from ..models import (
    Assessment,
    Competition,
    CompetitionEntry,
    GrassrootsCourse,
    MaterialKind,
    MentoringPair,
    SelfStudyNote,
    StudyMaterial,
    StudySession,
    TheoryDigest,
    TierChange,
)
from ..selectors import competition_results, current_tiers
from .serializers import (
    ArticleInputSerializer,
    AssessmentListSerializer,
    AssessmentSerializer,
    CompetitionSerializer,
    ConfirmAttendanceSerializer,
    CourseSerializer,
    DigestChangeSerializer,
    DigestInputSerializer,
    DigestSerializer,
    EmptySerializer,
    MaterialInputSerializer,
    MaterialSerializer,
    NoteChangeSerializer,
    NoteInputSerializer,
    NoteSerializer,
    PairSerializer,
    ReviewInputSerializer,
    ScheduleInputSerializer,
    ScheduleSerializer,
    SessionChangeSerializer,
    SessionInputSerializer,
    SessionSerializer,
    TierInputSerializer,
    TierSerializer,
)

READ = (mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet)


class MaterialFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=MaterialKind.choices)
    year = django_filters.NumberFilter(
        label=_("year"), min_value=2000, max_value=2100, field_name="issued_on", lookup_expr="year"
    )

    class Meta:
        model = StudyMaterial
        fields = ["kind", "year"]


@extend_schema(tags=["training"])
@extend_schema_view(
    list=extend_schema(summary=_("The study library")),
    retrieve=extend_schema(summary=_("One study material")),
)
class MaterialViewSet(RestrictedViewSetMixin, *READ):
    queryset = StudyMaterial.objects.all()
    serializer_class = MaterialSerializer
    filterset_class = MaterialFilter
    search_fields = ["title", "source", "summary"]
    ordering = ["-issued_on", "-id"]

    @extend_schema(
        summary=_("Add a study material"),
        request=MaterialInputSerializer,
        responses=responses(201, MaterialSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = dict(self.valid_input(MaterialInputSerializer))
        with service_errors():
            material = services.material_create(actor=request.user, data=data)
        return Response(MaterialSerializer(material).data, status=status.HTTP_201_CREATED)


class SessionFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=SessionKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=SessionStatus.choices)
    year = django_filters.NumberFilter(
        label=_("year"), min_value=2000, max_value=2100, field_name="held_on", lookup_expr="year"
    )

    class Meta:
        model = StudySession
        fields = ["kind", "status", "year"]


@extend_schema(tags=["training"])
@extend_schema_view(
    list=extend_schema(summary=_("Study sessions")),
    retrieve=extend_schema(summary=_("One study session with its attendance")),
)
class SessionViewSet(RestrictedViewSetMixin, *READ):
    queryset = StudySession.objects.prefetch_related("materials", "attendance__person")
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    search_fields = ["topic", "speaker"]
    ordering = ["-held_on", "-id"]

    def _session_response(self, session, status_code=status.HTTP_200_OK):
        fresh = StudySession.objects.prefetch_related("materials", "attendance__person").get(
            pk=session.pk
        )
        return Response(SessionSerializer(fresh).data, status=status_code)

    @extend_schema(
        summary=_("Plan a study session"),
        request=SessionInputSerializer,
        responses=responses(201, SessionSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = dict(self.valid_input(SessionInputSerializer))
        materials = data.pop("materials")
        confirm = data.pop("confirm_holiday")
        with service_errors():
            session = services.session_create(
                actor=request.user, data=data, materials=materials, confirm_holiday=confirm
            )
        return self._session_response(session, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Change a study session (only the fields sent)"),
        request=SessionChangeSerializer,
        responses=responses(200, SessionSerializer),
    )
    def partial_update(self, request, *args, **kwargs):
        session = self.get_object()
        data = dict(self.valid_input(SessionChangeSerializer))
        confirm = data.pop("confirm_holiday")
        materials = data.pop("materials", None)
        if materials is None:
            materials = list(session.materials.all())
        current = {name: getattr(session, name) for name in services.SESSION_FIELDS}
        with service_errors():
            services.session_update(
                actor=request.user,
                session=session,
                data=current | data,
                materials=materials,
                confirm_holiday=confirm,
            )
        return self._session_response(session)

    @extend_schema(
        summary=_("Create the Thursday schedule of a year"),
        request=ScheduleInputSerializer,
        responses=responses(201, ScheduleSerializer),
    )
    @action(detail=False, methods=["post"])
    def schedule(self, request):
        data = self.valid_input(ScheduleInputSerializer)
        with service_errors():
            done = services.thursday_schedule_create(actor=request.user, **data)
        return Response(ScheduleSerializer(asdict(done)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Confirm attendance after the session (the organiser)"),
        request=ConfirmAttendanceSerializer,
        responses=responses(200, SessionSerializer),
    )
    @action(detail=True, methods=["post"], url_path="confirm-attendance")
    def confirm_attendance(self, request, pk=None):
        session = self.get_object()
        data = self.valid_input(ConfirmAttendanceSerializer)
        entries = [services.AttendanceEntry(**row) for row in data["attendance"]]
        with service_errors():
            services.session_attendance_confirm(
                actor=request.user, session=session, entries=entries, notes=data["notes"]
            )
        return self._session_response(session)


class DigestFilter(ScopedFilterSet):
    year = django_filters.NumberFilter(label=_("year"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(label=_("status"), choices=DigestStatus.choices)

    class Meta:
        model = TheoryDigest
        fields = ["year", "status"]


@extend_schema(tags=["training"])
@extend_schema_view(
    list=extend_schema(summary=_("Monthly theory digests")),
    retrieve=extend_schema(summary=_("One digest with its articles")),
)
class DigestViewSet(RestrictedViewSetMixin, *READ):
    queryset = TheoryDigest.objects.prefetch_related("articles")
    serializer_class = DigestSerializer
    filterset_class = DigestFilter
    search_fields = ["title"]
    ordering = ["-year", "-month"]

    def _digest_response(self, digest, status_code=status.HTTP_200_OK):
        fresh = TheoryDigest.objects.prefetch_related("articles").get(pk=digest.pk)
        return Response(DigestSerializer(fresh).data, status=status_code)

    @extend_schema(
        summary=_("Compile a month's digest from the library"),
        request=DigestInputSerializer,
        responses=responses(201, DigestSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = self.valid_input(DigestInputSerializer)
        with service_errors():
            digest = services.digest_compile(actor=request.user, **data)
        return self._digest_response(digest, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Change a draft digest's title and foreword (only the fields sent)"),
        request=DigestChangeSerializer,
        responses=responses(200, DigestSerializer),
    )
    def partial_update(self, request, *args, **kwargs):
        digest = self.get_object()
        data = self.valid_input(DigestChangeSerializer)
        with service_errors():
            services.digest_update(
                actor=request.user,
                digest=digest,
                title=data.get("title", digest.title),
                foreword=data.get("foreword", digest.foreword),
            )
        return self._digest_response(digest)

    @extend_schema(
        summary=_("Add an article to a draft digest"),
        request=ArticleInputSerializer,
        responses=responses(200, DigestSerializer),
    )
    @action(detail=True, methods=["post"])
    def articles(self, request, pk=None):
        digest = self.get_object()
        data = self.valid_input(ArticleInputSerializer)
        with service_errors():
            services.digest_article_add(actor=request.user, digest=digest, data=dict(data))
        return self._digest_response(digest)

    @extend_schema(
        summary=_("Publish the digest to all staff"),
        request=EmptySerializer,
        responses=responses(200, DigestSerializer),
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        digest = self.get_object()
        with service_errors():
            services.digest_publish(actor=request.user, digest=digest)
        return self._digest_response(digest)


@extend_schema(tags=["training"])
@extend_schema_view(
    list=extend_schema(summary=_("My self-study notes (nobody else's)")),
    retrieve=extend_schema(summary=_("One of my self-study notes")),
)
class NoteViewSet(RestrictedViewSetMixin, *READ):
    """One's own notes: written, read and changed by their writer alone (another's is 404)."""

    queryset = SelfStudyNote.objects.all()
    serializer_class = NoteSerializer
    ordering = ["-read_on", "-id"]

    def get_queryset(self):
        return super().get_queryset().filter(owner=self.request.user)

    @extend_schema(
        summary=_("Note what I read"),
        request=NoteInputSerializer,
        responses=responses(201, NoteSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = self.valid_input(NoteInputSerializer)
        with service_errors():
            note = services.note_create(actor=request.user, **data)
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Change my note (only the fields sent)"),
        request=NoteChangeSerializer,
        responses=responses(200, NoteSerializer),
    )
    def partial_update(self, request, *args, **kwargs):
        note = self.get_object()
        data = self.valid_input(NoteChangeSerializer)
        with service_errors():
            services.note_update(
                actor=request.user,
                note=note,
                read_on=data.get("read_on", note.read_on),
                title=data.get("title", note.title),
                note_text=data.get("note", note.note),
                material=data["material"] if "material" in data else note.material,
            )
        return Response(NoteSerializer(note).data)


class PairFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=PairStatus.choices)

    class Meta:
        model = MentoringPair
        fields = ["status"]


@extend_schema(tags=["training"])
@extend_schema_view(
    list=extend_schema(summary=_("Mentoring pairs")),
    retrieve=extend_schema(summary=_("One mentoring pair with its reviews")),
)
class PairViewSet(RestrictedViewSetMixin, *READ):
    queryset = MentoringPair.objects.prefetch_related("reviews")
    serializer_class = PairSerializer
    filterset_class = PairFilter
    ordering = ["-started_on", "-id"]

    @extend_schema(
        summary=_("Record a mentoring review"),
        request=ReviewInputSerializer,
        responses=responses(200, PairSerializer),
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        pair = self.get_object()
        data = self.valid_input(ReviewInputSerializer)
        with service_errors():
            services.pair_review(actor=request.user, pair=pair, **data)
        fresh = MentoringPair.objects.prefetch_related("reviews").get(pk=pair.pk)
        return Response(PairSerializer(fresh).data)


@extend_schema(tags=["training"])
@extend_schema_view(list=extend_schema(summary=_("Each person's tier now (the director's)")))
class TierViewSet(RestrictedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = TierChange.objects.all()
    serializer_class = TierSerializer
    ordering_fields = ["changed_on"]

    def get_queryset(self):
        return current_tiers(self.request.user)

    @extend_schema(
        summary=_("Put a person into a tier, with the reason"),
        request=TierInputSerializer,
        responses=responses(201, TierSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = self.valid_input(TierInputSerializer)
        with service_errors():
            change = services.tier_change(actor=request.user, **data)
        return Response(TierSerializer(change).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["training"])
@extend_schema_view(
    list=extend_schema(summary=_("Drills and competitions")),
    retrieve=extend_schema(summary=_("One competition with its results")),
)
class CompetitionViewSet(RestrictedViewSetMixin, *READ):
    queryset = Competition.objects.prefetch_related(
        Prefetch(
            "entries",
            queryset=competition_results(None, CompetitionEntry.objects.all()),
            to_attr="results_rows",
        )
    )
    serializer_class = CompetitionSerializer
    ordering = ["-held_on", "-id"]


@extend_schema(tags=["training"])
@extend_schema_view(
    list=extend_schema(summary=_("Section target assessments")),
    retrieve=extend_schema(summary=_("One assessment with its targets and sections ranked")),
)
class AssessmentViewSet(RestrictedViewSetMixin, *READ):
    queryset = Assessment.objects.prefetch_related("criteria")
    serializer_class = AssessmentSerializer
    ordering = ["-year"]

    def get_serializer_class(self):
        return AssessmentListSerializer if self.action == "list" else AssessmentSerializer


@extend_schema(tags=["training"])
@extend_schema_view(
    list=extend_schema(summary=_("Courses for grassroots party offices")),
    retrieve=extend_schema(summary=_("One course with its participants and feedback by unit")),
)
class CourseViewSet(RestrictedViewSetMixin, *READ):
    queryset = GrassrootsCourse.objects.prefetch_related("participants__unit", "materials")
    serializer_class = CourseSerializer
    ordering = ["-held_on", "-id"]
