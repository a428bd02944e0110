"""The one download view of attachments: scoped like the record the file belongs to, with that
record type's view permission, and never a public media URL."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from .generic import RestrictedMixin, ViewPermissionMixin


class AttachmentDownloadView(RestrictedMixin, ViewPermissionMixin, View):
    """``AttachmentDownloadView.as_view(model=Attachment, permission_model=ProgressReport)``:
    the record type whose view permission the download asks."""

    permission_model = None

    def get_permission_required(self):
        model = self.permission_model or self.model
        return [f"{model._meta.app_label}.view_{model._meta.model_name}"]

    def get(self, request, pk):
        attachment = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404(_("The file is missing from the storage.")) from missing
        return FileResponse(handle, as_attachment=True, filename=attachment.name)
