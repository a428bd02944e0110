"""``manage.py seed_demo``'s supervision data: the report year's ledger of 137 items from
higher levels and 1,791 instructed items, and live items today that show every colour.

Each test seeds the whole demo (a few seconds on SQLite: the ledger is written in bulk)."""

from collections import Counter
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import F

from office.models import Notification, NumberSequence, TransitionLog, User
from office.workdays import is_working_day
from supervision import demo
from supervision.choices import Colour, ExtensionStatus, ItemStatus, SourceKind
from supervision.colours import colours_by_pk
from supervision.models import ExtensionRequest, Item, LeaderComment, ProgressReport, Urge

pytestmark = pytest.mark.django_db

# A Wednesday in late November: the report year 2025 is over, 2026 is in full swing.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
INSTRUCTED = [SourceKind.INSTRUCTION, SourceKind.MEETING, SourceKind.DOCUMENT, SourceKind.KEY_WORK]
# The current year's own ledger when the report year is past: a share of a full year's counts.
CURRENT_LEDGER = round(demo.HIGHER_LEVEL_COUNT * demo.CURRENT_YEAR_SHARE) + sum(
    round(count * demo.CURRENT_YEAR_SHARE) for count in demo.INSTRUCTED_COUNTS.values()
)


def seed_demo(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW.date()


def demo_office():
    return User.objects.get(username="staff").office


def test_seed_demo_ledger_has_137_higher_level_and_1791_instructed_items_numbered_in_order(
    frozen_now,
):
    output = seed_demo("--year", "2025")

    office = demo_office()
    ledger = Item.objects.filter(owning_office=office, year=2025, is_group=False)
    assert ledger.filter(source_kind=SourceKind.HIGHER_LEVEL).count() == 137
    assert ledger.filter(source_kind__in=INSTRUCTED).count() == 1791
    sources = Counter(ledger.values_list("source_kind", flat=True))
    assert sources[SourceKind.INSTRUCTION] > sum(sources[s] for s in INSTRUCTED) / 2
    assert "督办事项" in output

    # 督〔2025〕1号 … 1928号: unique, gap-free, in registration order, on working days.
    rows = list(ledger.order_by("sequence").values_list("sequence", "registered_on"))
    assert [sequence for sequence, _day in rows] == list(range(1, 1929))
    days = [day for _sequence, day in rows]
    assert days == sorted(days)
    assert all(day.year == 2025 for day in days)
    assert all(is_working_day(day) for day in set(days))
    sequence = NumberSequence.objects.get(office=office, series="supervision", year=2025)
    assert sequence.last == 1928
    assert Item.objects.get(owning_office=office, year=2025, sequence=1).number == "督〔2025〕1号"


def test_seed_demo_ledger_ends_the_year_mostly_closed_with_consistent_history(frozen_now):
    seed_demo("--year", "2025")

    ledger = Item.objects.filter(owning_office=demo_office(), year=2025)
    states = Counter(ledger.values_list("status", flat=True))
    closed = ledger.filter(status=ItemStatus.CLOSED)
    on_time = closed.filter(closed_on__lte=F("deadline")).count()
    late = closed.filter(closed_on__gt=F("deadline")).count()
    # A few items were still open when the year ended; they were finished early next year,
    # so nothing of the report year hangs open (and red) today.
    carried_over = closed.filter(closed_on__year=2026)
    assert states[ItemStatus.CLOSED] + states[ItemStatus.CANCELLED] == 1928
    assert on_time > 5 * late > 0
    assert 0 < states[ItemStatus.CANCELLED] < 60
    assert 0 < carried_over.count() < 100
    assert not carried_over.filter(closed_on__gt=date(2026, 7, 31)).exists()
    assert ledger.filter(deadline__lt=F("registered_on")).count() == 0
    # Units, leaders and texts vary like a real ledger.
    assert ledger.values("lead_unit").distinct().count() >= 30
    assert ledger.filter(cooperating_units__isnull=False).distinct().count() > 100
    instructions = ledger.filter(source_kind=SourceKind.INSTRUCTION)
    assert instructions.filter(instruction_text="").count() == 0
    assert instructions.values("instructing_leader").distinct().count() >= 3
    assert ledger.values("title").distinct().count() > 1500

    # Each closed item went through the workflow: assigned, accepted, completion, closure.
    logs = TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Item), object_id__in=ledger.values("pk")
    )
    transitions = Counter(logs.values_list("transition", flat=True))
    assert transitions["close"] == states[ItemStatus.CLOSED]
    assert transitions["cancel"] == states[ItemStatus.CANCELLED]
    assert transitions["request_completion"] >= states[ItemStatus.CLOSED]
    assert transitions["send_back"] > 0
    reports = ProgressReport.objects.filter(item__in=ledger)
    assert reports.filter(is_completion=True).values("item").distinct().count() >= len(closed)
    assert closed.filter(progress=100).count() == closed.count()
    # Stamped when they happened: only the carried-over items have 2026 entries.
    late_logs = logs.filter(created_at__year=2026).values_list("object_id", flat=True)
    assert set(late_logs) <= set(carried_over.values_list("pk", flat=True))
    assert ExtensionRequest.objects.filter(item__in=ledger, status="approved").exists()
    assert Urge.objects.filter(item__in=ledger).exists()
    # History is not news: nobody is notified about the ledger's items.
    urls = [item.get_absolute_url() for item in ledger.only("pk")]
    assert not Notification.objects.filter(url__in=urls).exists()


def test_seed_demo_live_items_show_every_colour_today(frozen_now):
    seed_demo("--year", "2025")

    this_year = Item.objects.filter(owning_office=demo_office(), year=2026)
    # The current year's own ledger up to yesterday (hundreds of items, so the dashboard reads
    # like a live office), then the live items numbered after it.
    live = this_year.filter(sequence__gt=CURRENT_LEDGER)
    assert this_year.filter(sequence__lte=CURRENT_LEDGER).count() == CURRENT_LEDGER
    assert CURRENT_LEDGER >= 300
    colours = Counter(colours_by_pk(live.leaves(), frozen_now).values())
    assert {Colour.BLUE, Colour.YELLOW, Colour.RED, Colour.NONE} <= set(colours)
    assert 25 <= live.count() <= 35
    assert live.filter(status=ItemStatus.COMPLETION_REQUESTED).exists()
    assert live.filter(status=ItemStatus.CLOSED).exists()
    assert (
        ExtensionRequest.objects.filter(item__in=live, status=ExtensionStatus.PENDING).count() == 1
    )
    assert LeaderComment.objects.filter(item__in=live).exists()
    assert Urge.objects.filter(item__in=live).exists()
    split = live.get(is_group=True)
    assert split.children.count() == 3
    # Numbered by the service with no gap, after the year's ledger; the split's units' items
    # are its parts (督〔2026〕N号-1 …) and use no number of their own.
    assert sorted(set(live.values_list("sequence", flat=True))) == list(
        range(CURRENT_LEDGER + 1, CURRENT_LEDGER + live.filter(part=0).count() + 1)
    )
    assert sorted(split.children.values_list("part", flat=True)) == [1, 2, 3]
    # The liaisons were told about their new items, as the services do; the units of the
    # overdue items have a head for the weekly escalation, who sees only their unit.
    assert Notification.objects.filter(recipient__username="unit_liaison").exists()
    red = [pk for pk, colour in colours_by_pk(live.leaves(), frozen_now).items() if colour == "red"]
    heads = {item.lead_unit.head for item in live.filter(pk__in=red).select_related("lead_unit")}
    assert {"head_cgz", "head_fgj", "head_jyj", "head_czj"} <= {h.username for h in heads if h}
    assert all(head.sees_own_unit_only for head in heads if head)


def test_seed_demo_second_run_creates_nothing(frozen_now):
    seed_demo("--year", "2025")
    items, reports = Item.objects.count(), ProgressReport.objects.count()

    output = seed_demo("--year", "2025")

    assert "演示数据已存在，本次未新建任何内容" in output
    assert (Item.objects.count(), ProgressReport.objects.count()) == (items, reports)


def test_seed_demo_for_the_current_year_numbers_live_items_after_the_ledger(frozen_now):
    seed_demo("--year", "2026")

    items = Item.objects.filter(owning_office=demo_office(), year=2026)
    ledger, live = items.filter(sequence__lte=1928), items.filter(sequence__gt=1928)
    assert ledger.filter(source_kind=SourceKind.HIGHER_LEVEL).count() == 137
    assert ledger.filter(source_kind__in=INSTRUCTED).count() == 1791
    assert not ledger.filter(registered_on__gte=frozen_now).exists()  # up to yesterday
    sequences = sorted(set(items.values_list("sequence", flat=True)))
    assert sequences == list(range(1, len(sequences) + 1))
    assert 25 <= live.count() <= 35
    colours = set(colours_by_pk(live.leaves(), frozen_now).values())
    assert {Colour.BLUE, Colour.YELLOW, Colour.RED, Colour.NONE} <= colours


def test_the_second_county_has_a_smaller_less_punctual_ledger_of_its_own(client, frozen_now):
    seed_demo("--year", "2025")
    office_a, office_b = demo_office(), User.objects.get(username="b_staff").office
    assert office_b != office_a

    def figures(office, year):
        leaves = Item.objects.filter(owning_office=office, year=year, is_group=False)
        closed = Item.objects.filter(
            owning_office=office, is_group=False, status=ItemStatus.CLOSED, closed_on__year=year
        )
        on_time = closed.filter(closed_on__lte=F("deadline")).count()
        return leaves.count(), round(100 * on_time / closed.count(), 1)

    a_2025, b_2025 = figures(office_a, 2025), figures(office_b, 2025)
    b_2026 = figures(office_b, 2026)
    # 云溪县: about a quarter of 青川县's items in each year, and a lower on-time rate.
    assert 400 <= b_2025[0] <= 550 and b_2025[0] < a_2025[0]
    assert 60 <= b_2026[0] <= 150
    assert b_2025[1] < a_2025[1]
    # Its items go to its own units, handled by its own liaison.
    b_items = Item.objects.filter(owning_office=office_b)
    assert not b_items.exclude(lead_unit__office=office_b).exists()
    assert ProgressReport.objects.filter(
        item__owning_office=office_b, author__username="b_liaison"
    ).exists()

    # The city office's comparison shows the two counties with different figures.
    client.force_login(User.objects.get(username="city_staff"))
    page = client.get("/reports/counties/", {"year": 2025})
    assert page.status_code == 200
    [registered] = [r for r in page.context["compared"] if r.figure.key == "supervision.registered"]
    [rate] = [r for r in page.context["compared"] if r.figure.key == "supervision.on_time_rate"]
    counties = [county.pk for county in page.context["counties"]]
    by_county = dict(zip(counties, registered.cells, strict=True))
    rates = dict(zip(counties, rate.cells, strict=True))
    assert by_county[office_a.pk][0] == a_2025[0] and by_county[office_b.pk][0] == b_2025[0]
    assert rates[office_a.pk][0] == a_2025[1] and rates[office_b.pk][0] == b_2025[1]
    assert rates[office_a.pk][1] == 1 and rates[office_b.pk][1] == 2
