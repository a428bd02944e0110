"""Pages of documents: official documents (发文) with their flow, the quota and the .docx;
manuscripts with versions and a side-by-side comparison; research visits; incoming documents
circulated to leaders. Every page is declarations over office's generic views."""

import difflib

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView, View
from django.views.generic.detail import SingleObjectMixin

from office.views.detail import ActionPanel, Event, ObjectDetailView
from office.views.generic import (
    ObjectEditView,
    ObjectListView,
    RestrictedMixin,
    ViewPermissionMixin,
)

from . import rules, services
from .choices import TYPE_WORDS, DocStatus
from .export import document_docx
from .filtersets import (
    ConfidentialFilterSet,
    IncomingFilterSet,
    InfoFilterSet,
    InfoTopicFilterSet,
    ManuscriptFilterSet,
    OfficialDocumentFilterSet,
    VisitFilterSet,
)
from .forms import (
    AdoptForm,
    CirculateForm,
    CommentForm,
    ConfidentialForm,
    CountersignForm,
    CountersignOwnForm,
    DestroyForm,
    DocumentForm,
    EmptyForm,
    FilingForm,
    FirstCheckForm,
    FollowUpForm,
    ForwardForm,
    IncomingForm,
    InfoForm,
    InfoTopicForm,
    IssueForm,
    LegalReviewForm,
    LendForm,
    ManuscriptForm,
    ProposeForm,
    PublishForm,
    ReasonForm,
    ReceiptForm,
    SendBackForm,
    TakeBackForm,
    ToSupervisionForm,
    VersionForm,
    VisitForm,
)
from .models import (
    ConfidentialRecord,
    IncomingDocument,
    InfoPiece,
    InfoTopic,
    Manuscript,
    OfficialDocument,
    ResearchVisit,
)
from .selectors import (
    clearance_records,
    info_ranking,
    quarter_of,
    quota_exceeded_by,
    quota_rows,
)
from .tables import (
    ConfidentialTable,
    IncomingTable,
    InfoTable,
    InfoTopicTable,
    ManuscriptTable,
    OfficialDocumentTable,
    VisitTable,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# The sections of documents, shown as tabs on every list: (url name, label, icon, model).
SECTIONS = (
    ("documents:official_list", gettext_lazy("Official documents"), "file-earmark-text",
     "officialdocument"),
    ("documents:manuscript_list", gettext_lazy("Manuscripts"), "pencil-square", "manuscript"),
    ("documents:visit_list", gettext_lazy("Research visits"), "geo-alt", "researchvisit"),
    ("documents:incoming_list", gettext_lazy("Incoming documents"), "inbox", "incomingdocument"),
    ("documents:info_list", gettext_lazy("Information reports"), "broadcast", "infopiece"),
    ("documents:info_topic_list", gettext_lazy("Information topics"), "megaphone", "infotopic"),
    ("documents:confidential_list", gettext_lazy("Confidential ledger"), "shield-lock",
     "confidentialrecord"),
)  # fmt: skip


class SectionsMixin:
    """The tabs of the sections the user may read, the current one marked."""

    template_name = "documents/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, current = self.request.user, self.request.resolver_match.view_name
        context["documents_sections"] = [
            {"url": reverse(name), "label": label, "icon": icon, "active": name == current}
            for name, label, icon, model in SECTIONS
            if user.has_perm(f"documents.view_{model}")
        ]
        return context


class UserFormMixin:
    """Forms whose choices are the user's office's (signers, leaders, visits)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


# --- Official documents -------------------------------------------------------------------------


class OfficialListView(SectionsMixin, ObjectListView):
    model = OfficialDocument
    table_class = OfficialDocumentTable
    filterset_class = OfficialDocumentFilterSet
    create_url_name = "documents:official_add"
    title = gettext_lazy("Official documents")
    template_name = "documents/official_list.html"

    def get_base_queryset(self):
        return OfficialDocument.objects.select_related("drafter", "signer")


def _document_data(cleaned) -> services.DocumentData:
    values = {k: cleaned[k] for k in DocumentForm.Meta.fields}
    return services.DocumentData(**values, countersign_units=list(cleaned["countersign_units"]))


class OfficialCreateView(UserFormMixin, ObjectEditView):
    model = OfficialDocument
    form_class = DocumentForm
    list_url_name = "documents:official_list"

    def save(self, form):
        return services.document_create(
            actor=self.request.user, data=_document_data(form.cleaned_data)
        )


class OfficialEditView(UserFormMixin, ObjectEditView):
    model = OfficialDocument
    form_class = DocumentForm

    def save(self, form):
        document = OfficialDocument.objects.get(pk=self.object.pk)
        return services.document_update(
            actor=self.request.user, document=document, data=_document_data(form.cleaned_data)
        )


def _submit(view, obj, data):
    services.document_submit(actor=view.request.user, document=obj, comment=data["comment"])
    return _("Submitted for checking.")


def _check(view, obj, data):
    services.document_check(actor=view.request.user, document=obj, comment=data["comment"])
    return _("Checked.")


def _legal(view, obj, data):
    services.document_legal_review(actor=view.request.user, document=obj, opinion=data["opinion"])
    return _("The legality review opinion is recorded.")


def _sign(view, obj, data):
    services.document_sign(actor=view.request.user, document=obj, comment=data["comment"])
    return _("Signed off.")


def _issue(view, obj, data):
    services.document_issue(
        actor=view.request.user, document=obj, override_reason=data["override_reason"]
    )
    obj.refresh_from_db()
    return _("Issued as %(number)s.") % {"number": obj.number}


def _send_back(view, obj, data):
    services.document_send_back(
        actor=view.request.user,
        document=obj,
        reason=data["reason"],
        to=data["to"] or DocStatus.DRAFTING,
    )
    obj.refresh_from_db()
    return _("Sent back to the step: %(step)s.") % {"step": obj.get_status_display()}


def _countersign(view, obj, data):
    signature = services.document_countersign(actor=view.request.user, document=obj, **data)
    return _("The countersignature of %(unit)s is recorded.") % {"unit": signature.unit}


def _countersign_own(view, obj, data):
    signature = services.document_countersign_own(actor=view.request.user, document=obj, **data)
    if signature.agrees:
        return _("%(unit)s has countersigned: agreed.") % {"unit": signature.unit}
    return _("%(unit)s has countersigned: disagreed, with its opinion.") % {"unit": signature.unit}


def _next_countersigner(document) -> str:
    pending = [s for s in document.countersignatures.all() if s.signed_on is None]
    if not pending:
        return ""
    return _("Next to countersign: %(unit)s.") % {"unit": pending[0].unit}


def _archive(view, obj, data):
    services.document_archive(actor=view.request.user, document=obj)
    return _("Archived.")


def _void(view, obj, data):
    services.document_void(actor=view.request.user, document=obj, reason=data["reason"])
    return _("The number %(number)s is voided; it stays taken.") % {"number": obj.number}


def _filing(view, obj, data):
    services.document_record_filing(actor=view.request.user, document=obj, **data)
    return _("Filing recorded.")


class OfficialDetailView(ObjectDetailView):
    model = OfficialDocument
    template_name = "documents/official_detail.html"
    edit_url_name = "documents:official_edit"
    url_prefix = "documents:official"
    workflow_fields = (
        "status",
        "legal_opinion",
        "legal_reviewer",
        "signed_on",
        "year",
        "sequence",
        "number",
        "issued_on",
        "quota_override_reason",
        "filing_due",
        "archived_on",
        "voided_on",
        "void_reason",
    )
    detail_fields = (
        "number",
        "doc_type",
        "issuer",
        "is_normative",
        "urgency",
        "openness",
        "main_recipients",
        "copy_recipients",
        "attachments_note",
        "drafter",
        "signer",
        "status",
        "signed_on",
        "issued_on",
        "filing_due",
        "filing_number",
        "filed_on",
        "archived_on",
        "voided_on",
        "void_reason",
    )
    action_panels = (
        ActionPanel("submit", CommentForm, _submit, gettext_lazy("Submit for checking"),
                    gettext_lazy("Submit"), icon="send"),
        ActionPanel("check", CommentForm, _check, gettext_lazy("Checking (核稿)"),
                    gettext_lazy("Pass checking"), icon="check2", rules=("check", "check_to_legal")),
        ActionPanel("legal_review", LegalReviewForm, _legal, gettext_lazy("Legality review"),
                    gettext_lazy("Record the opinion"), icon="shield-check"),
        ActionPanel("sign", CommentForm, _sign, gettext_lazy("Sign-off (签发)"),
                    gettext_lazy("Sign off"), icon="pen", style="success"),
        ActionPanel("issue", IssueForm, _issue, gettext_lazy("Number and issue"),
                    gettext_lazy("Number and issue"), icon="123", style="success"),
        ActionPanel("countersign_own", CountersignOwnForm, _countersign_own,
                    pgettext_lazy("heading", "Countersigning (会签)"),
                    gettext_lazy("Countersign"), icon="pen", describe=_next_countersigner),
        ActionPanel("countersign", CountersignForm, _countersign,
                    pgettext_lazy("heading", "Countersigning (会签)"),
                    gettext_lazy("Record the signature"), icon="people",
                    describe=_next_countersigner),
        ActionPanel("archive", EmptyForm, _archive, gettext_lazy("Archive (归档)"),
                    gettext_lazy("Archive"), icon="archive", style="secondary",
                    confirm=gettext_lazy("Archive this document?")),
        ActionPanel("void", ReasonForm, _void, gettext_lazy("Void the number (作废)"),
                    gettext_lazy("Void"), icon="x-octagon", style="danger",
                    confirm=gettext_lazy("Void this document? Its number stays taken and is "
                                         "never given again."),
                    primary_for=lambda user: False),
        ActionPanel("send_back", SendBackForm, _send_back, gettext_lazy("Send back"),
                    gettext_lazy("Send back"), icon="arrow-return-left", style="warning",
                    primary_for=lambda user: False),
        ActionPanel("record_filing", FilingForm, _filing, gettext_lazy("Filing (备案)"),
                    gettext_lazy("Record filing"), icon="archive", path="filing/"),
    )  # fmt: skip

    def get_base_queryset(self):
        return OfficialDocument.objects.select_related(
            "drafter", "signer", "legal_reviewer"
        ).prefetch_related("countersignatures__unit", "countersignatures__recorded_by")

    timeline_sources = ("countersign_events",)

    def countersign_events(self):
        return [
            Event(s.recorded_at, "countersign", "people", "orange" if s.agrees else "red",
                  (_("Countersigned by %(unit)s (%(name)s)") if s.agrees
                   else _("Countersigned by %(unit)s (%(name)s): disagrees"))
                  % {"unit": s.unit, "name": s.signed_by},
                  s.recorded_by, s.opinion)
            for s in self.object.countersignatures.all()
            if s.recorded_at is not None
        ]  # fmt: skip

    def action_panels_for(self, user):
        panels = super().action_panels_for(user)
        for panel in panels:
            if panel.spec.name == "send_back":
                panel.form.offer_only(services.send_back_steps(self.object))
        return panels

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        cap = rules.length_cap(document.doc_type)
        length = rules.count_characters(document.body)
        context.update(
            length=length,
            length_cap=cap,
            over_length=length > cap,
            title_warning=rules.title_warning(document.title, TYPE_WORDS.get(document.doc_type)),
            needs_legal=document.needs_legal_review,
            legal_missing=document.needs_legal_review and not document.legal_opinion,
            # 只减不增: said before the number is taken, not only when issuing is refused.
            over_quota=document.status == DocStatus.SIGNED
            and rules.quota_enforced()
            and quota_exceeded_by(document, timezone.localdate().year),
        )
        return context


class OfficialDocxView(RestrictedMixin, ViewPermissionMixin, SingleObjectMixin, View):
    model = OfficialDocument

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        name = f"{document.number or document.title}.docx"
        response = HttpResponse(document_docx(document), content_type=DOCX)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response


class QuotaView(RestrictedMixin, ViewPermissionMixin, TemplateView):
    """只减不增: this year's documents by type against last year's."""

    model = OfficialDocument
    template_name = "documents/quota.html"

    def has_permission(self):
        # The office's own count: a unit's liaison, who reads the documents its unit
        # countersigns, has no business with it.
        user = self.request.user
        return super().has_permission() and (user.is_superuser or not user.sees_own_unit_only)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = int(self.request.GET.get("year") or timezone.localdate().year)
        office = self.request.user.office
        if office is None:
            raise Http404
        rows = quota_rows(office, year)
        context.update(
            title=_("Document quota (只减不增)"),
            year=year,
            rows=rows[:-1],
            total=rows[-1],
            years=range(year - 2, year + 1),
        )
        return context


# --- Manuscripts --------------------------------------------------------------------------------


class ManuscriptListView(SectionsMixin, ObjectListView):
    model = Manuscript
    table_class = ManuscriptTable
    filterset_class = ManuscriptFilterSet
    create_url_name = "documents:manuscript_add"
    title = gettext_lazy("Manuscripts")

    def get_base_queryset(self):
        return Manuscript.objects.select_related("author").defer("text")


class ManuscriptCreateView(UserFormMixin, ObjectEditView):
    model = Manuscript
    form_class = ManuscriptForm
    list_url_name = "documents:manuscript_list"

    def save(self, form):
        return services.manuscript_create(
            actor=self.request.user, data=services.ManuscriptData(**form.cleaned_data)
        )


def _revise(view, obj, data):
    version = services.manuscript_revise(actor=view.request.user, manuscript=obj, **data)
    return _("Version %(number)s saved: %(count)s characters.") % {
        "number": version.number,
        "count": version.characters,
    }


def _deliver(view, obj, data):
    services.manuscript_deliver(actor=view.request.user, manuscript=obj)
    return _("Delivered.")


def _publish(view, obj, data):
    services.manuscript_publish(actor=view.request.user, manuscript=obj, **data)
    return _("Publication recorded.")


class ManuscriptDetailView(ObjectDetailView):
    model = Manuscript
    template_name = "documents/manuscript_detail.html"
    url_prefix = "documents:manuscript"
    workflow_fields = ("status", "delivered_on")
    detail_fields = (
        "kind",
        "for_whom",
        "commissioning_body",
        "author",
        "assigned_on",
        "due_date",
        "status",
        "characters",
        "delivered_on",
        "research_visit",
        "journal",
        "journal_issue",
        "published_on",
    )
    action_panels = (
        ActionPanel("revise", VersionForm, _revise, gettext_lazy("Save a new version"),
                    gettext_lazy("Save version"), icon="save"),
        ActionPanel("deliver", EmptyForm, _deliver, gettext_lazy("Deliver"),
                    gettext_lazy("Deliver"), icon="send-check", style="success"),
        ActionPanel("publish", PublishForm, _publish, gettext_lazy("Record publication"),
                    gettext_lazy("Record"), icon="journal-text"),
    )  # fmt: skip
    timeline_sources = ("version_events",)

    def get_base_queryset(self):
        return Manuscript.objects.select_related("author", "research_visit")

    def version_events(self):
        return [
            Event(v.created_at, "version", "file-earmark-text", "blue",
                  _("Version %(number)s: %(count)s characters") % {"number": v.number, "count": v.characters},
                  v.author, v.note)
            for v in self.versions
        ]  # fmt: skip

    @property
    def versions(self):
        if not hasattr(self, "_versions"):
            self._versions = list(
                self.object.versions.select_related("author").defer("text").order_by("-number")
            )
        return self._versions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = self.versions
        return context


class VersionCompareView(RestrictedMixin, ViewPermissionMixin, SingleObjectMixin, TemplateView):
    """Two versions side by side, changes marked (difflib)."""

    model = Manuscript
    template_name = "documents/version_compare.html"

    def get_context_data(self, **kwargs):
        self.object = self.get_object()
        versions = {v.number: v for v in self.object.versions.all()}
        if len(versions) < 1:
            raise Http404
        numbers = sorted(versions)
        try:
            left = int(self.request.GET.get("a") or numbers[max(len(numbers) - 2, 0)])
            right = int(self.request.GET.get("b") or numbers[-1])
        except ValueError as error:
            raise Http404 from error
        if left not in versions or right not in versions:
            raise Http404
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            title=_("Compare versions of %(title)s") % {"title": self.object.title},
            left=versions[left],
            right=versions[right],
            numbers=numbers,
            rows=side_by_side(versions[left].text, versions[right].text),
        )
        return context


def side_by_side(old: str, new: str) -> list[dict]:
    """Rows of (old line, new line) with what changed marked, paragraph by paragraph."""
    a, b = old.splitlines(), new.splitlines()
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [{"tag": "equal", "old": [(False, a[i])], "new": [(False, b[j])]}
                     for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]  # fmt: skip
            continue
        left, right = a[i1:i2], b[j1:j2]
        for index in range(max(len(left), len(right))):
            old_line = left[index] if index < len(left) else ""
            new_line = right[index] if index < len(right) else ""
            rows.append({"tag": tag, **_marked(old_line, new_line)})
    return rows


def _marked(old: str, new: str) -> dict:
    """The two lines as pieces (changed?, text), character by character."""
    old_parts, new_parts = [], []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if old[i1:i2]:
            old_parts.append((tag != "equal", old[i1:i2]))
        if new[j1:j2]:
            new_parts.append((tag != "equal", new[j1:j2]))
    return {"old": old_parts, "new": new_parts}


# --- Research visits ----------------------------------------------------------------------------


class VisitListView(SectionsMixin, ObjectListView):
    model = ResearchVisit
    table_class = VisitTable
    filterset_class = VisitFilterSet
    create_url_name = "documents:visit_add"
    title = gettext_lazy("Research visits")


class VisitCreateView(UserFormMixin, ObjectEditView):
    model = ResearchVisit
    form_class = VisitForm
    list_url_name = "documents:visit_list"

    def save(self, form):
        data = dict(form.cleaned_data)
        data["accompanying_leaders"] = list(data["accompanying_leaders"])
        return services.visit_create(actor=self.request.user, data=services.VisitData(**data))


def _follow_up(view, obj, data):
    follow_up = services.visit_follow_up(actor=view.request.user, visit=obj, **data)
    if follow_up.supervision_item_id:
        return _("The follow-up is recorded and sent to supervision.")
    return _("The follow-up is recorded.")


class VisitDetailView(ObjectDetailView):
    model = ResearchVisit
    template_name = "documents/visit_detail.html"
    url_prefix = "documents:visit"
    detail_fields = ("visiting_body", "level", "topic", "start_date", "end_date", "places", "notes")
    action_panels = (
        ActionPanel("follow_up", FollowUpForm, _follow_up, gettext_lazy("Add a follow-up item"),
                    gettext_lazy("Add"), icon="list-check"),
    )  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.object
        context.update(
            leaders=list(visit.accompanying_leaders.all()),
            materials=list(visit.materials.defer("text").restrict(self.request.user)),
            follow_ups=list(visit.follow_ups.all()),
        )
        return context


# --- Incoming documents -------------------------------------------------------------------------


class IncomingListView(SectionsMixin, ObjectListView):
    model = IncomingDocument
    table_class = IncomingTable
    filterset_class = IncomingFilterSet
    create_url_name = "documents:incoming_add"
    title = gettext_lazy("Incoming documents")


class IncomingCreateView(UserFormMixin, ObjectEditView):
    model = IncomingDocument
    form_class = IncomingForm
    list_url_name = "documents:incoming_list"

    def save(self, form):
        return services.incoming_register(
            actor=self.request.user, data=services.IncomingData(**form.cleaned_data)
        )


def _first_check(view, obj, data):
    services.incoming_first_check(actor=view.request.user, document=obj, **data)
    return _("First check done.")


def _return(view, obj, data):
    services.incoming_return(actor=view.request.user, document=obj, reason=data["reason"])
    return _("Returned to the sender.")


def _propose(view, obj, data):
    services.incoming_propose(actor=view.request.user, document=obj, **data)
    return _("The proposed handling is recorded.")


def _circulate(view, obj, data):
    services.incoming_circulate(actor=view.request.user, document=obj, readers=data["readers"])
    return _("Sent round the leaders.")


def _read(view, obj, data):
    services.incoming_mark_read(actor=view.request.user, document=obj, comment=data["comment"])
    return _("Marked as read.")


def _urge(view, obj, data):
    count = services.incoming_urge(actor=view.request.user, document=obj)
    return _("%(count)s readers reminded.") % {"count": count}


def _to_supervision(view, obj, data):
    item = services.incoming_to_supervision(actor=view.request.user, document=obj, **data)
    return _("Supervision item %(number)s opened.") % {"number": item.number}


def _finish(view, obj, data):
    services.incoming_finish(actor=view.request.user, document=obj, comment=data["comment"])
    return _("Closed.")


class IncomingDetailView(ObjectDetailView):
    model = IncomingDocument
    template_name = "documents/incoming_detail.html"
    url_prefix = "documents:incoming"
    detail_fields = (
        "sender",
        "sender_number",
        "received_on",
        "mode",
        "proposed_handling",
        "status",
    )
    action_panels = (
        ActionPanel("first_check", FirstCheckForm, _first_check, gettext_lazy("First check (初审)"),
                    gettext_lazy("Pass the first check"), icon="check2"),
        ActionPanel("return_to_sender", ReasonForm, _return, gettext_lazy("Return to the sender"),
                    gettext_lazy("Return"), icon="arrow-return-left", style="warning",
                    path="return/", primary_for=lambda user: False),
        ActionPanel("propose", ProposeForm, _propose, gettext_lazy("Propose the handling (拟办)"),
                    gettext_lazy("Record the proposal"), icon="pencil"),
        ActionPanel("to_supervision", ToSupervisionForm, _to_supervision,
                    gettext_lazy("Open a supervision item"), gettext_lazy("Open"),
                    icon="clipboard-check"),
        ActionPanel("read", CommentForm, _read, gettext_lazy("Read"), gettext_lazy("Mark as read"),
                    icon="eye", style="success"),
        ActionPanel("circulate", CirculateForm, _circulate, gettext_lazy("Circulate (传阅)"),
                    gettext_lazy("Circulate"), icon="people"),
        ActionPanel("urge", EmptyForm, _urge, gettext_lazy("Urge the readers"),
                    gettext_lazy("Urge"), icon="bell", primary_for=lambda user: False),
        ActionPanel("finish", CommentForm, _finish, gettext_lazy("Close"), gettext_lazy("Close"),
                    icon="check2-all", primary_for=lambda user: False),
    )  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["circulation"] = list(self.object.circulation.select_related("reader"))
        return context


# --- The confidential ledger --------------------------------------------------------------------


class ConfidentialListView(SectionsMixin, ObjectListView):
    """The ledger, for the confidential clerk and the director (their view permission); the
    year filter gives the yearly clearance list; copies out and overdue are counted."""

    model = ConfidentialRecord
    table_class = ConfidentialTable
    filterset_class = ConfidentialFilterSet
    create_url_name = "documents:confidential_add"
    title = gettext_lazy("Confidential ledger")
    template_name = "documents/confidential_list.html"

    def get_base_queryset(self):
        open_loans = Q(loans__returned_on__isnull=True)
        return ConfidentialRecord.objects.annotate(
            out_count=Count("loans", filter=open_loans),
            overdue_count=Count(
                "loans", filter=open_loans & Q(loans__due_on__lt=timezone.localdate())
            ),
        )


class ConfidentialCreateView(UserFormMixin, ObjectEditView):
    model = ConfidentialRecord
    form_class = ConfidentialForm
    list_url_name = "documents:confidential_list"

    def save(self, form):
        return services.confidential_register(
            actor=self.request.user, data=services.ConfidentialData(**form.cleaned_data)
        )


def _lend(view, obj, data):
    services.confidential_lend(actor=view.request.user, record=obj, **data)
    return _("Copy %(copy)s lent.") % {"copy": data["copy_number"]}


def _take_back(view, obj, data):
    services.confidential_take_back(actor=view.request.user, record=obj, **data)
    return _("Copy %(copy)s is back.") % {"copy": data["copy_number"]}


def _receipt(view, obj, data):
    services.confidential_receipt(actor=view.request.user, record=obj, **data)
    return _("Read receipt of copy %(copy)s recorded.") % {"copy": data["copy_number"]}


def _destroy(view, obj, data):
    services.confidential_destroy(
        actor=view.request.user, record=obj, witnesses=list(data["witnesses"])
    )
    return _("Destroyed before two witnesses.")


class ConfidentialDetailView(ObjectDetailView):
    model = ConfidentialRecord
    template_name = "documents/confidential_detail.html"
    url_prefix = "documents:confidential"
    detail_fields = (
        "number", "sender", "classification", "marking", "received_on", "copy_numbers",
        "status", "destroyed_on",
    )  # fmt: skip
    action_panels = (
        ActionPanel("lend", LendForm, _lend, gettext_lazy("Lend a copy"), gettext_lazy("Lend"),
                    icon="box-arrow-right"),
        ActionPanel("take_back", TakeBackForm, _take_back, gettext_lazy("Take a copy back"),
                    gettext_lazy("Take back"), icon="box-arrow-in-left"),
        ActionPanel("receipt", ReceiptForm, _receipt, gettext_lazy("Read receipt (签阅)"),
                    gettext_lazy("Record the receipt"), icon="pen"),
        ActionPanel("destroy", DestroyForm, _destroy, gettext_lazy("Destroy"),
                    gettext_lazy("Destroy"), icon="trash", style="danger",
                    primary_for=lambda user: False),
    )  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            loans=list(self.object.loans.select_related("holder")),
            today=timezone.localdate(),
            witnesses=list(self.object.witnesses.all()),
        )
        return context


class ConfidentialClearanceView(RestrictedMixin, ViewPermissionMixin, TemplateView):
    """The yearly clearance list (清查): every record the office held in the year, its
    copies out (who holds them, overdue, read or not) or destroyed; for the confidential
    clerk and the director only (the ledger's view permission, in their own office)."""

    model = ConfidentialRecord
    template_name = "documents/confidential_clearance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = self.request.user.office
        if office is None:
            raise Http404
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year") or today.year)
        except ValueError:
            year = today.year
        if not 2000 <= year <= today.year + 1:
            year = today.year  # a year no ledger can hold: this year's list
        records = list(clearance_records(office, year))
        for record in records:
            loans = list(record.loans.all())
            record.out = [loan for loan in loans if loan.returned_on is None]
            record.overdue = [loan for loan in record.out if loan.due_on < today]
            record.unread = [loan for loan in loans if loan.read_on is None]
        context.update(
            title=_("Yearly clearance of the confidential ledger (清查)"),
            year=year,
            years=range(today.year - 2, today.year + 1),
            records=records,
            held=sum(1 for r in records if r.status == "held"),
            out=sum(len(r.out) for r in records),
            overdue=sum(len(r.overdue) for r in records),
        )
        return context


# --- Information reports ------------------------------------------------------------------------


class InfoListView(SectionsMixin, ObjectListView):
    model = InfoPiece
    table_class = InfoTable
    filterset_class = InfoFilterSet
    create_url_name = "documents:info_add"
    title = gettext_lazy("Information reports")
    template_name = "documents/info_list.html"

    def get_base_queryset(self):
        return InfoPiece.objects.select_related("unit").defer("text")


class InfoCreateView(UserFormMixin, ObjectEditView):
    model = InfoPiece
    form_class = InfoForm
    list_url_name = "documents:info_list"

    def save(self, form):
        return services.info_submit(actor=self.request.user, **form.cleaned_data)


def _forward(view, obj, data):
    services.info_forward(actor=view.request.user, piece=obj, **data)
    return _("Forwarded to the higher level.")


def _adopt(view, obj, data):
    services.info_adopt(actor=view.request.user, piece=obj, **data)
    return _("Adoption recorded.")


class InfoDetailView(ObjectDetailView):
    model = InfoPiece
    template_name = "documents/info_detail.html"
    url_prefix = "documents:info"
    workflow_fields = ("status", "adopted_by", "adopted_on", "leader_comment", "text")
    detail_fields = (
        "unit", "topic", "submitted_on", "is_research", "status", "adopted_by", "adopted_on",
        "leader_comment",
    )  # fmt: skip
    action_panels = (
        ActionPanel("forward", ForwardForm, _forward, gettext_lazy("Edit and forward"),
                    gettext_lazy("Forward"), icon="send"),
        ActionPanel("adopt", AdoptForm, _adopt, gettext_lazy("Record adoption"),
                    gettext_lazy("Record"), icon="award", style="success"),
    )  # fmt: skip

    def get_base_queryset(self):
        return InfoPiece.objects.select_related("unit", "topic")


class InfoTopicListView(SectionsMixin, ObjectListView):
    model = InfoTopic
    table_class = InfoTopicTable
    filterset_class = InfoTopicFilterSet
    create_url_name = "documents:info_topic_add"
    title = gettext_lazy("Information topics")

    def get_base_queryset(self):
        return InfoTopic.objects.annotate(answers=Count("pieces"))


class InfoTopicCreateView(UserFormMixin, ObjectEditView):
    model = InfoTopic
    form_class = InfoTopicForm
    list_url_name = "documents:info_topic_list"

    def save(self, form):
        return services.info_topic_create(actor=self.request.user, **form.cleaned_data)


class InfoRankingView(RestrictedMixin, ViewPermissionMixin, TemplateView):
    """The quarter's ranking of units by points (units, never individuals)."""

    model = InfoPiece
    template_name = "documents/info_ranking.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, quarter = quarter_of(timezone.localdate())
        try:
            year = int(self.request.GET.get("year") or year)
            quarter = min(max(int(self.request.GET.get("quarter") or quarter), 1), 4)
        except ValueError as error:
            raise Http404 from error
        office = self.request.user.office
        if office is None:
            raise Http404
        context.update(
            title=_("Information ranking by unit"),
            year=year,
            quarter=quarter,
            quarters=range(1, 5),
            rows=info_ranking(office, year, quarter),
        )
        return context
