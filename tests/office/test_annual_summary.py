"""The annual work summary page (/reports/annual/<year>/): the figures in the report's
chapters beside last year's, each count linked to its records, and the director's text
draft generated around them, edited in versions, never overwritten unasked, and downloaded
as a GB/T 9704 .docx. The figures are counted here again from the item table."""

# ruff: noqa: F811 (the fixtures imported from test_annual_api are used by name)
import io
import re

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from office.annual import compose
from office.models import AnnualReportDraft, DraftStatus
from tests.office.test_annual_api import NOW, expected, people, year_2025  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def page_of(client, user, year=2025, **params):
    client.force_login(user)
    return client.get(reverse("annual_report", args=[year]), params)


def test_the_draft_tells_the_years_figures_in_the_reports_words(
    county_a, people, year_2025, at_now
):
    figures = expected({"owning_office": county_a["office"]}, 2025)
    text = compose(2025, county_a["office"])
    title, *lines = text.splitlines()
    assert title == f"{county_a['office']}2025年工作总结"
    assert "一、督查落实" in lines
    assert f"完成上级交办工作{figures['from_higher_level']}项" in text
    assert f"跟踪落实县委县政府批示部署事项{figures['instructed']}件" in text
    assert f"办结{figures['closed']}件" in text
    assert f"按时办结率{figures['on_time_rate']}%" in text


def test_the_page_shows_each_chapter_with_last_years_figure_beside(
    client, county_a, people, year_2025, at_now
):
    page = page_of(client, people["director"]).content.decode()
    this_year = expected({"owning_office": county_a["office"]}, 2025)
    last_year = expected({"owning_office": county_a["office"]}, 2024)
    assert 'data-chapter="supervision"' in page
    row = page.split('data-figure="supervision.registered"')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="text-end[^"]*">(.*?)</td>', row, re.S)
    assert str(this_year["registered"]) in cells[0]
    assert str(last_year["registered"]) in cells[1]


def test_a_count_links_to_the_list_with_that_many_rows(client, county_a, people, year_2025, at_now):
    page = page_of(client, people["director"]).content.decode()
    row = page.split('data-figure="supervision.closed"')[1].split("</tr>")[0]
    url = re.search(r'<a href="([^"]+)" class="figure-value">(\d+)</a>', row)
    assert url, "the closed count is a link"
    listed = client.get(url[1].replace("&amp;", "&"))
    assert listed.context["table"].paginator.count == int(url[2])
    assert int(url[2]) == expected({"owning_office": county_a["office"]}, 2025)["closed"]


def test_the_director_generates_edits_and_keeps_versions(client, county_a, people, at_now):
    director = people["director"]
    client.force_login(director)
    generate = reverse("annual_draft_generate", args=[2025])
    assert client.post(generate).status_code == 302
    draft = AnnualReportDraft.objects.get(owning_office=county_a["office"], year=2025)
    assert draft.status == DraftStatus.GENERATED

    edited = draft.text + "\n全年未发生重大失误。"
    answer = client.post(reverse("annual_draft_edit", args=[2025]), {"text": edited})
    assert answer.status_code == 302
    draft.refresh_from_db()
    assert (draft.text, draft.status) == (edited, DraftStatus.EDITED)

    # Regenerating does not overwrite the edits unasked: the director is asked first.
    asked = client.post(generate)
    assert asked.status_code == 200
    assert "替换已修改的草稿" in asked.content.decode()
    draft.refresh_from_db()
    assert draft.text == edited
    client.post(generate, {"overwrite": "1"})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.GENERATED and "重大失误" not in draft.text

    page = page_of(client, director).content.decode()
    versions = page.split('id="draft-versions"')[1]
    assert versions.count("系统生成") == 2 and versions.count("已修改") == 1


def test_only_the_director_writes_and_others_read(client, county_a, people, at_now):
    client.force_login(people["director"])
    client.post(reverse("annual_draft_generate", args=[2025]))
    staff = people["staff"]
    page = page_of(client, staff).content.decode()
    assert reverse("annual_draft_generate", args=[2025]) not in page
    assert reverse("annual_draft_edit", args=[2025]) not in page
    assert reverse("annual_draft_docx", args=[2025]) in page
    assert client.post(reverse("annual_draft_generate", args=[2025])).status_code == 403
    refused = client.post(reverse("annual_draft_edit", args=[2025]), {"text": "改写"})
    assert refused.status_code == 403
    assert "改写" not in AnnualReportDraft.objects.get().text


def test_an_empty_draft_is_refused_with_a_message_and_nothing_saved(client, people, at_now):
    client.force_login(people["director"])
    answer = client.post(reverse("annual_draft_edit", args=[2025]), {"text": "   "})
    assert answer.status_code == 200
    assert "必填" in answer.content.decode()
    assert not AnnualReportDraft.objects.exists()


def test_the_docx_carries_the_draft_in_the_official_layout(
    client, county_a, people, year_2025, at_now
):
    client.force_login(people["director"])
    client.post(reverse("annual_draft_generate", args=[2025]))
    answer = client.get(reverse("annual_draft_docx", args=[2025]))
    assert answer["Content-Type"].endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(answer.content)).paragraphs)
    figures = expected({"owning_office": county_a["office"]}, 2025)
    assert f"{county_a['office']}2025年工作总结" in text
    assert "一、督查落实" in text
    assert f"完成上级交办工作{figures['from_higher_level']}项" in text


def test_a_city_reader_reads_a_countys_draft_but_writes_none(client, county_a, people, at_now):
    client.force_login(people["director"])
    client.post(reverse("annual_draft_generate", args=[2025]))
    city = people["city_staff"]
    page = page_of(client, city, office=county_a["office"].pk).content.decode()
    assert reverse("annual_draft_generate", args=[2025]) not in page
    assert reverse("annual_draft_edit", args=[2025]) not in page
    assert county_a["office"].name in page
    docx = client.get(reverse("annual_draft_docx", args=[2025]), {"office": county_a["office"].pk})
    assert docx.status_code == 200


def test_the_city_office_compares_its_counties_and_ranks_rates_only(
    client, county_a, county_b, people, year_2025, at_now
):
    client.force_login(people["city_staff"])
    page = client.get(reverse("county_comparison"), {"year": 2025})
    assert page.status_code == 200
    html = page.content.decode()
    assert county_a["office"].name in html and county_b["office"].name in html
    a = expected({"owning_office": county_a["office"]}, 2025)
    b = expected({"owning_office": county_b["office"]}, 2025)
    [registered] = [r for r in page.context["compared"] if r.figure.key == "supervision.registered"]
    assert [value for value, _rank in registered.cells] == [a["registered"], b["registered"]]
    assert [rank for _value, rank in registered.cells] == [None, None]  # counts: no ranking
    [rate] = [r for r in page.context["compared"] if r.figure.key == "supervision.on_time_rate"]
    assert [value for value, _rank in rate.cells] == [a["on_time_rate"], b["on_time_rate"]]
    # County B closed nothing in 2025: no rate, no rank; county A is first.
    assert [rank for _value, rank in rate.cells] == [1, None]
    # A county's name leads to its own summary, read-only.
    assert f"{reverse('annual_report', args=[2025])}?office={county_b['office'].pk}" in html


def test_a_county_user_cannot_reach_the_comparison(client, people, at_now):
    client.force_login(people["director"])
    assert client.get(reverse("county_comparison")).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert reverse("county_comparison") not in home


def test_shared_ranks_give_equal_values_the_same_place():
    from office.annual import shared_ranks

    assert shared_ranks([90.0, 95.5, 90.0, None, 80.0]) == [2, 1, 2, None, 4]


def test_the_leaders_home_shows_the_years_key_figures_against_last_year(
    client, county_a, make_user, people, year_2025
):
    from office.roles import Role

    leader = make_user(county_a["committee"], Role.LEADER)
    client.force_login(leader)
    with time_machine.travel(NOW, tick=False):  # 2026-03-10: the year so far, and 2025
        page = client.get(reverse("home")).content.decode()
    row = page.split('data-figure="supervision.closed"')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="text-end[^"]*">(.*?)</td>', row, re.S)
    so_far = expected({"owning_office": county_a["office"]}, 2026)["closed"]
    last = expected({"owning_office": county_a["office"]}, 2025)["closed"]
    assert re.sub(r"<[^>]+>|\s", "", cells[0]).startswith(str(so_far))
    assert cells[1].strip() == str(last)
    # Staff have no such card.
    client.force_login(people["staff"])
    with time_machine.travel(NOW, tick=False):
        assert (
            'data-widget="office.headline_figures"'
            not in client.get(reverse("home")).content.decode()
        )
