"""Drills and competitions (judges' scores within the range, results, commendations) and the
section target assessment (weights summing to 100, the formula against figures computed by
hand, sections ranked, never people)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from office.registry import registry
from office.workflow import TransitionForbidden
from training import services
from training.models import Assessment, JudgeScore
from training.selectors import assessment_results, competition_results

from .conftest import make_session

pytestmark = pytest.mark.django_db
Criterion = services.CriterionData


@pytest.fixture
def competition(people):
    return services.competition_create(
        actor=people["director"],
        title="办文办事办会大比武",
        held_on=date(2026, 3, 6),
        max_score=100,
    )


def test_judges_scores_outside_the_range_are_refused(people, competition):
    entry = services.competition_entry_add(
        actor=people["director"],
        competition=competition,
        person=people["staff"],
        category="writing",
    )
    for score in (Decimal("-1"), Decimal("100.5"), None):
        with pytest.raises(ValidationError) as refused:
            services.competition_score(actor=people["head"], entry=entry, score=score)
        assert "score" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.competition_score(actor=people["staff"], entry=entry, score=Decimal(90))
    assert not JudgeScore.objects.exists()


def test_results_are_the_judges_average_best_first_with_commendations(client, people, competition):
    director, head = people["director"], people["head"]
    first = services.competition_entry_add(
        actor=director, competition=competition, person=people["staff"], category="writing"
    )
    second = services.competition_entry_add(
        actor=director, competition=competition, person=people["staff2"], category="writing"
    )
    for entry, scores in ((first, (80, 90)), (second, (95, 93))):
        for judge, score in zip((director, head), scores, strict=True):
            services.competition_score(actor=judge, entry=entry, score=Decimal(score))
    # A judge corrects a score: still one score per judge.
    services.competition_score(actor=head, entry=first, score=Decimal(86))
    services.competition_commend(actor=director, entry=second, commendation="example")
    with pytest.raises(TransitionForbidden):
        services.competition_commend(actor=head, entry=first, commendation="pioneer")
    results = [
        (e.person.name, float(e.average), e.judges) for e in competition_results(competition)
    ]
    assert results == [("王芳", 94.0, 2), ("李明", 83.0, 2)]
    client.force_login(people["leader"])
    page = client.get(competition.get_absolute_url()).content.decode()
    assert "榜样" in page and "94.0" in page


def test_an_entry_of_someone_outside_the_office_is_refused(people, competition, staff_b):
    with pytest.raises(ValidationError):
        services.competition_entry_add(
            actor=people["director"], competition=competition, person=staff_b, category="affairs"
        )


def test_the_year_counts_its_competitions(people, competition):
    figures = {f.key: v for f, v in registry.annual_figures(2026, people["staff"].office)}
    assert figures["training.competitions"] == 1


def test_weights_not_summing_to_100_are_refused_and_nothing_saved(people):
    with pytest.raises(ValidationError) as refused:
        services.assessment_create(
            actor=people["director"],
            year=2026,
            title="考核",
            criteria=[Criterion("办文", 50), Criterion("办会", 40)],
        )
    assert "100" in str(refused.value) and "90" in str(refused.value)
    assert not Assessment.objects.exists()


def test_the_form_says_the_weights_are_wrong(client, people):
    client.force_login(people["director"])
    response = client.post(
        reverse("training:assessment_add"),
        {"year": 2026, "title": "考核", "criteria": "办文质量 50\n办会保障 40"},
    )
    assert response.status_code == 200
    assert "合计为90" in response.content.decode()


def test_the_formula_matches_figures_computed_by_hand(client, people, county_a, make_user):
    """Two sections: 秘书科 (李明, 王芳, 张科长) and 综合科 (one person). Targets: 办文 50
    (the director's score), 学习 50 (attendance at the sessions held in the year)."""
    from office.models import OrgUnit, OrgUnitKind

    office = county_a["office"]
    secretariat = county_a["section"]
    general = OrgUnit.objects.create(name="甲综合科", kind=OrgUnitKind.SECTION, parent=office)
    clerk = make_user(general, "staff", name="赵科员")
    staff, staff2, head, director = (
        people["staff"],
        people["staff2"],
        people["head"],
        people["director"],
    )
    E = services.AttendanceEntry
    for day, entries in (
        (date(2026, 3, 5), [E(staff, "present"), E(staff2, "present"), E(head, "leave", "出差"), E(clerk, "present")]),
        (date(2026, 2, 26), [E(staff, "present"), E(staff2, "absent"), E(head, "present"), E(clerk, "leave", "病假")]),
    ):  # fmt: skip
        session = make_session(staff, day)
        services.session_attendance_confirm(actor=staff, session=session, entries=entries)
    assessment = services.assessment_create(
        actor=director,
        year=2026,
        title="2026年度科室目标考核",
        criteria=[Criterion("办文质量", 50), Criterion("学习出勤", 50, "study_attendance")],
    )
    writing = assessment.criteria.get(name="办文质量")
    services.section_score_set(
        actor=director, criterion=writing, section=secretariat, score=Decimal(90)
    )
    services.section_score_set(
        actor=director, criterion=writing, section=general, score=Decimal(80)
    )
    with pytest.raises(ValidationError):
        services.section_score_set(
            actor=director, criterion=writing, section=general, score=Decimal(101)
        )
    with pytest.raises(TransitionForbidden):
        services.section_score_set(
            actor=head, criterion=writing, section=general, score=Decimal(99)
        )
    # By hand: 秘书科 attended 4 of its 6 places = 66.7%; 综合科 1 of 2 = 50%.
    # 秘书科 = 90 × 0.5 + 66.7 × 0.5 = 78.3 (rounded); 综合科 = 80 × 0.5 + 50 × 0.5 = 65.
    rows = {row.section.name: row for row in assessment_results(assessment)}
    assert [cell.score for cell in rows["甲秘书科"].scores] == [90.0, 66.7]
    assert rows["甲秘书科"].total == 78.3 and rows["甲秘书科"].rank == 1
    assert rows["甲综合科"].total == 65.0 and rows["甲综合科"].rank == 2
    client.force_login(people["leader"])
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "78.3" in page and "Σ" in page
    assert "李明" not in page  # sections are ranked, never people
