"""The digest as a .docx through the core's GB/T 9704 layout (office.docx): a bulletin's
masthead with the issue number, then the articles under their focus areas."""

from django.utils.translation import gettext as _

from office.docx import OfficialDocument, Paragraph, paragraphs_from_text, render

from .choices import FocusArea

NUMERALS = "一二三四五六七八九十"


def digest_document(digest) -> OfficialDocument:
    body = []
    if digest.foreword:
        body.extend(paragraphs_from_text(digest.foreword))
    articles = list(digest.articles.all())
    areas = [area for area in FocusArea if any(a.focus_area == area for a in articles)]
    for number, area in enumerate(areas):
        body.append(Paragraph(f"{NUMERALS[number]}、{area.label}", level=1))
        for index, article in enumerate(a for a in articles if a.focus_area == area):
            body.append(Paragraph(f"（{NUMERALS[index % 10]}）{article.title}", level=2))
            if article.source:
                body.append(Paragraph(_("Source: %(source)s") % {"source": article.source}))
            body.extend(Paragraph(p.text) for p in paragraphs_from_text(article.text))
    office = digest.owning_office
    return OfficialDocument(
        title=digest.title,
        body=body,
        issuer_mark=_("Theory study digest"),
        issue=_("No. %(month)d of %(year)d") % {"year": digest.year, "month": digest.month},
        compiled_by=office.name,
        compiled_on=digest.published_at.date() if digest.published_at else None,
    )


def digest_docx(digest) -> bytes:
    return render(digest_document(digest))
