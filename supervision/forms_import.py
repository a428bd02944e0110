"""The upload form of the item import: the core's form, in the words of supervision."""

from django.utils.translation import gettext_lazy as _

from office.imports.forms import ImportUploadForm


class ItemUploadForm(ImportUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Fill in the template: one item a row, the header row kept as it is."
        )
