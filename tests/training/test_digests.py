"""The monthly theory digest: compiled from the month's materials, one a month, the year's
twelve issues or the months missing, published to all staff, a .docx in the core layout."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from training import services
from training.models import TheoryDigest

from .conftest import inbox

pytestmark = pytest.mark.django_db


def article(digest, actor, title="乡村振兴观察"):
    return services.digest_article_add(
        actor=actor,
        digest=digest,
        data={
            "focus_area": "rural",
            "title": title,
            "source": "县委办",
            "text": "一、总体情况\n正文。",
        },
    )


def test_a_digest_is_compiled_from_the_months_materials(people, material):
    digest = services.digest_compile(actor=people["staff"], year=2026, month=3)
    assert [a.title for a in digest.articles.all()] == [material.title]
    assert digest.title == "理论学习文摘（2026年第3期）"
    assert digest.articles.get().material == material


def test_a_second_digest_for_the_same_month_is_refused(people):
    services.digest_compile(actor=people["staff"], year=2026, month=2)
    with pytest.raises(ValidationError) as refused:
        services.digest_compile(actor=people["head"], year=2026, month=2)
    assert "month" in refused.value.message_dict
    assert TheoryDigest.objects.count() == 1


def test_the_compile_page_says_the_month_has_its_digest(client, people):
    services.digest_compile(actor=people["staff"], year=2026, month=2)
    client.force_login(people["staff"])
    response = client.post(reverse("training:digest_add"), {"year": 2026, "month": 2})
    assert response.status_code == 200
    assert "每月一期" in response.content.decode()


def test_the_year_view_shows_issues_and_the_months_missing(client, people):
    for month in (1, 2):
        digest = services.digest_compile(actor=people["staff"], year=2026, month=month)
        article(digest, people["staff"])
        services.digest_publish(actor=people["director"], digest=digest)
    client.force_login(people["leader"])
    response = client.get(reverse("training:digest_year", args=[2026]))
    months = response.context["months"]
    assert [issue.month for issue in months if issue.digest] == [1, 2]
    assert response.context["missing"] == list(range(3, 13))
    assert "缺10期" in response.content.decode()


def test_publishing_tells_all_staff_and_only_a_head_or_the_director_may(people):
    digest = services.digest_compile(actor=people["staff"], year=2026, month=2)
    with pytest.raises(ValidationError):
        services.digest_publish(actor=people["director"], digest=digest)  # no article yet
    article(digest, people["staff"])
    with pytest.raises(ValidationError):
        services.digest_publish(actor=people["staff"], digest=digest)
    services.digest_publish(actor=people["head"], digest=digest)
    digest.refresh_from_db()
    assert digest.status == "published" and digest.published_at
    assert any(digest.title in title for title in inbox(people["staff2"]))
    assert not inbox(people["liaison"]) and not inbox(people["leader"])
    with pytest.raises(ValidationError):
        article(digest, people["staff"], "印发后再加")


def test_the_docx_has_the_masthead_issue_and_articles_under_focus_areas(client, people):
    digest = services.digest_compile(actor=people["staff"], year=2026, month=2)
    article(digest, people["staff"])
    client.force_login(people["leader"])
    response = client.get(reverse("training:digest_docx", args=[digest.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "理论学习文摘" in text
    assert "2026年第2期" in text
    assert "一、乡村振兴" in text and "乡村振兴观察" in text


def test_a_published_digest_cannot_be_edited(client, people):
    digest = services.digest_compile(actor=people["staff"], year=2026, month=2)
    article(digest, people["staff"])
    services.digest_publish(actor=people["director"], digest=digest)
    client.force_login(people["staff"])
    response = client.post(
        reverse("training:digest_edit", args=[digest.pk]), {"title": "改标题", "foreword": ""}
    )
    assert response.status_code == 200
    digest.refresh_from_db()
    assert digest.title != "改标题"
    assert date(2026, 2, 1).month == digest.month
