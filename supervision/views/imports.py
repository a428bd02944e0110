"""Excel import of items: the core's import pages (office.imports.views), declared, with the
preview's 「导入后立即交办」 box.

Only office staff import (``supervision.add_item``); a batch is seen only inside its office.
"""

from django.utils.translation import gettext_lazy as _

from office.imports.views import ImportConfirmView, ImportPages, ImportPreviewView

from ..forms import ItemUploadForm
from ..importer import ItemImporter
from ..services.imports import assigns_every_row, import_assign_all_set


class ItemImportPreviewView(ImportPreviewView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assign_all"] = assigns_every_row(self.object)
        return context


class ItemImportConfirmView(ImportConfirmView):
    """The box decides for every row first (ticked: all assigned; unticked: each row as its
    立即交办 cell says), then the batch is confirmed as any import is."""

    def perform(self, batch):
        assign_all = self.request.POST.get("assign_all") == "on"
        batch = import_assign_all_set(actor=self.request.user, batch=batch, assign_all=assign_all)
        return super().perform(batch)


class ItemImportPages(ImportPages):
    importer = ItemImporter
    namespace = "supervision"
    title = _("Import items from Excel")
    back_url_name = "supervision:item_list"
    back_label = _("Back to the items")
    form_class = ItemUploadForm
    upload_template_name = "supervision/import_upload.html"
    preview_template_name = "supervision/import_preview.html"

    @classmethod
    def urlpatterns(cls) -> list:
        own = {"preview": ItemImportPreviewView, "confirm": ItemImportConfirmView}
        patterns = super().urlpatterns()
        for index, pattern in enumerate(patterns):
            action = pattern.name.removeprefix(f"{cls.name_prefix}_")
            if action in own:
                patterns[index] = type(pattern)(
                    pattern.pattern, own[action].as_view(pages=cls), name=pattern.name
                )
        return patterns
