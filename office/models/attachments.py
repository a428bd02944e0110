from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from office.attachments import upload_path


class AttachmentBase(models.Model):
    """A stored file: an app's attachment model inherits this, adds the foreign key to the
    record it belongs to, and says where its owning office and units are (``scope_*``) so its
    downloads are scoped like the record. ``download_url_name`` names its download route."""

    file = models.FileField(_("file"), upload_to=upload_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))

    download_url_name = ""

    class Meta:
        abstract = True
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(self.download_url_name, args=[self.pk])
