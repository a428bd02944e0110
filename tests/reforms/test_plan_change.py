"""The office changes a task's plan after work on it began: a milestone added, a date moved,
the weights changed (still 100 in all), with a written reason kept on the task's history and
told on its timeline. Accepted milestones keep their reports; one with reports is never
removed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from reforms import services
from reforms.choices import MilestoneStatus, TaskStatus
from reforms.models import Milestone, MilestoneReport, PlanChange
from reforms.rules import PlannedMilestone

from .conftest import frozen, task_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 6)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def started(make_task, complete_milestone):
    """A task whose first milestone (出台实施方案, 20) was reported and accepted on 1 April."""
    task = make_task()
    complete_milestone(task.milestones.get(title="出台实施方案"), on=date(2026, 4, 1))
    task.refresh_from_db()
    assert task.progress == 20
    return task


NEW_PLAN = [
    PlannedMilestone("出台实施方案", date(2026, 3, 31), 20),
    PlannedMilestone("完成流程再造", date(2026, 8, 31), 20),  # moved from 30 June, 30 → 20
    PlannedMilestone("开展第三方评估", date(2026, 10, 15), 20),  # added
    PlannedMilestone("全面推开并总结", date(2026, 11, 30), 40),  # 50 → 40
]


def _replan(task, actor, plan, reason):
    with frozen(TODAY):
        services.task_update(
            actor=actor, task=task, data=task_data(task.lead_unit, milestones=plan), reason=reason
        )


def test_the_office_changes_a_started_plan_with_a_reason(started, staff):
    _replan(started, staff, NEW_PLAN, "省里调整了流程再造的时间要求。")
    plan = [(m.title, m.due_date, m.weight, m.status) for m in started.milestones.all()]
    assert plan == [
        ("出台实施方案", date(2026, 3, 31), 20, MilestoneStatus.ACCEPTED),
        ("完成流程再造", date(2026, 8, 31), 20, MilestoneStatus.PENDING),
        ("开展第三方评估", date(2026, 10, 15), 20, MilestoneStatus.PENDING),
        ("全面推开并总结", date(2026, 11, 30), 40, MilestoneStatus.PENDING),
    ]
    # The accepted milestone keeps its report, and the task its progress.
    assert MilestoneReport.objects.filter(milestone__title="出台实施方案").count() == 1
    started.refresh_from_db()
    assert started.progress == 20
    change = PlanChange.objects.get(task=started)
    assert change.reason == "省里调整了流程再造的时间要求。" and change.actor == staff
    lines = {(c["field"], c["old"], c["new"]) for c in change.changes}
    assert ("完成流程再造 · 截止日期", "2026-06-30", "2026-08-31") in lines
    assert ("完成流程再造 · 权重", "30%", "20%") in lines
    assert ("新增节点", "", "2026-10-15 开展第三方评估（20%）") in lines


def test_a_started_plan_does_not_change_without_a_reason(started, staff):
    with pytest.raises(ValidationError) as caught:
        _replan(started, staff, NEW_PLAN, "  ")
    assert "调整计划须写明原因" in " ".join(caught.value.messages)
    assert started.milestones.count() == 3
    assert started.milestones.get(title="完成流程再造").due_date == date(2026, 6, 30)
    assert not PlanChange.objects.exists()


def test_weights_of_a_changed_plan_must_still_add_up_to_100(started, staff):
    plan = [*NEW_PLAN[:3], PlannedMilestone("全面推开并总结", date(2026, 11, 30), 50)]
    with pytest.raises(ValidationError) as caught:
        _replan(started, staff, plan, "调整权重。")
    assert "各节点权重合计为110，须合计为100。" in " ".join(caught.value.messages)
    assert started.milestones.get(title="全面推开并总结").weight == 50
    assert not PlanChange.objects.exists()


def test_a_milestone_with_reports_cannot_be_removed(started, staff):
    plan = [PlannedMilestone("完成流程再造", date(2026, 6, 30), 50),
            PlannedMilestone("全面推开并总结", date(2026, 11, 30), 50)]  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        _replan(started, staff, plan, "方案已并入其他任务。")
    assert "节点“出台实施方案”已有进展报告，不能删除" in " ".join(caught.value.messages)
    assert Milestone.objects.filter(task=started, title="出台实施方案").exists()


def test_a_milestone_without_reports_can_be_removed(started, staff):
    plan = [PlannedMilestone("出台实施方案", date(2026, 3, 31), 20),
            PlannedMilestone("全面推开并总结", date(2026, 11, 30), 80)]  # fmt: skip
    _replan(started, staff, plan, "流程再造并入全面推开。")
    assert list(started.milestones.values_list("title", flat=True)) == [
        "出台实施方案",
        "全面推开并总结",
    ]
    lines = PlanChange.objects.get().changes
    assert {"field": "删除节点", "old": "2026-06-30 完成流程再造（30%）", "new": ""} in lines


def test_reweighting_accepted_milestones_to_100_completes_the_task(started, staff):
    plan = [PlannedMilestone("出台实施方案", date(2026, 3, 31), 100)]
    _replan(started, staff, plan, "上级明确该项改革以出台方案为完成标志。")
    started.refresh_from_db()
    assert started.progress == 100 and started.status == TaskStatus.COMPLETED


def test_only_the_office_changes_a_plan(started, liaison):
    with pytest.raises(ValidationError):
        _replan(started, liaison, NEW_PLAN, "想改。")
    assert started.milestones.count() == 3


def test_the_edit_page_asks_for_the_reason_and_the_timeline_shows_the_change(started, staff):
    client = Client()
    client.force_login(staff)
    url = reverse("reforms:task_edit", args=[started.pk])
    lines = "\n".join(f"{m.due_date.isoformat()} | {m.title} | {m.weight}" for m in NEW_PLAN)
    form = {"title": started.title, "area": "economy", "lead_unit": started.lead_unit_id,
            "goal": started.goal, "milestones": lines}  # fmt: skip
    with frozen(TODAY):
        page = client.get(url).content.decode()
        assert "调整计划的原因" in page
        refused = client.post(url, {**form, "plan_reason": ""})
        assert refused.status_code == 200
        assert "调整计划须写明原因" in refused.content.decode()
        response = client.post(url, {**form, "plan_reason": "省里调整了时间要求。"})
        assert response.status_code == 302
        detail = client.get(started.get_absolute_url()).content.decode()
    assert "计划已调整" in detail and "省里调整了时间要求。" in detail
    assert "开展第三方评估" in detail
    assert "完成流程再造 · 截止日期: 2026-06-30 → 2026-08-31" in detail


def test_a_plan_not_yet_started_changes_without_a_reason(make_task, staff):
    task = make_task()
    _replan(task, staff, NEW_PLAN, "")
    assert task.milestones.count() == 4
