"""The reform pages as their users meet them: lists whose query count does not grow with the
rows, the task page with its milestones against plan, the milestone page's forms for whoever
may act, the leaders' view and the achievements exports, and scoping."""

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reforms import services
from reforms.rules import PlannedMilestone

from .conftest import frozen, task_data
from .test_services import pilot_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 1)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_records(staff, lead_unit, other_unit, count: int, start: int = 0):
    with frozen(date(2026, 1, 5)):
        for n in range(start, start + count):
            unit = lead_unit if n % 2 else other_unit
            services.task_create(
                actor=staff,
                data=task_data(unit, title=f"改革任务{n}", cooperating_units=[lead_unit]),
            )
            services.pilot_create(actor=staff, data=pilot_data(unit, name=f"试点{n}"))
            services.honour_create(
                actor=staff,
                data=services.HonourData(title=f"荣誉{n}", level="provincial",
                                         awarding_body="省委", awarded_on=date(2026, 1, 2),
                                         unit=unit),
            )  # fmt: skip


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/reforms/",
        "/reforms/?export=xlsx",
        "/reforms/pilots/",
        "/reforms/honours/",
        "/reforms/dashboard/",
        "/reforms/achievements/?year=2026",
        "/api/v1/reforms/tasks/",
        "/api/v1/reforms/milestones/",
        "/api/v1/reforms/pilots/",
        "/api/v1/reforms/honours/",
    ],
)
def test_list_queries_do_not_grow_with_the_rows(url, staff, director, lead_unit, other_unit):
    client = client_of(director)
    make_records(staff, lead_unit, other_unit, 2)
    with frozen(TODAY):
        client.force_login(director)
        few = queries(client, url)
        make_records(staff, lead_unit, other_unit, 8, start=2)
        many = queries(client, url)
    assert few == many, f"{url}: {few} queries with 2 rows, {many} with 10"


def test_the_task_page_shows_progress_against_plan_and_its_milestones(
    make_task, complete_milestone, director
):
    task = make_task()
    complete_milestone(task.milestones.order_by("due_date").first(), on=date(2026, 3, 30))
    with frozen(TODAY):
        client = client_of(director)
        page = client.get(reverse("reforms:task_detail", args=[task.pk])).content.decode()
    assert 'class="h1 mb-0 task-progress-figure">20%' in page
    assert 'class="h1 mb-0 task-expected-figure">50%' in page  # 20 + 30 due by 30 June
    assert 'data-state="behind"' in page
    assert page.count('data-milestone="') == 3
    assert "转督查督办" in page  # behind plan: the office may send it to supervision


def test_the_liaison_reports_on_the_milestone_page_and_the_office_accepts(
    make_task, liaison, staff
):
    task = make_task()
    milestone = task.milestones.order_by("due_date").first()
    url = reverse("reforms:milestone_detail", args=[milestone.pk])
    with frozen(date(2026, 3, 20)):
        liaison_client = client_of(liaison)
        assert "报送节点完成情况" in liaison_client.get(url).content.decode()
        response = liaison_client.post(
            reverse("reforms:milestone_report", args=[milestone.pk]), {"text": "方案已印发。"}
        )
        assert response.status_code == 302
        staff_client = client_of(staff)
        page = staff_client.get(url).content.decode()
        assert "验收节点报告" in page and "方案已印发。" in page
        staff_client.post(reverse("reforms:milestone_accept", args=[milestone.pk]), {"comment": ""})
    task.refresh_from_db()
    assert task.progress == 20


def test_a_liaison_sees_only_the_tasks_of_their_unit(make_task, other_liaison, liaison, lead_unit):
    mine = make_task()
    with frozen(TODAY):
        page = client_of(liaison).get("/reforms/").content.decode()
        other_page = client_of(other_liaison).get("/reforms/").content.decode()
        assert client_of(other_liaison).get(mine.get_absolute_url()).status_code == 404
    assert mine.title in page
    assert mine.title not in other_page


def test_another_county_does_not_reach_the_task(make_task, staff_b):
    task = make_task()
    with frozen(TODAY):
        assert client_of(staff_b).get(task.get_absolute_url()).status_code == 404


def test_the_rollups_count_tasks_by_area_and_unit(make_task, director, complete_milestone):
    make_task(title="任务甲")
    done = make_task(title="任务乙", area="rural")
    for milestone in done.milestones.all():
        complete_milestone(milestone, on=milestone.due_date)
    with frozen(TODAY):
        page = client_of(director).get("/reforms/?year=2026").content.decode()
    assert 'data-key="economy"' in page and 'data-key="rural"' in page


def test_the_achievements_export_to_excel_and_word(make_task, complete_milestone, director):
    task = make_task()
    for milestone in task.milestones.all():
        complete_milestone(milestone, on=milestone.due_date)
    with frozen(date(2026, 12, 20)):
        client = client_of(director)
        xlsx = client.get(reverse("reforms:achievements_xlsx") + "?year=2026")
        docx = client.get(reverse("reforms:achievements_docx") + "?year=2026")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet["A2"].value == task.title
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "2026年度全面深化改革成果清单" in text
    assert "1项年度重点改革任务完成1项" in text


def test_the_leaders_home_shows_reform_at_a_glance(make_task, leader):
    make_task()
    with frozen(TODAY):
        page = client_of(leader).get("/").content.decode()
    assert "改革工作一览" in page
    assert 'data-state="behind"' in page


def test_the_office_sends_a_task_behind_plan_to_supervision_from_its_page(make_task, staff):
    task = make_task()
    with frozen(TODAY):
        client = client_of(staff)
        response = client.post(reverse("reforms:task_supervise", args=[task.pk]), {})
        assert response.status_code == 302
        page = client.get(task.get_absolute_url()).content.decode()
    task.refresh_from_db()
    assert task.supervision_item is not None
    assert task.supervision_item.number in page
    assert "转督查督办" not in page  # once only


def test_the_task_list_shows_this_years_tasks_unless_asked(make_task, director):
    make_task(title="今年的任务")
    last_year = [PlannedMilestone("完成", date(2025, 12, 1), 100)]
    make_task(title="去年的任务", year=2025, on=date(2025, 1, 10), milestones=last_year)
    with frozen(TODAY):
        client = client_of(director)
        this_year = client.get("/reforms/").content.decode()
        every_year = client.get("/reforms/?year=").content.decode()
    assert "今年的任务" in this_year and "去年的任务" not in this_year
    assert "去年的任务" in every_year
