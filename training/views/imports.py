"""Excel import of study materials: the core's import pages (office.imports.views), declared.

Whoever keeps the library (``training.add_studymaterial``) imports; a batch is seen only
inside its office."""

from django.utils.translation import gettext_lazy as _

from office.imports.views import ImportPages

from ..importer import MaterialImporter


class MaterialImportPages(ImportPages):
    importer = MaterialImporter
    namespace = "training"
    name_prefix = "material_import"
    path_prefix = "materials/import"
    title = _("Import study materials from Excel")
    back_url_name = "training:material_list"
    back_label = _("Back to the study library")
