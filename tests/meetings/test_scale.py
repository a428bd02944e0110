"""seed_scale writes each generated county's meetings (issue 11): a year of every type, held
ones with agendas, sign-ins and approved minutes, that the pages and the figures read like
any others."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from meetings.choices import MeetingStatus, MeetingType
from meetings.models import AgendaItem, Attendance, Meeting, MinutesVersion
from meetings.selectors import held_count
from office.models import OrgUnit, User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_seed_scale_writes_a_year_of_meetings_per_county():
    out = StringIO()
    call_command("seed_scale", "--counties", "1", "--years", "2", "--items-per-year", "200",
                 stdout=out)  # fmt: skip

    office = OrgUnit.objects.get(code__regex=r"^SCALE[0-9]{3}-XWB$")
    meetings = Meeting.objects.filter(owning_office=office)
    assert "会议：" in out.getvalue()
    # Two years at a tenth of a county's load: at least one of each type a year.
    assert meetings.filter(starts_at__year=2025).count() >= len(MeetingType) - 1
    assert held_count(office, 2025, MeetingType.STANDING_COMMITTEE) >= 3
    past = meetings.filter(starts_at__year=2025).exclude(status=MeetingStatus.CANCELLED)
    assert set(past.values_list("status", flat=True)) == {MeetingStatus.MINUTED}
    assert MinutesVersion.objects.filter(meeting__in=past).count() == past.count()
    firsts = AgendaItem.objects.filter(
        meeting__in=past.filter(meeting_type=MeetingType.STANDING_COMMITTEE), position=1
    )
    assert set(firsts.values_list("kind", flat=True)) == {"study"}
    assert Attendance.objects.filter(meeting__in=past, signed_in_at__isnull=False).exists()
    assert Meeting.history.model.objects.filter(id__in=past.values("pk")).count() >= past.count()

    # The county's director reads them as any other meetings.
    director = User.objects.filter(username__startswith="scale", groups__name="director").first()
    client = Client()
    client.force_login(director)
    listed = client.get("/meetings/?year=2025&held=true")
    assert listed.status_code == 200
    assert (
        listed.context["table"].paginator.count
        == past.filter(status__in=["held", "minuted"]).count()
    )
    assert client.get(past.first().get_absolute_url()).status_code == 200
