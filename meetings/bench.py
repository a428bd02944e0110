"""Meetings' pages for ``make bench`` (the registry's ``bench=`` slot): the meeting list as a
director (plain, filtered by the annual figures' filters, a deep page), a liaison and city
office staff, the calendar, the study ledger and the decisions, the API list, a meeting's
page, the Django admin change list of the same meetings (the peer of every list) and the
Excel list."""

from office.bench import BenchPage

from .choices import MeetingStatus
from .models import Meeting

ADMIN_MEETINGS = "/admin/meetings/meeting/"


def pages(users) -> list[BenchPage]:
    director = users["director"]
    meeting = (
        Meeting.objects.filter(owning_office=director.office, status=MeetingStatus.MINUTED)
        .order_by("-starts_at")
        .first()
    )
    peer = {"peer": ADMIN_MEETINGS}
    found = [
        BenchPage("meetings (director)", "director", "/meetings/", **peer),
        BenchPage("meetings ?held=true", "director", "/meetings/?held=true", **peer),
        BenchPage("meetings ?page=5", "director", "/meetings/?page=5", **peer),
        BenchPage("meetings (liaison)", "liaison", "/meetings/", **peer),
        BenchPage("meetings (city)", "city", "/meetings/", **peer),
        BenchPage("meeting calendar (month)", "director", "/meetings/calendar/?view=month"),
        BenchPage("study ledger", "director", "/meetings/study-ledger/"),
        BenchPage("meeting decisions", "director", "/meetings/decisions/"),
        BenchPage("API meetings (director)", "director", "/api/v1/meetings/meetings/"),
        BenchPage("admin meetings", "admin", ADMIN_MEETINGS),
    ]
    if meeting is not None:
        found.append(BenchPage("meeting detail", "director", meeting.get_absolute_url(), "detail"))
    found.append(
        BenchPage("meetings Excel export", "director", "/meetings/?export=xlsx", "export", rounds=3)
    )
    return found
