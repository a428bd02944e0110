"""The contribution registry: one call per app fills every slot; the home page shows the
widgets of the user's roles; a search source finds only what the user may see."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from office import reminders, roles
from office.registry import (
    AnnualFigure,
    DashboardWidget,
    NavItem,
    Registry,
    SearchSource,
    TodoEntry,
    TodoProvider,
    registry,
)
from office.roles import Role
from supervision import services
from supervision.choices import SourceKind, Urgency
from tests.testapp.models import Ticket

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class Deadlines:
    key = "filing.deadlines"

    def collect(self, now):
        return []


def test_one_call_registers_everything_an_app_contributes(monkeypatch):
    monkeypatch.setattr(reminders, "_sources", {})
    monkeypatch.setattr(roles, "_APP_PERMISSIONS", {})
    contributions = Registry()

    def seed(*, year, password, stdout):
        return {"卷宗": 1}

    contributions.register(
        "filing",
        nav=[NavItem("归档", "home", order=50)],
        todos=[TodoProvider("filing", lambda user: [TodoEntry("整理卷宗")])],
        figures=[AnnualFigure("filing.volumes", "卷宗", compute=lambda year, office: year)],
        widgets=[DashboardWidget("filing.box", "归档", "x.html", lambda user, today: {})],
        search=[SearchSource("filing.volumes", "卷宗", Ticket, fields=("title",))],
        reminders=[Deadlines()],
        demo=seed,
        roles={Role.STAFF: ["view_volume"]},
    )

    assert contributions.apps == ["filing"]
    assert [item.label for item in contributions.nav] == ["归档"]
    assert contributions.todos_for(None) == [TodoEntry("整理卷宗")]
    assert [(f.key, f.app, f.name, v) for f, v in contributions.annual_figures(2025, None)] == [
        ("filing.volumes", "filing", "volumes", 2025)
    ]
    assert [w.key for w in contributions.widgets] == ["filing.box"]
    assert [s.key for s in contributions.search_sources] == ["filing.volumes"]
    assert [(d.app_label, d.seed) for d in contributions.demo_loaders] == [("filing", seed)]
    # Reminders and role permissions reach the engines that use them.
    assert [source.key for source in reminders.registered_sources()] == ["filing.deadlines"]
    assert roles._APP_PERMISSIONS == {"filing": {Role.STAFF: ["view_volume"]}}


def test_an_app_registers_once_and_its_figure_keys_are_its_own():
    contributions = Registry()
    contributions.register("filing")

    with pytest.raises(ImproperlyConfigured):
        contributions.register("filing")
    with pytest.raises(ImproperlyConfigured):
        contributions.register("other", figures=[AnnualFigure("filing.x", "x", compute=min)])
    figure = AnnualFigure("other.x", "x", compute=min)
    with pytest.raises(ImproperlyConfigured):
        contributions.register("other", figures=[figure, figure])


def test_the_apps_registered_once_each_with_supervisions_stable_figure_keys():
    # The core first, then each app once (the apps after supervision test their own keys).
    assert registry.apps[:2] == ["office", "supervision"]
    assert len(registry.apps) == len(set(registry.apps))
    assert [f.key for f in registry.figures if f.app == "supervision"] == [
        "supervision.from_higher_level",
        "supervision.instructed",
        "supervision.registered",
        "supervision.closed",
        "supervision.on_time_rate",
    ]
    assert all(str(figure.description) for figure in registry.figures)
    assert {"office.todo", "supervision.item"} <= {s.key for s in reminders.registered_sources()}
    assert {"office", "supervision"} <= set(roles._APP_PERMISSIONS)
    assert [loader.app_label for loader in registry.demo_loaders][:2] == ["office", "supervision"]


# --- Widgets and search, with supervision's own --------------------------------------------


def register_item(actor, lead_unit, *, title, day, deadline):
    data = services.ItemData(
        title=title,
        source_kind=SourceKind.MEETING,
        source_reference="县委常委会会议纪要",
        urgency=Urgency.NORMAL,
        lead_unit=lead_unit,
        deadline=deadline,
    )
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=NOW.tzinfo)):
        item = services.item_register(actor=actor, data=data)
        services.item_assign(actor=actor, item=item)
    return item


@pytest.fixture
def items(make_user, county_a, county_b):
    staff_a = make_user(county_a["section"], Role.STAFF)
    staff_b = make_user(county_b["section"], Role.STAFF)
    return {
        "overdue": register_item(
            staff_a, county_a["township"], title="老旧小区改造", day=date(2026, 1, 5),
            deadline=date(2026, 2, 27),
        ),
        "open": register_item(
            staff_a, county_a["department"], title="老旧小区改造资金拨付", day=date(2026, 3, 2),
            deadline=date(2026, 6, 30),
        ),
        "other_county": register_item(
            staff_b, county_b["township"], title="老旧小区改造", day=date(2026, 3, 2),
            deadline=date(2026, 6, 30),
        ),
    }  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "unit", "sees"),
    [
        (Role.DIRECTOR, "office", True),
        (Role.LEADER, "committee", True),
        (Role.STAFF, "section", False),
        (Role.UNIT_LIAISON, "township", False),
    ],
)
def test_home_shows_the_supervision_widget_to_directors_and_leaders(
    client, make_user, county_a, items, role, unit, sees
):
    client.force_login(make_user(county_a[unit], role))
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("home")).content.decode()

    assert ('data-widget="supervision.glance"' in page) is sees
    if sees:
        widget = page.split('data-widget="supervision.glance"')[1].split("notification-card")[0]
        colours = dict(
            re.findall(r'data-colour="(\w+)">.*?<div class="h2 mb-0 mt-1">(\d+)<', widget, re.S)
        )
        # County A's two open items, one of them overdue; county B's is not theirs.
        assert colours["red"] == "1"
        assert sum(int(n) for n in colours.values()) == 2
        assert reverse("supervision:red_list") in widget
        # Every number opens the list behind it, with that many rows.
        red_link = (
            re.search(r'href="([^"]*colour=red[^"]*)"', widget).group(1).replace("&amp;", "&")
        )
        with time_machine.travel(NOW, tick=False):
            ledger = client.get(red_link).content.decode()
        assert ledger.count('data-colour="red"') == 1


@pytest.mark.django_db
def test_widgets_for_leaves_out_other_roles_and_widgets_with_nothing_to_show(make_user, county_a):
    contributions = Registry()
    contributions.register(
        "filing",
        widgets=[
            DashboardWidget(
                "filing.a", "甲", "x.html", lambda u, t: {"n": 1}, roles=(Role.LEADER,)
            ),
            DashboardWidget("filing.b", "乙", "x.html", lambda u, t: None),
            DashboardWidget("filing.c", "丙", "x.html", lambda u, t: {"day": t}),
        ],
    )
    leader = make_user(county_a["committee"], Role.LEADER)
    staff = make_user(county_a["section"], Role.STAFF)
    today = date(2026, 3, 10)

    shown = contributions.widgets_for(leader, today)
    assert [(w.key, data) for w, data in shown] == [
        ("filing.a", {"n": 1}),
        ("filing.c", {"day": today}),
    ]
    assert [w.key for w, _data in contributions.widgets_for(staff, today)] == ["filing.c"]


def search_titles(user, query):
    return {
        group.source.key: [hit.title for hit in group.hits]
        for group in registry.search(user, query)
    }


@pytest.mark.django_db
def test_supervision_search_finds_only_items_the_user_may_see(make_user, county_a, items):
    staff = make_user(county_a["section"], Role.STAFF)
    liaison = make_user(county_a["township"], Role.UNIT_LIAISON)
    overdue, open_, other = items["overdue"], items["open"], items["other_county"]

    # Both titles hold the words once: equal rank, the newer first.
    assert search_titles(staff, "老旧小区") == {"supervision.items": [str(open_), str(overdue)]}
    # The township's liaison: the township's item only, not the department's.
    assert search_titles(liaison, "老旧小区") == {"supervision.items": [str(overdue)]}
    # By number, as it is written on paper: county B's item of the same number is not theirs.
    assert other.number == overdue.number
    assert search_titles(staff, overdue.number) == {"supervision.items": [str(overdue)]}
    assert search_titles(staff, "2026-2") == {"supervision.items": [str(open_)]}
    assert search_titles(staff, "   ") == {}
    [group] = registry.search(staff, overdue.number)
    [hit] = group.hits
    assert (hit.title, hit.url, hit.detail) == (
        str(overdue),
        overdue.get_absolute_url(),
        overdue.get_status_display(),
    )


@pytest.mark.django_db
def test_the_home_page_shows_no_template_syntax_to_the_user(client, make_user, county_a):
    client.force_login(make_user(county_a["committee"], Role.LEADER))
    page = client.get(reverse("home")).content.decode()
    assert "{#" not in page and "#}" not in page and "{%" not in page


@pytest.mark.django_db
def test_an_apps_menu_entries_share_one_dropdown_so_five_apps_fit_the_menu_bar(
    client, make_user, county_a
):
    director = make_user(county_a["office"], Role.DIRECTOR)
    menu = registry.nav_groups_for(director)
    groups = {group.label: [item.url_name for item in group.items] for group in menu if group.label}
    assert groups["督查督办"] == [
        "supervision:item_list",
        "supervision:red_list",
        "supervision:dashboard",
        "supervision:circular_list",
    ]
    # The core's own entries stand alone (no section) or in the section they name; an app
    # with one entry (its pages as tabs) stands alone too.
    standalone = [group.items[0].url_name for group in menu if not group.label]
    assert {"home", "annual_summary", "practice_list", "meetings:meeting_list"} <= set(standalone)
    assert standalone[0] == "home"
    assert groups["系统管理"] == ["orgunit_list", "user_list"]
    client.force_login(director)
    page = client.get(reverse("supervision:red_list")).content.decode()
    assert 'class="nav-link dropdown-toggle active fw-semibold"' in page
    assert 'class="dropdown-item active"' in page


def test_every_apps_to_dos_are_one_list_by_priority_then_due_date():
    mixed = Registry()
    mixed.todos = [
        TodoProvider(
            "a", lambda user: [TodoEntry("甲", due=date(2026, 3, 20)), TodoEntry("无期限")]
        ),
        TodoProvider(
            "b",
            lambda user: [
                TodoEntry("乙", due=datetime(2026, 3, 12, 9, tzinfo=NOW.tzinfo)),
                TodoEntry("退回", due=date(2026, 4, 30), priority=2),
                TodoEntry("待签收", due=date(2026, 3, 11), priority=1),
            ],
        ),
    ]
    assert [entry.title for entry in mixed.todos_for(None)] == [
        "退回",
        "待签收",
        "乙",
        "甲",
        "无期限",
    ]
