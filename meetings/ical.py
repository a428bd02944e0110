"""A person's meetings as an iCalendar feed (RFC 5545), made with the ``icalendar`` library:
what a calendar program (Outlook, a phone's calendar) subscribes to through the private
address of ``meetings.models.CalendarFeed``."""

from datetime import datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from .choices import MeetingStatus
from .selectors import FEED_DAYS_BACK, own_meetings

PRODID = "-//county-office-platform//meetings//ZH"
# The iCalendar status of a meeting in each state (drafts and rejected requests are not sent).
STATUS = {
    MeetingStatus.SUBMITTED: "TENTATIVE",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def feed_calendar(user, *, link) -> bytes:
    """The .ics text of ``user``'s meetings; ``link(meeting)`` gives a meeting's full address."""
    zone = timezone.get_current_timezone()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"我的会议（{user}）")
    calendar.add("x-wr-timezone", str(zone))
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    since = timezone.localdate() - timedelta(days=FEED_DAYS_BACK)
    for meeting in own_meetings(user, since):
        calendar.add_component(_event(meeting, user, stamp, link(meeting), zone))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(meeting, user, stamp: datetime, url: str, zone) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@county-office-platform")
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(meeting.starts_at, zone))
    event.add("dtend", timezone.localtime(meeting.ends_at, zone))
    event.add("summary", meeting.title)
    event.add("location", meeting.place)
    event.add("status", STATUS.get(meeting.status, "CONFIRMED"))
    event.add("categories", [str(meeting.get_meeting_type_display())])
    event.add("url", url)
    role = "主持" if meeting.chair_id == user.pk else "出席"
    event.add(
        "description",
        "\n".join(
            [
                f"{meeting.get_meeting_type_display()} · {meeting.get_status_display()}",
                f"主持：{meeting.chair}",
                f"承办单位：{meeting.organiser_unit}",
                f"本人：{role}",
                url,
            ]
        ),
    )
    return event
