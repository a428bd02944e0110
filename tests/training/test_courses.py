"""Training for grassroots party offices: participants by unit, and each unit's feedback,
given by its own liaison (who sees only the courses their unit took part in)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from office.workflow import TransitionForbidden
from training import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(people, county_a):
    course = services.course_create(
        actor=people["director"], title="党办业务培训：公文处理", held_on=date(2026, 3, 3)
    )
    services.course_enrol(
        actor=people["director"], course=course, unit=county_a["township"], people=3
    )
    return course


def test_a_participating_units_liaison_gives_its_feedback(client, people, course, county_a):
    liaison = people["liaison"]
    services.course_feedback(
        actor=liaison, course=course, unit=county_a["township"], rating=4, feedback="很实用。"
    )
    client.force_login(liaison)
    page = client.get(course.get_absolute_url()).content.decode()
    assert "很实用。" in page and "共3人" in page
    rows = client.get(reverse("training:course_list")).context["table"].rows
    assert [row.record.title for row in rows] == [course.title]


def test_a_liaison_cannot_speak_for_another_unit_or_see_other_courses(
    client, people, course, county_a, make_user
):
    other = make_user(county_a["department"], "unit_liaison", name="财政局联络员")
    with pytest.raises(TransitionForbidden):
        services.course_feedback(
            actor=other, course=course, unit=county_a["township"], rating=1, feedback="x"
        )
    client.force_login(other)
    assert client.get(course.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError):
        services.course_feedback(
            actor=people["staff"], course=course, unit=county_a["department"], rating=3,
            feedback="未参加",
        )  # fmt: skip


def test_only_townships_and_departments_take_part_and_ratings_are_1_to_5(people, course, county_a):
    with pytest.raises(ValidationError):
        services.course_enrol(
            actor=people["staff"], course=course, unit=county_a["section"], people=2
        )
    with pytest.raises(ValidationError):
        services.course_feedback(
            actor=people["staff"], course=course, unit=county_a["township"], rating=6, feedback="x"
        )
    services.course_enrol(actor=people["staff"], course=course, unit=county_a["township"], people=5)
    assert course.participants.get().people == 5
