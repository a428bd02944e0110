"""The rules of the services: bad plans refused in Chinese with nothing saved, the milestone
workflow and who may act, the pilot workflow and its refusals, honours, and a task behind plan
sent to supervision in one click."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from office.models import Notification, TransitionLog
from office.workflow import TransitionError, TransitionForbidden
from reforms import services
from reforms.choices import MilestoneStatus, PilotStatus
from reforms.models import Honour, KeyTask, Milestone, Pilot
from reforms.rules import PlannedMilestone
from supervision.models import Item

from .conftest import frozen, task_data

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_weights_not_adding_up_to_100_are_refused_in_chinese_and_nothing_is_saved(staff, lead_unit):
    plan = [PlannedMilestone("出台方案", date(2026, 3, 31), 20),
            PlannedMilestone("全面推开", date(2026, 11, 30), 70)]  # fmt: skip
    with frozen(date(2026, 1, 10)), pytest.raises(ValidationError) as caught:
        services.task_create(actor=staff, data=task_data(lead_unit, milestones=plan))
    assert "各节点权重合计为90，须合计为100。" in _messages(caught.value)
    assert not KeyTask.objects.exists() and not Milestone.objects.exists()


def test_a_milestone_outside_the_tasks_year_is_refused(staff, lead_unit):
    plan = [PlannedMilestone("出台方案", date(2027, 1, 15), 100)]
    with frozen(date(2026, 1, 10)), pytest.raises(ValidationError) as caught:
        services.task_create(actor=staff, data=task_data(lead_unit, milestones=plan))
    assert "不在任务年度2026年内" in _messages(caught.value)
    assert not KeyTask.objects.exists()


def test_only_the_office_enters_tasks(liaison, leader, lead_unit):
    for actor in (liaison, leader):
        with frozen(date(2026, 1, 10)), pytest.raises(TransitionForbidden):
            services.task_create(actor=actor, data=task_data(lead_unit))
    assert not KeyTask.objects.exists()


def test_the_lead_unit_reports_and_the_office_accepts_or_returns(
    make_task, liaison, other_liaison, staff, leader
):
    task = make_task()
    milestone = task.milestones.order_by("due_date").first()
    with frozen(date(2026, 3, 20)):
        with pytest.raises(TransitionForbidden):
            services.milestone_report(actor=other_liaison, milestone=milestone, text="已完成。")
        services.milestone_report(
            actor=liaison,
            milestone=milestone,
            text="实施方案已印发。",
            files=[SimpleUploadedFile("方案.pdf", b"%PDF-1.4 plan", "application/pdf")],
        )
        milestone.refresh_from_db()
        assert milestone.status == MilestoneStatus.REPORTED
        assert milestone.reports.get().attachments.get().name == "方案.pdf"
        with pytest.raises(TransitionForbidden):
            services.milestone_accept(actor=leader, milestone=milestone)
        with pytest.raises(TransitionError):
            services.milestone_return(actor=staff, milestone=milestone, reason="  ")
        services.milestone_return(actor=staff, milestone=milestone, reason="缺少印发文件。")
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.RETURNED
    assert Notification.objects.filter(recipient=liaison, title__contains="退回").exists()
    task.refresh_from_db()
    assert task.progress == 0
    with frozen(date(2026, 3, 25)):
        services.milestone_report(actor=liaison, milestone=milestone, text="已补充印发文件。")
        milestone.refresh_from_db()
        services.milestone_accept(actor=staff, milestone=milestone)
    task.refresh_from_db()
    assert task.progress == 20


def test_an_accepted_milestone_cannot_be_reported_again(make_task, complete_milestone, liaison):
    task = make_task()
    milestone = complete_milestone(task.milestones.first(), on=date(2026, 3, 20))
    with frozen(date(2026, 3, 21)), pytest.raises(TransitionError):
        services.milestone_report(actor=liaison, milestone=milestone, text="再报一次。")


def test_a_reported_milestone_stays_in_the_plan_while_the_task_is_renamed(
    make_task, liaison, staff, lead_unit
):
    task = make_task()
    with frozen(date(2026, 3, 20)):
        services.milestone_report(actor=liaison, milestone=task.milestones.first(), text="已完成。")
        plan = [PlannedMilestone("全部完成", date(2026, 12, 31), 100)]
        with pytest.raises(ValidationError) as caught:
            services.task_update(
                actor=staff,
                task=task,
                data=task_data(lead_unit, title="新名称", milestones=plan),
                reason="合并节点。",
            )
        assert "已有进展报告，不能删除" in _messages(caught.value)
        services.task_update(
            actor=staff,
            task=task,
            data=task_data(lead_unit, title="新名称"),
        )
    task.refresh_from_db()
    assert task.title == "新名称"
    assert task.milestones.count() == 3


# --- Supervision ---------------------------------------------------------------------------


def test_a_task_behind_plan_opens_a_supervision_item_once(make_task, staff, liaison):
    task = make_task()
    with frozen(date(2026, 4, 2)):
        item = services.task_supervise(actor=staff, task=task)
    task.refresh_from_db()
    assert task.supervision_item == item
    assert item.status == "assigned"
    assert item.lead_unit == task.lead_unit
    assert item.deadline == date(2026, 6, 30)  # the next open milestone
    assert item.origin == task
    assert "深化“放管服”改革" in item.title
    with frozen(date(2026, 4, 2)), pytest.raises(TransitionError):
        services.task_supervise(actor=staff, task=task)
    assert Item.objects.count() == 1


def test_a_task_on_track_is_not_sent_to_supervision(make_task, staff):
    task = make_task()
    with frozen(date(2026, 3, 1)), pytest.raises(TransitionError):
        services.task_supervise(actor=staff, task=task)
    assert not Item.objects.exists()


# --- Pilots --------------------------------------------------------------------------------


def pilot_data(lead_unit, **fields):
    defaults = {
        "name": "城关镇社区治理试点",
        "kind": "pilot",
        "level": "municipal",
        "approving_body": "市委改革办",
        "lead_unit": lead_unit,
        "applied_on": date(2026, 1, 10),
    }
    return services.PilotData(**{**defaults, **fields})


def test_the_pilot_workflow_runs_applied_to_promoted(staff, lead_unit, liaison):
    with frozen(date(2026, 3, 1)):
        pilot = services.pilot_create(actor=staff, data=pilot_data(lead_unit))
        services.pilot_approve(
            actor=staff, pilot=pilot, approved_on=date(2026, 2, 20), document="市改革办〔2026〕3号"
        )
        services.pilot_move(actor=staff, pilot=pilot, name="start")
        services.pilot_add_evidence(
            actor=liaison,
            pilot=pilot,
            files=[SimpleUploadedFile("台账.pdf", b"%PDF-1.4 x", "application/pdf")],
        )
        services.pilot_evaluate(actor=staff, pilot=pilot, evaluation="评估优秀。")
        services.pilot_move(actor=staff, pilot=pilot, name="promote")
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.PROMOTED
    assert (pilot.approved_on, pilot.approval_document) == (
        date(2026, 2, 20),
        "市改革办〔2026〕3号",
    )
    assert pilot.evaluation == "评估优秀。"
    steps = TransitionLog.objects.filter(object_id=pilot.pk).order_by("pk")
    assert [s.transition for s in steps] == ["approve", "start", "evaluate", "promote"]


def test_a_pilot_cannot_skip_a_step(staff, lead_unit):
    with frozen(date(2026, 3, 1)):
        pilot = services.pilot_create(actor=staff, data=pilot_data(lead_unit))
        with pytest.raises(TransitionError) as caught:
            services.pilot_move(actor=staff, pilot=pilot, name="start")
        assert "已申报" in _messages(caught.value)
        with pytest.raises(TransitionError):
            services.pilot_evaluate(actor=staff, pilot=pilot, evaluation="评估优秀。")
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.APPLIED and pilot.evaluation == ""


def test_a_withdrawal_needs_a_reason_and_ends_the_pilot(staff, lead_unit):
    with frozen(date(2026, 3, 1)):
        pilot = services.pilot_create(actor=staff, data=pilot_data(lead_unit))
        with pytest.raises(TransitionError):
            services.pilot_move(actor=staff, pilot=pilot, name="withdraw")
        services.pilot_move(actor=staff, pilot=pilot, name="withdraw", comment="上级暂缓。")
        pilot.refresh_from_db()
        assert pilot.status == PilotStatus.WITHDRAWN
        with pytest.raises(TransitionError):
            services.pilot_approve(actor=staff, pilot=pilot, approved_on=date(2026, 2, 1))


def test_only_the_office_moves_a_pilot_and_only_its_lead_unit_adds_evidence(
    staff, lead_unit, liaison, other_liaison
):
    with frozen(date(2026, 3, 1)):
        pilot = services.pilot_create(actor=staff, data=pilot_data(lead_unit))
        with pytest.raises(TransitionForbidden):
            services.pilot_approve(actor=liaison, pilot=pilot, approved_on=date(2026, 2, 1))
        services.pilot_approve(actor=staff, pilot=pilot, approved_on=date(2026, 2, 1))
        with pytest.raises(TransitionForbidden):
            services.pilot_add_evidence(
                actor=other_liaison,
                pilot=pilot,
                files=[SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", "application/pdf")],
            )
    assert not Pilot.objects.get().attachments.exists()


# --- Honours -------------------------------------------------------------------------------


def test_an_honour_without_a_level_is_refused_in_chinese(staff, lead_unit):
    data = services.HonourData(
        title="全国文明村镇", level="", awarding_body="中央文明委",
        awarded_on=date(2026, 2, 1), unit=lead_unit,
    )  # fmt: skip
    with frozen(date(2026, 3, 1)), pytest.raises(ValidationError) as caught:
        services.honour_create(actor=staff, data=data)
    assert "请选择荣誉级别。" in _messages(caught.value)
    assert not Honour.objects.exists()
