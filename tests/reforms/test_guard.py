"""The classified-marker guard on every path into reform records: the services refuse a marked
text or file naming the field, audit the attempt, and store nothing; what a service forgot, the
core's pre_save guard refuses."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from office.models import ClassifiedRefusal
from reforms import services
from reforms.models import Honour, KeyTask, MilestoneReport, Pilot

from .conftest import frozen, task_data
from .test_services import pilot_data

pytestmark = pytest.mark.django_db

MARK = "秘密★1年"


@pytest.mark.django_db(databases=["default", "audit"])
def test_a_marked_task_title_is_refused_and_audited(staff, lead_unit):
    with frozen(date(2026, 1, 5)), pytest.raises(ValidationError) as caught:
        services.task_create(actor=staff, data=task_data(lead_unit, title=f"{MARK} 改革任务"))
    assert "title" in caught.value.message_dict
    assert not KeyTask.objects.exists()
    assert ClassifiedRefusal.objects.get().where == "reforms.task_save"


@pytest.mark.django_db(databases=["default", "audit"])
def test_a_marked_milestone_report_or_evidence_is_refused(make_task, liaison):
    milestone = make_task().milestones.first()
    with frozen(date(2026, 3, 20)):
        with pytest.raises(ValidationError):
            services.milestone_report(actor=liaison, milestone=milestone, text=f"{MARK}材料")
        marked = SimpleUploadedFile(f"{MARK}.txt", b"plain", "text/plain")
        with pytest.raises(ValidationError):
            services.milestone_report(
                actor=liaison, milestone=milestone, text="已完成。", files=[marked]
            )
    milestone.refresh_from_db()
    assert milestone.status == "pending"
    assert not MilestoneReport.objects.exists()
    assert ClassifiedRefusal.objects.count() == 2


def test_marked_pilots_and_honours_are_refused(staff, lead_unit):
    with frozen(date(2026, 3, 1)):
        with pytest.raises(ValidationError):
            services.pilot_create(actor=staff, data=pilot_data(lead_unit, name=f"{MARK}试点"))
        with pytest.raises(ValidationError):
            services.honour_create(
                actor=staff,
                data=services.HonourData(title="先进集体", level="national",
                                         awarding_body=f"{MARK}", awarded_on=date(2026, 2, 1),
                                         unit=lead_unit),
            )  # fmt: skip
    assert not Pilot.objects.exists() and not Honour.objects.exists()


def test_the_core_guard_refuses_what_a_service_forgot(make_task):
    task = make_task()
    task.goal = f"{MARK} 目标"
    with pytest.raises(ValidationError):
        task.save()
    task.refresh_from_db()
    assert MARK not in task.goal
