"""Excel import pages: the template, the upload, the preview of every row, the confirmation.

Only office staff import (``supervision.add_item``); a batch is seen only inside its office.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View

from office.views.generic import RestrictedMixin

from .. import importer
from ..choices import SourceKind, Urgency
from ..forms_import import ImportUploadForm
from ..models import ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_PER_PAGE = 100


class ImportPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "supervision.add_item"


class ImportTemplateView(ImportPermissionMixin, View):
    def get(self, request):
        response = HttpResponse(importer.template_workbook(request.user), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, "督办事项导入模板.xlsx")
        return response


class ImportUploadView(ImportPermissionMixin, FormView):
    form_class = ImportUploadForm
    template_name = "supervision/import_upload.html"

    def form_valid(self, form):
        try:
            batch = importer.import_batch_create(
                actor=self.request.user,
                file_name=form.cleaned_data["file"].name,
                sheet_rows=form.cleaned_data["sheet_rows"],
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("supervision:import_preview", args=[batch.pk]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Import items from Excel"), headers=importer.HEADERS, **kwargs
        )


class ImportPreviewView(ImportPermissionMixin, RestrictedMixin, DetailView):
    model = ImportBatch
    template_name = "supervision/import_preview.html"
    context_object_name = "batch"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        only_errors = self.request.GET.get("show") == "errors"
        rows = [r for r in batch.rows if r["errors"]] if only_errors else batch.rows
        page = Paginator(rows, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            title=_("Import preview: %(file)s") % {"file": batch.file_name},
            page_obj=page,
            rows=[_display(row) for row in page.object_list],
            show="errors" if only_errors else "",
            headers=importer.HEADERS,
            row_count=len(batch.rows),
            error_count=batch.error_count,
            today=timezone.localdate(),
        )
        return context


class ImportConfirmView(ImportPermissionMixin, RestrictedMixin, View):
    model = ImportBatch

    def post(self, request, pk):
        batch = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            items = importer.import_batch_confirm(actor=request.user, batch=batch)
        except importer.BatchOutdated as error:
            importer.import_batch_refresh(actor=request.user, batch=batch, rows=error.rows)
            messages.error(request, " ".join(error.messages))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(count)d items registered: %(first)s to %(last)s.")
                % {"count": len(items), "first": items[0].number, "last": items[-1].number},
            )
        return HttpResponseRedirect(reverse("supervision:import_preview", args=[batch.pk]))


SOURCE_LABELS = dict(SourceKind.choices)
URGENCY_LABELS = dict(Urgency.choices)


def _display(row: dict) -> dict:
    """One stored row as the preview shows it: what the file said, what it was read as."""
    values = row["values"]
    return {
        "number": row["row"],
        "cells": row["cells"],
        "errors": row["errors"],
        "bad": row["bad"],
        "title": values.get("title", ""),
        "source": SOURCE_LABELS.get(values.get("source_kind"), ""),
        "urgency": URGENCY_LABELS.get(values.get("urgency"), ""),
        "lead_unit": values.get("lead_unit_name", ""),
        "cooperating_units": values.get("cooperating_unit_names", []),
        "deadline": values.get("deadline", ""),
        "proposed_deadline": values.get("proposed_deadline", ""),
        "item_id": row.get("item_id"),
        "item_number": row.get("number", ""),
    }


urlpatterns = [
    path("import/", ImportUploadView.as_view(), name="import_upload"),
    path("import/template/", ImportTemplateView.as_view(), name="import_template"),
    path("import/<int:pk>/", ImportPreviewView.as_view(), name="import_preview"),
    path("import/<int:pk>/confirm/", ImportConfirmView.as_view(), name="import_confirm"),
]
