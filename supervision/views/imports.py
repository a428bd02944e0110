"""Excel import of items: the core's import pages (office.imports.views), declared.

Only office staff import (``supervision.add_item``); a batch is seen only inside its office.
"""

from django.utils.translation import gettext_lazy as _

from office.imports.views import ImportPages

from ..forms import ItemUploadForm
from ..importer import ItemImporter


class ItemImportPages(ImportPages):
    importer = ItemImporter
    namespace = "supervision"
    title = _("Import items from Excel")
    back_url_name = "supervision:item_list"
    back_label = _("Back to the items")
    form_class = ItemUploadForm
    upload_template_name = "supervision/import_upload.html"
    preview_template_name = "supervision/import_preview.html"
