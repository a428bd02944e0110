"""Excel import of key reform tasks: the core's import pages, declared."""

from django.utils.translation import gettext_lazy as _

from office.imports.views import ImportPages

from ..forms import TaskUploadForm
from ..importer import TaskImporter


class TaskImportPages(ImportPages):
    importer = TaskImporter
    namespace = "reforms"
    title = _("Import key reform tasks from Excel")
    back_url_name = "reforms:task_list"
    back_label = _("Back to the tasks")
    form_class = TaskUploadForm
