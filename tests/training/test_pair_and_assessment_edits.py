"""Correcting and removing a mentoring pairing and a section assessment: only the director,
through the same rule as the page's buttons; the weights still add up to 100; what was
removed stays in the history; a removed pairing reminds nobody and an edited one reminds
once for each due date."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from office.models import Reminder
from office.reminders import scan
from training import services
from training.models import Assessment, Criterion, MentoringPair, MentoringReview, SectionScore

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


def occurrences(user):
    return sorted(
        Reminder.objects.filter(source="training.mentoring_review", recipient=user).values_list(
            "occurrence", flat=True
        )
    )


def test_the_director_changes_a_pairing_on_its_page(client, people, pair):
    client.force_login(people["director"])
    page = client.get(pair.get_absolute_url()).content.decode()
    assert reverse("training:pair_edit", args=[pair.pk]) in page
    assert reverse("training:pair_delete", args=[pair.pk]) in page
    url = reverse("training:pair_edit", args=[pair.pk])
    assert "熟悉公文起草。" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "mentor": people["staff2"].pk,
            "started_on": "2026-01-12",
            "goals": "熟悉公文起草和会务。",
            "review_every_months": "2",
        },
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.mentor, pair.started_on, pair.goals, pair.review_every_months) == (
        people["staff2"], date(2026, 1, 12), "熟悉公文起草和会务。", 2
    )  # fmt: skip
    assert pair.history.first().history_user == people["director"]
    assert "熟悉公文起草和会务。" in client.get(pair.get_absolute_url()).content.decode()


def test_others_neither_see_nor_use_the_edit_and_remove(client, people, pair):
    for who in ("head", "staff", "leader"):
        client.force_login(people[who])
        page = client.get(pair.get_absolute_url()).content.decode()
        assert reverse("training:pair_edit", args=[pair.pk]) not in page
        assert reverse("training:pair_delete", args=[pair.pk]) not in page
        assert client.get(reverse("training:pair_edit", args=[pair.pk])).status_code == 403
        assert client.post(reverse("training:pair_delete", args=[pair.pk])).status_code == 403
    assert MentoringPair.objects.filter(pk=pair.pk, goals="熟悉公文起草。").exists()


def test_a_bad_change_is_refused_in_chinese_and_nothing_saved(client, people, pair, staff_b):
    with frozen(date(2026, 2, 10)):
        services.pair_review(
            actor=people["head"], pair=pair, held_on=date(2026, 2, 10), text="进步明显。"
        )
    client.force_login(people["director"])
    url = reverse("training:pair_edit", args=[pair.pk])
    base = {"mentor": people["head"].pk, "goals": "新目标。", "review_every_months": "3"}
    late = client.post(url, {**base, "started_on": "2026-02-20"}).content.decode()
    assert "结对开始日期不能晚于第一次评议" in late
    self_pair = client.post(
        url, {**base, "mentor": people["staff"].pk, "started_on": "2026-01-05"}
    ).content.decode()
    assert "选择一个有效的选项" in self_pair
    with pytest.raises(services.ValidationError):
        services.pair_update(
            actor=people["director"], pair=pair, mentor=staff_b, started_on=date(2026, 1, 5),
            goals="x", review_every_months=3,
        )  # fmt: skip
    pair.refresh_from_db()
    assert pair.goals == "熟悉公文起草。" and pair.mentor == people["head"]


def test_a_changed_pairing_reminds_once_for_each_due_date(people, pair):
    scan(at(date(2026, 4, 6)))
    assert occurrences(people["head"]) == ["2026-04-05"]
    # The goals change: the same due date reminds nobody again.
    services.pair_update(
        actor=people["director"], pair=pair, mentor=people["head"], started_on=date(2026, 1, 5),
        goals="熟悉会务。", review_every_months=3,
    )  # fmt: skip
    scan(at(date(2026, 4, 7)))
    assert occurrences(people["head"]) == ["2026-04-05"]
    assert occurrences(people["staff"]) == ["2026-04-05"]
    # A new mentor is told once; the review now falls due a month later for the next scan.
    services.pair_update(
        actor=people["director"], pair=pair, mentor=people["staff2"], started_on=date(2026, 1, 5),
        goals="熟悉会务。", review_every_months=4,
    )  # fmt: skip
    scan(at(date(2026, 5, 6)))
    scan(at(date(2026, 5, 7)))
    assert occurrences(people["staff2"]) == ["2026-05-05"]
    assert occurrences(people["head"]) == ["2026-04-05"]
    assert occurrences(people["staff"]) == ["2026-04-05", "2026-05-05"]


def test_a_removed_pairing_keeps_its_history_and_reminds_nobody(client, people, pair):
    with frozen(date(2026, 2, 10)):
        services.pair_review(
            actor=people["head"], pair=pair, held_on=date(2026, 2, 10), text="进步明显。"
        )
    client.force_login(people["director"])
    url = reverse("training:pair_delete", args=[pair.pk])
    asked = client.get(url).content.decode()
    assert "张科长" in asked and MentoringPair.objects.filter(pk=pair.pk).exists()
    response = client.post(url)
    assert response.url == reverse("training:pair_list")
    assert not MentoringPair.objects.filter(pk=pair.pk).exists()
    removed = MentoringPair.history.filter(id=pair.pk, history_type="-").get()
    assert removed.goals == "熟悉公文起草。" and removed.history_user == people["director"]
    assert MentoringReview.history.filter(history_type="-", text="进步明显。").exists()
    scan(at(date(2026, 6, 1)))
    assert not Reminder.objects.filter(source="training.mentoring_review").exists()


# --- The section assessment ----------------------------------------------------------------


@pytest.fixture
def assessment(people):
    return services.assessment_create(
        actor=people["director"],
        year=2026,
        title="2026年度科室目标考核",
        criteria=[
            services.CriterionData("办文质量", 60),
            services.CriterionData("学习出勤", 40, "study_attendance"),
        ],
    )


@pytest.fixture
def scored(people, county_a, assessment):
    return services.section_score_set(
        actor=people["director"],
        criterion=assessment.criteria.get(name="办文质量"),
        section=county_a["section"],
        score=Decimal(88),
    )


def test_the_director_changes_the_targets_and_a_kept_target_keeps_its_scores(
    client, people, assessment, scored
):
    client.force_login(people["director"])
    url = reverse("training:assessment_edit", args=[assessment.pk])
    form = client.get(url).content.decode()
    assert "办文质量 60" in form and "学习出勤 40 学习" in form
    response = client.post(
        url,
        {
            "title": "2026年度科室考核",
            "criteria": "办文质量 50\n办会保障 20 办会\n学习出勤 30 学习",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.title == "2026年度科室考核"
    assert list(assessment.criteria.values_list("name", "weight", "source")) == [
        ("办文质量", 50, "manual"),
        ("办会保障", 20, "meetings_served"),
        ("学习出勤", 30, "study_attendance"),
    ]
    assert SectionScore.objects.get(pk=scored.pk).score == Decimal(88)


def test_weights_not_adding_up_to_100_save_nothing(client, people, assessment, scored):
    client.force_login(people["director"])
    url = reverse("training:assessment_edit", args=[assessment.pk])
    page = client.post(url, {"title": "改", "criteria": "办文质量 50\n学习出勤 40 学习"})
    assert page.status_code == 200
    assert "各项权重合计为90，应为100。" in page.content.decode()
    twice = client.post(url, {"title": "改", "criteria": "办文质量 50\n办文质量 50"})
    assert "办文质量" in twice.content.decode() and twice.status_code == 200
    assessment.refresh_from_db()
    assert assessment.title == "2026年度科室目标考核"
    assert list(assessment.criteria.values_list("weight", flat=True)) == [60, 40]
    assert SectionScore.objects.filter(pk=scored.pk).exists()


def test_a_target_taken_out_goes_with_its_scores_into_the_history(people, assessment, scored):
    services.assessment_update(
        actor=people["director"], assessment=assessment, title=assessment.title,
        criteria=[services.CriterionData("学习出勤", 100, "study_attendance")],
    )  # fmt: skip
    assert list(assessment.criteria.values_list("name", flat=True)) == ["学习出勤"]
    assert not SectionScore.objects.exists()
    assert SectionScore.history.filter(history_type="-", score=Decimal(88)).exists()
    assert Criterion.history.filter(history_type="-", name="办文质量").exists()


def test_the_director_corrects_and_removes_a_score_after_a_confirmation(
    client, people, assessment, scored
):
    client.force_login(people["director"])
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert reverse("training:score_edit", args=[scored.pk]) in page
    response = client.post(reverse("training:score_edit", args=[scored.pk]), {"score": "120"})
    assert "0" in response.content.decode() and response.status_code == 200
    assert SectionScore.objects.get(pk=scored.pk).score == Decimal(88)
    client.post(reverse("training:score_edit", args=[scored.pk]), {"score": "91.5"})
    assert SectionScore.objects.get(pk=scored.pk).score == Decimal("91.5")
    url = reverse("training:score_delete", args=[scored.pk])
    assert "办文质量" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == assessment.get_absolute_url()
    assert not SectionScore.objects.exists()
    ranked = client.get(assessment.get_absolute_url()).content.decode()
    assert "尚未录入分数。" in ranked and "91.5</td>" not in ranked


def test_the_director_removes_an_assessment_and_others_may_not(client, people, assessment, scored):
    client.force_login(people["head"])
    assert client.get(reverse("training:assessment_edit", args=[assessment.pk])).status_code == 403
    assert (
        client.post(reverse("training:assessment_delete", args=[assessment.pk])).status_code == 403
    )
    assert client.post(reverse("training:score_delete", args=[scored.pk])).status_code == 403
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert reverse("training:score_edit", args=[scored.pk]) not in page
    client.force_login(people["director"])
    response = client.post(reverse("training:assessment_delete", args=[assessment.pk]))
    assert response.url == reverse("training:assessment_list")
    assert not Assessment.objects.exists() and not SectionScore.objects.exists()
    assert Assessment.history.filter(history_type="-", title="2026年度科室目标考核").exists()


def test_edit_pages_start_from_the_records_values(client, people, material):
    note = services.note_create(
        actor=people["staff"], read_on=date(2026, 3, 2), title="《求是》文章", note="体会一则。"
    )
    client.force_login(people["staff"])
    form = client.get(reverse("training:note_edit", args=[note.pk])).content.decode()
    assert 'value="2026-03-02"' in form and "体会一则。" in form
    form = client.get(reverse("training:material_edit", args=[material.pk])).content.decode()
    assert "讲话的主要精神。" in form and 'value="新华社"' in form
