"""Statistics of supervision: what the dashboard, the annual summary and the home page's to-do
list show, for a known mix of items at a frozen date (Monday 15 June 2026)."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from office import data_version
from office.registry import registry
from supervision import selectors, services, summary
from supervision.choices import ItemStatus, SourceKind

from .conftest import frozen, item_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
YEAR_2026 = selectors.Period.of_year(2026)


@pytest.fixture
def mix(make_item, advance, staff, director, lead_unit, other_unit, county_b, staff_b_office):
    """County A's items (城关镇 = township, 财政局 = department) and one of county B's."""
    items = {}
    items["a"] = make_item(
        on=date(2026, 1, 5), deadline=date(2026, 1, 30), source_kind=SourceKind.HIGHER_LEVEL
    )
    advance(items["a"], ItemStatus.CLOSED, on=date(2026, 1, 28))  # on time
    items["b"] = make_item(on=date(2026, 2, 2), deadline=date(2026, 2, 27))
    advance(items["b"], ItemStatus.CLOSED, on=date(2026, 3, 3))  # late
    items["c"] = make_item(
        on=date(2026, 3, 2),
        deadline=date(2026, 3, 31),
        source_kind=SourceKind.MEETING,
        lead_unit=other_unit,
    )
    with frozen(date(2026, 3, 20)):
        services.report_submit(
            actor=director, item=items["c"], text="已完成。", percent=100, completion=True
        )
        services.item_close(actor=director, item=items["c"])  # on time
    items["d"] = make_item(
        on=date(2026, 4, 1), deadline=date(2026, 6, 10), source_kind=SourceKind.DOCUMENT
    )
    advance(items["d"], ItemStatus.IN_PROGRESS, on=date(2026, 4, 10))  # overdue by today
    items["e"] = make_item(
        on=date(2026, 6, 1), deadline=date(2026, 6, 17), lead_unit=other_unit, accept=False
    )
    items["f"] = make_item(
        on=date(2026, 6, 1),
        deadline=date(2026, 12, 31),
        source_kind=SourceKind.KEY_WORK,
        assign=False,
    )
    items["g"] = make_item(
        on=date(2026, 5, 4), deadline=date(2026, 6, 30), source_kind=SourceKind.HIGHER_LEVEL
    )
    advance(items["g"], ItemStatus.CANCELLED, on=date(2026, 5, 10))
    with frozen(date(2026, 5, 11)):
        parent = services.item_register_split(
            actor=staff,
            data=item_data(title="整治违建", deadline=date(2026, 9, 30)),
            units=[lead_unit, other_unit],
        )
        services.item_assign(actor=staff, item=parent)
    items["split"] = parent
    # Last year's item, closed late this January: it counts in 2026's punctuality.
    items["old"] = make_item(
        on=date(2025, 11, 3), deadline=date(2025, 12, 31), source_kind=SourceKind.HIGHER_LEVEL
    )
    advance(items["old"], ItemStatus.CLOSED, on=date(2026, 1, 10))
    with frozen(date(2026, 6, 1)):
        services.item_register(
            actor=staff_b_office,
            data=item_data(lead_unit=county_b["township"], deadline=date(2026, 6, 5)),
        )
    return items


def counts(slices) -> dict:
    return {s.value: s.count for s in slices}


@pytest.fixture
def items_a(mix, staff):
    return selectors.scoped_items(staff)


def test_counts_by_source_count_leaves_registered_in_the_year(items_a):
    in_2026 = selectors.registered_in(items_a, YEAR_2026)

    assert counts(selectors.counts_by_source(in_2026)) == {
        "higher_level": 2,
        "instruction": 4,  # b, e and the two per-unit items of the split, not their parent
        "meeting": 1,
        "document": 1,
        "key_work": 1,
    }


def test_counts_by_status_cover_every_status(items_a):
    in_2026 = selectors.registered_in(items_a, YEAR_2026)

    assert counts(selectors.counts_by_status(in_2026)) == {
        "registered": 1,
        "assigned": 3,
        "in_progress": 1,
        "completion_requested": 0,
        "closed": 3,
        "cancelled": 1,
    }


def test_counts_by_colour_are_of_open_items_today(items_a, django_assert_max_num_queries):
    # The items, the calendar, and the calendar of the 签收 time limits (once for them all).
    with frozen(TODAY), django_assert_max_num_queries(4):
        colours = counts(selectors.counts_by_colour(items_a, TODAY))

    # d overdue; e due Wednesday (within 3 working days); the split's items behind; f fine.
    assert colours == {"red": 1, "blue": 1, "yellow": 2, "none": 1}


def test_on_time_rate_ranks_units_by_items_closed_in_the_period(items_a, lead_unit, other_unit):
    ranking = selectors.on_time_by_unit(items_a, YEAR_2026)

    assert [(r.unit_name, r.closed, r.on_time, r.percent) for r in ranking] == [
        (other_unit.name, 1, 1, 100.0),
        (lead_unit.name, 3, 1, 33.3),  # a on time; b and last year's item late
    ]
    assert selectors.on_time_rate(items_a, YEAR_2026) == 0.5


def test_on_time_rate_of_a_period_without_closures_is_unknown(items_a):
    assert selectors.on_time_rate(items_a, selectors.Period.of_year(2024)) is None
    assert selectors.on_time_by_unit(items_a, selectors.Period.of_year(2024)) == []


def test_monthly_trend_counts_registered_and_closed_per_month(items_a):
    trend = selectors.monthly_trend(items_a, YEAR_2026)

    assert [p.month for p in trend] == [date(2026, m, 1) for m in range(1, 13)]
    assert [p.registered for p in trend] == [1, 1, 1, 1, 3, 2, 0, 0, 0, 0, 0, 0]
    assert [p.closed for p in trend] == [2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]


def test_overdue_list_is_the_open_items_past_their_deadline(items_a, mix):
    assert list(selectors.overdue_items(items_a, TODAY)) == [mix["d"]]


def test_year_counts_split_higher_level_from_locally_instructed(items_a):
    # 2026: a and g (withdrawn later, but taken on and tracked); b, c, d, e, f and the
    # split's two items.
    assert selectors.year_counts(items_a, 2026) == selectors.YearCounts(2, 7)
    assert selectors.year_counts(items_a, 2025) == selectors.YearCounts(1, 0)


def test_registered_figures_compute_the_same_for_the_office(items_a, office_a, county_b):
    figures = {figure.key: figure for figure in registry.figures}

    assert figures["supervision.from_higher_level"].compute(2026, office_a) == 2
    assert figures["supervision.instructed"].compute(2026, office_a) == 7
    assert figures["supervision.instructed"].compute(2026, county_b["office"]) == 1
    assert str(figures["supervision.from_higher_level"].label)


def test_city_office_figures_add_up_its_counties(mix, city):
    assert summary.instructed_count(2026, city) == 8


def test_liaison_statistics_cover_only_their_units_items(mix, liaison):
    items = selectors.scoped_items(liaison)

    by_source = counts(selectors.counts_by_source(selectors.registered_in(items, YEAR_2026)))
    # a, b, d, f, g, the township's split item; and the department's split item is not theirs.
    assert sum(by_source.values()) == 6
    assert {r.unit_name for r in selectors.on_time_by_unit(items, YEAR_2026)} == {"甲城关镇"}


def test_overview_queries_do_not_grow_with_units_or_items(items_a, make_item, make_user, city):
    def queries():
        with frozen(TODAY), CaptureQueriesContext(connection) as captured:
            selectors.overview(items_a, YEAR_2026, TODAY)
        return len(captured)

    before = queries()
    from office.models import OrgUnit, OrgUnitKind

    committee = OrgUnit.objects.get(name="甲县委")
    for n in range(6):
        unit = OrgUnit.objects.create(
            name=f"新单位{n}", kind=OrgUnitKind.DEPARTMENT, parent=committee
        )
        item = make_item(on=date(2026, 2, 2), deadline=date(2026, 3, 2), lead_unit=unit)
        with frozen(date(2026, 2, 20)):
            services.report_submit(
                actor=item.created_by, item=item, text="完成", percent=100, completion=True
            )

    assert queries() == before


# --- To-do lists --------------------------------------------------------------------------------


def titles(entries) -> dict:
    return {entry.title: str(entry.kind) for entry in entries}


def test_liaison_todos_list_their_units_urgent_and_new_items(
    mix, liaison, django_assert_max_num_queries
):
    # The items, the calendar, and the calendar of the 签收 time limits (once for them all).
    with frozen(TODAY), django_assert_max_num_queries(4):
        entries = summary.todos_for(liaison)

    township_child = mix["split"].children.get(lead_unit=liaison.org_unit)
    # The township's item of the split was assigned on 11 May and never acknowledged (签收):
    # its time limit was the next working day.
    assert titles(entries) == {
        str(mix["d"]): _("Overdue"),
        str(township_child): ngettext(
            "Acknowledgement %(days)d day late", "Acknowledgement %(days)d days late", 34
        )
        % {"days": 34},
    }
    late = next(e for e in entries if e.title == str(township_child))
    assert (late.due, late.tone) == (date(2026, 5, 12), "red")
    overdue = next(e for e in entries if e.title == str(mix["d"]))
    assert overdue.due == date(2026, 6, 10)
    assert overdue.url == mix["d"].get_absolute_url()


def test_liaison_todos_show_a_cycle_report_falling_due(make_item, liaison):
    item = make_item(on=date(2026, 6, 1), deadline=date(2026, 12, 31), report_cycle="weekly")
    with frozen(date(2026, 6, 2)):
        services.report_submit(actor=liaison, item=item, text="启动", percent=10)

    with frozen(date(2026, 6, 8)):
        entries = registry.todos_for(liaison)

    assert [(e.title, e.kind, e.due) for e in entries] == [
        (str(item), _("Report due"), date(2026, 6, 9))
    ]


def test_director_todos_are_completions_to_review_and_extensions_to_decide(
    make_item, advance, liaison, director, django_assert_max_num_queries
):
    done = make_item(on=date(2026, 6, 1), deadline=date(2026, 6, 30), title="已完成的事项")
    advance(done, ItemStatus.COMPLETION_REQUESTED, on=date(2026, 6, 10))
    asking = make_item(on=date(2026, 6, 1), deadline=date(2026, 6, 30), title="申请延期的事项")
    with frozen(date(2026, 6, 10)):
        services.extension_request(
            actor=liaison, item=asking, new_deadline=date(2026, 7, 31), reason="需要协调资金"
        )

    assert director.has_role("director")  # roles load once per request, before any provider
    with frozen(TODAY), django_assert_max_num_queries(2):
        entries = summary.todos_for(director)

    assert titles(entries) == {
        str(done): _("Completion to review"),
        str(asking): _("Extension to decide"),
    }


def test_staff_todos_list_unassigned_items_once_per_instruction(
    make_item, staff, lead_unit, other_unit, django_assert_max_num_queries
):
    single = make_item(on=date(2026, 6, 1), assign=False, title="待交办事项")
    with frozen(date(2026, 6, 2)):
        parent = services.item_register_split(
            actor=staff, data=item_data(title="分解事项"), units=[lead_unit, other_unit]
        )
    make_item(on=date(2026, 6, 3), title="已交办事项")

    with frozen(TODAY), django_assert_max_num_queries(1):
        entries = summary.todos_for(staff)

    assert titles(entries) == {
        str(single): _("To assign"),
        str(parent): _("To assign"),
    }


def test_other_countys_staff_see_none_of_county_as_todos(mix, staff_b_office):
    with frozen(TODAY):
        entries = registry.todos_for(staff_b_office)

    assert len(entries) == 1
    assert "甲" not in entries[0].title


# --- The dashboard page ---------------------------------------------------------------------


def test_dashboard_shows_the_years_figures_and_the_red_list(
    client, mix, director, lead_unit, other_unit
):
    client.force_login(director)

    with frozen(TODAY):
        response = client.get(reverse("supervision:dashboard"), {"year": 2026})

    assert response.status_code == 200
    html = response.content.decode()

    def kpi(name):
        return re.search(rf'data-kpi="{name}"[^>]*>\s*([^<]+?)\s*<', html).group(1)

    assert kpi("open") == "5"  # d, e, f and the split's two items
    assert kpi("overdue") == "1"
    assert kpi("closed") == "4"
    assert "50.0%" in html
    # 50% on time reads as poor: red, not the colour of a good rate.
    assert re.search(r'class="h1 mb-0 text-red" data-kpi="on-time"', html)
    # Each figure opens the list behind it, with that many rows.
    for name, count in (("open", 5), ("closed", 4)):
        url = re.search(rf'data-kpi="{name}" href="([^"]+)"', html).group(1).replace("&amp;", "&")
        with frozen(TODAY):
            listed = client.get(url).content.decode()
        assert listed.count("data-item=") == count, name
    assert mix["d"].title in html and mix["d"].number in html
    assert "vendor/echarts/echarts.min.js" in html and "js/charts.js" in html
    # Each chart declares its kind and names the JSON it draws.
    for chart_id, kind in [
        ("chart-status", "pie"),
        ("chart-colours", "bar"),
        ("chart-units", "hbar"),
        ("chart-trend", "line"),
    ]:
        declared = rf'id="{chart_id}"[^>]*data-chart="{kind}"[^>]*data-chart-data="{chart_id}-data"'
        assert re.search(declared, html)
        assert f'<script id="{chart_id}-data" type="application/json">' in html
    data = response.context["chart_data"]
    units = data["units"]["items"]
    assert [(u["name"], u["value"], u["note"]) for u in units] == [
        (other_unit.name, 100.0, "1 / 1"),
        (lead_unit.name, 33.3, "1 / 3"),
    ]
    # A click on a bar opens the list behind it, with as many rows as the bar says.
    for bar, count in [
        *((u, int(u["note"].split(" / ")[1])) for u in units),
        *((c, c["value"]) for c in data["colours"]["items"]),
    ]:
        with frozen(TODAY):
            listed = client.get(bar["url"]).content.decode()
        assert listed.count("data-item=") == count, bar["name"]
    registered, closed = data["trend"]["series"]
    assert registered["data"] == [1, 1, 1, 1, 3, 2, None, None, None, None, None, None]
    assert closed["data"][:6] == [2, 0, 2, 0, 0, 0]
    # So does a slice of the status donut, and each month's point of the trend.
    links = [(s["url"], s["value"], s["name"]) for s in data["status"]["items"] if s["value"]]
    for series in (registered, closed):
        links += [
            (url, value, f"{series['name']} {url}")
            for url, value in zip(series["urls"], series["data"], strict=True)
            if value
        ]
    assert len(links) > 6
    for url, count, name in links:
        with frozen(TODAY):
            listed = client.get(url).content.decode()
        assert listed.count("data-item=") == count, name


def test_dashboard_hands_names_to_the_charts_as_json_not_markup(
    client, director, make_item, lead_unit
):
    """Issue 12: a unit's name reached the unit chart's tooltip as HTML. It travels as JSON,
    its markup characters escaped, and the page holds no tag made of it."""
    lead_unit.name = 'X<img src=x onerror="window.__xss=1">'
    lead_unit.save()
    item = make_item(on=date(2026, 3, 2), deadline=date(2026, 3, 31))
    with frozen(date(2026, 3, 20)):
        services.report_submit(
            actor=director, item=item, text="已完成。", percent=100, completion=True
        )
        services.item_close(actor=director, item=item)
    client.force_login(director)

    with frozen(TODAY):
        response = client.get(reverse("supervision:dashboard"))

    html = response.content.decode()
    assert "<img" not in html
    assert response.context["chart_data"]["units"]["items"][0]["name"] == lead_unit.name
    units_json = html.split('<script id="chart-units-data" type="application/json">')[1]
    assert 'X\\u003Cimg src=x onerror=\\"window.__xss=1\\"\\u003E' in units_json


def test_dashboard_year_selector_falls_back_on_nonsense(client, mix, director):
    client.force_login(director)

    with frozen(TODAY):
        response = client.get(reverse("supervision:dashboard"), {"year": "二〇二六"})
        older = client.get(reverse("supervision:dashboard"), {"year": 2025})

    assert response.status_code == 200
    assert response.context["year"] == 2026
    assert older.context["year"] == 2025
    assert older.context["overview"].registered == 1


def test_dashboard_of_an_empty_office_shows_empty_states(client, staff_b_office, county_a):
    client.force_login(staff_b_office)

    with frozen(TODAY):
        response = client.get(reverse("supervision:dashboard"))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-kpi="open"[^>]*>0<', html)
    assert 'id="chart-status"' not in html
    assert "bi-pie-chart" in html and "bi-emoji-smile" in html  # the empty states instead


def test_dashboard_needs_the_view_permission(client, make_user, county_a):
    from office.roles import Role

    client.force_login(make_user(county_a["office"], Role.SYS_ADMIN))

    assert client.get(reverse("supervision:dashboard")).status_code == 403


def test_dashboard_query_count_does_not_grow_with_items(
    client, director, make_item, django_assert_max_num_queries, mix
):
    client.force_login(director)

    def queries():
        with frozen(TODAY), CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("supervision:dashboard")).status_code == 200
        return len(captured)

    queries()  # the session's first write of the sign-in (then at most once a minute)
    # The figures drawn afresh each time (a kept overview would cost nothing either way).
    data_version.bump()
    before = queries()
    for n in range(5):
        make_item(on=date(2026, 4, 1), deadline=date(2026, 5, 1), title=f"逾期{n}")

    data_version.bump()
    assert queries() == before


def test_liaison_todos_put_a_sent_back_item_first_until_the_unit_reports_again(
    make_item, advance, liaison, director
):
    early = make_item(
        on=date(2026, 6, 1), deadline=date(2026, 6, 20), title="早到期的事项", accept=False
    )
    returned = make_item(on=date(2026, 6, 1), deadline=date(2026, 9, 30), title="被退回的事项")
    advance(returned, ItemStatus.COMPLETION_REQUESTED, on=date(2026, 6, 5))
    with frozen(date(2026, 6, 8)):
        services.item_send_back(actor=director, item=returned, reason="佐证材料不全")

    with frozen(date(2026, 6, 9)):
        entries = summary.todos_for(liaison)
    assert [e.title for e in entries][:2] == [str(returned), str(early)]
    assert entries[0].kind == _("Sent back")

    with frozen(date(2026, 6, 10)):
        services.report_submit(actor=liaison, item=returned, text="补充材料", percent=90)
        entries = summary.todos_for(liaison)
    assert str(returned) not in [e.title for e in entries if e.kind == _("Sent back")]


def test_liaison_todos_show_a_missed_cycle_report_as_late_with_the_items_deadline(
    make_item, liaison
):
    item = make_item(on=date(2026, 6, 1), deadline=date(2026, 12, 31), report_cycle="weekly")
    with frozen(date(2026, 6, 2)):
        services.report_submit(actor=liaison, item=item, text="启动", percent=10)

    with frozen(date(2026, 6, 19)):
        (entry,) = summary.todos_for(liaison)

    assert entry.tone == "red"
    assert entry.due == date(2026, 6, 9)
    assert "10" in entry.kind  # ten days late
    assert "12-31" in entry.detail
