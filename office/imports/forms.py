"""The upload form: it reads the file (format problems are the form's errors); the importer
checks the rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .reader import read_sheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Fill in the template: one record a row, the header row kept as it is."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )

    def __init__(self, *args, importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Raises ValidationError with a message for the person: wrong type, unreadable,
        # wrong headers, no rows, too many rows.
        self.cleaned_data["sheet_rows"] = read_sheet(upload, self.importer.columns)
        return upload
