"""An official document as a GB/T 9704 .docx, through the core's layout (office.docx)."""

from office import docx

from .choices import PLAIN_TYPES, UPWARD_TYPES, URGENCY_WORDS


def issuer_mark(document) -> str:
    """发文机关标志: the issuer's name and 文件 (a letter or a plain document has none)."""
    if document.doc_type in PLAIN_TYPES:
        return ""
    return f"{document.issuer}文件"


def as_official_document(document) -> docx.OfficialDocument:
    day = document.signed_on or document.issued_on
    upward = document.doc_type in UPWARD_TYPES
    return docx.OfficialDocument(
        title=document.title,
        body=docx.paragraphs_from_text(document.body),
        issuer_mark=issuer_mark(document),
        urgency=URGENCY_WORDS.get(document.urgency, ""),
        number=document.number,
        signers=(document.signer.name,) if upward and document.signer else (),
        recipients=document.main_recipients,
        attachments=tuple(
            docx.Attachment(title.strip())
            for title in document.attachments_note.splitlines()
            if title.strip()
        ),
        signature=document.issuer,
        written_on=day,
        copy_to=tuple(
            name.strip()
            for name in document.copy_recipients.replace("，", "、").split("、")
            if name.strip()
        ),
        printed_by=document.issuer,
        printed_on=document.issued_on,
    )


def document_docx(document) -> bytes:
    return docx.render(as_official_document(document))
