"""The upload form of the Excel import. It reads the file; the importer checks the rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import importer


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Fill in the template: one item a row, the header row kept as it is."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Raises ValidationError with a message for the person: wrong type, unreadable,
        # wrong headers, no rows, too many rows.
        self.cleaned_data["sheet_rows"] = importer.read_sheet(upload)
        return upload
