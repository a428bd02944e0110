"""第一议题 is recorded once, in the meetings app's ledger: the training app's figure, its
first-topic page, the home card and a material's page all read that ledger, so the two apps
agree on hand-made data."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from office.registry import registry
from training.forms import SessionForm

from .conftest import frozen, make_meeting_with_study, make_session

pytestmark = pytest.mark.django_db


def figure(year, office, key):
    return dict((f.key, value) for f, value in registry.annual_figures(year, office))[key]


@pytest.fixture
def meetings_2025(people, county_a, county_b, material):
    """Three held meetings of 2025 opening with a study (one of them minuted), and what does
    not count: a held meeting opening with a report, a planned meeting, a cancelled one, a
    meeting of 2024 and one of another county."""
    made = [
        make_meeting_with_study(county_a, date(2025, 2, 11), materials=[material]),
        make_meeting_with_study(county_a, date(2025, 6, 10), status="minuted"),
        make_meeting_with_study(county_a, date(2025, 9, 16), materials=[material]),
    ]
    make_meeting_with_study(county_a, date(2025, 3, 11), study_first=False)
    make_meeting_with_study(county_a, date(2025, 11, 11), status="approved")
    make_meeting_with_study(county_a, date(2025, 4, 8), status="cancelled")
    make_meeting_with_study(county_a, date(2024, 12, 10))
    make_meeting_with_study(county_b, date(2025, 5, 13))
    return made


def test_the_training_and_meetings_first_topic_figures_are_one_number(people, meetings_2025):
    office = people["staff"].office
    assert figure(2025, office, "training.first_topic_studies") == 3
    assert figure(2025, office, "meetings.first_topic") == 3
    assert figure(2024, office, "training.first_topic_studies") == 1
    assert figure(2024, office, "meetings.first_topic") == 1


def test_the_first_topic_page_lists_the_meetings_counted(client, people, meetings_2025):
    client.force_login(people["director"])
    url = reverse("training:first_topic_list") + "?year=2025"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 3
    assert "2025-06-10" in response.content.decode()
    assert "习近平总书记在中央经济工作会议上的重要讲话" in response.content.decode()


def test_the_home_card_counts_and_links_the_same_first_topics(client, people, meetings_2025):
    from training.summary import study_widget_context

    with frozen(date(2025, 12, 20)):
        context = study_widget_context(people["leader"], date(2025, 12, 20))
    assert context["first_topic"] == 3
    client.force_login(people["leader"])
    listed = client.get(context["first_topic_url"])
    assert listed.context["table"].paginator.count == 3


def test_a_material_shows_the_meetings_and_sessions_that_studied_it(
    client, people, material, meetings_2025
):
    session = make_session(people["staff"], date(2026, 3, 5), materials=[material])
    client.force_login(people["staff"])
    page = client.get(material.get_absolute_url()).content.decode()
    # Both meetings by the day they met (not the day the agenda was typed), and the session.
    for day in ("2025-02-11", "2025-09-16", f"{session.held_on:%Y-%m-%d}"):
        assert day in page
    assert "县委常委会会议" in page


def test_a_first_topic_cannot_be_recorded_a_second_time_as_a_session(people):
    with pytest.raises(ValidationError) as refused:
        make_session(people["staff"], date(2026, 3, 5), kind="first_topic", topic="第一议题")
    assert "第一议题台账" in " ".join(refused.value.message_dict["kind"])
    offered = dict(SessionForm(user=people["staff"]).fields["kind"].choices)
    assert "first_topic" not in offered and "thursday" in offered
