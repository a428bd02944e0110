"""The section assessment's computed targets read the year's records of the other apps (the
documents app's issued documents and delivered manuscripts, the meetings app's held meetings
a section served): the figures, the scores against the best section, the total, and each
figure's link to the records behind it, against counts made by hand."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from documents.models import Manuscript, OfficialDocument
from meetings.models import ChecklistTask
from office.models import OrgUnit, OrgUnitKind
from training import services
from training.models import Assessment
from training.selectors import assessment_results

from .conftest import make_meeting_with_study

pytestmark = pytest.mark.django_db
Criterion = services.CriterionData


def document(office, drafter, day, title, status="issued"):
    return OfficialDocument.objects.create(
        owning_office=office, doc_type="notice", title=title, issuer="县委办公室",
        issuer_code="甲委办发", drafter=drafter, status=status, issued_on=day,
    )  # fmt: skip


def delivered(office, author, day, title):
    return Manuscript.objects.create(
        owning_office=office, kind="speech", title=title, assigned_on=day - timedelta(days=5),
        author=author, status="delivered", delivered_on=day,
    )  # fmt: skip


@pytest.fixture
def year_2025(people, county_a, make_user):
    """秘书科 (李明, 张科长) and 综合科 (赵科员). 2025: 秘书科 drafted 4 issued documents,
    综合科 2 (a draft and a 2024 document do not count); manuscripts 1 and 3; 秘书科 served
    2 held meetings (two tasks at one of them), 综合科 1, and a planned meeting counts for
    nobody."""
    office, secretariat = county_a["office"], county_a["section"]
    general = OrgUnit.objects.create(name="甲综合科", kind=OrgUnitKind.SECTION, parent=office)
    clerk = make_user(general, "staff", name="赵科员")
    staff, head = people["staff"], people["head"]
    for n in range(4):
        document(office, staff if n % 2 else head, date(2025, 3, 1 + n), f"秘书科发文{n}")
    for n in range(2):
        document(office, clerk, date(2025, 5, 1 + n), f"综合科发文{n}")
    document(office, clerk, None, "综合科草稿", status="draft")
    document(office, staff, date(2024, 6, 1), "去年的发文")
    delivered(office, staff, date(2025, 4, 1), "秘书科讲话稿")
    for n in range(3):
        delivered(office, clerk, date(2025, 6, 1 + n), f"综合科文稿{n}")
    served = [
        make_meeting_with_study(county_a, date(2025, 2, 11), title="常委会（二月）"),
        make_meeting_with_study(county_a, date(2025, 7, 8), title="常委会（七月）"),
    ]
    planned = make_meeting_with_study(county_a, date(2025, 12, 9), status="approved")
    for meeting, owner in ((served[0], staff), (served[0], head), (served[1], clerk),
                           (served[1], staff), (planned, clerk)):  # fmt: skip
        ChecklistTask.objects.create(
            meeting=meeting, title="会务", owner=owner, deadline=meeting.starts_at.date()
        )
    assessment = services.assessment_create(
        actor=people["director"],
        year=2025,
        title="2025年度科室目标考核",
        criteria=[
            Criterion("办文", 40, "documents_drafted"),
            Criterion("文稿", 30, "manuscripts"),
            Criterion("办会", 30, "meetings_served"),
        ],
    )
    return assessment, secretariat, general


def test_the_computed_targets_count_the_years_records_by_section(people, year_2025):
    assessment, secretariat, general = year_2025
    rows = {row.section.pk: row for row in assessment_results(assessment)}
    # Figures: documents 4 and 2, manuscripts 1 and 3, meetings 2 and 1.
    assert [cell.figure for cell in rows[secretariat.pk].scores] == [4, 1, 2]
    assert [cell.figure for cell in rows[general.pk].scores] == [2, 3, 1]
    # Scores against the best section: 100, 33.3, 100 and 50, 100, 50.
    assert [cell.score for cell in rows[secretariat.pk].scores] == [100.0, 33.3, 100.0]
    assert [cell.score for cell in rows[general.pk].scores] == [50.0, 100.0, 50.0]
    # 秘书科 = 100×0.4 + 33.3×0.3 + 100×0.3 = 80.0; 综合科 = 50×0.4 + 100×0.3 + 50×0.3 = 65.
    assert rows[secretariat.pk].total == 80.0 and rows[secretariat.pk].rank == 1
    assert rows[general.pk].total == 65.0 and rows[general.pk].rank == 2


def test_each_figure_links_to_the_records_behind_it(client, people, year_2025):
    assessment, secretariat, general = year_2025
    client.force_login(people["leader"])
    page = client.get(assessment.get_absolute_url()).content.decode()
    rows = {row.section.pk: row for row in assessment_results(assessment)}
    for section, expected in ((secretariat, (4, 1, 2)), (general, (2, 3, 1))):
        for cell, count in zip(rows[section.pk].scores, expected, strict=True):
            assert cell.url in page
            listed = client.get(cell.url)
            assert listed.status_code == 200
            assert len(listed.context["records"]) == count
    meetings = client.get(rows[secretariat.pk].scores[2].url).content.decode()
    assert "常委会（二月）" in meetings and "常委会（七月）" in meetings


def test_the_records_page_of_another_county_is_not_found(client, people, year_2025, county_b):
    from office.roles import Role
    from tests.factories import UserFactory

    assessment, secretariat, _general = year_2025
    criterion = assessment.criteria.first()
    url = reverse("training:assessment_source", args=[assessment.pk, criterion.pk, secretariat.pk])
    client.force_login(UserFactory(org_unit=county_b["section"], roles=[Role.STAFF]))
    assert client.get(url).status_code == 404


def test_the_form_takes_the_record_sources_by_their_word(client, people):
    client.force_login(people["director"])
    response = client.post(
        reverse("training:assessment_add"),
        {"year": 2026, "title": "考核", "criteria": "办文 40 办文\n文稿 30 文稿\n办会 30 办会"},
    )
    assert response.status_code == 302
    sources = list(Assessment.objects.get(year=2026).criteria.values_list("source", flat=True))
    assert sources == ["documents_drafted", "manuscripts", "meetings_served"]
