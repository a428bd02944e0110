"""签收: an assigned item is acknowledged by its lead unit within a time limit (a setting, one
working day by default); until then it takes no report, waits at the top of the liaison's
to-do list, and its liaisons are reminded every working day once the limit is reached.

Reference weeks (June 2025, no holiday): assigned on Monday 16 June, due for 签收 on Tuesday 17.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from office import reminders
from office.models import Reminder
from office.workflow import TransitionForbidden
from supervision import services, summary
from supervision.choices import ItemStatus
from supervision.reminders import ItemDeadlines

from .conftest import frozen, inbox, refused, transition_logs

pytestmark = pytest.mark.django_db

MON_16 = date(2025, 6, 16)
TUE_17 = date(2025, 6, 17)
WED_18 = date(2025, 6, 18)
THU_19 = date(2025, 6, 19)
SAT_21 = date(2025, 6, 21)
MON_23 = date(2025, 6, 23)


@pytest.fixture
def assigned(make_item):
    """城关镇's item, assigned on Monday 16 June and not yet acknowledged."""
    return make_item(on=MON_16, deadline=date(2025, 7, 31), accept=False)


def page(client, user, item, day):
    client.force_login(user)
    with frozen(day):
        response = client.get(item.get_absolute_url())
    with translation.override("zh-hans"):
        return response.content.decode()


def zh(message, **params) -> str:
    with translation.override("zh-hans"):
        return escape(_(message) % params if params else _(message))


def test_the_liaison_acknowledges_on_the_item_page_and_only_then_reports(client, liaison, assigned):
    html = page(client, liaison, assigned, TUE_17)
    assert 'id="action-accept"' in html
    assert 'id="action-report"' not in html and 'id="action-complete"' not in html
    assert "2025-06-17" in html  # the time limit, beside the status
    assert zh("Awaiting acknowledgement") in html

    client.force_login(liaison)
    with frozen(TUE_17):
        response = client.post(
            reverse("supervision:item_accept", args=[assigned.pk]),
            {"comment": "已签收，由城建办负责"},
            follow=True,
        )
    html = response.content.decode()
    assigned.refresh_from_db()
    assert assigned.status == ItemStatus.IN_PROGRESS
    assert (
        zh("%(number)s acknowledged: report on it as it progresses.", number=assigned.number)
        in html
    )
    # The timeline tells it as a sentence, with what the unit wrote.
    assert zh("%(unit)s took the item on", unit=assigned.lead_unit.name) in html
    assert "已签收，由城建办负责" in html
    assert 'id="action-report"' in html and 'id="action-accept"' not in html


def test_a_report_does_not_stand_in_for_the_acknowledgement(liaison, assigned):
    with frozen(TUE_17), refused(assigned, ValidationError) as refusal:
        services.report_submit(actor=liaison, item=assigned, text="已开工。", percent=20)

    assert refusal.value.messages == [_("Acknowledge the item (签收) before reporting on it.")]
    assert transition_logs(assigned) == [("assign", "registered", "assigned")]


def test_only_the_lead_unit_or_the_office_for_it_acknowledges(
    assigned, other_unit, other_liaison, leader, staff
):
    assigned.cooperating_units.add(other_unit)
    for outsider in (other_liaison, leader):
        with frozen(TUE_17), refused(assigned, TransitionForbidden):
            services.item_accept(actor=outsider, item=assigned)

    with frozen(TUE_17):
        services.item_accept(actor=staff, item=assigned)  # by telephone, for the unit
    assigned.refresh_from_db()
    assert assigned.status == ItemStatus.IN_PROGRESS


def test_the_liaisons_to_do_list_puts_the_acknowledgement_first_and_red_once_late(
    make_item, liaison, assigned
):
    make_item(on=date(2025, 6, 2), deadline=date(2025, 6, 18), title="临期的事项")

    with frozen(TUE_17):
        first, second = summary.todos_for(liaison)
    assert (first.title, first.kind, first.due, first.tone) == (
        str(assigned),
        _("To acknowledge"),
        TUE_17,
        "azure",
    )
    assert second.kind == _("Deadline near")

    with frozen(THU_19):
        first = summary.todos_for(liaison)[0]
    late = ngettext(
        "Acknowledgement %(days)d day late", "Acknowledgement %(days)d days late", 2
    ) % {"days": 2}
    assert (first.title, first.kind, first.tone) == (str(assigned), late, "red")

    with frozen(THU_19):
        services.item_accept(actor=liaison, item=assigned)
        assert str(assigned) not in [entry.title for entry in summary.todos_for(liaison)]


@pytest.fixture
def only_item_deadlines(monkeypatch):
    monkeypatch.setattr(reminders, "_sources", {})
    reminders.register(ItemDeadlines())


def scan_on(*days):
    for day in days:
        for hour in (9, 15):
            with frozen(day, hour):
                reminders.scan()


def acknowledge_reminders(user) -> list[str]:
    rows = Reminder.objects.filter(recipient=user, source=ItemDeadlines.key, kind="acknowledge")
    return list(rows.order_by("id").values_list("occurrence", flat=True))


def test_liaisons_are_reminded_from_the_time_limit_each_working_day_until_they_acknowledge(
    only_item_deadlines, liaison, assigned
):
    scan_on(MON_16, TUE_17, WED_18, SAT_21, MON_23)

    assert acknowledge_reminders(liaison) == ["2025-06-17", "2025-06-18", "2025-06-23"]
    titles = inbox(liaison)
    label = f"{assigned.number} {assigned.title}"
    assert _("Acknowledge today (签收): %(item)s") % {"item": label} in titles
    assert (
        ngettext(
            "Acknowledgement %(days)d day late: %(item)s",
            "Acknowledgement %(days)d days late: %(item)s",
            6,
        )
        % {"days": 6, "item": label}
        in titles
    )

    with frozen(MON_23, 16):
        services.item_accept(actor=liaison, item=assigned)
    scan_on(date(2025, 6, 24))
    assert len(acknowledge_reminders(liaison)) == 3


def test_the_time_limit_is_a_setting(settings, make_item, liaison):
    settings.SUPERVISION_ACKNOWLEDGE_WORKING_DAYS = 3
    item = make_item(on=MON_16, deadline=date(2025, 7, 31), accept=False)

    assert item.acknowledge_by == THU_19
    with frozen(WED_18):
        (entry,) = summary.todos_for(liaison)
    assert (entry.due, entry.tone) == (THU_19, "azure")


def test_a_late_acknowledgement_tells_the_office_that_assigned_it(staff, liaison, assigned):
    with frozen(THU_19):
        services.item_accept(actor=liaison, item=assigned)

    assert inbox(staff) == [
        _("%(unit)s acknowledged %(number)s late (time limit %(date)s)")
        % {"unit": assigned.lead_unit, "number": assigned.number, "date": TUE_17}
    ]


def test_the_api_shows_the_time_limit_and_acknowledges(client, liaison, assigned):
    client.force_login(liaison)
    url = f"/api/v1/supervision/items/{assigned.pk}/"
    with frozen(TUE_17):
        assert client.get(url).json()["acknowledge_by"] == "2025-06-17"
        response = client.post(url + "accept/", {"comment": ""}, content_type="application/json")

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["acknowledge_by"]) == ("in_progress", None)
