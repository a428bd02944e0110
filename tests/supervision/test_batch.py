"""批量办理: the office ticks items in the ledger or the red list, says what to do with them,
confirms once on a page listing them, and each goes through its own service: what a service
refuses is left as it was and named with its reason, the others go through."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from office.models import Notification
from supervision.choices import ItemStatus, ReportCycle
from supervision.models import Item, Urge

from .conftest import frozen

pytestmark = pytest.mark.django_db

MON = date(2026, 6, 1)
TODAY = date(2026, 6, 15)
BATCH = "/supervision/batch/"


def zh(message, **params) -> str:
    with translation.override("zh-hans"):
        return escape(_(message) % params if params else _(message))


def post(client, user, data, follow=True):
    client.force_login(user)
    with frozen(TODAY):
        return client.post(BATCH, data, follow=follow)


def html(response) -> str:
    with translation.override("zh-hans"):
        return response.content.decode()


def test_the_ledger_offers_ticks_and_the_batch_form_to_the_office_only(
    client, staff, liaison, make_item
):
    item = make_item(on=MON, assign=False)
    with frozen(TODAY):
        client.force_login(staff)
        page = client.get(reverse("supervision:item_list")).content.decode()
        client.force_login(liaison)
        theirs = client.get(reverse("supervision:item_list")).content.decode()

    assert f'form="batch-form" name="items" value="{item.pk}"' in page
    assert 'id="batch-form"' in page
    assert 'name="items"' not in theirs and 'id="batch-form"' not in theirs


def test_staff_assign_several_items_after_one_confirmation_and_hear_of_each_refusal(
    client, staff, liaison, make_item
):
    first = make_item(on=MON, assign=False, title="第一件")
    second = make_item(on=MON, assign=False, title="第二件")
    already = make_item(on=MON, title="已交办的一件")
    chosen = {"items": [first.pk, second.pk, already.pk], "action": "assign"}

    confirm = post(client, staff, chosen)
    page = html(confirm)
    # The confirmation lists what will be done and changes nothing yet.
    for item in (first, second, already):
        assert f'data-item="{item.number}"' in page
    assert Item.objects.filter(status=ItemStatus.REGISTERED).count() == 2

    done = post(client, staff, {**chosen, "confirm": "1"})

    page = html(done)
    assert done.redirect_chain[-1][0] == reverse("supervision:item_list")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (ItemStatus.ASSIGNED, ItemStatus.ASSIGNED)
    assert Notification.objects.filter(recipient=liaison).count() >= 2
    with translation.override("zh-hans"):
        assert (
            escape(
                translation.ngettext(
                    "%(action)s: %(count)d item done.", "%(action)s: %(count)d items done.", 2
                )
                % {"action": _("Assign to their lead units"), "count": 2}
            )
            in page
        )
    # The item already assigned is named with the reason it was left as it was.
    with translation.override("zh-hans"):
        reason = _("Cannot %(action)s: the record is %(state)s.") % {
            "action": _("Assign"),
            "state": str(ItemStatus.IN_PROGRESS.label),
        }
        refusal = _("%(number)s was left as it was: %(reason)s") % {
            "number": already.number,
            "reason": reason,
        }
    assert escape(refusal) in page


def test_staff_set_the_report_cycle_of_several_items(client, staff, make_item):
    items = [make_item(on=MON, title=f"事项{n}") for n in range(3)]

    post(
        client,
        staff,
        {"items": [i.pk for i in items], "action": "set_cycle", "report_cycle": "weekly"},
    )
    assert {Item.objects.get(pk=i.pk).report_cycle for i in items} == {ReportCycle.ONCE}
    post(
        client,
        staff,
        {
            "items": [i.pk for i in items],
            "action": "set_cycle",
            "report_cycle": "weekly",
            "confirm": "1",
        },
    )

    assert {Item.objects.get(pk=i.pk).report_cycle for i in items} == {ReportCycle.WEEKLY}


def test_a_batch_without_its_cycle_or_message_is_refused_before_anything(client, staff, make_item):
    item = make_item(on=MON)

    response = post(
        client, staff, {"items": [item.pk], "action": "urge", "message": "", "confirm": "1"}
    )

    assert zh("Write the urging message.") in html(response)
    assert not Urge.objects.exists()


def test_urge_everything_on_the_red_list_in_one_step(client, staff, liaison, make_item):
    late = [
        make_item(on=date(2026, 5, 4), deadline=date(2026, 6, 5), title=f"逾期{n}")
        for n in range(2)
    ]
    on_time = make_item(on=MON, deadline=date(2026, 7, 31), title="未逾期")
    with frozen(TODAY):
        client.force_login(staff)
        red = html(client.get(reverse("supervision:red_list")))
    assert 'name="everything"' in red

    confirm = post(
        client, staff, {"everything": "on", "action": "urge", "message": "请本周内办结。"}
    )
    page = html(confirm)
    for item in late:
        assert f'data-item="{item.number}"' in page
    assert f'data-item="{on_time.number}"' not in page
    post(
        client,
        staff,
        {
            "items": [i.pk for i in late],
            "action": "urge",
            "message": "请本周内办结。",
            "confirm": "1",
            "next": reverse("supervision:red_list"),
        },
    )

    assert sorted(Urge.objects.values_list("item__title", flat=True)) == ["逾期0", "逾期1"]
    assert Notification.objects.filter(recipient=liaison, body="请本周内办结。").count() == 2


def test_only_the_office_may_batch_and_only_its_own_items(
    client, liaison, leader, staff_b_office, make_item
):
    item = make_item(on=MON, assign=False)
    data = {"items": [item.pk], "action": "assign", "confirm": "1"}

    for person in (liaison, leader):
        client.force_login(person)
        with frozen(TODAY):
            assert client.post(BATCH, data).status_code == 403
    post(client, staff_b_office, data)

    item.refresh_from_db()
    assert item.status == ItemStatus.REGISTERED
