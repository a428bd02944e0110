"""Changing and removing what only could be added before: one's own self-study notes and a
draft digest's articles, each after a confirmation, the history keeping what was removed."""

from datetime import date

import pytest
from django.urls import reverse

from training import services
from training.models import DigestArticle, SelfStudyNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(people):
    return services.note_create(
        actor=people["staff"], read_on=date(2026, 3, 2), title="《求是》文章"
    )


@pytest.fixture
def article(people):
    digest = services.digest_compile(actor=people["staff"], year=2026, month=3)
    return services.digest_article_add(
        actor=people["staff"],
        digest=digest,
        data={"focus_area": "rural", "title": "乡村振兴观察", "source": "", "text": "正文。"},
    )


def test_the_writer_edits_their_note(client, people, note):
    client.force_login(people["staff"])
    url = reverse("training:note_edit", args=[note.pk])
    assert "《求是》文章" in client.get(url).content.decode()
    response = client.post(url, {"read_on": "2026-03-03", "title": "《求是》评论员文章"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.title == "《求是》评论员文章" and note.read_on == date(2026, 3, 3)
    assert [h.title for h in note.history.order_by("history_id")] == [
        "《求是》文章",
        "《求是》评论员文章",
    ]


def test_a_note_is_removed_after_a_confirmation_and_its_history_kept(client, people, note):
    client.force_login(people["staff"])
    url = reverse("training:note_delete", args=[note.pk])
    asked = client.get(url).content.decode()
    assert "《求是》文章" in asked and SelfStudyNote.objects.filter(pk=note.pk).exists()
    client.post(url)
    assert not SelfStudyNote.objects.filter(pk=note.pk).exists()
    removed = SelfStudyNote.history.get(id=note.pk, history_type="-")
    assert removed.title == "《求是》文章" and removed.history_user == people["staff"]


def test_nobody_else_edits_or_removes_a_note(client, people, note):
    for name in ("staff2", "director"):
        client.force_login(people[name])
        for url_name in ("training:note_edit", "training:note_delete"):
            url = reverse(url_name, args=[note.pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {"read_on": "2026-03-03", "title": "x"}).status_code == 404
    assert SelfStudyNote.objects.get(pk=note.pk).title == "《求是》文章"


def test_a_draft_digests_article_is_edited_and_removed(client, people, article):
    client.force_login(people["head"])
    page = client.get(article.digest.get_absolute_url()).content.decode()
    assert reverse("training:article_edit", args=[article.pk]) in page
    client.post(
        reverse("training:article_edit", args=[article.pk]),
        {
            "focus_area": "culture",
            "title": "文旅融合观察",
            "source": "县融媒体",
            "text": "新正文。",
        },
    )
    article.refresh_from_db()
    assert (article.title, article.focus_area, article.text) == (
        "文旅融合观察",
        "culture",
        "新正文。",
    )
    url = reverse("training:article_delete", args=[article.pk])
    assert "文旅融合观察" in client.get(url).content.decode()
    client.post(url)
    assert not DigestArticle.objects.filter(pk=article.pk).exists()
    assert DigestArticle.history.filter(id=article.pk, history_type="-").exists()


def test_a_published_digests_articles_stay_as_published(client, people, article):
    services.digest_publish(actor=people["director"], digest=article.digest)
    client.force_login(people["director"])
    page = client.get(article.digest.get_absolute_url()).content.decode()
    assert reverse("training:article_edit", args=[article.pk]) not in page
    edit = reverse("training:article_edit", args=[article.pk])
    assert client.get(edit).status_code == 403
    assert client.post(reverse("training:article_delete", args=[article.pk])).status_code == 403
    assert DigestArticle.objects.filter(pk=article.pk, title="乡村振兴观察").exists()


def test_a_leader_who_reads_the_digest_changes_no_article(client, people, article):
    client.force_login(people["leader"])
    assert client.get(reverse("training:article_edit", args=[article.pk])).status_code == 403
    assert client.post(reverse("training:article_delete", args=[article.pk])).status_code == 403
