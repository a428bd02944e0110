"""The core's back-dating helpers for the apps' demo data (office.demo), through the test-only
Ticket (open → submitted → closed / sent back with a reason):

- ``DatedRows``: rows written in bulk carry the moment each happened, and a workflow
  transition is recorded only as the model's workflow declares it;
- ``DemoClock.dated``: what the real services write in the block is moved back to the day
  and the actor is named in the history;
- ``WorkingDays``: a year's records spread over its working days.
"""

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from office.demo import DatedRows, DemoClock, WorkingDays, aware
from office.models import Holiday, Notification, OrgUnit, TransitionLog
from office.notifications import notification_create
from office.roles import Role
from office.workflow import TransitionError, transition_history, transition_perform
from tests.testapp.models import Ticket

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday
LAST_FRIDAY = date(2026, 11, 20)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def director_a(make_user, county_a):
    return make_user(county_a["office"], Role.DIRECTOR)


def new_ticket(county) -> Ticket:
    """A ticket as a demo builds it: not saved yet, bulk-created later."""
    return Ticket(
        title="城关镇防汛物资报送", owning_office=county["office"], unit=county["township"]
    )


def logs_of(ticket):
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket), object_id=ticket.pk
    )


# --- DatedRows ------------------------------------------------------------------------------


def test_bulk_rows_and_transitions_get_the_moments_they_happened(
    frozen_now, county_a, staff_a, director_a
):
    submitted = aware(date(2025, 3, 4), 15, 20)
    closed = aware(date(2025, 3, 11), 17, 5)
    told = aware(date(2025, 3, 11), 17, 6)
    ticket = new_ticket(county_a)
    rows = DatedRows()
    rows.transition(ticket, "submit", actor=staff_a, moment=submitted)
    rows.transition(ticket, "close", actor=director_a, moment=closed, comment="同意办结。")
    rows.add(Notification(recipient=staff_a, title="报送事项已办结"), told)
    # The record follows its transitions, so it is saved in the state they left it in.
    assert ticket.status == Ticket.Status.CLOSED
    Ticket.objects.bulk_create([ticket])
    rows.save()

    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.CLOSED
    history = [
        (log.transition, log.source_state, log.target_state, log.actor, log.comment, log.created_at)
        for log in transition_history(ticket)
    ]
    assert history == [
        ("close", "submitted", "closed", director_a, "同意办结。", closed),
        ("submit", "open", "submitted", staff_a, "", submitted),
    ]
    notification = Notification.objects.get(recipient=staff_a, title="报送事项已办结")
    assert notification.created_at == told
    assert rows.count(TransitionLog) == 2
    assert rows.count(Notification) == 1


def test_a_transition_log_for_an_undeclared_transition_is_refused(county_a, staff_a):
    ticket = new_ticket(county_a)
    rows = DatedRows()
    with pytest.raises(TransitionError):
        rows.transition(ticket, "reopen", actor=staff_a, moment=NOW)
    assert ticket.status == Ticket.Status.OPEN
    assert rows.count(TransitionLog) == 0


def test_a_transition_log_from_a_state_it_does_not_start_from_is_refused(
    county_a, staff_a, director_a
):
    ticket = new_ticket(county_a)
    rows = DatedRows()
    # Only a submitted ticket can be closed: an open one cannot.
    with pytest.raises(TransitionError):
        rows.transition(ticket, "close", actor=director_a, moment=NOW)
    assert ticket.status == Ticket.Status.OPEN
    Ticket.objects.bulk_create([ticket])
    rows.save()
    assert not logs_of(ticket).exists()


def test_a_transition_log_keeps_to_the_declared_target_and_reason(county_a, staff_a, director_a):
    ticket = new_ticket(county_a)
    rows = DatedRows()
    with pytest.raises(TransitionError):
        rows.transition(ticket, "submit", actor=staff_a, moment=NOW, target=Ticket.Status.CLOSED)
    rows.transition(ticket, "submit", actor=staff_a, moment=NOW)
    # Sending back needs a reason, in the demo as in the service.
    with pytest.raises(TransitionError):
        rows.transition(ticket, "send_back", actor=director_a, moment=NOW)
    assert ticket.status == Ticket.Status.SUBMITTED
    assert rows.count(TransitionLog) == 1


# --- DemoClock.dated ------------------------------------------------------------------------


def test_dated_moves_what_the_services_wrote_back_to_the_day_and_names_the_actor(
    frozen_now, county_a, staff_a, director_a
):
    ticket = Ticket.objects.create(
        title="城关镇防汛物资报送", owning_office=county_a["office"], unit=county_a["township"]
    )
    unit = county_a["township"]
    before = unit.history.count()
    clock = DemoClock({OrgUnit.history.model: "history_date"}, today=NOW.date())

    with clock.dated(LAST_FRIDAY, staff_a):
        transition_perform(obj=ticket, name="submit", actor=staff_a)
        notification_create(recipient=director_a, title="有新的报送事项")
        unit.phone = "0839-7212399"
        unit.save()  # outside a request: simple-history does not know who did it
    with clock.dated(LAST_FRIDAY, director_a):
        ticket.refresh_from_db()
        transition_perform(obj=ticket, name="close", actor=director_a)

    first, second = aware(LAST_FRIDAY, 9, 10), aware(LAST_FRIDAY, 9, 20)
    assert [(log.transition, log.created_at) for log in transition_history(ticket)] == [
        ("close", second),
        ("submit", first),
    ]
    assert Notification.objects.get(recipient=director_a).created_at == first
    edit = unit.history.order_by("-history_id").first()
    assert unit.history.count() == before + 1
    assert (edit.phone, edit.history_user, edit.history_date) == ("0839-7212399", staff_a, first)
    # What was written before the block is left alone.
    assert unit.history.order_by("history_id").first().history_date == NOW


def test_dated_today_keeps_the_present_time_but_still_names_the_actor(
    frozen_now, county_a, staff_a
):
    unit = county_a["township"]
    clock = DemoClock({OrgUnit.history.model: "history_date"}, today=NOW.date())

    with clock.dated(NOW.date(), staff_a):
        unit.phone = "0839-7212398"
        unit.save()

    edit = unit.history.order_by("-history_id").first()
    assert (edit.history_user, edit.history_date) == (staff_a, NOW)


# --- WorkingDays ----------------------------------------------------------------------------


def test_working_days_skip_weekends_and_holidays_and_spread_records_over_them():
    # (The migrations seed the real calendar; these two are set here so the test says so.)
    Holiday.objects.update_or_create(
        date=date(2025, 1, 1), defaults={"name": "元旦", "is_workday": False}
    )
    Holiday.objects.update_or_create(  # a Sunday worked for the Spring Festival
        date=date(2025, 1, 26), defaults={"name": "春节调休", "is_workday": True}
    )
    calendar = WorkingDays(date(2025, 1, 1), date(2025, 1, 31))

    assert calendar.days[0] == date(2025, 1, 2)
    assert date(2025, 1, 4) not in calendar.index  # Saturday
    assert date(2025, 1, 26) in calendar.index  # worked Sunday
    assert calendar.days[calendar.at_or_after(date(2025, 1, 4))] == date(2025, 1, 6)
    assert calendar.days[calendar.at_or_before(date(2025, 1, 4))] == date(2025, 1, 3)

    picked = calendar.spread(random.Random(2025), 40, last=calendar.index[date(2025, 1, 17)])
    assert len(picked) == 40
    assert picked == sorted(picked)
    assert {calendar.days[index] for index in picked} <= {
        day for day in calendar.days if day <= date(2025, 1, 17)
    }
