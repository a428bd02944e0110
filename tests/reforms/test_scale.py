"""``seed_scale`` writes reform records through the registry's scale slot: tasks whose
progress is the weight of their accepted milestones (each with its report and log), one in
four of the current year's behind plan, pilots and honours; and make bench has reform pages."""

import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client

from office.models import OrgUnit, TransitionLog, User
from office.registry import registry
from reforms.bench import pages
from reforms.choices import MilestoneStatus, TaskState
from reforms.models import Honour, KeyTask, Milestone, MilestoneReport, Pilot
from reforms.selectors import with_plan

from .conftest import frozen

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 1)


def test_seed_scale_writes_reform_tasks_milestones_pilots_and_honours():
    with frozen(TODAY):
        call_command("seed_scale", counties=1, years=2, items_per_year=700, stdout=io.StringIO())
    office = OrgUnit.objects.get(code="SCALE001-XWB")
    tasks = KeyTask.objects.filter(owning_office=office)
    assert tasks.filter(year=2025).count() == tasks.filter(year=2026).count() == 10
    for task in tasks.prefetch_related("milestones"):
        accepted = sum(m.weight for m in task.milestones.all() if m.status == "accepted")
        assert task.progress == accepted
        assert sum(m.weight for m in task.milestones.all()) == 100
    accepted = Milestone.objects.filter(task__owning_office=office, status=MilestoneStatus.ACCEPTED)
    assert MilestoneReport.objects.filter(milestone__in=accepted).count() == accepted.count() > 0
    logs = TransitionLog.objects.filter(content_type=ContentType.objects.get_for_model(Milestone))
    assert logs.filter(transition="accept").count() == accepted.count()
    assert tasks.filter(year=2025, status="completed").count() == 9  # one in ten fell short
    states = with_plan(tasks.filter(year=2026), TODAY).values_list("state", flat=True)
    assert list(states).count(TaskState.BEHIND) == 3  # one in four
    assert Pilot.objects.filter(owning_office=office).exists()
    assert Honour.objects.filter(owning_office=office).exists()
    assert KeyTask.history.filter(owning_office=office).count() == tasks.count()

    # The generated county's director reads them on the list, with the weights summed.
    director = User.objects.get(username="scale001_director1")
    client = Client()
    with frozen(TODAY):
        client.force_login(director)
        listed = client.get("/reforms/")
    assert listed.context["table"].paginator.count == 10
    assert tasks.aggregate(total=Sum("milestones__weight"))["total"] == 100 * tasks.count()


def test_reforms_registers_its_generator_and_bench_pages(director):
    assert "reforms" in [g.app_label for g in registry.scale_generators]
    assert "reforms" in [b.app_label for b in registry.bench_pages]
    with frozen(TODAY):
        names = [page.name for page in pages({"director": director})]
    assert "reform tasks (director)" in names and "reform tasks (city)" in names
