"""The confidential ledger: the confidential clerk and the director only, through every way in;
copies lent with a return date and read back; destruction before two witnesses; the marker
guard leaves its classification fields alone and nothing else."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.models import ConfidentialRecord
from documents.reminders import ConfidentialReturns
from office.registry import registry
from office.roles import Role
from office.workflow import TransitionForbidden

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_user, county_a):
    return make_user(county_a["section"], Role.CONFIDENTIAL_CLERK, name="孙机要")


def _record(clerk, **changes):
    data = {
        "title": "关于某项工作的通知", "sender": "市委机要局", "classification": "confidential",
        "marking": "机密★10年", "received_on": date(2026, 3, 2), "copy_numbers": "000012、000013",
    } | changes  # fmt: skip
    return services.confidential_register(actor=clerk, data=services.ConfidentialData(**data))


def test_the_ledger_keeps_the_marking_it_names_by_design(clerk):
    record = _record(clerk)
    record.refresh_from_db()
    assert record.marking == "机密★10年"


def test_a_marking_anywhere_else_is_still_refused(clerk):
    with pytest.raises(ValidationError):
        _record(clerk, title="机密★10年 关于某项工作的通知")
    assert not ConfidentialRecord.objects.filter(title__contains="某项").exists()


def test_only_the_clerk_and_the_director_reach_the_ledger(client, clerk, people, liaison_a):
    record = _record(clerk)
    for user, answer in (
        (clerk, 200), (people["director"], 200), (people["staff"], 403), (people["leader"], 403),
        (people["adviser"], 403), (liaison_a, 403),
    ):  # fmt: skip
        client.force_login(user)
        assert client.get("/documents/confidential/").status_code == answer
        assert client.get(record.get_absolute_url()).status_code == answer
        assert client.get("/documents/confidential/?export=xlsx").status_code == answer
    client.force_login(people["staff"])
    assert "关于某项工作的通知" not in client.get("/").content.decode()
    assert registry.search(people["director"], "某项工作") == []  # never in the search
    from django.contrib import admin

    assert not admin.site.is_registered(ConfidentialRecord)  # not in the admin either


def test_a_copy_is_lent_for_the_day_and_an_overdue_one_is_flagged_and_reminded(
    client, clerk, people
):
    record = _record(clerk)
    loan = services.confidential_lend(
        actor=clerk, record=record, copy_number="000012", holder=people["leader"],
        lent_on=date(2026, 3, 6),
    )  # fmt: skip
    assert loan.due_on == date(2026, 3, 6)  # same day by default
    with pytest.raises(ValidationError, match="已借出"):
        services.confidential_lend(
            actor=clerk, record=record, copy_number="000012", holder=people["director"]
        )
    dues = list(
        ConfidentialReturns().collect(__import__("django.utils.timezone").utils.timezone.now())
    )
    assert [(d.recipient, d.kind) for d in dues] == [(clerk, "overdue")]
    client.force_login(clerk)
    assert "confidential-overdue" in client.get("/documents/confidential/").content.decode()
    services.confidential_take_back(actor=clerk, record=record, copy_number="000012")
    assert (
        list(
            ConfidentialReturns().collect(__import__("django.utils.timezone").utils.timezone.now())
        )
        == []
    )


def test_a_return_date_before_the_lending_day_is_refused(clerk, people):
    record = _record(clerk)
    with pytest.raises(ValidationError):
        services.confidential_lend(
            actor=clerk, record=record, copy_number="000012", holder=people["leader"],
            lent_on=date(2026, 3, 6), due_on=date(2026, 3, 5),
        )  # fmt: skip
    assert not record.loans.exists()


def test_destruction_takes_two_witnesses_and_every_copy_back(clerk, people):
    record = _record(clerk)
    with pytest.raises(ValidationError):
        services.confidential_destroy(actor=clerk, record=record, witnesses=[people["staff"]])
    with pytest.raises(ValidationError):
        services.confidential_destroy(
            actor=clerk, record=record, witnesses=[clerk, people["staff"]]
        )
    services.confidential_lend(
        actor=clerk, record=record, copy_number="000013", holder=people["leader"]
    )
    with pytest.raises(ValidationError):
        services.confidential_destroy(
            actor=clerk, record=record, witnesses=[people["staff"], people["head"]]
        )
    services.confidential_take_back(actor=clerk, record=record, copy_number="000013")
    services.confidential_destroy(
        actor=clerk, record=record, witnesses=[people["staff"], people["head"]]
    )
    record.refresh_from_db()
    assert record.status == "destroyed" and record.witnesses.count() == 2


def test_staff_cannot_keep_the_ledger(clerk, people):
    record = _record(clerk)
    from office.workflow import TransitionForbidden

    with pytest.raises(TransitionForbidden):
        services.confidential_lend(
            actor=people["staff"], record=record, copy_number="000012", holder=people["leader"]
        )


def test_a_read_receipt_is_recorded_on_the_copy_and_the_clearance_lists_the_year(
    client, clerk, people
):
    record = services.confidential_register(
        actor=clerk,
        data=services.ConfidentialData(
            title="关于某项工作的通知", sender="市委机要局", classification="confidential",
            marking="机密★10年", received_on=date(2026, 3, 2), copy_numbers="000012、000013",
        ),
    )  # fmt: skip
    services.confidential_lend(
        actor=clerk, record=record, copy_number="000012", holder=people["leader"]
    )
    with pytest.raises(ValidationError):  # a copy never lent has no reader
        services.confidential_receipt(actor=clerk, record=record, copy_number="000013")
    with pytest.raises(TransitionForbidden):
        services.confidential_receipt(actor=people["staff"], record=record, copy_number="000012")
    loan = services.confidential_receipt(actor=clerk, record=record, copy_number="000012")
    assert loan.read_on == date(2026, 3, 10)
    older = services.confidential_register(
        actor=clerk,
        data=services.ConfidentialData(
            title="去年的文件", sender="市委机要局", classification="secret",
            received_on=date(2025, 6, 2), copy_numbers="000001",
        ),
    )  # fmt: skip
    client.force_login(clerk)
    page = client.get("/documents/confidential/clearance/?year=2026").content.decode()
    # Everything held in the year: this year's record with its copy out, and last year's.
    assert f'data-record="{record.pk}"' in page and f'data-record="{older.pk}"' in page
    assert "000012" in page
    last_year = client.get("/documents/confidential/clearance/?year=2025").content.decode()
    assert f'data-record="{record.pk}"' not in last_year
    detail = client.get(record.get_absolute_url()).content.decode()
    assert "2026-03-10" in detail


def test_only_the_clerk_and_the_director_open_the_clearance_list(client, clerk, people):
    for user, status in ((clerk, 200), (people["director"], 200), (people["staff"], 403),
                         (people["leader"], 403)):  # fmt: skip
        client.force_login(user)
        assert client.get("/documents/confidential/clearance/").status_code == status


def test_a_year_no_ledger_can_hold_shows_this_years_clearance_not_an_error(client, clerk):
    client.force_login(clerk)
    for year in ("0", "99999", "abc"):
        page = client.get(f"/documents/confidential/clearance/?year={year}")
        assert page.status_code == 200
        assert page.context["year"] == 2026  # this year's list (the frozen clock)
