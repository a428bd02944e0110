"""Documents' pages for ``make bench`` (the registry's ``bench=`` slot): the outgoing register
as a director (plain, a year's issued documents as the annual figure's link opens them, a
deep page), as a liaison (the documents its unit countersigns) and as city office staff; the
manuscripts, incoming documents and information lists; the API list; a document's page; the
Django admin change list of the same documents (the peer of every list) and the Excel list."""

from office.bench import BenchPage

from .choices import DocStatus
from .models import OfficialDocument

ADMIN_DOCUMENTS = "/admin/documents/officialdocument/"


def pages(users) -> list[BenchPage]:
    director = users["director"]
    document = (
        OfficialDocument.objects.filter(owning_office=director.office, status=DocStatus.ISSUED)
        .order_by("-issued_on")
        .first()
    )
    peer = {"peer": ADMIN_DOCUMENTS}
    year = document.year if document is not None else ""
    found = [
        BenchPage("documents (director)", "director", "/documents/", **peer),
        BenchPage(
            "documents issued in a year", "director", f"/documents/?issued_in={year}", **peer
        ),  # fmt: skip
        BenchPage("documents ?page=5", "director", "/documents/?page=5", **peer),
        BenchPage("documents (liaison)", "liaison", "/documents/", **peer),
        BenchPage("documents (city)", "city", "/documents/", **peer),
        BenchPage("manuscripts", "director", "/documents/manuscripts/"),
        BenchPage("incoming documents", "director", "/documents/incoming/"),
        BenchPage("information pieces", "director", "/documents/information/"),
        BenchPage("information (liaison)", "liaison", "/documents/information/"),
        BenchPage("API documents (director)", "director", "/api/v1/documents/official/"),
        BenchPage("admin documents", "admin", ADMIN_DOCUMENTS),
    ]
    if document is not None:
        found.append(
            BenchPage("document detail", "director", document.get_absolute_url(), "detail")
        )
    found.append(
        BenchPage("documents Excel export", "director", "/documents/?export=xlsx", "export",
                  rounds=3)
    )  # fmt: skip
    return found
