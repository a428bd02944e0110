"""``manage.py seed_demo``'s training: the report year in 青川县 and, with figures of its own,
in 云溪县; the two apps' first-topic figures agree in both; a second run makes nothing."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from office.models import User
from office.registry import registry
from training.models import StudySession

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def figures(office) -> dict:
    return {f.key: value for f, value in registry.annual_figures(2025, office)}


def test_both_counties_get_their_own_year_of_study_and_a_second_run_makes_nothing():
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", "--year", "2025", stdout=StringIO())
    a = figures(User.objects.get(username="director").office)
    b = figures(User.objects.get(username="b_director").office)
    assert a["training.digests"] == 12 and b["training.digests"] == 6
    assert a["training.mentoring_pairs"] == 2 and b["training.mentoring_pairs"] == 1
    assert a["training.competitions"] == 1 and b["training.competitions"] == 0
    # 2025 has 52 Thursdays, 3 of them holidays: the Thursday study in both counties.
    assert a["training.group_study_sessions"] == b["training.group_study_sessions"] == 49
    for county in (a, b):
        assert county["training.first_topic_studies"] == county["meetings.first_topic"]
    assert a["training.first_topic_studies"] > 0
    with time_machine.travel(NOW, tick=False):
        before = StudySession.objects.count()
        call_command("seed_demo", "--year", "2025", stdout=StringIO())
    assert StudySession.objects.count() == before
