"""Training's pages for ``make bench`` (the registry's ``bench=`` slot): the session list as a
director (plain, and filtered as the annual figure links it), a deep page and as city office
staff, the library, the digests and their year view, the mentoring pairs, a session's page,
the API list, the Django admin change list of the same sessions (the peer of every list) and
the Excel list."""

from django.utils import timezone

from office.bench import BenchPage

from .choices import SessionStatus
from .models import StudySession

ADMIN_SESSIONS = "/admin/training/studysession/"


def pages(users) -> list[BenchPage]:
    director = users["director"]
    year = timezone.localdate().year
    session = (
        StudySession.objects.filter(owning_office=director.office, status=SessionStatus.HELD)
        .order_by("-held_on")
        .first()
    )
    peer = {"peer": ADMIN_SESSIONS}
    found = [
        BenchPage("study sessions (director)", "director", "/training/sessions/", **peer),
        BenchPage(
            "study sessions ?kind=thursday",
            "director",
            f"/training/sessions/?status=held&kind=thursday&year={year}",
            **peer,
        ),
        BenchPage("study sessions ?page=3", "director", "/training/sessions/?page=3", **peer),
        BenchPage("study sessions (city)", "city", "/training/sessions/", **peer),
        BenchPage("study library", "director", "/training/materials/"),
        BenchPage("theory digests", "director", "/training/digests/"),
        BenchPage("theory digests (year)", "director", "/training/digests/year/"),
        BenchPage("mentoring pairs", "director", "/training/mentoring/"),
        BenchPage("API study sessions (director)", "director", "/api/v1/training/sessions/"),
        BenchPage("admin study sessions", "admin", ADMIN_SESSIONS),
    ]
    if session is not None:
        found.append(
            BenchPage("study session detail", "director", session.get_absolute_url(), "detail")
        )
    found.append(
        BenchPage(
            "study sessions Excel export",
            "director",
            "/training/sessions/?export=xlsx",
            "export",
            rounds=3,
        )
    )
    return found
