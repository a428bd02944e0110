"""Manuscripts: the character count as an office counts, versions kept and compared side by
side, delivery, publication, and commissioned pieces with their due dates."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.choices import ManuscriptKind, ManuscriptStatus
from documents.models import Manuscript
from documents.rules import count_characters
from documents.views import side_by_side

from .conftest import manuscript


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("今年以来，全县上下共同努力。", 14),  # 12 characters and 2 marks
        ("一、总体要求\n（一）加强领导", 13),  # line breaks count nothing
        ("2026年GDP增长8.5%。", 7),  # 2026, 年, GDP, 增, 长, 8.5%, 。 as Word counts
        ("“两个维护”《工作研究》——", 14),
        ("   \n\t", 0),
    ],
)
def test_the_character_count_is_chinese_characters_and_punctuation(text, count):
    assert count_characters(text) == count


@pytest.mark.django_db
def test_each_save_keeps_a_version_and_the_count_follows_the_text(people):
    m = manuscript(people, text="一、总体情况\n今年以来，工作扎实。")
    assert m.status == ManuscriptStatus.DRAFTING
    services.manuscript_revise(
        actor=people["staff"],
        manuscript=m,
        text="一、总体情况\n今年以来，工作扎实有效。",
        note="改",
    )
    m.refresh_from_db()
    assert [v.number for v in m.versions.order_by("number")] == [1, 2]
    assert m.characters == count_characters(m.text) == 18
    assert m.versions.get(number=1).characters == 16


@pytest.mark.django_db
def test_delivery_needs_a_text_and_publication_comes_after_it(people):
    empty = manuscript(people)
    with pytest.raises(ValidationError):
        services.manuscript_deliver(actor=people["staff"], manuscript=empty)
    m = manuscript(people, kind=ManuscriptKind.SIGNED_ARTICLE, text="以高质量党建引领乡村振兴。")
    services.manuscript_deliver(actor=people["staff"], manuscript=m)
    m.refresh_from_db()
    assert m.status == ManuscriptStatus.DELIVERED and m.delivered_on == date(2026, 3, 10)
    with pytest.raises(ValidationError):
        services.manuscript_publish(
            actor=people["staff"], manuscript=m, journal="《工作研究》", journal_issue="",
            published_on=date(2026, 3, 1),
        )  # fmt: skip
    services.manuscript_publish(
        actor=people["staff"], manuscript=m, journal="《工作研究》", journal_issue="2026年第3期",
        published_on=date(2026, 3, 20),
    )  # fmt: skip
    m.refresh_from_db()
    assert m.journal == "《工作研究》"


@pytest.mark.django_db
def test_a_commissioned_piece_names_its_commissioning_body_and_due_date(people):
    with pytest.raises(ValidationError) as refused:
        manuscript(people, kind=ManuscriptKind.COMMISSIONED)
    assert set(refused.value.message_dict) == {"commissioning_body", "due_date"}
    assert not Manuscript.objects.exists()


@pytest.mark.django_db
def test_a_commissioned_piece_due_soon_reminds_its_drafter(people):
    from documents.reminders import CommissionedDeadlines

    manuscript(
        people, kind=ManuscriptKind.COMMISSIONED, commissioning_body="市委政策研究室",
        due_date=date(2026, 3, 12), title="县域经济的实践",
    )  # fmt: skip
    dues = list(
        CommissionedDeadlines().collect(__import__("django.utils.timezone").utils.timezone.now())
    )
    assert [(d.recipient, d.kind) for d in dues] == [(people["staff"], "due_soon")]
    assert "县域经济的实践" in dues[0].title


def test_two_versions_compare_side_by_side_with_the_changes_marked():
    rows = side_by_side(
        "一、总体情况\n今年工作扎实。\n旧的一段。", "一、总体情况\n今年工作扎实有效。\n新增一段。"
    )
    assert rows[0] == {
        "tag": "equal",
        "old": [(False, "一、总体情况")],
        "new": [(False, "一、总体情况")],
    }
    changed = rows[1]
    assert changed["tag"] == "replace"
    assert (True, "有效") in changed["new"]
    assert (False, "今年工作扎实") in changed["old"]


@pytest.mark.django_db
def test_the_compare_page_shows_both_versions_with_marks(client, people):
    m = manuscript(people, text="今年工作扎实。")
    services.manuscript_revise(actor=people["staff"], manuscript=m, text="今年工作扎实有效。")
    client.force_login(people["leader"])
    page = client.get(f"/documents/manuscripts/{m.pk}/compare/").content.decode()
    assert "<ins" in page and "有效" in page
    assert "v1" in page and "v2" in page
