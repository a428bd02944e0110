"""``manage.py seed_demo``'s meetings: the seed's year served 36 standing committee meetings and
46 secretary's special meetings and organised 100 or more, each standing committee meeting
opening with 第一议题 on a material of its own, counted from the records by the annual API;
and a live week around today with a meeting awaiting approval that breaks a rule."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from meetings.choices import AgendaKind, MeetingStatus, MeetingType
from meetings.models import AgendaItem, Meeting
from office.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_gives_the_seeds_figures_and_a_live_week():
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", "--year", "2025", stdout=StringIO())
        director = User.objects.get(username="director")
        client = Client()
        client.force_login(director)
        figures = client.get("/api/v1/reports/annual/2025/").json()["figures"]["meetings"]
    office = director.office
    held = Meeting.objects.filter(
        owning_office=office, starts_at__year=2025, status__in=["held", "minuted"]
    )
    assert figures["standing_committee"] == 36
    assert held.filter(meeting_type=MeetingType.STANDING_COMMITTEE).count() == 36
    assert figures["secretary_special"] == 46
    assert figures["organised_total"] == held.count() >= 100
    # Every standing committee meeting opened with a study item on a material of its own.
    firsts = AgendaItem.objects.filter(
        meeting__in=held.filter(meeting_type=MeetingType.STANDING_COMMITTEE), position=1
    )
    assert firsts.filter(kind=AgendaKind.STUDY).count() == 36
    per_material = firsts.values("study_materials").annotate(n=Count("pk"))
    assert len(per_material) == 36 and all(row["n"] == 1 for row in per_material)
    # The county secretary chairs the committee and the special meetings; the deputy
    # secretary and the standing committee member must attend.
    chaired = held.filter(meeting_type__in=["standing_committee", "secretary_special"])
    assert set(chaired.values_list("chair__username", flat=True)) == {"secretary"}
    assert set(
        chaired.filter(pk=chaired.first().pk).values_list("required_leaders__username", flat=True)
    ) == {"leader", "leader_org"}
    # 云溪县 has a smaller year of its own, counted the same way.
    b_director = User.objects.get(username="b_director")
    with time_machine.travel(NOW, tick=False):
        client.force_login(b_director)
        b_figures = client.get("/api/v1/reports/annual/2025/").json()["figures"]["meetings"]
    b_held = Meeting.objects.filter(
        owning_office=b_director.office, starts_at__year=2025, status__in=["held", "minuted"]
    )
    assert b_figures["standing_committee"] == 24
    assert b_figures["secretary_special"] == 30
    assert b_figures["organised_total"] == b_held.count() < figures["organised_total"]
    # Its own leader chairs there: no 青川县 leader in the other county's meetings.
    assert (
        b_held.filter(meeting_type="standing_committee", chair__username="b_leader").count() == 24
    )
    # The current year up to a fortnight ago reads like a live office: fewer meetings than
    # by the same date last year (精文减会), but not a handful.
    this_year = Meeting.objects.filter(
        owning_office=office, starts_at__year=2026, status__in=["held", "minuted"]
    )
    same_period_last_year = held.filter(starts_at__lt=datetime(2025, 11, 11, tzinfo=NOW.tzinfo))
    assert 0.8 * same_period_last_year.count() <= this_year.count() < same_period_last_year.count()
    # The live part: one awaiting approval with its breaches, one with an open checklist.
    waiting = Meeting.objects.get(owning_office=office, status=MeetingStatus.SUBMITTED)
    assert waiting.has_breaches and waiting.exception_reason
    assert Meeting.objects.filter(
        owning_office=office, status=MeetingStatus.APPROVED, tasks__done_on__isnull=True
    ).exists()
    # A second run creates nothing.
    with time_machine.travel(NOW, tick=False):
        before = Meeting.objects.count()  # both counties
        call_command("seed_demo", "--year", "2025", stdout=StringIO())
    assert Meeting.objects.count() == before
