"""A split instruction counts once: it uses one number of the year (the parts are its -1, -2 …)
and in every figure its units' items are counted, its grouping item never; and every annual
figure of supervision links to the ledger listing exactly as many rows as it says.

The hand-made year 2025 of county A, through the services: a higher level's task closed on
time, another cancelled, an instruction closed late, a meeting decision in hand, a document's
instruction split between three units (one part closed on time), an item of 2024 closed in
2025; county B has an instruction of its own."""

import re
from datetime import date

import pytest
from django.urls import reverse

from office.models import NumberSequence, OrgUnit, OrgUnitKind
from office.registry import registry
from supervision import services
from supervision.choices import ItemStatus, SourceKind
from supervision.models import Item
from supervision.services.items import SERIES

from .conftest import frozen, item_data

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture
def year_2025(staff, director, liaison, other_liaison, make_item, advance, county_a, county_b,
              make_user, staff_b_office):  # fmt: skip
    township, department = county_a["township"], county_a["department"]
    higher = make_item(on=date(2025, 3, 3), deadline=date(2025, 4, 30),
                       source_kind=SourceKind.HIGHER_LEVEL)  # fmt: skip
    advance(higher, ItemStatus.CLOSED, on=date(2025, 4, 28))
    withdrawn = make_item(on=date(2025, 5, 6), deadline=date(2025, 6, 30),
                          source_kind=SourceKind.HIGHER_LEVEL)  # fmt: skip
    advance(withdrawn, ItemStatus.CANCELLED, on=date(2025, 5, 20))
    late = make_item(on=date(2025, 6, 3), deadline=date(2025, 6, 30))
    advance(late, ItemStatus.CLOSED, on=date(2025, 7, 15))
    make_item(on=date(2025, 9, 1), deadline=date(2025, 12, 31), source_kind=SourceKind.MEETING)
    third = OrgUnit.objects.create(
        name="教育局", kind=OrgUnitKind.DEPARTMENT, parent=county_a["committee"]
    )
    with frozen(date(2025, 10, 9)):
        split = services.item_register_split(
            actor=staff,
            data=item_data(source_kind=SourceKind.DOCUMENT, deadline=date(2025, 11, 28)),
            units=[township, department, third],
        )
        services.item_assign(actor=staff, item=split)
    advance(split.children.get(lead_unit=township), ItemStatus.CLOSED, on=date(2025, 11, 3))
    old = make_item(on=date(2024, 11, 4), deadline=date(2025, 1, 24))
    advance(old, ItemStatus.CLOSED, on=date(2025, 1, 20))
    with frozen(date(2025, 4, 7)):
        services.item_register(actor=staff_b_office, data=item_data(lead_unit=county_b["township"]))
    return split


def test_a_split_instruction_uses_one_number_and_its_parts_carry_it(year_2025, county_a):
    split = year_2025
    parts = list(split.children.order_by("part"))
    assert split.number == "督〔2025〕5号"
    assert [part.number for part in parts] == [
        "督〔2025〕5号-1",
        "督〔2025〕5号-2",
        "督〔2025〕5号-3",
    ]
    sequence = NumberSequence.objects.get(office=county_a["office"], series=SERIES, year=2025)
    # Five registrations of 2025 in county A, one of them split three ways: five numbers.
    assert sequence.last == 5
    assert sorted(set(Item.objects.filter(year=2025, owning_office=county_a["office"])
                      .values_list("sequence", flat=True))) == [1, 2, 3, 4, 5]  # fmt: skip


def test_the_ledger_finds_a_part_by_its_number(client, staff, year_2025):
    client.force_login(staff)
    page = client.get(reverse("supervision:item_list"), {"q": "督〔2025〕5号-2"})
    assert [row.record.number for row in page.context["table"].page.object_list] == [
        "督〔2025〕5号-2"
    ]


def figures(office) -> dict:
    with frozen(TODAY):
        return {
            figure.name: (value, figure.link(2025) if figure.link else None)
            for figure, value in registry.annual_figures(2025, office)
            if figure.app == "supervision"
        }


def test_the_year_counts_the_split_instructions_parts_and_not_its_grouping_item(
    county_a, year_2025
):
    values = {name: value for name, (value, _link) in figures(county_a["office"]).items()}
    # Registered in 2025: 2 higher-level tasks, the late instruction, the meeting decision
    # and the three parts of the split (not the split's own grouping item): 7.
    assert values["registered"] == 7
    assert values["from_higher_level"] == 2
    assert values["instructed"] == 5
    # Closed in 2025: the higher-level task, the late one, one part, the 2024 item; 3 on time.
    assert values["closed"] == 4
    assert values["on_time_rate"] == 75.0


def test_the_dashboard_counts_as_the_annual_figures(client, director, county_a, year_2025):
    client.force_login(director)
    with frozen(TODAY):
        page = client.get(reverse("supervision:dashboard"), {"year": 2025})
    overview = page.context["overview"]
    values = {name: value for name, (value, _link) in figures(county_a["office"]).items()}
    assert overview.registered == values["registered"] == 7
    assert overview.closed == values["closed"] == 4
    assert round(overview.on_time_rate * 100, 1) == values["on_time_rate"]
    # Open now: the meeting decision and the split's two open parts (not its grouping item).
    assert overview.open_now == 3


def test_every_annual_figure_links_to_a_ledger_with_that_many_rows(
    client, director, county_a, year_2025
):
    client.force_login(director)
    listed = {}
    for name, (value, link) in figures(county_a["office"]).items():
        assert link, f"{name} has no link"
        with frozen(TODAY):
            page = client.get(link)
        assert page.status_code == 200
        listed[name] = page.context["table"].paginator.count
        if name != "on_time_rate":
            assert listed[name] == value, name
    # The rate's link lists the items it is computed over: those closed in the year.
    assert listed["on_time_rate"] == listed["closed"] == 4


def test_the_summary_page_links_each_supervision_count(client, director, year_2025):
    client.force_login(director)
    with frozen(TODAY):
        page = client.get(reverse("annual_report", args=[2025])).content.decode()
    for key in ("from_higher_level", "instructed", "registered", "closed"):
        row = page.split(f'data-figure="supervision.{key}"')[1].split("</tr>")[0]
        assert re.search(r'<a href="[^"]+" class="figure-value">\d+</a>', row), key


def test_the_glance_widgets_unit_rates_link_to_the_items_they_are_computed_over(
    client, director, year_2025
):
    from supervision.summary import glance_widget_context

    client.force_login(director)
    with frozen(date(2025, 12, 1)):
        units = glance_widget_context(director, date(2025, 12, 1))["units"]
        assert units
        for unit, url in units:
            assert client.get(url).context["table"].paginator.count == unit.closed
