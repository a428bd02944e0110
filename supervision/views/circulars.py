"""Circular pages: list, generate a draft for a period, detail, edit, publish, .docx.

A liaison sees a circular once it is published to their unit, never a draft.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from office.views.detail import ObjectDetailView
from office.views.generic import (
    ObjectConfirmView,
    ObjectEditView,
    ObjectListView,
    RestrictedMixin,
    ViewPermissionMixin,
)
from office.workflow import may

from .. import circulars, services
from ..choices import CircularStatus
from ..filtersets import CircularFilterSet
from ..forms import CircularCreateForm, CircularTextForm
from ..models import Circular
from ..tables import CircularTable

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- Views ----------------------------------------------------------------------------------


class CircularScopeMixin:
    """A unit's liaison sees a circular once it is published to their unit: that rule is the
    model's scope (Circular.scope_rule), so every page, download and API call keeps it."""

    model = Circular

    def get_base_queryset(self):
        return Circular.objects.select_related("owning_office", "created_by")


class CircularListView(CircularScopeMixin, ObjectListView):
    table_class = CircularTable
    filterset_class = CircularFilterSet
    create_url_name = "supervision:circular_add"
    title = gettext_lazy("Supervision circulars")


class CircularDetailView(CircularScopeMixin, ObjectDetailView):
    template_name = "supervision/circular_detail.html"
    edit_url_name = "supervision:circular_edit"
    workflow_fields = ("status", "published_at", "figures")
    detail_fields = ("title", "period_start", "period_end", "status", "published_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        circular = self.object
        user = self.request.user
        is_draft = circular.status == CircularStatus.DRAFT
        figures = circulars.figures_for(circular)
        context.update(
            can_publish=may(user, "publish", circular),
            is_draft=is_draft,
            figures=figures,
            unit_headers=circulars.unit_table_headers(),
            unit_rows=circulars.unit_table_rows(figures),
            units=circular.units.order_by("path") if not is_draft else [],
        )
        return context


class CircularFormMixin:
    """Title of the circular forms, and where cancel goes (their list is namespaced)."""

    list_url_name = "supervision:circular_list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.object:
            context["title"] = _("New circular")
        return context


class CircularCreateView(CircularFormMixin, CircularScopeMixin, ObjectEditView):
    form_class = CircularCreateForm
    success_message = gettext_lazy("The draft has been generated from the period's figures.")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "submit_label": _("Generate the circular")}

    def save(self, form):
        return services.circular_create(actor=self.request.user, **form.cleaned_data)


class CircularEditView(CircularFormMixin, CircularScopeMixin, ObjectEditView):
    form_class = CircularTextForm

    def get(self, request, *args, **kwargs):
        return self._refuse_published() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refuse_published() or super().post(request, *args, **kwargs)

    def _refuse_published(self):
        if self.object.status == CircularStatus.DRAFT:
            return None
        messages.error(self.request, _("A published circular cannot be changed."))
        return HttpResponseRedirect(self.object.get_absolute_url())

    def save(self, form):
        return services.circular_update(
            actor=self.request.user,
            circular=self.object,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
        )


class CircularPublishView(CircularScopeMixin, ObjectConfirmView):
    """GET asks (naming the units whose liaisons will be told), POST publishes."""

    template_name = "supervision/circular_publish.html"
    question = gettext_lazy("Publish the circular %(name)s?")
    confirm_label = gettext_lazy("Publish")
    success_message = gettext_lazy("%(name)s has been published to the units concerned.")

    rule = "publish"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status != CircularStatus.DRAFT:
            messages.error(request, _("This circular has already been published."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        self.check_may(self.object)
        figures = circulars.figures_for(self.object)
        return render(
            request,
            self.template_name,
            {
                "object": self.object,
                "title": self.question % {"name": self.object},
                "confirm_label": self.confirm_label,
                "cancel_url": self.object.get_absolute_url(),
                "unit_names": [u.name for u in figures.units],
            },
        )

    def perform(self, obj):
        services.circular_publish(actor=self.request.user, circular=obj)


class CircularDocxView(
    CircularScopeMixin, RestrictedMixin, ViewPermissionMixin, SingleObjectMixin, View
):
    def get(self, request, *args, **kwargs):
        circular = self.get_object()
        content = circulars.circular_docx(circular, circulars.figures_for(circular))
        response = HttpResponse(content, content_type=DOCX)
        response["Content-Disposition"] = content_disposition_header(True, f"{circular.title}.docx")
        return response
