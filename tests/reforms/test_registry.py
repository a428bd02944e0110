"""What reforms adds through the registry: one menu entry, the to-dos of the office and of a
lead unit, the search sources (scoped), and the widget for the director and the leaders."""

from datetime import date

import pytest

from office.registry import registry
from reforms import services

from .conftest import frozen

pytestmark = pytest.mark.django_db


def test_one_menu_entry_for_those_who_read_reform_records(staff, leader, make_user, county_a):
    from office.roles import Role

    legal = make_user(county_a["section"], Role.LEGAL_ADVISER)
    assert [i.url_name for i in registry.nav_for(staff) if i.url_name.startswith("reforms")] == [
        "reforms:task_list"
    ]
    assert any(i.url_name == "reforms:task_list" for i in registry.nav_for(leader))
    assert not any(i.url_name.startswith("reforms") for i in registry.nav_for(legal))


def test_a_report_waits_on_the_office_and_a_milestone_due_on_the_lead_unit(
    make_task, liaison, staff, other_liaison
):
    task = make_task()
    first = task.milestones.order_by("due_date").first()
    with frozen(date(2026, 3, 10)):
        due = [e for e in registry.todos_for(liaison) if e.url == first.get_absolute_url()]
        assert due and due[0].kind == "节点将到期"
        assert not [e for e in registry.todos_for(other_liaison) if "reforms" in e.url]
        services.milestone_report(actor=liaison, milestone=first, text="已印发。")
        waiting = [e for e in registry.todos_for(staff) if e.url == first.get_absolute_url()]
    assert waiting and waiting[0].kind == "待验收的节点报告"


def test_search_finds_tasks_pilots_and_honours_in_scope_only(make_task, staff, staff_b):
    make_task(title="深化农村宅基地制度改革")
    found = {group.source.key: group.hits for group in registry.search(staff, "宅基地")}
    assert [hit.title for hit in found["reforms.tasks"]] == ["深化农村宅基地制度改革"]
    assert not any(
        group.source.key.startswith("reforms") for group in registry.search(staff_b, "宅基地")
    )


def test_reforms_registers_its_stable_figure_keys_reminders_and_roles():
    from office import reminders, roles

    assert "reforms" in registry.apps
    assert [f.key for f in registry.figures if f.app == "reforms"] == [
        "reforms.key_tasks",
        "reforms.key_tasks_completed",
        "reforms.pilots_municipal_or_above",
        "reforms.honours_national",
        "reforms.honours_provincial",
        "reforms.honours_municipal",
    ]
    assert "reforms.milestone" in {s.key for s in reminders.registered_sources()}
    assert "reforms" in roles._APP_PERMISSIONS
    assert "reforms" in [loader.app_label for loader in registry.demo_loaders]
