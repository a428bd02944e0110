"""Every annual figure of documents links to the list of the records it counts: opened by the
director, that list has exactly as many rows as the figure (for the characters, the rows'
characters add up to it), on a small hand-made year."""

import re
from datetime import date

import pytest

from documents import services
from documents.choices import ManuscriptKind
from documents.models import Manuscript
from office.registry import registry

from .conftest import issued, manuscript

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/annual/{year}/"
# The detail URL each list's rows link to: /documents/<section>/<pk>/.
ROW = re.compile(r'href="/documents/(official|manuscripts|visits|information)/(\d+)/"')


def _delivered(people, kind, text, *, day, **changes):
    m = manuscript(people, kind=kind, text=text, assigned_on=day, **changes)
    services.manuscript_deliver(actor=people["staff"], manuscript=m, today=day)
    return m


def _a_year_of_records(people, county_a):
    """2025 and the years around it, with records on each side of every boundary."""
    for day in (date(2025, 4, 1), date(2025, 12, 31)):
        _delivered(people, ManuscriptKind.SPEECH, "今年以来，成效明显。" * 3, day=day)
    _delivered(
        people, ManuscriptKind.COMMISSIONED, "县域经济的实践与思考。", day=date(2025, 5, 6),
        commissioning_body="市委政策研究室", due_date=date(2025, 5, 20),
    )  # fmt: skip
    _delivered(
        people, ManuscriptKind.COMMISSIONED, "明年的约稿。", day=date(2026, 1, 5),
        commissioning_body="市委政策研究室", due_date=date(2026, 1, 20),
    )  # fmt: skip
    # Delivered in 2024, published in 2025: counts as published in 2025 only.
    article = _delivered(
        people, ManuscriptKind.SIGNED_ARTICLE, "以党建引领发展。", day=date(2024, 12, 2)
    )
    services.manuscript_publish(
        actor=people["staff"], manuscript=article, journal="《工作研究》", journal_issue="",
        published_on=date(2025, 2, 1),
    )  # fmt: skip
    manuscript(people, text="还在起草中的一篇。", assigned_on=date(2025, 11, 3))
    for start in (date(2025, 9, 1), date(2024, 12, 30)):
        services.visit_create(
            actor=people["staff"],
            data=services.VisitData(
                visiting_body="省委政策研究室", level="province", topic="乡村振兴",
                start_date=start, end_date=start,
            ),
        )  # fmt: skip
    for day in (date(2024, 3, 1), date(2024, 4, 1), date(2024, 5, 6)):
        issued(people, today=day)
    archived, voided = (
        issued(people, today=date(2025, 3, 3)),
        issued(people, today=date(2025, 4, 3)),
    )
    issued(people, today=date(2025, 6, 3))
    services.document_archive(actor=people["staff"], document=archived)
    services.document_void(actor=people["director"], document=voided, reason="有误。")
    for adopted_on in (date(2025, 5, 8), date(2026, 1, 6)):
        piece = services.info_submit(
            actor=people["staff"], unit=county_a["township"], title="城关镇信息", text="近日。",
            submitted_on=date(2025, 5, 6),
        )  # fmt: skip
        services.info_forward(actor=people["staff"], piece=piece)
        services.info_adopt(
            actor=people["staff"], piece=piece, adopted_by="city", adopted_on=adopted_on
        )
    services.info_submit(
        actor=people["staff"], unit=county_a["township"], title="未采用", text="近日。",
        submitted_on=date(2025, 5, 6),
    )  # fmt: skip


def test_every_figure_links_to_a_list_with_exactly_its_rows(client, people, county_a):
    _a_year_of_records(people, county_a)
    client.force_login(people["director"])
    figures = client.get(URL.format(year=2025)).json()["figures"]["documents"]

    linked = [f for f in registry.figures if f.app == "documents"]
    assert {f.name for f in linked} == set(figures)
    for figure in linked:
        assert figure.link is not None, figure.key
        link = figure.link(2025)
        response = client.get(link)
        assert response.status_code == 200, figure.key
        # /documents/ is the official documents' list, /documents/<section>/ the others'.
        section = link.split("?")[0].strip("/").partition("/")[2] or "official"
        found = ROW.findall(response.content.decode())
        rows = {int(pk) for row_section, pk in found if row_section == section}
        if figure.name == "manuscript_characters":
            summed = sum(
                Manuscript.objects.filter(pk__in=rows).values_list("characters", flat=True)
            )
            assert summed == figures[figure.name], figure.key
        else:
            assert len(rows) == figures[figure.name], figure.key
    # The data set reaches every figure: none of them is a trivial zero.
    assert figures == {
        "manuscripts": 3,
        "manuscript_characters": 30 + 30 + 11,
        "research_visits": 1,
        "commissioned_articles": 1,
        "signed_articles_published": 1,
        "issued": 2,  # the archived one and the third; the voided one no longer counts
        "issued_last_year": 3,
        "information_adopted": 1,
    }
