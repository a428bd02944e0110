"""The import pages: template download, upload, preview of every row with its errors,
confirm, discard. An app declares them in a few lines and adds ``urlpatterns()`` to its URLs::

    class ItemImportPages(ImportPages):
        importer = ItemImporter
        namespace = "supervision"
        title = _("Import items from Excel")
        back_url_name = "supervision:item_list"

Whoever holds the importer's permission may import; a batch is seen only inside its office
(another office gets a 404) and only on the pages of its own importer.
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
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, View

from office.models import ImportBatch, ImportProgress

from .base import Importer
from .forms import XLSX, ImportUploadForm
from .services import (
    background_rows,
    import_batch_confirm,
    import_batch_create,
    import_batch_discard,
    import_batch_queue,
)
from .template import template_workbook

ACTIONS = ("upload", "template", "preview", "progress", "confirm", "discard")


class ImportPages:
    """The declarations of one app's import pages."""

    importer: type[Importer] = None
    # The app's URL namespace; the routes are named "<name_prefix>_<action>" inside it and
    # live under "<path_prefix>/".
    namespace = ""
    name_prefix = "import"
    path_prefix = "import"
    title = ""
    back_url_name = ""
    back_label = gettext_lazy("Back")
    form_class = ImportUploadForm
    upload_template_name = "generic/import_upload.html"
    preview_template_name = "generic/import_preview.html"
    progress_template_name = "partials/import_progress.html"
    rows_per_page = 100

    @classmethod
    def url_name(cls, action: str) -> str:
        name = f"{cls.name_prefix}_{action}"
        return f"{cls.namespace}:{name}" if cls.namespace else name

    @classmethod
    def urlpatterns(cls) -> list:
        prefix = cls.path_prefix
        routes = (
            (f"{prefix}/", ImportUploadView, "upload"),
            (f"{prefix}/template/", ImportTemplateView, "template"),
            (f"{prefix}/<int:pk>/", ImportPreviewView, "preview"),
            (f"{prefix}/<int:pk>/progress/", ImportProgressView, "progress"),
            (f"{prefix}/<int:pk>/confirm/", ImportConfirmView, "confirm"),
            (f"{prefix}/<int:pk>/discard/", ImportDiscardView, "discard"),
        )
        return [
            path(route, view.as_view(pages=cls), name=f"{cls.name_prefix}_{action}")
            for route, view, action in routes
        ]


class ImportViewMixin(LoginRequiredMixin, PermissionRequiredMixin):
    pages: type[ImportPages] = None

    def get_permission_required(self):
        return [self.pages.importer.permission]

    def url(self, action: str, *args) -> str:
        return reverse(self.pages.url_name(action), args=args)

    def pages_context(self) -> dict:
        return {
            "title": self.pages.title,
            "upload_url": self.url("upload"),
            "template_url": self.url("template"),
            "back_url": reverse(self.pages.back_url_name) if self.pages.back_url_name else "",
            "back_label": self.pages.back_label,
            "headers": [column.header for column in self.pages.importer.columns],
        }

    # The preview reads the batch; confirming or discarding it changes it (the city office,
    # which reads the counties' batches, acts on none of them).
    restrict_action = "view"

    def get_queryset(self):
        return (
            ImportBatch.objects.filter(importer=self.pages.importer.key)
            .restrict(self.request.user, self.restrict_action)
            .select_related("created_by")
        )


class ImportTemplateView(ImportViewMixin, View):
    def get(self, request):
        importer = self.pages.importer(actor=request.user, today=_today())
        response = HttpResponse(template_workbook(importer), content_type=XLSX)
        file_name = _("%(title)s import template.xlsx") % {"title": importer.title}
        response["Content-Disposition"] = content_disposition_header(True, file_name)
        return response


class ImportUploadView(ImportViewMixin, FormView):
    def get_template_names(self):
        return [self.pages.upload_template_name]

    def get_form_class(self):
        return self.pages.form_class

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "importer": self.pages.importer}

    def form_valid(self, form):
        try:
            batch = import_batch_create(
                actor=self.request.user,
                importer=self.pages.importer,
                file_name=form.cleaned_data["file"].name,
                sheet_rows=form.cleaned_data["sheet_rows"],
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.url("preview", batch.pk))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.pages_context(), **kwargs)


class ImportPreviewView(ImportViewMixin, DetailView):
    context_object_name = "batch"

    def get_template_names(self):
        return [self.pages.preview_template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        only_errors = self.request.GET.get("show") == "errors"
        rows = [r for r in batch.rows if r["errors"]] if only_errors else batch.rows
        page = Paginator(rows, self.pages.rows_per_page).get_page(self.request.GET.get("page"))
        importer = self.pages.importer(actor=self.request.user, today=_today())
        context.update(
            self.pages_context(),
            title=_("Import preview: %(file)s") % {"file": batch.file_name},
            page_obj=page,
            rows=_display_rows(importer, page.object_list, self.request.user),
            show="errors" if only_errors else "",
            row_count=batch.row_count,
            error_count=batch.error_count,
            record_header=capfirst(importer.model._meta.verbose_name) if importer.model else "",
            confirm_url=self.url("confirm", batch.pk),
            discard_url=self.url("discard", batch.pk),
            progress_url=self.url("progress", batch.pk),
            progress=_progress_of(batch),
        )
        return context


class ImportProgressView(ImportViewMixin, DetailView):
    """The progress bar of a batch being confirmed in the background, polled by the preview
    page (htmx); once the batch is confirmed or has failed, the page reloads to show it."""

    context_object_name = "batch"

    def get_template_names(self):
        return [self.pages.progress_template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            progress=_progress_of(self.object), progress_url=self.url("progress", self.object.pk)
        )
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_running:
            response["HX-Refresh"] = "true"
        return response


def _progress_of(batch: ImportBatch):
    return ImportProgress.objects.filter(batch=batch).first() if batch.queued_at else None


class BatchActionView(ImportViewMixin, View):
    """POST only: act on one batch of the user's office, then show the outcome."""

    restrict_action = "change"

    def post(self, request, pk):
        batch = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            return self.perform(batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(self.url("preview", batch.pk))

    def perform(self, batch):
        raise NotImplementedError


class ImportConfirmView(BatchActionView):
    def perform(self, batch):
        if batch.row_count > background_rows():
            import_batch_queue(actor=self.request.user, batch=batch)
            messages.info(
                self.request,
                _("The rows are being saved. This page shows the progress; you may leave it."),
            )
            return HttpResponseRedirect(self.url("preview", batch.pk))
        records = import_batch_confirm(actor=self.request.user, batch=batch)
        importer = self.pages.importer(actor=self.request.user, today=_today())
        messages.success(self.request, importer.confirmed_message(records))
        return HttpResponseRedirect(self.url("preview", batch.pk))


class ImportDiscardView(BatchActionView):
    def perform(self, batch):
        import_batch_discard(actor=self.request.user, batch=batch)
        messages.success(self.request, _("Import discarded. Nothing was saved."))
        return HttpResponseRedirect(self.url("upload"))


def _today():
    return timezone.localdate()


def _display_rows(importer: Importer, rows: list[dict], user) -> list[dict]:
    """The stored rows as the preview shows them: each cell with its errors, each error with
    its column, and the record a confirmed row became (linked when the user may open it)."""
    records = _records(importer, rows, user)
    headers = {column.key: column.header for column in importer.columns}
    display = []
    for row in rows:
        cell_errors = row.get("cell_errors", {})
        cells = [
            {
                "column": column,
                "cell": importer.preview_cell(row, column),
                "errors": cell_errors.get(column.key, []),
            }
            for column in importer.columns
        ]
        problems = [
            (next((headers[k] for k, m in cell_errors.items() if error in m), ""), error)
            for error in row["errors"]
        ]
        record_id = row.get(importer.record_key)
        display.append(
            {
                "number": row["row"],
                "cells": cells,
                "problems": problems,
                "record_id": record_id,
                "record_label": row.get("record_label", ""),
                "record_url": records[record_id].get_absolute_url() if record_id in records else "",
            }
        )
    return display


def _records(importer: Importer, rows: list[dict], user) -> dict:
    ids = [row[importer.record_key] for row in rows if row.get(importer.record_key)]
    if not ids or importer.model is None:
        return {}
    manager = importer.model._default_manager
    queryset = manager.restrict(user) if hasattr(manager, "restrict") else manager.none()
    return queryset.in_bulk(ids)
