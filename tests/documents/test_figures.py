"""The annual figures of documents (GET /api/v1/reports/annual/<year>/), against counts
computed independently here; and the seed's figures out of the demo data."""

from datetime import date

import pytest
import time_machine

from documents import services
from documents.choices import DocStatus, ManuscriptKind
from documents.models import InfoPiece, Manuscript, OfficialDocument, ResearchVisit
from office.models import User

from .conftest import issued, manuscript

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/annual/{year}/"


def _delivered(people, kind, text, *, day, **changes):
    m = manuscript(people, kind=kind, text=text, assigned_on=day, **changes)
    services.manuscript_deliver(actor=people["staff"], manuscript=m, today=day)
    return m


def test_the_years_figures_are_counted_from_the_records(client, people, county_a):
    _delivered(people, ManuscriptKind.SPEECH, "今年以来，成效明显。", day=date(2025, 4, 1))
    _delivered(
        people, ManuscriptKind.COMMISSIONED, "县域经济的实践与思考。", day=date(2025, 5, 6),
        commissioning_body="市委政策研究室", due_date=date(2025, 5, 20),
    )  # fmt: skip
    article = _delivered(
        people, ManuscriptKind.SIGNED_ARTICLE, "以党建引领发展。", day=date(2025, 6, 2)
    )
    services.manuscript_publish(
        actor=people["staff"], manuscript=article, journal="《工作研究》", journal_issue="",
        published_on=date(2025, 7, 1),
    )  # fmt: skip
    manuscript(people, text="还在起草中的一篇。", assigned_on=date(2025, 11, 3))  # not delivered
    _delivered(people, ManuscriptKind.SPEECH, "明年的讲话。", day=date(2026, 1, 5))
    services.visit_create(
        actor=people["staff"],
        data=services.VisitData(
            visiting_body="省委政策研究室", level="province", topic="乡村振兴",
            start_date=date(2025, 9, 1), end_date=date(2025, 9, 2),
        ),
    )  # fmt: skip
    for day in (date(2024, 3, 1), date(2024, 4, 1), date(2025, 3, 3)):
        issued(people, today=day)
    for adopted_on in (date(2025, 5, 8), date(2026, 1, 6)):
        piece = services.info_submit(
            actor=people["staff"], unit=county_a["township"], title="城关镇信息", text="近日。",
            submitted_on=date(2025, 5, 6),
        )  # fmt: skip
        services.info_forward(actor=people["staff"], piece=piece)
        services.info_adopt(
            actor=people["staff"], piece=piece, adopted_by="city", adopted_on=adopted_on
        )

    client.force_login(people["director"])
    figures = client.get(URL.format(year=2025)).json()["figures"]["documents"]

    office = people["staff"].office
    delivered = Manuscript.objects.filter(
        owning_office=office, status="delivered", delivered_on__year=2025
    )
    assert figures == {
        "manuscripts": delivered.count(),
        "manuscript_characters": sum(m.characters for m in delivered),
        "research_visits": ResearchVisit.objects.filter(start_date__year=2025).count(),
        "commissioned_articles": delivered.filter(kind="commissioned").count(),
        "signed_articles_published": 1,
        "issued": OfficialDocument.objects.filter(
            status=DocStatus.ISSUED, issued_on__year=2025
        ).count(),
        "issued_last_year": 2,
        "information_adopted": InfoPiece.objects.filter(adopted_on__year=2025).count(),
    }
    assert figures["information_adopted"] == 1
    assert figures["manuscripts"] == 3
    assert figures["manuscript_characters"] == 10 + 11 + 8


@pytest.mark.slow
def test_the_demo_gives_the_seeds_figures(client):
    from tests.supervision import test_demo

    with time_machine.travel(test_demo.NOW, tick=False):
        test_demo.seed_demo("--year", "2025")
        client.force_login(User.objects.get(username="director"))
        figures = client.get(URL.format(year=2025)).json()["figures"]["documents"]
    assert figures["manuscripts"] >= 130
    assert figures["manuscript_characters"] >= 1_000_000
    assert figures["research_visits"] == 8
    assert figures["commissioned_articles"] == 8
    assert figures["signed_articles_published"] == 2
    assert figures["issued"] < figures["issued_last_year"]
    texts = list(Manuscript.objects.values_list("text", flat=True))
    assert len(set(texts)) == len(texts)  # generated prose, no two alike
    # The current year up to a fortnight ago holds an issued ledger: fewer than by the same
    # date last year (只减不增), but not a handful; the live documents follow it.
    office = User.objects.get(username="director").office
    issued = OfficialDocument.objects.filter(owning_office=office, status=DocStatus.ISSUED)
    this_year = issued.filter(issued_on__year=2026)
    ledger = this_year.filter(issued_on__lte=date(2026, 11, 11))
    same_period = issued.filter(issued_on__year=2025, issued_on__lte=date(2025, 11, 11))
    assert 0.75 * same_period.count() <= ledger.count() < this_year.count() < same_period.count()
    numbers = sorted(this_year.values_list("sequence", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
