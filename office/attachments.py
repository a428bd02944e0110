"""Attachments of every app: the checks a file passes before it is stored, and where it goes.

A file is refused, with a message naming it, when its type is not a document or an image, when
it is larger than ``ATTACHMENT_MAX_MB``, when its content is not what its name says (a .docx
that is not a Word file, an .exe renamed .pdf), or when its name or text carries a classification
mark (this is a non-classified system). Downloads go through ``office.views.attachments``,
scoped like the record the file belongs to: there is no public media URL.
"""

import html
import os
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .classification import refuse_classified
from .pdftext import pdf_text

# The first bytes of each type's content. Office Open XML, OFD and the like are zip files;
# the older Word/Excel/WPS formats are OLE compound files. Plain text has no signature.
ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": ZIP,
    ".xlsx": ZIP,
    ".pptx": ZIP,
    ".ofd": ZIP,
    ".doc": OLE,
    ".xls": OLE,
    ".ppt": OLE,
    ".wps": OLE,
    ".et": OLE,
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".bmp": (b"BM",),
    ".webp": (b"RIFF",),
}
# Where the text of a zip-based document lives, to look for classification marks in it.
TEXT_PARTS = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml"
    r"|xl/sharedStrings\.xml|xl/worksheets/sheet\d+\.xml|ppt/slides/slide\d+\.xml"
    r"|docProps/core\.xml)$"
)
# Bounds of the text scan, so a crafted file (a zip bomb, thousands of parts) cannot make an
# upload run long or fill the memory: the first parts, and the first bytes of each.
MAX_TEXT_PARTS = 200
XML_TAG = re.compile(r"<[^>]+>")


def extension_of(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def check_uploads(files, *, actor, where: str, field: str = "attachments") -> None:
    """Refuse the whole set when one file fails, naming that file (nothing is stored)."""
    for upload in files:
        _check_type_and_size(upload, field)
        _check_content(upload, field)
        refuse_classified(actor=actor, where=where, **{field: upload.name})
        refuse_classified(actor=actor, where=where, **{field: text_of(upload)})


def _check_type_and_size(upload, field: str) -> None:
    if extension_of(upload.name) not in settings.ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {field: _("%(name)s is not a document or an image.") % {"name": upload.name}}
        )
    if upload.size > settings.ATTACHMENT_MAX_MB * 1024 * 1024:
        raise ValidationError(
            {
                field: _("%(name)s is larger than %(limit)d MB.")
                % {"name": upload.name, "limit": settings.ATTACHMENT_MAX_MB}
            }
        )


def _head(upload, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _check_content(upload, field: str) -> None:
    signatures = SIGNATURES.get(extension_of(upload.name))
    if signatures and not _head(upload).startswith(signatures):
        raise ValidationError(
            {
                field: _(
                    "%(name)s is not what its name says: the file is damaged or of another type."
                )
                % {"name": upload.name}
            }
        )


def text_of(upload, limit: int = 2_000_000) -> str:
    """The readable text of a plain-text, zip-based office or PDF file ("" for anything
    else), enough to find a classification mark typed into it (office.pdftext says what a PDF
    scan does not see)."""
    extension = extension_of(upload.name)
    try:
        if extension == ".txt":
            return _head(upload, limit).decode("utf-8", errors="ignore")
        if SIGNATURES.get(extension) == ZIP:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                parts = [n for n in archive.namelist() if TEXT_PARTS.match(n)][:MAX_TEXT_PARTS]
                text = " ".join(_read_part(archive, name, limit) for name in parts)
            # openpyxl writes cells as character references (&#31192;): read them as text.
            return html.unescape(XML_TAG.sub("", text))
        if extension == ".pdf":
            return pdf_text(_head(upload, upload.size))
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
        raise ValidationError(
            _("%(name)s cannot be read: the file is damaged.") % {"name": upload.name}
        ) from error
    finally:
        upload.seek(0)
    return ""


def _read_part(archive, name: str, limit: int) -> str:
    # Word splits a line into runs: the tags go, so "机密" and "★" in two runs meet again.
    with archive.open(name) as part:
        return part.read(limit).decode("utf-8", "ignore")


def shortened_name(name: str, limit: int) -> str:
    """A file name cut to ``limit`` characters, keeping its extension: "…报告.docx" stays a
    .docx, so the download opens in Word and the name still says what the file is."""
    if len(name) <= limit:
        return name
    root, extension = os.path.splitext(name)
    if not extension or len(extension) >= limit // 2:
        return name[:limit]
    return root[: limit - len(extension)] + extension


def attachment_create(model, *, upload, **owner):
    """Store one checked upload as ``model`` (an AttachmentBase subclass) under its owner
    (``report=...``): every app's attachments are created here, so names are kept alike."""
    limit = model._meta.get_field("name").max_length
    return model.objects.create(
        file=upload, name=shortened_name(upload.name, limit), size=upload.size, **owner
    )


def upload_path(instance, filename: str) -> str:
    """<app>/<year>/<month>/<name>: each app's files apart, never served directly."""
    return f"{instance._meta.app_label}/{timezone.now():%Y/%m}/{filename}"
