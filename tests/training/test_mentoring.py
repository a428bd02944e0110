"""Mentoring pairs (老带新): reviews fall due every few months and remind the mentor and the
newcomer once each through the core engine; the director ends a pairing with an assessment."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from office.models import Reminder
from office.reminders import scan
from office.workflow import TransitionForbidden
from training import services

from .conftest import at, frozen

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(people):
    with frozen(date(2026, 1, 5)):
        return services.pair_create(
            actor=people["director"],
            mentor=people["head"],
            mentee=people["staff"],
            started_on=date(2026, 1, 5),
            goals="熟悉公文起草。",
        )


def reminders_of(user):
    return list(
        Reminder.objects.filter(source="training.mentoring_review", recipient=user).values_list(
            "occurrence", flat=True
        )
    )


def test_a_due_review_reminds_mentor_and_newcomer_once_each(people, pair):
    scan(at(date(2026, 4, 3)))
    assert reminders_of(people["head"]) == []
    scan(at(date(2026, 4, 6)))
    scan(at(date(2026, 4, 7)))
    scan(at(date(2026, 4, 8)))
    assert reminders_of(people["head"]) == ["2026-04-05"]
    assert reminders_of(people["staff"]) == ["2026-04-05"]
    assert reminders_of(people["director"]) == []


def test_a_recorded_review_moves_the_next_reminder_three_months_on(people, pair):
    with frozen(date(2026, 4, 6)):
        services.pair_review(
            actor=people["head"], pair=pair, held_on=date(2026, 4, 6), text="进步明显。"
        )
    scan(at(date(2026, 4, 8)))
    assert reminders_of(people["head"]) == []
    scan(at(date(2026, 7, 6)))
    assert reminders_of(people["head"]) == ["2026-07-06"]


def test_an_ended_pairing_reminds_nobody(people, pair):
    services.pair_end(
        actor=people["director"], pair=pair, ended_on=date(2026, 3, 9), assessment="期满合格。"
    )
    scan(at(date(2026, 5, 1)))
    assert not Reminder.objects.filter(source="training.mentoring_review").exists()


def test_only_the_director_pairs_and_ends_and_others_may_not_review(people, pair):
    with pytest.raises(TransitionForbidden):
        services.pair_create(
            actor=people["staff"], mentor=people["head"], mentee=people["staff2"],
            started_on=date(2026, 3, 1), goals="x",
        )  # fmt: skip
    with pytest.raises(TransitionForbidden):
        services.pair_review(actor=people["staff2"], pair=pair, held_on=date(2026, 3, 9), text="x")
    with pytest.raises(ValidationError):
        services.pair_end(
            actor=people["director"], pair=pair, ended_on=date(2026, 3, 9), assessment=" "
        )


def test_a_pair_outside_the_office_is_refused(people, staff_b):
    with pytest.raises(ValidationError) as refused:
        services.pair_create(
            actor=people["director"], mentor=people["head"], mentee=staff_b,
            started_on=date(2026, 3, 1), goals="x",
        )  # fmt: skip
    assert "mentee" in refused.value.message_dict


def test_the_pair_page_shows_reviews_and_the_todo_reaches_the_mentor(client, people, pair):
    with frozen(date(2026, 4, 7)):
        client.force_login(people["head"])
        home = client.get(reverse("home")).content.decode()
        assert "结对评议到期" in home
        client.post(
            reverse("training:pair_review", args=[pair.pk]),
            {"held_on": "2026-04-07", "text": "能独立起草通知。"},
        )
        page = client.get(pair.get_absolute_url()).content.decode()
        assert "能独立起草通知。" in page
        assert "结对评议到期" not in client.get(reverse("home")).content.decode()
