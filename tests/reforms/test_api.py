"""The reforms API: tasks with how they stand against plan, a milestone reported and accepted,
a pilot moved on, refusals as 403/400, nothing out of scope."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from .conftest import frozen

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_milestone_reported_and_accepted_moves_the_task(make_task, liaison, staff, leader):
    task = make_task()
    milestone = task.milestones.order_by("due_date").first()
    with frozen(date(2026, 4, 2)):
        listed = api(staff).get("/api/v1/reforms/tasks/").json()["results"][0]
        assert (listed["progress"], listed["expected"], listed["state"]) == (0, 20, "behind")
        url = f"/api/v1/reforms/milestones/{milestone.pk}/"
        assert (
            api(liaison).post(url + "report/", {"text": "已完成。"}, format="json").status_code
            == 201
        )
        assert api(leader).post(url + "accept/", {}, format="json").status_code == 403
        assert api(staff).post(url + "accept/", {}, format="json").json()["status"] == "accepted"
        task_json = api(staff).get(f"/api/v1/reforms/tasks/{task.pk}/").json()
    assert (task_json["progress"], task_json["state"]) == (20, "on_track")


def test_a_task_with_weights_not_adding_up_is_refused(staff, lead_unit):
    body = {
        "title": "深化改革",
        "area": "economy",
        "lead_unit": lead_unit.pk,
        "milestones": [{"title": "方案", "due_date": "2026-06-30", "weight": 40}],
    }
    with frozen(date(2026, 2, 1)):
        response = api(staff).post("/api/v1/reforms/tasks/", body, format="json")
    assert response.status_code == 400
    assert "须合计为100" in str(response.json())


def test_another_countys_task_is_not_found(make_task, staff_b):
    task = make_task()
    with frozen(date(2026, 2, 1)):
        assert api(staff_b).get(f"/api/v1/reforms/tasks/{task.pk}/").status_code == 404
