"""The Thursday schedule of a year, made in one step from the core's working-day calendar:
holidays skipped or moved to the next working day (a make-up weekend day counts), and a
second run adds nothing."""

from datetime import date

import pytest
from django.urls import reverse

from office.models import Holiday
from training import services
from training.choices import SessionKind
from training.models import StudySession

pytestmark = pytest.mark.django_db


def thursday_dates(office, year):
    return list(
        StudySession.objects.filter(
            owning_office=office, kind=SessionKind.THURSDAY, held_on__year=year
        )
        .order_by("held_on")
        .values_list("held_on", flat=True)
    )


def test_holiday_thursdays_are_skipped(people):
    staff = people["staff"]
    done = services.thursday_schedule_create(actor=staff, year=2026)
    days = thursday_dates(staff.office, 2026)
    # 2026 has 53 Thursdays; New Year's Day, the Spring Festival (2-19) and National Day (10-1)
    # fall on three of them.
    assert len(days) == 50
    assert done.skipped == [date(2026, 1, 1), date(2026, 2, 19), date(2026, 10, 1)]
    assert all(day.weekday() == 3 for day in days)
    assert date(2026, 10, 8) in days


def test_holiday_thursdays_move_to_the_next_working_day_even_a_make_up_sunday(people):
    staff = people["staff"]
    done = services.thursday_schedule_create(actor=staff, year=2026, move_to_next_working_day=True)
    days = thursday_dates(staff.office, 2026)
    # 1-1 moves to Sunday 1-4, a make-up working day; 2-19 to Tuesday 2-24; 10-1 would land on
    # Thursday 10-8, which has its own session, so it is skipped rather than doubled.
    assert (date(2026, 1, 1), date(2026, 1, 4)) in done.moved
    assert (date(2026, 2, 19), date(2026, 2, 24)) in done.moved
    assert done.skipped == [date(2026, 10, 1)]
    assert len(days) == 52
    assert days.count(date(2026, 10, 8)) == 1


def test_an_edited_calendar_is_followed(people):
    """The calendar is the office's, edited in the admin: a Thursday made a holiday is skipped."""
    Holiday.objects.create(date=date(2026, 6, 11), name="本地假日")
    services.thursday_schedule_create(actor=people["staff"], year=2026)
    assert date(2026, 6, 11) not in thursday_dates(people["staff"].office, 2026)


def test_running_the_schedule_twice_adds_nothing(people):
    services.thursday_schedule_create(actor=people["staff"], year=2026)
    again = services.thursday_schedule_create(actor=people["staff"], year=2026)
    assert again.created == [] and len(again.existing) == 50
    assert len(thursday_dates(people["staff"].office, 2026)) == 50


def test_the_schedule_page_creates_the_year_and_says_what_it_skipped(client, people):
    client.force_login(people["staff"])
    response = client.post(
        reverse("training:session_schedule"), {"year": 2026, "location": "三楼会议室"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "50" in page and "01-01" in page
    assert StudySession.objects.filter(location="三楼会议室").count() == 50


def test_a_liaison_cannot_create_a_schedule(client, people):
    client.force_login(people["liaison"])
    response = client.post(reverse("training:session_schedule"), {"year": 2026})
    assert response.status_code == 403
    assert not StudySession.objects.exists()
