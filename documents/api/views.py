"""The documents API: official documents with their flow as actions and the GB/T 9704
.docx, manuscripts with versions, research visits and incoming documents.

Reads are scoped (office.api.base); writes go through ``documents.services`` inside
``service_errors()``: 403 when the caller may not act, 400 with the reason otherwise."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from office.api.base import RestrictedReadOnlyViewSet, RestrictedViewSetMixin
from office.api.errors import responses, service_errors

from .. import services
from ..export import document_docx
from ..models import IncomingDocument, Manuscript, OfficialDocument, ResearchVisit
from .serializers import (
    CommentInputSerializer,
    CountersignInputSerializer,
    DocumentInputSerializer,
    IncomingDocumentSerializer,
    IssueInputSerializer,
    ManuscriptSerializer,
    OfficialDocumentSerializer,
    OpinionInputSerializer,
    OwnCountersignInputSerializer,
    ReasonInputSerializer,
    ResearchVisitSerializer,
    SendBackInputSerializer,
    VersionInputSerializer,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@extend_schema(tags=["documents"])
@extend_schema_view(
    list=extend_schema(summary=_("Official documents in your scope")),
    retrieve=extend_schema(summary=_("One official document")),
)
class OfficialDocumentViewSet(
    RestrictedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Outgoing official documents (发文). Each step of the flow is a POST action."""

    queryset = OfficialDocument.objects.select_related("drafter", "signer").prefetch_related(
        "countersignatures__unit"
    )
    serializer_class = OfficialDocumentSerializer
    filterset_fields = ["doc_type", "status", "is_normative"]
    search_fields = ["title", "number"]
    ordering_fields = ["created_at", "issued_on"]
    ordering = ["-created_at"]

    def _respond(self, document, status_code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=document.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(
        summary=_("Draft a document"),
        request=DocumentInputSerializer,
        responses=responses(201, OfficialDocumentSerializer),
    )
    def create(self, request, *args, **kwargs):
        data = self.valid_input(DocumentInputSerializer)
        with service_errors():
            document = services.document_create(
                actor=request.user, data=services.DocumentData(**data)
            )
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    def _step(self, serializer_class, call):
        document = self.get_object()
        payload = self.valid_input(serializer_class)
        with service_errors():
            call(document, payload)
        return self._respond(document)

    @extend_schema(
        summary=_("Submit for checking"),
        request=CommentInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(
            CommentInputSerializer,
            lambda d, p: services.document_submit(actor=request.user, document=d, **p),
        )

    @extend_schema(
        summary=_("Pass checking (核稿)"),
        request=CommentInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        return self._step(
            CommentInputSerializer,
            lambda d, p: services.document_check(actor=request.user, document=d, **p),
        )

    @extend_schema(
        summary=_("Record the legality review"),
        request=OpinionInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"], url_path="legal-review")
    def legal_review(self, request, pk=None):
        return self._step(
            OpinionInputSerializer,
            lambda d, p: services.document_legal_review(actor=request.user, document=d, **p),
        )

    @extend_schema(
        summary=_("Sign off (签发)"),
        request=CommentInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._step(
            CommentInputSerializer,
            lambda d, p: services.document_sign(actor=request.user, document=d, **p),
        )

    @extend_schema(
        summary=_("Number and issue"),
        request=IssueInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return self._step(
            IssueInputSerializer,
            lambda d, p: services.document_issue(actor=request.user, document=d, **p),
        )

    @extend_schema(
        summary=_("Send back to an earlier step"),
        request=SendBackInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        return self._step(
            SendBackInputSerializer,
            lambda d, p: services.document_send_back(actor=request.user, document=d, **p),
        )

    @extend_schema(
        summary=_("Record the next unit's countersignature (会签)"),
        request=CountersignInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"])
    def countersign(self, request, pk=None):
        return self._step(
            CountersignInputSerializer,
            lambda d, p: services.document_countersign(actor=request.user, document=d, **p),
        )

    @extend_schema(
        summary=_("Countersign for your unit (会签)"),
        request=OwnCountersignInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"], url_path="countersign-own")
    def countersign_own(self, request, pk=None):
        """The head or liaison of the unit whose turn it is, as on the document's page."""
        return self._step(
            OwnCountersignInputSerializer,
            lambda d, p: services.document_countersign_own(actor=request.user, document=d, **p),
        )

    @extend_schema(
        summary=_("Archive (归档)"),
        request=CommentInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return self._step(
            CommentInputSerializer,
            lambda d, p: services.document_archive(actor=request.user, document=d),
        )

    @extend_schema(
        summary=_("Void the number (作废)"),
        request=ReasonInputSerializer,
        responses=responses(200, OfficialDocumentSerializer),
    )
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        return self._step(
            ReasonInputSerializer,
            lambda d, p: services.document_void(actor=request.user, document=d, **p),
        )

    @extend_schema(
        summary=_("The document as a GB/T 9704 .docx"),
        responses={
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description=_("The .docx file.")),
            404: OpenApiResponse(description=_("Not found, or not in your scope.")),
        },
    )
    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        document = self.get_object()
        response = HttpResponse(document_docx(document), content_type=DOCX)
        name = f"{document.number or document.title}.docx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response


@extend_schema(tags=["documents"])
@extend_schema_view(
    list=extend_schema(summary=_("Manuscripts in your scope")),
    retrieve=extend_schema(summary=_("One manuscript")),
)
class ManuscriptViewSet(RestrictedReadOnlyViewSet):
    queryset = Manuscript.objects.select_related("author").defer("text")
    serializer_class = ManuscriptSerializer
    filterset_fields = ["kind", "status"]
    search_fields = ["title"]
    ordering = ["-assigned_on", "-id"]

    @extend_schema(
        summary=_("Save a new version"),
        request=VersionInputSerializer,
        responses=responses(200, ManuscriptSerializer),
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        manuscript = self.get_object()
        payload = self.valid_input(VersionInputSerializer)
        with service_errors():
            services.manuscript_revise(actor=request.user, manuscript=manuscript, **payload)
        return Response(self.get_serializer(self.get_queryset().get(pk=manuscript.pk)).data)


@extend_schema(tags=["documents"])
@extend_schema_view(
    list=extend_schema(summary=_("Research visits in your scope")),
    retrieve=extend_schema(summary=_("One research visit")),
)
class ResearchVisitViewSet(RestrictedReadOnlyViewSet):
    queryset = ResearchVisit.objects.prefetch_related("accompanying_leaders")
    serializer_class = ResearchVisitSerializer
    filterset_fields = ["level"]
    search_fields = ["topic", "visiting_body"]
    ordering = ["-start_date", "-id"]


@extend_schema(tags=["documents"])
@extend_schema_view(
    list=extend_schema(summary=_("Incoming documents in your scope")),
    retrieve=extend_schema(summary=_("One incoming document")),
)
class IncomingDocumentViewSet(RestrictedReadOnlyViewSet):
    queryset = IncomingDocument.objects.all()
    serializer_class = IncomingDocumentSerializer
    filterset_fields = ["status", "mode"]
    search_fields = ["title", "sender"]
    ordering = ["-received_on", "-id"]

    @extend_schema(
        summary=_("Mark as read, with a comment"),
        request=CommentInputSerializer,
        responses=responses(200, IncomingDocumentSerializer),
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        document = self.get_object()
        payload = self.valid_input(CommentInputSerializer)
        with service_errors():
            services.incoming_mark_read(actor=request.user, document=document, **payload)
        return Response(self.get_serializer(document).data)
