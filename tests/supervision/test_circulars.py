"""Circulars (督查通报): figures of a period from the data, a draft the director edits and
publishes to the units concerned, and the .docx."""

import io
from datetime import date

import docx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from docx.oxml.ns import qn

from office.models import Notification, OrgUnit, OrgUnitKind
from office.roles import Role
from office.workflow import TransitionForbidden
from supervision import circulars, services
from supervision.choices import CircularStatus
from supervision.models import Circular

from .conftest import frozen

pytestmark = pytest.mark.django_db

START, END = date(2026, 3, 1), date(2026, 3, 31)
TODAY = date(2026, 4, 2)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shows(response, text) -> bool:
    return escape(text) in response.content.decode()


@pytest.fixture
def close(director):
    """``close(item, on=date, by=liaison)``: completion report by the unit, closure by the
    director, both on that day."""

    def done(item, *, on: date, by):
        with frozen(on):
            services.report_submit(
                actor=by, item=item, text="已办结。", percent=100, completion=True
            )
            services.item_close(actor=director, item=item, comment="同意销号。")
        item.refresh_from_db()
        return item

    return done


@pytest.fixture
def march(make_item, close, lead_unit, other_unit, liaison, other_liaison, director):
    """March 2026 in county A, with outcomes known in advance:

    城关镇 (lead_unit): 3 items — one closed 10 days early, one closed late, one overdue
        → closed 2 of 3 (66.7%), on time 1 of 2 (50.0%), overdue 1.
    财政局 (other_unit): 2 items — one closed on time, one open and not yet due
        → closed 1 of 2 (50.0%), on time 1 of 1 (100.0%), overdue 0.
    Plus what must not count: an item closed in February, a cancelled one.
    """
    early = make_item(on=date(2026, 3, 2), title="老旧小区改造", deadline=date(2026, 3, 20))
    close(early, on=date(2026, 3, 10), by=liaison)
    late = make_item(on=date(2026, 3, 2), title="河道整治", deadline=date(2026, 3, 12))
    close(late, on=date(2026, 3, 16), by=liaison)
    make_item(on=date(2026, 3, 2), title="便民中心建设", deadline=date(2026, 3, 25))
    on_time = make_item(
        on=date(2026, 3, 3), title="预算公开", lead_unit=other_unit, deadline=date(2026, 3, 31)
    )
    close(on_time, on=date(2026, 3, 30), by=other_liaison)
    make_item(
        on=date(2026, 3, 3), title="专项资金检查", lead_unit=other_unit, deadline=date(2026, 4, 30)
    )
    february = make_item(on=date(2026, 2, 2), title="春节值班", deadline=date(2026, 2, 20))
    close(february, on=date(2026, 2, 10), by=liaison)
    cancelled = make_item(on=date(2026, 3, 4), title="已撤回事项", deadline=date(2026, 3, 6))
    with frozen(date(2026, 3, 5)):
        services.item_cancel(actor=director, item=cancelled, reason="上级撤回。")
    return {"early": early}


@pytest.fixture
def draft(march, staff):
    with frozen(TODAY):
        return services.circular_create(
            actor=staff, title="三月督查通报", period_start=START, period_end=END
        )


# --- Figures -----------------------------------------------------------------------------------


def test_figures_of_the_period_rank_units_by_closed_rate(march, office_a, lead_unit, other_unit):
    figures = circulars.compute_figures(office_a, START, END, today=TODAY)

    assert figures.totals.registered == 5
    assert figures.totals.closed == 3
    assert figures.totals.open == 2
    assert figures.totals.overdue == 1
    assert circulars.percent(figures.totals.on_time_rate) == "66.7%"
    rows = {row[1]: row for row in circulars.unit_table_rows(figures)}
    # rank, unit, items, closed, closed rate, on time, on-time rate, overdue
    assert rows[lead_unit.name] == ["1", lead_unit.name, "3", "2", "66.7%", "1", "50.0%", "1"]
    assert rows[other_unit.name] == ["2", other_unit.name, "2", "1", "50.0%", "1", "100.0%", "0"]
    [group] = figures.overdue
    assert group.unit_name == lead_unit.name
    assert [(i.title, i.days_overdue) for i in group.items] == [("便民中心建设", 6)]
    assert [(c.title, c.days_early) for c in figures.noteworthy] == [("老旧小区改造", 10)]


def test_figures_of_a_running_period_count_overdue_as_of_today(march, office_a):
    figures = circulars.compute_figures(office_a, START, END, today=date(2026, 3, 14))
    # On 14 March 河道整治 (due 12 March, closed only on 16 March) is two days overdue, and
    # 便民中心建设 (due 25 March) is not overdue yet.
    assert figures.as_of == date(2026, 3, 14)
    assert figures.totals.overdue == 1
    assert [(i.title, i.days_overdue) for g in figures.overdue for i in g.items] == [
        ("河道整治", 2)
    ]


def test_figures_cost_the_same_queries_for_two_units_or_eight(march, office_a, county_a, make_item):
    with CaptureQueriesContext(connection) as few:
        circulars.compute_figures(office_a, START, END, today=TODAY)
    for n in range(6):
        unit = OrgUnit.objects.create(
            name=f"甲乡{n}", kind=OrgUnitKind.TOWNSHIP, parent=county_a["committee"]
        )
        make_item(on=date(2026, 3, 2), title=f"事项{n}", lead_unit=unit, deadline=date(2026, 3, 9))
    with CaptureQueriesContext(connection) as many:
        figures = circulars.compute_figures(office_a, START, END, today=TODAY)
    assert len(figures.units) == 8
    assert len(many) == len(few)


def test_the_draft_text_states_the_figures(draft, lead_unit):
    assert draft.status == CircularStatus.DRAFT
    assert "66.7%" in draft.text
    assert lead_unit.name in draft.text
    assert "便民中心建设" in draft.text
    assert "老旧小区改造" in draft.text


# --- Pages ------------------------------------------------------------------------------------


def test_staff_generates_a_draft_for_a_period(march, staff):
    with frozen(TODAY):
        response = client_for(staff).post(
            reverse("supervision:circular_add"),
            {"title": "三月督查通报", "period_start": "2026-03-01", "period_end": "2026-03-31"},
        )
    circular = Circular.objects.get()
    assert response.status_code == 302
    assert response["Location"] == circular.get_absolute_url()
    assert circular.title == "三月督查通报"
    assert "66.7%" in circular.text
    assert circular.status == CircularStatus.DRAFT
    assert not circular.units.exists()


def test_a_period_that_ends_before_it_starts_is_refused(staff):
    response = client_for(staff).post(
        reverse("supervision:circular_add"),
        {"title": "x", "period_start": "2026-03-31", "period_end": "2026-03-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"]
    assert not Circular.objects.exists()


def test_the_director_edits_the_draft_text(draft, director):
    client = client_for(director)
    url = reverse("supervision:circular_edit", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "三月通报（修改）", "text": "一、总体情况\n\n改写的正文。"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "三月通报（修改）"
    assert draft.text == "一、总体情况\n\n改写的正文。"


def test_the_detail_page_shows_the_text_the_rates_and_the_actions(draft, director, lead_unit):
    with frozen(TODAY):
        response = client_for(director).get(draft.get_absolute_url())
    assert response.status_code == 200
    assert shows(response, lead_unit.name)
    assert shows(response, "66.7%")
    assert shows(response, reverse("supervision:circular_publish", args=[draft.pk]))
    assert shows(response, reverse("supervision:circular_edit", args=[draft.pk]))
    assert shows(response, reverse("supervision:circular_docx", args=[draft.pk]))


def test_the_list_shows_circulars_with_search_and_an_empty_state(draft, staff):
    client = client_for(staff)
    response = client.get(reverse("supervision:circular_list"))
    assert shows(response, "三月督查通报")
    assert not shows(
        client.get(reverse("supervision:circular_list"), {"q": "四月"}), "三月督查通报"
    )
    response = client.get(reverse("supervision:circular_list"), {"status": "published"})
    assert not shows(response, "三月督查通报")
    assert "empty-state" in response.content.decode()


# --- Publishing -----------------------------------------------------------------------------------


def test_publishing_notifies_the_liaisons_of_the_units_concerned_only(
    make_item, close, liaison, second_liaison, director, staff, county_a, make_user, other_unit
):
    item = make_item(on=date(2026, 3, 2), title="老旧小区改造", deadline=date(2026, 3, 20))
    close(item, on=date(2026, 3, 10), by=liaison)
    bystander = make_user(other_unit, Role.UNIT_LIAISON)  # 财政局 had no item in March
    with frozen(TODAY):
        circular = services.circular_create(
            actor=staff, title="三月督查通报", period_start=START, period_end=END
        )
    Notification.objects.all().delete()

    with frozen(TODAY):
        page = client_for(director).get(reverse("supervision:circular_publish", args=[circular.pk]))
        assert shows(page, item.lead_unit.name)
        response = client_for(director).post(
            reverse("supervision:circular_publish", args=[circular.pk])
        )

    assert response.status_code == 302
    circular.refresh_from_db()
    assert circular.status == CircularStatus.PUBLISHED
    assert circular.published_at is not None
    assert list(circular.units.all()) == [item.lead_unit]
    notified = set(Notification.objects.values_list("recipient", flat=True))
    assert notified == {liaison.pk, second_liaison.pk}
    assert bystander.pk not in notified
    assert Notification.objects.filter(url=circular.get_absolute_url()).count() == 2


def test_only_the_director_can_publish(draft, staff, liaison):
    url = reverse("supervision:circular_publish", args=[draft.pk])
    assert client_for(staff).get(url).status_code == 403
    assert client_for(staff).post(url).status_code == 403
    with pytest.raises(TransitionForbidden):
        services.circular_publish(actor=staff, circular=draft)
    draft.refresh_from_db()
    assert draft.status == CircularStatus.DRAFT
    assert not Notification.objects.filter(url=draft.get_absolute_url()).exists()
    detail = client_for(staff).get(draft.get_absolute_url())
    assert not shows(detail, url)


def test_a_published_circular_cannot_be_published_again_or_edited(draft, director):
    with frozen(TODAY):
        services.circular_publish(actor=director, circular=draft)
    client = client_for(director)
    sent = Notification.objects.count()
    response = client.post(reverse("supervision:circular_publish", args=[draft.pk]), follow=True)
    assert Notification.objects.count() == sent
    edit = client.post(
        reverse("supervision:circular_edit", args=[draft.pk]), {"title": "改", "text": "改"}
    )
    assert edit.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "三月督查通报"
    assert response.status_code == 200


# --- Who sees what --------------------------------------------------------------------------------


def test_liaisons_see_a_circular_once_published_to_their_unit_only(
    draft, director, liaison, other_liaison, make_user, county_a
):
    url = draft.get_absolute_url()
    assert client_for(liaison).get(url).status_code == 404  # a draft: nobody outside the office
    with frozen(TODAY):
        services.circular_publish(actor=director, circular=draft)

    assert client_for(liaison).get(url).status_code == 200
    assert (
        client_for(liaison).get(reverse("supervision:circular_docx", args=[draft.pk])).status_code
        == 200
    )
    # 财政局 is in March's table too; a unit that is not gets a 404.
    section_liaison = make_user(county_a["section"], Role.UNIT_LIAISON)
    assert client_for(section_liaison).get(url).status_code == 404
    assert (
        client_for(section_liaison)
        .get(reverse("supervision:circular_docx", args=[draft.pk]))
        .status_code
        == 404
    )
    listing = client_for(section_liaison).get(reverse("supervision:circular_list"))
    assert not shows(listing, draft.title)
    assert shows(client_for(liaison).get(reverse("supervision:circular_list")), draft.title)


def test_another_countys_office_cannot_see_the_circular(draft, staff_b_office):
    assert client_for(staff_b_office).get(draft.get_absolute_url()).status_code == 404


# --- The .docx --------------------------------------------------------------------------------------


def test_the_docx_opens_and_has_the_title_text_and_unit_table(draft, staff, lead_unit, other_unit):
    with frozen(TODAY):
        response = client_for(staff).get(reverse("supervision:circular_docx", args=[draft.pk]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    # The red masthead (督查通报) comes first now; the title follows it.
    [title] = [p for p in document.paragraphs if p.text == "三月督查通报"]
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.font.size.pt == 22
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = [p for p in document.paragraphs[1:] if "66.7%" in p.text][0]
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    table, _colophon = document.tables  # the colophon (版记) is a table at the foot
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[1] == ["1", lead_unit.name, "3", "2", "66.7%", "1", "50.0%", "1"]
    assert rows[2][1] == other_unit.name
    assert len(rows) == 3


def test_the_docx_masthead_numbers_published_circulars_in_the_year(draft, staff, director):
    def masthead(circular):
        with frozen(TODAY):
            content = client_for(staff).get(
                reverse("supervision:circular_docx", args=[circular.pk])
            )
        return [p.text for p in docx.Document(io.BytesIO(content.content)).paragraphs[:3]]

    # A draft has the red 督查通报 mark but no issue number yet.
    assert masthead(draft)[0] == "督查通报"
    assert "第1期" not in masthead(draft)
    with frozen(TODAY):
        services.circular_publish(actor=director, circular=draft)
        second = services.circular_create(
            actor=staff, title="四月督查通报", period_start=START, period_end=END
        )
        services.circular_publish(actor=director, circular=second)

    assert masthead(draft)[1] == "第1期"
    assert masthead(second)[1] == "第2期"
    assert masthead(second)[2] == f"\t{draft.owning_office.name}\t2026年4月2日"


def test_a_published_circulars_history_shows_no_raw_figures_and_no_repeated_publication(
    draft, director, liaison
):
    with frozen(TODAY):
        services.circular_publish(actor=director, circular=draft)

    page = client_for(liaison).get(draft.get_absolute_url()).content.decode()

    timeline = page[page.index('id="record-timeline"') :]
    assert "{'" not in timeline and "unit_id" not in timeline
    # The publication is told once, by its transition, not again as changed fields.
    assert timeline.count('data-kind="transition"') == 1
    assert 'data-kind="change"' not in timeline


# --- Wording --------------------------------------------------------------------------------


def test_the_draft_reads_as_a_writer_would_put_it(march, staff, lead_unit):
    with frozen(TODAY), translation.override("zh-hans"):
        circular = services.circular_create(
            actor=staff, title="", period_start=START, period_end=END
        )
        text = circular.text

    # A whole month is "3月份"; the rates say what they count; titles are quoted; counts
    # carry their 件.
    assert circular.title == "关于2026年3月份督办事项办理情况的通报"
    assert text.startswith("2026年3月份，")
    assert "办结率（办结件数÷本期在办件数）为" in text
    assert "“便民中心建设”" in text and "“老旧小区改造”" in text
    assert f"{lead_unit.name}（1件）" in text
    assert "—" not in text


def test_a_period_that_is_not_a_whole_month_is_named_by_its_days():
    with translation.override("zh-hans"):
        assert circulars.period_text(date(2026, 10, 1), date(2026, 10, 31)) == "2026年10月份"
        assert circulars.period_text(date(2026, 1, 1), date(2026, 12, 31)) == "2026年"
        assert "至" in circulars.period_text(date(2026, 10, 8), date(2026, 10, 31))


def test_units_tied_on_their_figures_share_a_rank(office_a, make_item, close, lead_unit,
                                                  other_unit, liaison, other_liaison):  # fmt: skip
    ours = make_item(on=date(2026, 3, 2), title="甲", deadline=date(2026, 3, 20))
    theirs = make_item(
        on=date(2026, 3, 2), title="乙", lead_unit=other_unit, deadline=date(2026, 3, 20)
    )
    close(ours, on=date(2026, 3, 10), by=liaison)
    close(theirs, on=date(2026, 3, 10), by=other_liaison)

    figures = circulars.compute_figures(office_a, START, END, today=TODAY)

    assert [row[0] for row in circulars.unit_table_rows(figures)] == ["1", "1"]


def test_the_docx_unit_column_does_not_wrap(draft, staff):
    with frozen(TODAY):
        response = client_for(staff).get(reverse("supervision:circular_docx", args=[draft.pk]))

    # The colophon (版记) is a table at the foot of the last page.
    table, _colophon = docx.Document(io.BytesIO(response.content)).tables
    for row in table.rows:
        assert row.cells[1]._tc.tcPr.find(qn("w:noWrap")) is not None
