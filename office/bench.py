"""The benchmark's pages, its floor and its URL configuration (``manage.py bench``).

The **floor** is the cheapest page a signed-in user can get: a bare view behind the same
middleware and session that loads one row by primary key. Every page is timed against the
floor measured in the same run, interleaved, so the ratio says what the page itself costs
whatever the machine's load.

Apps add their pages by appending to ``PAGES`` from their own module (or, later, through the
registry): ``BenchPage(name, who, url, kind)`` where ``who`` is one of the bench users
("director", "liaison", "city", "admin") and ``kind`` picks the target ("list", "detail",
"dashboard", "export").
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path

from office.models import OrgUnit


@login_required
def floor(request):
    unit = OrgUnit.objects.only("name").get(pk=request.user.org_unit_id)
    return HttpResponse(unit.name, content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("__bench__/floor/", floor, name="bench_floor"),
    path("", include("office.urls")),
]

# Target multiples of the floor's p50 (issue 11).
TARGETS = {"list": 3.0, "detail": 3.0, "dashboard": 5.0, "export": None, "home": 5.0}


@dataclass(frozen=True)
class BenchPage:
    name: str
    who: str
    url: str
    kind: str = "list"
    # The admin change list of the same model and page size, timed as the peer of a list.
    peer: str = ""
    rounds: int | None = None  # fewer for slow pages (exports)
