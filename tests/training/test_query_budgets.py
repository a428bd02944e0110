"""Every list page costs the same number of queries for a few rows and for many."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from training import services

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_materials(people, count, start):
    for n in range(count):
        services.material_create(
            actor=people["staff"],
            data={"title": f"讲话{start + n}", "kind": "speech",
                  "issued_on": date(2026, 1, 5) + timedelta(days=start + n)},
        )  # fmt: skip


def add_sessions(people, count, start):
    for n in range(count):
        session = services.session_create(
            actor=people["staff"],
            data={"kind": "thursday", "topic": f"学习{n}",
                  "held_on": date(2025, 1, 2) + timedelta(days=7 * (start + n))},
            confirm_holiday=True,
        )  # fmt: skip
        services.session_attendance_confirm(
            actor=people["staff"],
            session=session,
            entries=[services.AttendanceEntry(people["staff"], "present"),
                     services.AttendanceEntry(people["staff2"], "leave", "出差")],
        )  # fmt: skip


def add_digests(people, count, start):
    for n in range(count):
        month = start + n
        digest = services.digest_compile(
            actor=people["staff"], year=2020 + month // 12, month=month % 12 + 1
        )
        services.digest_article_add(
            actor=people["staff"], digest=digest,
            data={"focus_area": "rural", "title": "文章", "source": "", "text": "正文"},
        )  # fmt: skip


def add_pairs(people, count, start):
    for _n in range(count):
        pair = services.pair_create(
            actor=people["director"], mentor=people["head"], mentee=people["staff"],
            started_on=date(2026, 1, 5), goals="x",
        )  # fmt: skip
        services.pair_review(actor=people["head"], pair=pair, held_on=date(2026, 3, 2), text="好")


def add_notes(people, count, start):
    for n in range(count):
        services.note_create(actor=people["staff"], read_on=date(2026, 3, 2), title=f"读书{n}")


def add_tiers(people, count, start):
    for n in range(count):
        person = people["staff"] if n % 2 else people["staff2"]
        services.tier_change(
            actor=people["director"], person=person, tier="core", reason=f"评定{start + n}",
            changed_on=date(2026, 1, 1) + timedelta(days=start + n),
        )  # fmt: skip


def add_competitions(people, count, start):
    for n in range(count):
        competition = services.competition_create(
            actor=people["director"], title=f"大比武{start + n}", held_on=date(2025, 9, 1)
        )
        services.competition_entry_add(
            actor=people["director"], competition=competition, person=people["staff"],
            category="writing",
        )  # fmt: skip


def add_assessments(people, count, start):
    for n in range(count):
        services.assessment_create(
            actor=people["director"], year=2001 + start + n, title=f"考核{start + n}",
            criteria=[services.CriterionData("办文质量", 100)],
        )  # fmt: skip


def add_courses(people, count, start):
    township = people["liaison"].org_unit
    for n in range(count):
        course = services.course_create(
            actor=people["director"], title=f"培训{start + n}", held_on=date(2026, 3, 3)
        )
        services.course_enrol(actor=people["director"], course=course, unit=township, people=2)


def add_first_topics(people, count, start):
    from .conftest import make_meeting_with_study

    county = {"office": people["director"].office, "committee": people["leader"].org_unit}
    material = services.material_create(
        actor=people["staff"],
        data={"title": f"讲话{start}", "kind": "speech", "issued_on": date(2025, 1, 2)},
    )
    for n in range(count):
        make_meeting_with_study(
            county, date(2025, 1, 7) + timedelta(days=7 * (start + n)), materials=[material]
        )


@pytest.mark.parametrize(
    ("url_name", "add", "viewer"),
    [
        ("training:material_list", add_materials, "leader"),
        ("training:first_topic_list", add_first_topics, "director"),
        ("training:session_list", add_sessions, "staff"),
        ("training:digest_list", add_digests, "head"),
        ("training:digest_year_current", add_digests, "leader"),
        ("training:pair_list", add_pairs, "director"),
        ("training:note_list", add_notes, "staff"),
        ("training:tier_list", add_tiers, "director"),
        ("training:competition_list", add_competitions, "leader"),
        ("training:assessment_list", add_assessments, "head"),
        ("training:course_list", add_courses, "liaison"),
    ],
)
def test_a_list_costs_the_same_for_3_and_30_rows(client, people, url_name, add, viewer):
    client.force_login(people[viewer])
    url = reverse(url_name)
    add(people, 3, 0)
    client.get(url)  # warm the session and the caches
    few = count_queries(client, url)
    add(people, 27, 3)
    many = count_queries(client, url)
    assert few == many
