"""The meetings app's settings, each with the seed county's default. A locality sets its own
in the Django settings (``MEETINGS_NO_MEETING_WEEKDAYS = (1, 3)``); nothing here is a
constant buried in code."""

from django.conf import settings

DEFAULTS = {
    # 一三五无会日: Monday, Wednesday and Friday (date.weekday(): Monday is 0).
    "MEETINGS_NO_MEETING_WEEKDAYS": (0, 2, 4),
    # Length caps in minutes per type (most meetings half a day or less; a county meeting at
    # most a day; the Party congress and the plenary take longer).
    "MEETINGS_LENGTH_CAPS": {
        "standing_committee": 240,
        "secretary_special": 120,
        "plenary": 480,
        "party_congress": 1440,
        "office_affairs": 90,
        "leading_group": 120,
        "work_conference": 180,
        "video_conference": 120,
        "other": 120,
    },
    # Attendance caps per type (county meetings at most 200 people).
    "MEETINGS_ATTENDANCE_CAPS": {
        "standing_committee": 40,
        "secretary_special": 30,
        "plenary": 200,
        "party_congress": 400,
        "office_affairs": 30,
        "leading_group": 50,
        "work_conference": 200,
        "video_conference": 200,
        "other": 100,
    },
    # The yearly count per type when the office has entered no annual plan (None: no cap).
    "MEETINGS_ANNUAL_PLAN_DEFAULTS": {
        "standing_committee": 40,
        "secretary_special": 50,
        "plenary": 2,
        "party_congress": 1,
    },
    # The types that open with 第一议题 (studying the General Secretary's words).
    "MEETINGS_FIRST_TOPIC_TYPES": ("standing_committee", "office_affairs"),
    # Anything longer is a typo, whatever the type: three days.
    "MEETINGS_MAX_MINUTES": 3 * 24 * 60,
    # A report item's default time budget.
    "MEETINGS_REPORT_MINUTES": 10,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
