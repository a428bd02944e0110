"""The search page behind the header's search box: every app's records a person may see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from office import search as finder
from office.registry import registry


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@login_required
def search_page(request):
    """All sources with their best hits, or one source (``?source=``) page by page."""
    query = request.GET.get("q", "").strip()
    if len(query) > finder.QUERY_MAX_CHARS:
        messages.warning(
            request,
            _(
                "The search words are longer than %(n)d characters: only the first %(n)d are searched."
            )
            % {"n": finder.QUERY_MAX_CHARS},
        )
    sources = {source.key: source for source in registry.search_sources}
    chosen = sources.get(request.GET.get("source", ""))
    page_obj = None
    if chosen is not None:
        page = _page_number(request)
        found = finder.search(request.user, query, sources=[chosen], page=page)
        count = found[0].count if found else 0
        # The page of hits stands in for the rows a Paginator would slice, so the shared
        # pagination partial numbers the pages.
        page_obj = Paginator(range(count), finder.PAGE_SIZE).get_page(page)
    else:
        found = finder.search(request.user, query, size=5)
    return render(
        request,
        "office/search.html",
        {
            "title": _("Search"),
            "q": query,
            "found": found,
            "chosen": chosen,
            "page_obj": page_obj,
            "total": sum(group.count for group in found),
        },
    )
