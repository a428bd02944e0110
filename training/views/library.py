"""The study library: list with search and filters, add and edit, and a material's page
showing where and when it was studied (sessions here, 第一议题 in the meetings app)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.selectors import FIRST_TOPIC_LEDGER as AgendaItem
from office.views.detail import ObjectDetailView
from office.views.generic import ObjectEditView, ObjectListView

from .. import services
from ..choices import SessionStatus
from ..filtersets import FirstTopicFilterSet, MaterialFilterSet
from ..forms import MaterialForm
from ..models import StudyMaterial
from ..selectors import first_topic_studies, material_studies
from ..tables import FirstTopicTable, MaterialTable
from . import SectionTabsMixin


class MaterialListView(SectionTabsMixin, ObjectListView):
    model = StudyMaterial
    table_class = MaterialTable
    filterset_class = MaterialFilterSet
    create_url_name = "training:material_add"
    template_name = "training/material_list.html"
    title = gettext_lazy("Study library")

    def get_base_queryset(self):
        return StudyMaterial.objects.annotate(
            studied=Count("sessions", filter=~Q(sessions__status=SessionStatus.CANCELLED))
        ).order_by("-issued_on", "-id")  # a grouped query drops Meta.ordering

    def get_export_filename(self, export_format):
        return f"{_('Study library')}-{timezone.localdate():%Y%m%d}.{export_format}"


class FirstTopicListView(SectionTabsMixin, ObjectListView):
    """第一议题 as the training side reads it: the held meetings' opening study items, from
    the meetings app's ledger, one row per study (the figure training.first_topic_studies)."""

    model = AgendaItem
    table_class = FirstTopicTable
    filterset_class = FirstTopicFilterSet
    template_name = "training/list.html"
    title = gettext_lazy("First-topic studies")

    def get_queryset(self):
        return (
            first_topic_studies(self.request.user)
            .prefetch_related("study_materials")
            .order_by("-meeting__starts_at", "-pk")
        )

    def get_export_filename(self, export_format):
        return f"{_('First-topic studies')}-{timezone.localdate():%Y%m%d}.{export_format}"


class MaterialDetailView(ObjectDetailView):
    model = StudyMaterial
    template_name = "training/material_detail.html"
    edit_url_name = "training:material_edit"
    detail_fields = ("title", "kind", "issued_on", "source", "summary")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            studies=material_studies(self.object, self.request.user),
            attachments=self.object.attachments.all(),
        )
        return context


class MaterialEditView(ObjectEditView):
    model = StudyMaterial
    form_class = MaterialForm
    list_url_name = "training:material_list"

    def save(self, form):
        data, files = form.material_data(), form.cleaned_data["files"]
        if self.object:
            return services.material_update(
                actor=self.request.user, material=self.object, data=data, files=files
            )
        return services.material_create(actor=self.request.user, data=data, files=files)
