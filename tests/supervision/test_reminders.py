"""Supervision's reminders (supervision.reminders.ItemDeadlines) through the core engine
(office.reminders.scan), with only this source registered. Each reminder goes out once however
often the scan runs: the Reminder rows and the inbox Notification rows are counted per person.

Reference weeks (June 2025, no holiday): Mon 16 – Fri 20, Mon 23 – Fri 27, Mon 30 June.
The beat runs the scan every few minutes; here it runs at 9:00 and 15:00 on the days shown.
"""

from datetime import date

import pytest

from office import reminders
from office.models import Notification, Reminder
from supervision import services
from supervision.choices import ItemStatus, ReportCycle
from supervision.reminders import ItemDeadlines

from .conftest import frozen, item_data

pytestmark = pytest.mark.django_db

SOURCE = ItemDeadlines.key

MON_2 = date(2025, 6, 2)
MON_16 = date(2025, 6, 16)
TUE_17 = date(2025, 6, 17)
WED_18 = date(2025, 6, 18)
THU_19 = date(2025, 6, 19)
FRI_20 = date(2025, 6, 20)
SAT_21 = date(2025, 6, 21)
MON_23 = date(2025, 6, 23)  # the deadline of most items here
TUE_24 = date(2025, 6, 24)
WED_25 = date(2025, 6, 25)
SUN_29 = date(2025, 6, 29)
MON_30 = date(2025, 6, 30)
FAR = date(2025, 8, 29)


@pytest.fixture(autouse=True)
def only_item_deadlines(monkeypatch):
    """The engine with supervision's source alone, so other apps' reminders do not count."""
    monkeypatch.setattr(reminders, "_sources", {})
    reminders.register(ItemDeadlines())


def scan_on(*days: date) -> None:
    """Run the scan twice on each day, morning and afternoon, as the beat would."""
    for day in days:
        for hour in (9, 15):
            with frozen(day, hour):
                reminders.scan()


def reminded(user, kind: str | None = None) -> list[str]:
    """Occurrences of the user's supervision reminders (of one kind), in order."""
    rows = Reminder.objects.filter(recipient=user, source=SOURCE)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("id").values_list("occurrence", flat=True))


def kinds(user) -> list[str]:
    return list(
        Reminder.objects.filter(recipient=user, source=SOURCE)
        .order_by("id")
        .values_list("kind", flat=True)
    )


def inbox_count(user) -> int:
    return Notification.objects.filter(recipient=user).count()


@pytest.fixture
def due_monday(make_item, advance):
    """Assigned Monday 16 June, due Monday 23 June, reported on the same day (30 %)."""
    return advance(make_item(on=MON_16, deadline=MON_23), ItemStatus.IN_PROGRESS, on=MON_16)


# --- Blue: the deadline is near -----------------------------------------------------------


def test_blue_reminder_goes_to_the_lead_units_liaisons_once_per_deadline(
    due_monday, liaison, second_liaison, other_liaison
):
    inbox_before = {person: inbox_count(person) for person in (liaison, second_liaison)}

    scan_on(TUE_17)
    assert reminded(liaison) == []  # Monday is four working days away

    scan_on(WED_18, THU_19, FRI_20, SAT_21)

    for person in (liaison, second_liaison):
        assert reminded(person, "blue") == ["2025-06-23"]
        assert kinds(person) == ["blue"]
        assert inbox_count(person) == inbox_before[person] + 1
    assert reminded(other_liaison) == []
    assert inbox_count(other_liaison) == 0


def test_the_blue_reminder_links_to_the_item_and_names_it(due_monday, liaison):
    scan_on(WED_18)

    reminder = Reminder.objects.get(recipient=liaison, kind="blue")
    assert reminder.url == due_monday.get_absolute_url()
    assert due_monday.number in reminder.title
    assert reminder.notification.title == reminder.title
    assert reminder.notification.recipient == liaison


def test_a_blue_reminder_is_not_sent_again_because_the_unit_reported(due_monday, liaison):
    scan_on(WED_18)
    with frozen(THU_19):
        services.report_submit(actor=liaison, item=due_monday, text="已完成过半。", percent=60)
    scan_on(THU_19, FRI_20)

    assert reminded(liaison, "blue") == ["2025-06-23"]


# --- The deadline day ---------------------------------------------------------------------


def test_due_today_is_sent_once_on_the_deadline_day(due_monday, liaison, second_liaison):
    scan_on(WED_18)
    inbox_before = inbox_count(liaison)

    scan_on(MON_23, MON_23)

    for person in (liaison, second_liaison):
        assert reminded(person, "due_today") == ["2025-06-23"]
        assert reminded(person, "blue") == ["2025-06-23"]
    assert inbox_count(liaison) == inbox_before + 1


def test_an_item_first_seen_on_its_deadline_day_gets_blue_and_due_today_once_each(
    make_item, liaison
):
    make_item(on=MON_16, deadline=MON_16)
    inbox_before = inbox_count(liaison)

    scan_on(MON_16, MON_16)

    assert sorted(kinds(liaison)) == ["blue", "due_today"]
    assert inbox_count(liaison) == inbox_before + 2


# --- Overdue: daily to the liaison, weekly to the unit head -------------------------------


def test_overdue_reminds_the_liaison_once_a_day(due_monday, liaison, unit_head):
    scan_on(TUE_24)
    assert reminded(liaison, "overdue") == ["2025-06-24"]

    scan_on(WED_25)
    assert reminded(liaison, "overdue") == ["2025-06-24", "2025-06-25"]


def test_overdue_reminds_the_unit_head_once_an_iso_week(due_monday, liaison, unit_head):
    inbox_before = inbox_count(unit_head)

    scan_on(TUE_24, WED_25, SUN_29)
    assert reminded(unit_head) == ["2025-W26"]
    assert inbox_count(unit_head) == inbox_before + 1

    scan_on(MON_30)
    assert reminded(unit_head) == ["2025-W26", "2025-W27"]
    assert kinds(unit_head) == ["overdue_weekly", "overdue_weekly"]
    assert inbox_count(unit_head) == inbox_before + 2


def test_overdue_counts_per_person_over_a_week(due_monday, liaison, second_liaison, unit_head):
    scan_on(WED_18)  # blue
    scan_on(MON_23)  # due today
    before = {p: inbox_count(p) for p in (liaison, second_liaison, unit_head)}

    scan_on(TUE_24, TUE_24, WED_25)

    for person in (liaison, second_liaison):
        assert reminded(person, "overdue") == ["2025-06-24", "2025-06-25"]
        assert inbox_count(person) == before[person] + 2
    assert reminded(unit_head) == ["2025-W26"]
    assert inbox_count(unit_head) == before[unit_head] + 1


def test_a_unit_without_a_head_gets_only_the_liaisons_reminders(due_monday, liaison):
    scan_on(TUE_24)

    assert Reminder.objects.filter(kind="overdue_weekly").count() == 0
    assert reminded(liaison, "overdue") == ["2025-06-24"]


def test_the_liaison_of_another_unit_is_never_reminded(due_monday, other_liaison):
    scan_on(WED_18, MON_23, TUE_24)

    assert reminded(other_liaison) == []
    assert inbox_count(other_liaison) == 0


# --- Cycle reports ------------------------------------------------------------------------


@pytest.fixture
def weekly_item(make_item, liaison):
    """A weekly item assigned 2 June and reported on Tuesday 3 June: next report due 10 June."""
    item = make_item(on=MON_2, deadline=FAR, report_cycle=ReportCycle.WEEKLY)
    with frozen(date(2025, 6, 3)):
        services.report_submit(actor=liaison, item=item, text="已开展摸底。", percent=20)
    return item


def test_a_cycle_report_falling_due_reminds_once(weekly_item, liaison):
    scan_on(date(2025, 6, 9))
    assert reminded(liaison) == []

    inbox_before = inbox_count(liaison)
    scan_on(date(2025, 6, 10), date(2025, 6, 11), date(2025, 6, 12))

    assert reminded(liaison, "report_due") == ["2025-06-10"]
    assert inbox_count(liaison) == inbox_before + 1


def test_the_next_cycle_report_reminds_again(weekly_item, liaison):
    scan_on(date(2025, 6, 10))
    with frozen(date(2025, 6, 12)):
        services.report_submit(actor=liaison, item=weekly_item, text="已开工。", percent=35)

    scan_on(date(2025, 6, 13), date(2025, 6, 18))
    assert reminded(liaison, "report_due") == ["2025-06-10"]

    scan_on(date(2025, 6, 19), date(2025, 6, 20))
    assert reminded(liaison, "report_due") == ["2025-06-10", "2025-06-19"]


def test_the_first_cycle_report_of_an_assigned_item_is_reminded(make_item, liaison):
    make_item(on=MON_2, deadline=FAR, report_cycle=ReportCycle.WEEKLY)

    scan_on(date(2025, 6, 9), date(2025, 6, 10))

    assert reminded(liaison, "report_due") == ["2025-06-09"]


def test_a_once_only_item_has_no_cycle_report_reminders(make_item, advance, liaison):
    advance(make_item(on=MON_2, deadline=FAR), ItemStatus.IN_PROGRESS, on=MON_2)

    scan_on(date(2025, 6, 10), date(2025, 7, 2), date(2025, 8, 1))

    assert reminded(liaison) == []


# --- Nothing for what is not being worked on ----------------------------------------------


@pytest.mark.parametrize("status", [ItemStatus.CLOSED, ItemStatus.CANCELLED])
def test_a_closed_or_cancelled_item_reminds_nobody(make_item, advance, liaison, unit_head, status):
    advance(make_item(on=MON_16, deadline=MON_23), status, on=TUE_17)

    scan_on(WED_18, MON_23, TUE_24, MON_30)

    assert Reminder.objects.count() == 0


def test_an_item_closed_after_its_blue_reminder_reminds_nothing_more(
    due_monday, advance, liaison, unit_head
):
    scan_on(WED_18)
    advance(due_monday, ItemStatus.CLOSED, on=THU_19)

    scan_on(MON_23, TUE_24, MON_30)

    assert kinds(liaison) == ["blue"]
    assert reminded(unit_head) == []


def test_an_item_awaiting_the_directors_review_does_not_nag_the_unit_as_overdue(
    due_monday, liaison, unit_head
):
    with frozen(FRI_20):
        services.report_submit(
            actor=liaison, item=due_monday, text="全部完工。", percent=100, completion=True
        )

    scan_on(TUE_24, WED_25)

    assert reminded(liaison, "overdue") == []
    assert reminded(unit_head) == []


def test_an_item_not_yet_assigned_reminds_nobody(make_item, liaison):
    make_item(on=MON_16, deadline=MON_23, assign=False)

    scan_on(WED_18, MON_23, TUE_24)

    assert Reminder.objects.count() == 0


def test_a_split_parent_is_not_reminded_but_each_unit_is(
    staff, lead_unit, other_unit, liaison, other_liaison
):
    with frozen(MON_16):
        parent = services.item_register_split(
            actor=staff, data=item_data(deadline=MON_23), units=[lead_unit, other_unit]
        )
        services.item_assign(actor=staff, item=parent)

    scan_on(WED_18)

    assert Reminder.objects.filter(object_key=str(parent.pk)).count() == 0
    assert reminded(liaison, "blue") == ["2025-06-23"]
    assert reminded(other_liaison, "blue") == ["2025-06-23"]


# --- An approved extension ----------------------------------------------------------------


def test_an_approved_extension_makes_a_new_blue_reminder_possible_later(
    due_monday, liaison, director
):
    scan_on(WED_18)
    with frozen(THU_19):
        extension = services.extension_request(
            actor=liaison, item=due_monday, new_deadline=date(2025, 7, 4), reason="需协调资金。"
        )
        services.extension_decide(actor=director, extension=extension, approve=True)

    scan_on(FRI_20, MON_23, TUE_24)
    assert reminded(liaison) == ["2025-06-23"]  # nothing due today, nothing overdue

    scan_on(date(2025, 7, 1), date(2025, 7, 2))
    assert reminded(liaison, "blue") == ["2025-06-23", "2025-07-04"]


def test_a_rejected_extension_leaves_the_item_overdue_after_its_deadline(
    due_monday, liaison, director
):
    with frozen(THU_19):
        extension = services.extension_request(
            actor=liaison, item=due_monday, new_deadline=date(2025, 7, 4), reason="需协调资金。"
        )
        services.extension_decide(
            actor=director, extension=extension, approve=False, comment="按期完成。"
        )

    scan_on(TUE_24)

    assert reminded(liaison, "overdue") == ["2025-06-24"]


def test_a_cycle_report_first_noticed_late_says_how_late_not_by_when(weekly_item, liaison):
    # The scan did not run on the 10th (a crashed beat, a holiday week): the reminder of the
    # 12th tells the liaison the report is two days late, never "report by the 10th".
    scan_on(date(2025, 6, 12))

    titles = list(Notification.objects.filter(recipient=liaison).values_list("title", flat=True))
    late = [t for t in titles if "2025-06-10" in t or "逾期" in t or "late" in t]
    assert len(late) == 1
    assert "2025-06-10" not in late[0]
    assert "2" in late[0]
