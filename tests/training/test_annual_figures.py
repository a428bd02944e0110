"""The annual figures training registers, against counts made here independently of the
app's selectors, and through the core's annual API."""

from datetime import date

import pytest

from meetings.models import AgendaItem
from office.registry import registry
from training import services
from training.models import Competition, GrassrootsCourse, MentoringPair, StudySession, TheoryDigest

from .conftest import at, frozen, make_meeting_with_study, make_session

pytestmark = pytest.mark.django_db
KEYS = {
    "training.study_sessions",
    "training.group_study_sessions",
    "training.first_topic_studies",
    "training.digests",
    "training.mentoring_pairs",
    "training.competitions",
    "training.grassroots_courses",
}


def figures(year, office):
    return {
        f.key: value for f, value in registry.annual_figures(year, office) if f.app == "training"
    }


@pytest.fixture
def year_2025(people, county_a):
    """A year of study: the Thursday schedule with every session held but two, a reading
    study, one cancelled special topic; eleven digests published, one draft; pairs."""
    staff, director = people["staff"], people["director"]
    with frozen(date(2025, 12, 31), 18):
        services.thursday_schedule_create(actor=staff, year=2025)
        sessions = list(StudySession.objects.filter(held_on__year=2025).order_by("held_on"))
        for session in sessions[:-2]:
            services.session_attendance_confirm(
                actor=staff, session=session, entries=[services.AttendanceEntry(staff, "present")]
            )
        reading = make_session(director, date(2025, 3, 6), kind="reading", topic="读书会")
        services.session_attendance_confirm(
            actor=director, session=reading, entries=[services.AttendanceEntry(staff, "present")]
        )
        # 第一议题 is the meetings' ledger: one held meeting opening with it, one not held.
        make_meeting_with_study(county_a, date(2025, 4, 15))
        make_meeting_with_study(county_a, date(2025, 11, 18), status="approved")
        special = make_session(staff, date(2025, 5, 8), kind="special", topic="专题")
        services.session_cancel(actor=staff, session=special, reason="改期")
        for month in range(1, 13):
            digest = services.digest_compile(actor=staff, year=2025, month=month)
            services.digest_article_add(
                actor=staff, digest=digest,
                data={"focus_area": "urban", "title": "城市提质", "source": "", "text": "正文"},
            )  # fmt: skip
            if month != 12:
                services.digest_publish(actor=director, digest=digest)
        for mentor, mentee, start in (
            (people["head"], people["staff"], date(2024, 9, 2)),
            (people["staff"], people["staff2"], date(2025, 4, 1)),
        ):
            services.pair_create(
                actor=director, mentor=mentor, mentee=mentee, started_on=start, goals="x"
            )
        ended = services.pair_create(
            actor=director, mentor=people["head"], mentee=people["staff2"],
            started_on=date(2023, 3, 1), goals="x",
        )  # fmt: skip
        services.pair_end(actor=director, pair=ended, ended_on=date(2024, 6, 1), assessment="合格")
        for held_on in (date(2025, 9, 15), date(2024, 9, 16)):
            services.competition_create(actor=director, title="大比武", held_on=held_on)
            services.course_create(actor=director, title="党办业务培训", held_on=held_on)


def test_the_figures_match_counts_made_independently(people, year_2025):
    office = people["staff"].office
    held = StudySession.objects.filter(owning_office=office, status="held", held_on__year=2025)
    expected = {
        "training.study_sessions": held.count(),
        "training.group_study_sessions": held.filter(kind="thursday").count(),
        "training.first_topic_studies": AgendaItem.objects.filter(
            meeting__owning_office=office,
            meeting__status__in=("held", "minuted"),
            meeting__starts_at__gte=at(date(2025, 1, 1), 0),
            meeting__starts_at__lt=at(date(2026, 1, 1), 0),
            position=1,
            kind="study",
        ).count(),
        "training.digests": TheoryDigest.objects.filter(
            owning_office=office, year=2025, published_at__isnull=False
        ).count(),
        "training.mentoring_pairs": sum(
            1
            for pair in MentoringPair.objects.filter(owning_office=office)
            if pair.started_on.year <= 2025
            and (pair.ended_on is None or pair.ended_on.year >= 2025)
        ),
        "training.competitions": Competition.objects.filter(
            owning_office=office, held_on__gte=date(2025, 1, 1), held_on__lte=date(2025, 12, 31)
        ).count(),
        "training.grassroots_courses": GrassrootsCourse.objects.filter(
            owning_office=office, held_on__gte=date(2025, 1, 1), held_on__lte=date(2025, 12, 31)
        ).count(),
    }
    assert figures(2025, office) == expected
    # And as people would count them by hand: 2025 has 52 Thursdays, 3 of them holidays
    # (1-30 Spring Festival, 5-1, 10-2), the last two still waiting for attendance.
    assert expected == {
        "training.study_sessions": 48,
        "training.group_study_sessions": 47,
        "training.first_topic_studies": 1,
        "training.digests": 11,
        "training.mentoring_pairs": 2,
        "training.competitions": 1,
        "training.grassroots_courses": 1,
    }


def test_the_annual_api_publishes_the_training_keys(client, people, year_2025):
    client.force_login(people["director"])
    body = client.get("/api/v1/reports/annual/2025/").json()
    assert set(body["figures"]["training"]) == {key.split(".", 1)[1] for key in KEYS}
    assert body["figures"]["training"]["group_study_sessions"] == 47


def test_another_county_counts_none_of_it(people, year_2025, county_b):
    assert set(figures(2025, county_b["office"]).values()) == {0}


def test_every_figure_links_to_a_list_with_that_many_rows(client, people, year_2025):
    office = people["director"].office
    client.force_login(people["director"])
    linked = 0
    for f, value in registry.annual_figures(2025, office):
        if f.app != "training":
            continue
        assert f.link is not None, f.key
        response = client.get(f.link(2025))
        assert response.status_code == 200, f.key
        assert response.context["table"].paginator.count == value, f.key
        linked += 1
    assert linked == len(KEYS)


def test_the_sessions_figure_does_not_say_it_counts_first_topic_studies():
    """第一议题 studies are counted once, by training.first_topic_studies from the meetings'
    ledger; the sessions' description no longer lists them among what it counts."""
    from django.utils import translation

    by_key = {figure.key: figure for figure in registry.figures if figure.app == "training"}
    with translation.override("zh-hans"):
        sessions = str(by_key["training.study_sessions"].description)
        thursdays = str(by_key["training.group_study_sessions"].description)
        first_topic = str(by_key["training.first_topic_studies"].description)
    assert "第一议题、" not in sessions and "周四集体学习、专题学习、读书活动" in sessions
    assert "会议台账" in sessions
    assert "第一议题" not in thursdays
    assert "会议" in first_topic
