"""The reform dashboard as the leaders read it: the year's figures against last year, each a
link to the list with that many rows, and the pilots of the year by level and status, each
count a link to its pilots."""

import re
from datetime import date

import pytest
from django.test import Client

from reforms.summary import ANNUAL_FIGURES

from .conftest import frozen
from .test_figures import year_2026  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _rows_behind(client, href: str) -> int:
    response = client.get(href.replace("&amp;", "&"))
    assert response.status_code == 200
    return response.context["table"].paginator.count


def test_the_years_figures_stand_against_last_year_each_linked_to_its_rows(
    director,
    leader,
    year_2026,  # noqa: F811
):
    client = Client()
    with frozen(date(2026, 12, 31)):
        client.force_login(leader)
        page = client.get("/reforms/dashboard/?year=2026").content.decode()
        card = page.split('id="reform-against-last-year"')[1].split("</table>")[0]
        for figure in ANNUAL_FIGURES:
            row = card.split(f'data-figure="{figure.key}"')[1].split("</tr>")[0]
            (this_url, this_value), (last_url, last_value) = re.findall(
                r'<a [^>]*href="([^"]+)">(\d+)</a>', row
            )
            assert int(this_value) == figure.compute(2026, director.office)
            assert int(last_value) == figure.compute(2025, director.office)
            assert _rows_behind(client, this_url) == int(this_value), figure.key
            assert _rows_behind(client, last_url) == int(last_value), figure.key
    # Provincial honours: one this year, one last year.
    row = card.split('data-figure="reforms.honours_provincial"')[1].split("</tr>")[0]
    assert re.findall(r">(\d+)</a>", row) == ["1", "1"]


def test_each_pilot_count_of_the_year_links_to_that_many_pilots(leader, year_2026):  # noqa: F811
    client = Client()
    with frozen(date(2026, 12, 31)):
        client.force_login(leader)
        page = client.get("/reforms/dashboard/?year=2026").content.decode()
        table = page.split('id="pilots-by-level"')[1].split("</table>")[0]
        links = re.findall(r'<a href="([^"]+)" data-(?:status|figure)="[^"]+">(\d+)</a>', table)
        assert len(links) >= 4
        for href, count in links:
            assert _rows_behind(client, href) == int(count), href


def test_a_liaison_sees_no_office_wide_comparison(liaison, year_2026):  # noqa: F811
    client = Client()
    with frozen(date(2026, 12, 31)):
        client.force_login(liaison)
        response = client.get("/reforms/dashboard/?year=2026")
    assert 'id="reform-against-last-year"' not in response.content.decode()
