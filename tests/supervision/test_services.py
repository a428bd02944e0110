"""Supervision's services: numbering, proposed deadlines, every transition and every refused one.

Dates are frozen in Asia/Shanghai. Deadlines are checked over the 2025 National Day holiday
(seeded from chinese-calendar): 1–8 October off, Sunday 28 September and Saturday 11 October
worked. Friday 26 September is the registration day; the working days after it run 28/9,
29/9, 30/9, 9/10, 10/10, 11/10, 13/10 … Transitions use an ordinary June week.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from office.models import TransitionLog
from office.workflow import TransitionError, TransitionForbidden
from supervision import services
from supervision.choices import ExtensionStatus, ItemStatus, SourceKind, Urgency
from supervision.models import ExtensionRequest, Item, LeaderComment, ProgressReport, Urge

from .conftest import frozen, inbox, item_data, refused, transition_logs

pytestmark = pytest.mark.django_db

SEP_25 = date(2025, 9, 25)
SEP_26 = date(2025, 9, 26)  # Friday: registration day of the deadline tests
MON = date(2025, 6, 16)  # an ordinary week: no holiday in June after Dragon Boat (2 June)
TUE = date(2025, 6, 17)
WED = date(2025, 6, 18)
THU = date(2025, 6, 19)
FRI = date(2025, 6, 20)


def test_the_registration_day_of_the_deadline_tests_is_a_friday():
    assert SEP_26.strftime("%A") == "Friday"


# --- Numbers ------------------------------------------------------------------------------


def test_items_are_numbered_one_two_three_in_the_offices_series_of_the_year(make_item):
    numbers = [make_item(on=MON, title=f"事项{n}").number for n in range(3)]

    assert numbers == ["督〔2025〕1号", "督〔2025〕2号", "督〔2025〕3号"]


def test_another_county_numbers_its_own_items_from_one(
    make_item, staff_b_office, county_b, office_a
):
    first_a = make_item(on=MON)
    first_b = make_item(on=MON, actor=staff_b_office, lead_unit=county_b["township"])
    second_a = make_item(on=TUE)

    assert (first_a.number, first_b.number, second_a.number) == (
        "督〔2025〕1号",
        "督〔2025〕1号",
        "督〔2025〕2号",
    )
    assert first_b.owning_office == county_b["office"]
    assert second_a.owning_office == office_a


def test_numbering_restarts_at_one_in_a_new_year(make_item):
    december = [make_item(on=date(2025, 12, 30)), make_item(on=date(2025, 12, 31))]
    january = make_item(on=date(2026, 1, 5))

    assert [item.number for item in december] == ["督〔2025〕1号", "督〔2025〕2号"]
    assert (january.number, january.year) == ("督〔2026〕1号", 2026)


def test_a_refused_registration_does_not_use_up_a_number(staff, lead_unit, make_item):
    with frozen(SEP_26), pytest.raises(ValidationError):
        services.item_register(actor=staff, data=item_data(lead_unit=lead_unit, deadline=SEP_25))

    assert make_item(on=SEP_26).number == "督〔2025〕1号"


# --- Proposed deadlines over the National Day holiday -------------------------------------


DEADLINES_FROM_SEP_26 = [
    (SourceKind.INSTRUCTION, Urgency.NORMAL, date(2025, 10, 23)),  # 15 working days
    (SourceKind.INSTRUCTION, Urgency.URGENT, date(2025, 10, 10)),  # 5
    (SourceKind.INSTRUCTION, Urgency.HARD, date(2025, 11, 13)),  # 30
    (SourceKind.DOCUMENT, Urgency.NORMAL, date(2025, 11, 13)),  # 30
    (SourceKind.MEETING, Urgency.NORMAL, date(2025, 10, 30)),  # 20
]


@pytest.mark.parametrize(("source_kind", "urgency", "deadline"), DEADLINES_FROM_SEP_26)
def test_proposed_deadline_counts_working_days_over_national_day(source_kind, urgency, deadline):
    assert services.proposed_deadline(source_kind=source_kind, urgency=urgency, start=SEP_26) == (
        deadline
    )


@pytest.mark.parametrize(("source_kind", "urgency", "deadline"), DEADLINES_FROM_SEP_26)
def test_an_item_registered_without_a_deadline_gets_the_proposed_one(
    make_item, source_kind, urgency, deadline
):
    item = make_item(on=SEP_26, source_kind=source_kind, urgency=urgency)

    assert (item.registered_on, item.deadline) == (SEP_26, deadline)


def test_urgent_instruction_counts_the_make_up_sunday_and_skips_the_holiday(make_item):
    # 28/9 (worked Sunday), 29/9, 30/9, then 9/10 and 10/10: five working days.
    item = make_item(on=SEP_26, urgency=Urgency.URGENT)

    assert item.deadline == date(2025, 10, 10)


def test_a_deadline_typed_by_staff_replaces_the_proposed_one(make_item):
    item = make_item(on=SEP_26, deadline=date(2025, 9, 30))

    assert item.deadline == date(2025, 9, 30)


def test_a_deadline_on_the_registration_day_is_accepted(make_item):
    assert make_item(on=SEP_26, deadline=SEP_26).deadline == SEP_26


def test_a_deadline_before_registration_is_refused_and_nothing_is_saved(staff, lead_unit):
    with frozen(SEP_26), pytest.raises(ValidationError) as refusal:
        services.item_register(actor=staff, data=item_data(lead_unit=lead_unit, deadline=SEP_25))

    assert "deadline" in refusal.value.message_dict
    assert Item.objects.count() == 0


def test_the_database_itself_refuses_a_deadline_before_registration(office_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.create(
            owning_office=office_a,
            year=2025,
            sequence=1,
            title="绕过表单写入的事项",
            source_kind=SourceKind.KEY_WORK,
            registered_on=SEP_26,
            deadline=SEP_25,
        )

    assert Item.objects.count() == 0


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_instruction_without_its_text_is_refused(staff, lead_unit, text):
    with frozen(SEP_26), pytest.raises(ValidationError) as refusal:
        services.item_register(
            actor=staff, data=item_data(lead_unit=lead_unit, instruction_text=text)
        )

    assert "instruction_text" in refusal.value.message_dict
    assert Item.objects.count() == 0


def test_a_document_item_needs_no_instruction_text(make_item):
    item = make_item(on=SEP_26, source_kind=SourceKind.DOCUMENT, instruction_text="", accept=False)

    assert item.status == ItemStatus.ASSIGNED


def test_a_unit_liaison_cannot_register_an_item(liaison, lead_unit):
    with frozen(SEP_26), pytest.raises(TransitionForbidden):
        services.item_register(actor=liaison, data=item_data(lead_unit=lead_unit))

    assert Item.objects.count() == 0


def test_staff_cannot_give_an_item_to_a_unit_of_another_county(staff, county_b):
    with frozen(SEP_26), pytest.raises(ValidationError) as refusal:
        services.item_register(actor=staff, data=item_data(lead_unit=county_b["township"]))

    assert "lead_unit" in refusal.value.message_dict
    assert Item.objects.count() == 0


# --- Split: one instruction, one item per unit --------------------------------------------


def test_split_uses_one_number_and_numbers_the_units_items_as_its_parts(
    staff, lead_unit, other_unit
):
    with frozen(SEP_26):
        parent = services.item_register_split(
            actor=staff, data=item_data(), units=[lead_unit, other_unit]
        )
        after = services.item_register(actor=staff, data=item_data(lead_unit=lead_unit))

    children = list(parent.children.order_by("part"))
    assert parent.is_group and parent.lead_unit is None
    assert parent.number == "督〔2025〕1号"
    assert [child.number for child in children] == ["督〔2025〕1号-1", "督〔2025〕1号-2"]
    # The next registration follows on: the split used up one number, not three.
    assert after.number == "督〔2025〕2号"
    assert [child.lead_unit for child in children] == [lead_unit, other_unit]
    assert {child.deadline for child in children} == {date(2025, 10, 23)}
    assert {child.instruction_text for child in children} == {parent.instruction_text}
    assert not any(child.is_group for child in children)


def test_split_into_one_unit_is_refused_and_saves_nothing(staff, lead_unit):
    with frozen(SEP_26), pytest.raises(ValidationError):
        services.item_register_split(actor=staff, data=item_data(), units=[lead_unit])

    assert Item.objects.count() == 0


def test_assigning_a_split_parent_assigns_every_unit_and_tells_each_its_own(
    staff, lead_unit, other_unit, liaison, other_liaison
):
    with frozen(SEP_26):
        parent = services.item_register_split(
            actor=staff, data=item_data(), units=[lead_unit, other_unit]
        )
        services.item_assign(actor=staff, item=parent)

    township_item = parent.children.get(lead_unit=lead_unit)
    department_item = parent.children.get(lead_unit=other_unit)
    assert {township_item.status, department_item.status} == {ItemStatus.ASSIGNED}
    assert len(inbox(liaison)) == 1 and township_item.number in inbox(liaison)[0]
    assert len(inbox(other_liaison)) == 1 and department_item.number in inbox(other_liaison)[0]


# --- The way through: assign → report → completion → close --------------------------------


def test_assign_hands_the_item_to_the_lead_unit_and_tells_its_liaisons_only(
    make_item, staff, liaison, second_liaison, other_liaison
):
    item = make_item(on=MON, assign=False)
    assert item.status == ItemStatus.REGISTERED and item.assigned_on is None

    with frozen(TUE):
        services.item_assign(actor=staff, item=item)

    item.refresh_from_db()
    assert (item.status, item.assigned_on) == (ItemStatus.ASSIGNED, TUE)
    assert transition_logs(item) == [("assign", "registered", "assigned")]
    for person in (liaison, second_liaison):
        assert len(inbox(person)) == 1
        assert item.number in inbox(person)[0]
    assert inbox(other_liaison) == []


def test_the_unit_acknowledges_before_its_first_report_which_no_longer_stands_in_for_it(
    make_item, liaison
):
    item = make_item(on=MON, accept=False)

    with frozen(TUE), refused(item, ValidationError) as refusal:
        services.report_submit(actor=liaison, item=item, text="已完成摸底。", percent=30)
    assert "签收" in refusal.value.messages[0]

    with frozen(TUE):
        services.item_accept(actor=liaison, item=item, comment="由城建办具体负责。")
    item.refresh_from_db()
    assert (item.status, item.progress, item.acknowledge_by) == (ItemStatus.IN_PROGRESS, 0, None)
    assert transition_logs(item)[-1] == ("accept", "assigned", "in_progress")

    with frozen(WED):
        report = services.report_submit(actor=liaison, item=item, text="已完成摸底。", percent=30)

    item.refresh_from_db()
    assert (item.status, item.progress, item.last_report_on) == (ItemStatus.IN_PROGRESS, 30, WED)
    assert (report.unit, report.author, report.reported_on) == (item.lead_unit, liaison, WED)
    assert [log[0] for log in transition_logs(item)] == ["assign", "accept"]


def test_later_reports_update_progress_without_another_transition(make_item, liaison):
    item = make_item(on=MON)
    with frozen(TUE):
        services.report_submit(actor=liaison, item=item, text="已完成摸底。", percent=30)
    with frozen(THU):
        services.report_submit(actor=liaison, item=item, text="已开工。", percent=60)

    item.refresh_from_db()
    assert (item.status, item.progress, item.last_report_on) == (ItemStatus.IN_PROGRESS, 60, THU)
    assert ProgressReport.objects.filter(item=item).count() == 2
    assert [log[0] for log in transition_logs(item)] == ["assign", "accept"]


def test_office_staff_may_report_for_the_unit(make_item, staff):
    item = make_item(on=MON)

    with frozen(TUE):
        services.report_submit(actor=staff, item=item, text="电话了解：已开工。", percent=20)

    item.refresh_from_db()
    assert (item.status, item.progress) == (ItemStatus.IN_PROGRESS, 20)


def test_completion_report_asks_for_closure_at_one_hundred_percent(make_item, advance, liaison):
    item = advance(make_item(on=MON), ItemStatus.IN_PROGRESS, on=MON)

    with frozen(THU):
        report = services.report_submit(
            actor=liaison, item=item, text="全部完工。", percent=90, completion=True
        )

    item.refresh_from_db()
    assert report.is_completion and report.percent == 100
    assert (item.status, item.progress, item.last_report_on) == (
        ItemStatus.COMPLETION_REQUESTED,
        100,
        THU,
    )
    assert transition_logs(item)[-1] == (
        "request_completion",
        "in_progress",
        "completion_requested",
    )


def test_director_closes_the_item_on_the_day_and_the_unit_is_told(
    make_item, advance, director, liaison
):
    item = advance(make_item(on=MON), ItemStatus.COMPLETION_REQUESTED, on=TUE)
    told_before = len(inbox(liaison))

    with frozen(FRI):
        services.item_close(actor=director, item=item, comment="同意销号。")

    item.refresh_from_db()
    assert (item.status, item.closed_on) == (ItemStatus.CLOSED, FRI)
    assert transition_logs(item)[-1] == ("close", "completion_requested", "closed")
    assert len(inbox(liaison)) == told_before + 1
    assert item.number in inbox(liaison)[-1]


def test_sending_back_returns_the_item_to_work_with_the_reason(
    make_item, advance, director, liaison
):
    item = advance(make_item(on=MON), ItemStatus.COMPLETION_REQUESTED, on=TUE)
    told_before = len(inbox(liaison))

    with frozen(WED):
        services.item_send_back(actor=director, item=item, reason="缺少验收材料。")

    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS and item.closed_on is None
    assert transition_logs(item)[-1] == ("send_back", "completion_requested", "in_progress")
    log = TransitionLog.objects.filter(object_id=item.pk, transition="send_back").get()
    assert (log.comment, log.actor) == ("缺少验收材料。", director)
    assert len(inbox(liaison)) == told_before + 1


def test_a_sent_back_item_can_be_reported_on_and_completed_again(
    make_item, advance, director, liaison
):
    item = advance(make_item(on=MON), ItemStatus.COMPLETION_REQUESTED, on=TUE)
    with frozen(WED):
        services.item_send_back(actor=director, item=item, reason="缺少验收材料。")
        services.report_submit(
            actor=liaison, item=item, text="已补交验收材料。", percent=100, completion=True
        )

    item.refresh_from_db()
    assert item.status == ItemStatus.COMPLETION_REQUESTED


def test_a_sent_back_item_shows_the_progress_of_its_last_report_not_100(
    make_item, director, liaison
):
    item = make_item(on=MON)
    with frozen(TUE):
        services.report_submit(actor=liaison, item=item, text="已完成大半。", percent=70)
        services.report_submit(
            actor=liaison, item=item, text="完成。", percent=100, completion=True
        )
    item.refresh_from_db()
    assert item.progress == 100

    with frozen(WED):
        services.item_send_back(actor=director, item=item, reason="缺少验收材料。")

    item.refresh_from_db()
    assert item.progress == 70


def test_director_cancels_with_a_reason(make_item, director):
    item = make_item(on=MON, accept=False)

    with frozen(TUE):
        services.item_cancel(actor=director, item=item, reason="上级已撤回该事项。")

    item.refresh_from_db()
    assert (item.status, item.cancel_reason) == (ItemStatus.CANCELLED, "上级已撤回该事项。")
    assert transition_logs(item)[-1] == ("cancel", "assigned", "cancelled")


# --- Every action from every state --------------------------------------------------------


ACTIONS = {
    "assign": lambda p, item: services.item_assign(actor=p["staff"], item=item),
    "accept": lambda p, item: services.item_accept(actor=p["liaison"], item=item),
    "report": lambda p, item: services.report_submit(
        actor=p["liaison"], item=item, text="进展情况。", percent=50
    ),
    "complete": lambda p, item: services.report_submit(
        actor=p["liaison"], item=item, text="已办结。", percent=100, completion=True
    ),
    "close": lambda p, item: services.item_close(actor=p["director"], item=item),
    "send_back": lambda p, item: services.item_send_back(
        actor=p["director"], item=item, reason="材料不全。"
    ),
    "cancel": lambda p, item: services.item_cancel(
        actor=p["director"], item=item, reason="不再办理。"
    ),
}

# (state, action) -> the state it leads to; every other pair is refused.
ALLOWED = {
    (ItemStatus.REGISTERED, "assign"): ItemStatus.ASSIGNED,
    (ItemStatus.REGISTERED, "cancel"): ItemStatus.CANCELLED,
    # 签收 first: an assigned item takes no report until its unit acknowledges it.
    (ItemStatus.ASSIGNED, "accept"): ItemStatus.IN_PROGRESS,
    (ItemStatus.ASSIGNED, "cancel"): ItemStatus.CANCELLED,
    (ItemStatus.IN_PROGRESS, "report"): ItemStatus.IN_PROGRESS,
    (ItemStatus.IN_PROGRESS, "complete"): ItemStatus.COMPLETION_REQUESTED,
    (ItemStatus.IN_PROGRESS, "cancel"): ItemStatus.CANCELLED,
    (ItemStatus.COMPLETION_REQUESTED, "close"): ItemStatus.CLOSED,
    (ItemStatus.COMPLETION_REQUESTED, "send_back"): ItemStatus.IN_PROGRESS,
}

MATRIX = [(state, action) for state in ItemStatus.values for action in ACTIONS]


@pytest.fixture
def item_in(make_item, advance):
    def build(state: str) -> Item:
        if state == ItemStatus.REGISTERED:
            return make_item(on=MON, assign=False)
        if state == ItemStatus.ASSIGNED:
            return make_item(on=MON, accept=False)
        return advance(make_item(on=MON), state, on=TUE)

    return build


@pytest.mark.parametrize(
    ("state", "action"),
    [pair for pair in MATRIX if pair in ALLOWED],
    ids=[f"{s}-{a}" for s, a in MATRIX if (s, a) in ALLOWED],
)
def test_an_allowed_action_moves_the_item_to_its_next_state(
    item_in, staff, liaison, director, state, action
):
    item = item_in(state)
    people = {"staff": staff, "liaison": liaison, "director": director}

    with frozen(WED):
        ACTIONS[action](people, item)

    item.refresh_from_db()
    assert item.status == ALLOWED[(state, action)]


@pytest.mark.parametrize(
    ("state", "action"),
    [pair for pair in MATRIX if pair not in ALLOWED],
    ids=[f"{s}-{a}" for s, a in MATRIX if (s, a) not in ALLOWED],
)
def test_an_action_from_a_state_it_does_not_start_from_is_refused_and_changes_nothing(
    item_in, staff, liaison, director, state, action
):
    item = item_in(state)
    people = {"staff": staff, "liaison": liaison, "director": director}

    with frozen(WED), refused(item, ValidationError) as refusal:
        ACTIONS[action](people, item)

    # A refusal for the wrong state, not for the wrong person.
    assert not isinstance(refusal.value, TransitionForbidden)


# --- Refused for the wrong person or the missing reason -----------------------------------


def test_staff_cannot_close_an_item(make_item, advance, staff):
    item = advance(make_item(on=MON), ItemStatus.COMPLETION_REQUESTED, on=TUE)

    with frozen(WED), refused(item, TransitionForbidden):
        services.item_close(actor=staff, item=item)


def test_a_liaison_cannot_close_their_own_item(make_item, advance, liaison):
    item = advance(make_item(on=MON), ItemStatus.COMPLETION_REQUESTED, on=TUE)

    with frozen(WED), refused(item, TransitionForbidden):
        services.item_close(actor=liaison, item=item)


def test_director_cannot_close_an_item_still_in_progress(make_item, advance, director):
    item = advance(make_item(on=MON), ItemStatus.IN_PROGRESS, on=TUE)

    with frozen(WED), refused(item, TransitionError) as refusal:
        services.item_close(actor=director, item=item)

    assert not isinstance(refusal.value, TransitionForbidden)


def test_a_liaison_cannot_cancel_an_item(make_item, liaison):
    item = make_item(on=MON)

    with frozen(TUE), refused(item, TransitionForbidden):
        services.item_cancel(actor=liaison, item=item, reason="本单位不负责。")


def test_staff_cannot_cancel_an_item(make_item, staff):
    item = make_item(on=MON)

    with frozen(TUE), refused(item, TransitionForbidden):
        services.item_cancel(actor=staff, item=item, reason="重复立项。")


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_needs_a_reason(make_item, director, reason):
    item = make_item(on=MON)

    with frozen(TUE), refused(item, TransitionError):
        services.item_cancel(actor=director, item=item, reason=reason)


@pytest.mark.parametrize("reason", ["", "   "])
def test_sending_back_needs_a_reason(make_item, advance, director, reason):
    item = advance(make_item(on=MON), ItemStatus.COMPLETION_REQUESTED, on=TUE)

    with frozen(WED), refused(item, TransitionError):
        services.item_send_back(actor=director, item=item, reason=reason)


def test_a_liaison_cannot_send_back(make_item, advance, liaison):
    item = advance(make_item(on=MON), ItemStatus.COMPLETION_REQUESTED, on=TUE)

    with frozen(WED), refused(item, TransitionForbidden):
        services.item_send_back(actor=liaison, item=item, reason="想再补充材料。")


def test_a_liaison_cannot_assign(make_item, liaison):
    item = make_item(on=MON, assign=False)

    with frozen(TUE), refused(item, TransitionForbidden):
        services.item_assign(actor=liaison, item=item)


def test_an_item_without_a_lead_unit_cannot_be_assigned(make_item, staff):
    # Registration refuses an item without a lead unit; one may still exist from before.
    item = make_item(on=MON, assign=False)
    Item.objects.filter(pk=item.pk).update(lead_unit=None)
    item.refresh_from_db()

    with frozen(TUE), refused(item, ValidationError):
        services.item_assign(actor=staff, item=item)


@pytest.mark.parametrize("state", [ItemStatus.ASSIGNED, ItemStatus.IN_PROGRESS])
def test_a_liaison_of_another_unit_cannot_report(item_in, other_liaison, state):
    item = item_in(state)

    with frozen(WED), refused(item, TransitionForbidden):
        services.report_submit(actor=other_liaison, item=item, text="代为反馈。", percent=50)


def test_a_liaison_of_a_cooperating_unit_cannot_file_the_lead_units_report(
    make_item, other_unit, other_liaison
):
    item = make_item(on=MON, cooperating_units=[other_unit])

    with frozen(WED), refused(item, TransitionForbidden):
        services.report_submit(actor=other_liaison, item=item, text="配合单位反馈。", percent=50)


def test_a_liaison_of_another_unit_cannot_ask_for_completion(make_item, advance, other_liaison):
    item = advance(make_item(on=MON), ItemStatus.IN_PROGRESS, on=TUE)

    with frozen(WED), refused(item, TransitionForbidden):
        services.report_submit(
            actor=other_liaison, item=item, text="已办结。", percent=100, completion=True
        )


def test_a_county_leader_cannot_file_the_units_progress_report(make_item, advance, leader):
    item = advance(make_item(on=MON), ItemStatus.IN_PROGRESS, on=TUE)

    with frozen(WED), refused(item, TransitionForbidden):
        services.report_submit(actor=leader, item=item, text="领导代填。", percent=90)


def test_a_county_leader_cannot_ask_for_the_units_extension(working_item, leader):
    with frozen(WED), refused(working_item, TransitionForbidden):
        services.extension_request(
            actor=leader, item=working_item, new_deadline=date(2025, 6, 27), reason="领导代为申请。"
        )


def test_a_report_on_a_closed_item_is_refused(make_item, advance, liaison):
    item = advance(make_item(on=MON), ItemStatus.CLOSED, on=TUE)

    with frozen(WED), refused(item, ValidationError) as refusal:
        services.report_submit(actor=liaison, item=item, text="补充情况。", percent=100)

    assert not isinstance(refusal.value, TransitionError)


@pytest.mark.parametrize(("text", "percent"), [("  ", 50), ("进展。", 101), ("进展。", -1)])
def test_a_report_without_text_or_with_an_impossible_percentage_is_refused(
    make_item, liaison, text, percent
):
    item = make_item(on=MON)

    with frozen(TUE), refused(item, ValidationError):
        services.report_submit(actor=liaison, item=item, text=text, percent=percent)


# --- Extensions ---------------------------------------------------------------------------


@pytest.fixture
def working_item(make_item, advance):
    """Assigned Monday 16 June with a deadline of Friday 20 June, reported on Tuesday."""
    return advance(make_item(on=MON, deadline=FRI), ItemStatus.IN_PROGRESS, on=TUE)


def test_a_liaison_asks_for_an_extension_and_the_director_is_told(working_item, liaison, director):
    with frozen(WED):
        request = services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2025, 6, 27), reason="需协调资金。"
        )

    assert (request.status, request.current_deadline) == (ExtensionStatus.PENDING, FRI)
    assert len(inbox(director)) == 1 and working_item.number in inbox(director)[0]
    working_item.refresh_from_db()
    assert working_item.deadline == FRI


def test_an_extension_can_still_be_asked_on_the_deadline_day(working_item, liaison):
    with frozen(FRI):
        services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2025, 6, 27), reason="需协调资金。"
        )

    assert ExtensionRequest.objects.filter(item=working_item).count() == 1


def test_an_extension_asked_after_the_deadline_is_refused(working_item, liaison):
    with frozen(date(2025, 6, 21)), refused(working_item, ValidationError):
        services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2025, 6, 27), reason="需协调资金。"
        )


@pytest.mark.parametrize("new_deadline", [THU, FRI], ids=["earlier", "same"])
def test_an_extension_that_does_not_move_the_deadline_later_is_refused(
    working_item, liaison, new_deadline
):
    with frozen(WED), refused(working_item, ValidationError) as refusal:
        services.extension_request(
            actor=liaison, item=working_item, new_deadline=new_deadline, reason="需协调资金。"
        )

    assert "new_deadline" in refusal.value.message_dict


def test_an_extension_without_a_reason_is_refused(working_item, liaison):
    with frozen(WED), refused(working_item, ValidationError):
        services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2025, 6, 27), reason=" "
        )


def test_a_second_pending_extension_is_refused(working_item, liaison):
    with frozen(WED):
        services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2025, 6, 27), reason="需协调资金。"
        )

    with frozen(THU), refused(working_item, ValidationError):
        services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2025, 7, 4), reason="再延一周。"
        )


def test_a_liaison_of_another_unit_cannot_ask_for_an_extension(working_item, other_liaison):
    with frozen(WED), refused(working_item, TransitionForbidden):
        services.extension_request(
            actor=other_liaison,
            item=working_item,
            new_deadline=date(2025, 6, 27),
            reason="代为申请。",
        )


def test_a_closed_item_cannot_be_extended(make_item, advance, liaison):
    item = advance(make_item(on=MON, deadline=FRI), ItemStatus.CLOSED, on=TUE)

    with frozen(WED), refused(item, ValidationError):
        services.extension_request(
            actor=liaison, item=item, new_deadline=date(2025, 6, 27), reason="需协调资金。"
        )


@pytest.fixture
def pending_extension(working_item, liaison):
    with frozen(WED):
        return services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2025, 6, 27), reason="需协调资金。"
        )


def test_approving_an_extension_moves_the_deadline_and_tells_the_unit(
    pending_extension, working_item, director, liaison
):
    told_before = len(inbox(liaison))

    with frozen(THU):
        services.extension_decide(actor=director, extension=pending_extension, approve=True)

    working_item.refresh_from_db()
    pending_extension.refresh_from_db()
    assert working_item.deadline == date(2025, 6, 27)
    assert (pending_extension.status, pending_extension.decided_by) == (
        ExtensionStatus.APPROVED,
        director,
    )
    assert len(inbox(liaison)) == told_before + 1
    assert working_item.number in inbox(liaison)[-1]


def test_rejecting_an_extension_needs_a_reason(pending_extension, working_item, director):
    with frozen(THU), refused(working_item, ValidationError):
        services.extension_decide(actor=director, extension=pending_extension, approve=False)

    pending_extension.refresh_from_db()
    assert pending_extension.status == ExtensionStatus.PENDING


def test_a_rejected_extension_keeps_the_deadline_and_tells_the_unit_why(
    pending_extension, working_item, director, liaison
):
    told_before = len(inbox(liaison))

    with frozen(THU):
        services.extension_decide(
            actor=director, extension=pending_extension, approve=False, comment="按期完成。"
        )

    working_item.refresh_from_db()
    pending_extension.refresh_from_db()
    assert working_item.deadline == FRI
    assert (pending_extension.status, pending_extension.decision_comment) == (
        ExtensionStatus.REJECTED,
        "按期完成。",
    )
    assert len(inbox(liaison)) == told_before + 1


def test_only_the_director_decides_an_extension(pending_extension, working_item, staff):
    with frozen(THU), refused(working_item, TransitionForbidden):
        services.extension_decide(actor=staff, extension=pending_extension, approve=True)


def test_an_extension_is_decided_only_once(pending_extension, working_item, director):
    with frozen(THU):
        services.extension_decide(
            actor=director, extension=pending_extension, approve=False, comment="按期完成。"
        )

    with frozen(THU), refused(working_item, ValidationError):
        services.extension_decide(actor=director, extension=pending_extension, approve=True)


def test_after_a_decision_the_unit_may_ask_again(
    pending_extension, working_item, director, liaison
):
    with frozen(THU):
        services.extension_decide(
            actor=director, extension=pending_extension, approve=False, comment="按期完成。"
        )
        services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2025, 6, 24), reason="只需两天。"
        )

    assert ExtensionRequest.objects.filter(item=working_item).count() == 2


# --- Urging and leaders' comments ---------------------------------------------------------


def test_staff_urge_an_open_item_and_the_lead_unit_is_told(
    working_item, staff, liaison, other_liaison
):
    told_before = len(inbox(liaison))

    with frozen(THU):
        services.item_urge(actor=staff, item=working_item, message="请于明日前报送进展。")

    assert Urge.objects.filter(item=working_item).count() == 1
    assert len(inbox(liaison)) == told_before + 1
    assert inbox(other_liaison) == []


def test_a_closed_item_cannot_be_urged(make_item, advance, staff):
    item = advance(make_item(on=MON), ItemStatus.CLOSED, on=TUE)

    with frozen(WED), refused(item, ValidationError):
        services.item_urge(actor=staff, item=item, message="请报送。")


def test_a_liaison_cannot_urge(working_item, liaison):
    with frozen(WED), refused(working_item, TransitionForbidden):
        services.item_urge(actor=liaison, item=working_item, message="请报送。")


def test_an_urge_without_a_message_is_refused(working_item, staff):
    with frozen(WED), refused(working_item, ValidationError):
        services.item_urge(actor=staff, item=working_item, message="  ")


def test_a_leaders_comment_tells_the_lead_unit_and_changes_no_state(
    working_item, leader, liaison, second_liaison, other_liaison
):
    before = (working_item.status, transition_logs(working_item))
    told_before = {person: len(inbox(person)) for person in (liaison, second_liaison)}

    with frozen(WED):
        services.comment_add(actor=leader, item=working_item, text="要加快进度，确保按期完成。")

    working_item.refresh_from_db()
    assert (working_item.status, transition_logs(working_item)) == before
    assert LeaderComment.objects.filter(item=working_item, author=leader).count() == 1
    for person, count in told_before.items():
        assert len(inbox(person)) == count + 1
        assert working_item.number in inbox(person)[-1]
    assert inbox(other_liaison) == []


def test_a_leaders_comment_on_a_closed_item_does_not_reopen_it(make_item, advance, leader):
    item = advance(make_item(on=MON), ItemStatus.CLOSED, on=TUE)

    with frozen(WED):
        services.comment_add(actor=leader, item=item, text="办得好。")

    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED


@pytest.mark.parametrize("who", ["staff", "liaison"])
def test_only_leaders_comment(working_item, request, who):
    actor = request.getfixturevalue(who)

    with frozen(WED), refused(working_item, TransitionForbidden):
        services.comment_add(actor=actor, item=working_item, text="意见。")


def test_an_empty_comment_is_refused(working_item, leader):
    with frozen(WED), refused(working_item, ValidationError):
        services.comment_add(actor=leader, item=working_item, text=" ")


# --- Scoping ------------------------------------------------------------------------------


def test_a_liaison_sees_only_their_units_items(
    make_item, lead_unit, other_unit, liaison, other_liaison
):
    township_item = make_item(on=MON, lead_unit=lead_unit)
    department_item = make_item(on=MON, lead_unit=other_unit)

    assert list(Item.objects.restrict(liaison)) == [township_item]
    assert list(Item.objects.restrict(other_liaison)) == [department_item]


def test_a_cooperating_units_liaison_sees_the_item(make_item, other_unit, other_liaison):
    item = make_item(on=MON, cooperating_units=[other_unit])

    assert list(Item.objects.restrict(other_liaison)) == [item]


def test_another_countys_office_sees_none_of_the_items(make_item, staff, staff_b_office):
    item = make_item(on=MON)

    assert list(Item.objects.restrict(staff)) == [item]
    assert list(Item.objects.restrict(staff_b_office)) == []


def test_a_liaison_sees_reports_and_extensions_of_their_units_items_only(
    working_item, make_item, other_unit, liaison, other_liaison
):
    with frozen(WED):
        services.extension_request(
            actor=liaison, item=working_item, new_deadline=date(2025, 6, 27), reason="需协调资金。"
        )

    assert ProgressReport.objects.restrict(liaison).count() == 1
    assert ExtensionRequest.objects.restrict(liaison).count() == 1
    assert ProgressReport.objects.restrict(other_liaison).count() == 0
    assert ExtensionRequest.objects.restrict(other_liaison).count() == 0


# --- Split parents ------------------------------------------------------------------------


@pytest.fixture
def split_item(staff, lead_unit, other_unit):
    with frozen(MON):
        parent = services.item_register_split(
            actor=staff, data=item_data(), units=[lead_unit, other_unit]
        )
        services.item_assign(actor=staff, item=parent)
    return parent


def test_cancelling_a_split_item_cancels_every_open_unit_item(split_item, director):
    with frozen(TUE):
        services.item_cancel(actor=director, item=split_item, reason="上级已撤回。")

    split_item.refresh_from_db()
    assert split_item.status == ItemStatus.CANCELLED
    assert set(split_item.children.values_list("status", flat=True)) == {ItemStatus.CANCELLED}


def test_a_liaison_cannot_cancel_a_split_item(split_item, liaison):
    children = list(split_item.children.values_list("pk", "status"))

    with frozen(TUE), refused(split_item, TransitionForbidden):
        services.item_cancel(actor=liaison, item=split_item, reason="本单位不负责。")

    assert list(split_item.children.values_list("pk", "status")) == children


def test_only_the_director_cancels_a_split_item_even_when_its_unit_items_are_closed(
    split_item, liaison, other_liaison, director, leader
):
    for child, unit_liaison in zip(
        split_item.children.order_by("sequence"), (liaison, other_liaison), strict=True
    ):
        with frozen(TUE):
            services.item_accept(actor=unit_liaison, item=child)
            services.report_submit(
                actor=unit_liaison, item=child, text="已办结。", percent=100, completion=True
            )
            services.item_close(actor=director, item=child)

    with frozen(WED), refused(split_item, TransitionForbidden):
        services.item_cancel(actor=leader, item=split_item, reason="")
