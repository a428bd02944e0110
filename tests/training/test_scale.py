"""seed_scale writes each generated county's year of study (issue 11): the working Thursdays'
collective studies (held ones with attendance), twelve digests with articles, notes, pairs,
a drill, the assessment and grassroots courses, that the pages and the annual figures read like
any others; make bench has training's pages."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client

from office.models import OrgUnit, TransitionLog, User
from office.registry import registry
from training.bench import pages
from training.choices import SessionStatus
from training.models import (
    Assessment,
    Competition,
    CourseParticipation,
    DigestArticle,
    GrassrootsCourse,
    JudgeScore,
    MentoringPair,
    MentoringReview,
    SelfStudyNote,
    SessionAttendance,
    StudySession,
    TheoryDigest,
)
from training.selectors import assessment_results
from training.services import thursday_schedule_plan
from training.summary import digests_count, group_study_count

from .conftest import frozen

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 1)


def test_seed_scale_writes_a_year_of_study_per_county():
    with frozen(TODAY):
        call_command("seed_scale", counties=1, years=2, items_per_year=60, stdout=io.StringIO())
    office = OrgUnit.objects.get(code="SCALE001-XWB")
    sessions = StudySession.objects.filter(owning_office=office)
    working_thursdays = thursday_schedule_plan(2025, move_to_next_working_day=False).created
    assert 45 <= len(working_thursdays) <= 52
    held_2025 = sessions.filter(held_on__year=2025)
    assert sorted(held_2025.values_list("held_on", flat=True)) == working_thursdays
    assert set(held_2025.values_list("status", flat=True)) == {SessionStatus.HELD}
    assert group_study_count(2025, office) == len(working_thursdays)
    # This year: held up to today, planned after.
    assert set(sessions.filter(held_on__lt=TODAY, held_on__year=2026).values_list(
        "status", flat=True)) == {SessionStatus.HELD}  # fmt: skip
    assert set(sessions.filter(held_on__gte=TODAY).values_list("status", flat=True)) == {
        SessionStatus.PLANNED
    }
    colleagues = (
        User.objects.filter(
            username__startswith="scale001_", groups__name__in=["director", "section_head", "staff"]
        )
        .distinct()
        .count()
    )
    held = sessions.filter(status=SessionStatus.HELD)
    assert SessionAttendance.objects.filter(session__in=held).count() == held.count() * colleagues
    assert TransitionLog.objects.filter(transition="confirm_attendance").count() == held.count()
    assert digests_count(2025, office) == 12
    assert TheoryDigest.objects.filter(owning_office=office, year=2026).count() == 7
    assert DigestArticle.objects.filter(digest__owning_office=office).count() == 4 * 19
    assert SelfStudyNote.objects.filter(owning_office=office).exists()
    assert MentoringReview.objects.filter(pair__owning_office=office).exists()
    assert MentoringPair.objects.filter(owning_office=office).exists()
    assert JudgeScore.objects.filter(entry__competition__owning_office=office).exists()
    assert Competition.objects.filter(owning_office=office).count() == 2
    assert CourseParticipation.objects.filter(course__owning_office=office).exists()
    assessment = Assessment.objects.get(owning_office=office, year=2025)
    assert sum(assessment.criteria.values_list("weight", flat=True)) == 100
    assert StudySession.history.filter(owning_office=office).count() == sessions.count()

    # The county's director reads them like any other records.
    director = User.objects.get(username="scale001_director1")
    client = Client()
    with frozen(TODAY):
        client.force_login(director)
        listed = client.get("/training/sessions/?status=held&kind=thursday&year=2025")
        assert listed.status_code == 200
        assert listed.context["table"].paginator.count == len(working_thursdays)
        assert client.get(held.first().get_absolute_url()).status_code == 200
        assert client.get(assessment.get_absolute_url()).status_code == 200
        assert len(assessment_results(assessment)) == office.children.filter(kind="section").count()
        course = GrassrootsCourse.objects.filter(owning_office=office).first()
        assert client.get(course.get_absolute_url()).status_code == 200


def test_a_small_county_has_as_many_thursdays_as_its_records():
    with frozen(TODAY):
        call_command("seed_scale", counties=1, years=1, items_per_year=5, stdout=io.StringIO())
    office = OrgUnit.objects.get(code="SCALE001-XWB")
    assert StudySession.objects.filter(owning_office=office).count() == 5


def test_training_registers_its_generator_and_bench_pages(people):
    assert "training" in [g.app_label for g in registry.scale_generators]
    assert "training" in [b.app_label for b in registry.bench_pages]
    names = [page.name for page in pages({"director": people["director"]})]
    assert "study sessions (director)" in names and "study sessions (city)" in names
