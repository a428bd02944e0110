"""The training API's lists, the import preview and the assessment's entered scores cost the
same number of queries for 5 records as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from office.imports import SheetRow, import_batch_create
from training import services
from training.importer import MaterialImporter

from .test_query_budgets import (
    add_assessments,
    add_competitions,
    add_courses,
    add_digests,
    add_materials,
    add_notes,
    add_pairs,
    add_sessions,
    add_tiers,
)

pytestmark = pytest.mark.django_db
ROOT = "/api/v1/training/"


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries)


@pytest.mark.parametrize(
    ("path", "add", "viewer", "many"),
    [
        ("materials/", add_materials, "leader", 50),
        ("sessions/", add_sessions, "staff", 50),
        ("digests/", add_digests, "head", 50),
        ("mentoring-pairs/", add_pairs, "director", 50),
        ("notes/", add_notes, "staff", 50),
        ("tiers/", add_tiers, "director", 50),
        ("competitions/", add_competitions, "leader", 50),
        ("assessments/", add_assessments, "head", 30),
        ("courses/", add_courses, "liaison", 50),
    ],
)
def test_an_api_list_costs_the_same_for_5_and_50_records(client, people, path, add, viewer, many):
    # (30 assessments: one a year, and the years a person may enter stop ten years on.)
    client.force_login(people[viewer])
    add(people, 5, 0)
    client.get(ROOT + path)  # warm the session and the caches
    few = count_queries(client, ROOT + path)
    add(people, many - 5, 5)
    assert count_queries(client, ROOT + path) == few


def _batch(people, count):
    rows = [
        SheetRow(n + 2, {"title": f"讲话{n}", "kind": "讲话", "issued_on": "2026-03-02",
                         "source": "", "summary": "", "full_text": ""})
        for n in range(count)
    ]  # fmt: skip
    return import_batch_create(
        actor=people["staff"], importer=MaterialImporter, file_name="资料.xlsx", sheet_rows=rows
    )


def test_the_import_preview_costs_the_same_for_5_and_50_rows(client, people):
    client.force_login(people["staff"])
    few_batch, many_batch = _batch(people, 5), _batch(people, 50)
    client.get(reverse("training:material_import_preview", args=[few_batch.pk]))
    few = count_queries(client, reverse("training:material_import_preview", args=[few_batch.pk]))
    many = count_queries(client, reverse("training:material_import_preview", args=[many_batch.pk]))
    assert few == many


def test_the_entered_scores_cost_the_same_for_5_and_50_targets(client, people, make_user):
    client.force_login(people["director"])
    section = people["staff"].org_unit

    def assessment(year, count):
        made = services.assessment_create(
            actor=people["director"], year=year, title=f"考核{year}",
            criteria=[services.CriterionData(f"目标{n}", 100 // count) for n in range(count)],
        )  # fmt: skip
        for criterion in made.criteria.all():
            services.section_score_set(
                actor=people["director"], criterion=criterion, section=section, score=90
            )
        return made

    few, many = assessment(2025, 5), assessment(2026, 50)
    client.get(few.get_absolute_url())
    few_count = count_queries(client, few.get_absolute_url())
    page = client.get(many.get_absolute_url()).content.decode()
    assert page.count(reverse("training:score_edit", args=[many.criteria.last().scores.get().pk]))
    assert count_queries(client, many.get_absolute_url()) == few_count
