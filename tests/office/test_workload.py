"""The director's week on the home page (issue 13): what falls due this week across the apps,
by the section that carries it, and the reminders the people reminded have not opened."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.choices import ManuscriptKind, ManuscriptStatus
from documents.models import Manuscript
from office.models import Notification, Reminder
from office.roles import Role
from supervision.choices import ItemStatus
from tests.supervision.factories import ItemFactory

# A Wednesday: the week runs from Monday 2026-11-23 to Sunday 2026-11-29.
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def director_a(make_user, county_a):
    return make_user(county_a["office"], Role.DIRECTOR)


def _workload_card(client, user) -> str:
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/").content.decode()
    start = page.index('data-widget="office.workload"')
    return (
        page[start : page.index('data-widget="', start + 10)]
        if 'data-widget="' in page[start + 10 :]
        else page[start:]
    )


@pytest.mark.django_db
def test_the_director_sees_this_weeks_work_under_the_section_that_carries_it(
    client, director_a, staff_a, county_a, county_b
):
    ItemFactory(
        lead_unit=county_a["township"],
        registered_on=date(2026, 11, 2),
        title="督办本周到期",
        deadline=date(2026, 11, 27),
        created_by=staff_a,
    )
    ItemFactory(
        lead_unit=county_a["township"],
        registered_on=date(2026, 11, 2),
        title="督办下周到期",
        deadline=date(2026, 12, 2),
        created_by=staff_a,
    )
    ItemFactory(
        lead_unit=county_a["township"],
        registered_on=date(2026, 11, 2),
        title="督办已办结",
        deadline=date(2026, 11, 26),
        created_by=staff_a,
        status=ItemStatus.CLOSED,
    )
    ItemFactory(
        lead_unit=county_b["township"],
        registered_on=date(2026, 11, 2),
        title="乙县本周到期",
        deadline=date(2026, 11, 27),
    )
    Manuscript.objects.create(
        owning_office=county_a["office"],
        kind=ManuscriptKind.SPEECH,
        title="年终讲话稿",
        author=staff_a,
        assigned_on=date(2026, 11, 2),
        due_date=date(2026, 11, 24),
        status=ManuscriptStatus.DRAFTING,
    )

    card = _workload_card(client, director_a)

    section = card[card.index(county_a["section"].name) :]
    assert "督办本周到期" in section and "年终讲话稿" in section
    assert "2项" in section  # the section carries two pieces of work this week
    assert "已逾期1项" in section  # the speech was due on Tuesday
    assert "督办下周到期" not in card and "督办已办结" not in card
    assert "乙县本周到期" not in card  # another county's work is not this office's week


@pytest.mark.django_db
def test_reminders_not_opened_are_counted_by_the_unit_of_the_person_reminded(
    client, director_a, liaison_a, staff_b, county_a
):
    with time_machine.travel(NOW, tick=False):
        for n, read in enumerate((False, False, True)):
            note = Notification.objects.create(
                recipient=liaison_a, title=f"提醒{n}", read_at=NOW if read else None
            )
            Reminder.objects.create(
                source="supervision.items",
                object_key=str(n),
                kind="due",
                occurrence="x",
                recipient=liaison_a,
                title=f"请报送进展{n}",
                notification=note,
            )
        other = Notification.objects.create(recipient=staff_b, title="乙县提醒")
        Reminder.objects.create(
            source="supervision.items",
            object_key="b",
            kind="due",
            occurrence="x",
            recipient=staff_b,
            title="乙县的提醒",
            notification=other,
        )

    card = _workload_card(client, director_a)

    assert "发出提醒3条，对方尚未查看2条" in card
    row = card[card.index(county_a["township"].name) :].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split('">')[1:]] == ["3", "2"]  # sent, unread
    assert "请报送进展0" in card and "请报送进展2" not in card
    assert "乙县的提醒" not in card


@pytest.mark.django_db
def test_the_card_costs_the_same_queries_with_five_or_fifty_items_due(
    client, director_a, staff_a, county_a
):
    def queries_with(count):
        for n in range(count):
            ItemFactory(
                lead_unit=county_a["township"],
                registered_on=date(2026, 11, 2),
                deadline=date(2026, 11, 26),
                created_by=staff_a,
                title=f"事项{count}-{n}",
            )
        client.force_login(director_a)
        with time_machine.travel(NOW, tick=False):
            client.get("/")  # the first page after sign-in writes the session
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/").status_code == 200
        return len(captured)

    assert queries_with(5) == queries_with(45)
