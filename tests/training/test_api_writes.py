"""The writable training API: a session changed and its attendance confirmed by the
organiser, one's own self-study notes, a draft digest's title and foreword, each through the
same services and rules as the pages, refusals in the API's error shape; tiers appear in no
answer for anyone but the director."""

import json
from datetime import date

import pytest

from training import services
from training.models import SelfStudyNote, StudySession, TheoryDigest

from .conftest import frozen, make_session

pytestmark = pytest.mark.django_db
ROOT = "/api/v1/training/"


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_organiser_changes_a_session_and_confirms_attendance(client, people, material):
    session = make_session(people["staff"], date(2026, 3, 5))
    client.force_login(people["staff"])
    url = f"{ROOT}sessions/{session.pk}/"
    answer = patch(client, url, {"speaker": "张科长", "materials": [material.pk]})
    assert answer.status_code == 200, answer.content
    assert answer.json()["speaker"] == "张科长" and answer.json()["topic"] == "周四集体学习"
    session.refresh_from_db()
    assert session.speaker == "张科长" and list(session.materials.all()) == [material]
    # Untouched fields stay, the materials too.
    patch(client, url, {"location": "三楼会议室"})
    assert list(session.materials.all()) == [material]
    body = {
        "attendance": [
            {"person": people["staff"].pk, "status": "present"},
            {"person": people["staff2"].pk, "status": "leave", "leave_reason": "下乡调研。"},
        ]
    }
    client.force_login(people["staff2"])
    assert post(client, url + "confirm-attendance/", body).status_code == 403
    client.force_login(people["staff"])
    confirmed = post(client, url + "confirm-attendance/", body)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "held"


def test_a_session_moved_onto_a_holiday_is_refused_in_the_error_shape(client, people):
    session = make_session(people["staff"], date(2026, 3, 5))
    client.force_login(people["staff"])
    answer = patch(client, f"{ROOT}sessions/{session.pk}/", {"held_on": "2026-10-01"})
    assert answer.status_code == 400
    body = answer.json()
    assert "不是工作日" in body["detail"] or "工作日" in body["detail"]
    assert "held_on" in body["errors"]
    bad = patch(client, f"{ROOT}sessions/{session.pk}/", {"kind": "nonsense"})
    assert bad.status_code == 400 and "kind" in bad.json()
    assert StudySession.objects.get(pk=session.pk).held_on == date(2026, 3, 5)


def test_a_note_is_written_and_changed_by_its_writer_alone(client, people, material):
    client.force_login(people["staff"])
    created = post(
        client, f"{ROOT}notes/", {"read_on": "2026-03-09", "title": "《求是》文章",
                                  "material": material.pk},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    note = SelfStudyNote.objects.get(pk=created.json()["id"])
    assert note.owner == people["staff"] and note.material == material
    changed = patch(client, f"{ROOT}notes/{note.pk}/", {"note": "体会：抓落实。"})
    assert changed.status_code == 200 and changed.json()["title"] == "《求是》文章"
    note.refresh_from_db()
    assert note.note == "体会：抓落实。" and note.material == material
    for other in ("staff2", "director"):
        client.force_login(people[other])
        assert client.get(f"{ROOT}notes/").json()["results"] == []
        assert client.get(f"{ROOT}notes/{note.pk}/").status_code == 404
        assert patch(client, f"{ROOT}notes/{note.pk}/", {"title": "改"}).status_code == 404
    assert SelfStudyNote.objects.get(pk=note.pk).title == "《求是》文章"


def test_a_bad_note_is_refused_with_its_fields_and_nothing_saved(client, people):
    client.force_login(people["staff"])
    answer = post(client, f"{ROOT}notes/", {"read_on": "2026-03-09", "title": ""})
    assert answer.status_code == 400 and "title" in answer.json()
    marked = post(client, f"{ROOT}notes/", {"read_on": "2026-03-09", "title": "机密★1年 讲话摘抄"})
    assert marked.status_code == 400 and "detail" in marked.json()
    assert not SelfStudyNote.objects.exists()
    client.force_login(people["leader"])
    assert post(client, f"{ROOT}notes/", {"read_on": "2026-03-09", "title": "x"}).status_code == 403


def test_editors_change_a_draft_digest_and_not_a_published_one(client, people):
    digest = services.digest_compile(actor=people["staff"], year=2026, month=3)
    client.force_login(people["staff2"])
    answer = patch(client, f"{ROOT}digests/{digest.pk}/", {"foreword": "本期导读。"})
    assert answer.status_code == 200 and answer.json()["foreword"] == "本期导读。"
    assert TheoryDigest.objects.get(pk=digest.pk).title == digest.title
    client.force_login(people["leader"])
    assert patch(client, f"{ROOT}digests/{digest.pk}/", {"title": "改"}).status_code == 403
    services.digest_article_add(
        actor=people["staff"], digest=digest,
        data={"focus_area": "rural", "title": "乡村振兴观察", "source": "", "text": "正文。"},
    )  # fmt: skip
    services.digest_publish(actor=people["director"], digest=digest)
    client.force_login(people["staff2"])
    refused = patch(client, f"{ROOT}digests/{digest.pk}/", {"title": "改"})
    assert refused.status_code == 400 and refused.json()["detail"]
    assert TheoryDigest.objects.get(pk=digest.pk).title == digest.title


def test_no_training_answer_carries_a_tier_but_the_directors(client, people, material):
    with frozen(date(2026, 3, 9)):
        services.tier_change(
            actor=people["director"], person=people["staff"], tier="potential",
            reason="独立承担综合文稿。", changed_on=date(2026, 3, 2),
        )  # fmt: skip
    make_session(people["staff"], date(2026, 3, 5))
    services.pair_create(
        actor=people["director"], mentor=people["head"], mentee=people["staff"],
        started_on=date(2026, 1, 5), goals="熟悉办文。",
    )  # fmt: skip
    lists = ("materials/", "sessions/", "digests/", "mentoring-pairs/", "notes/", "courses/",
             "competitions/", "assessments/")  # fmt: skip
    for who in ("staff", "head", "leader"):
        client.force_login(people[who])
        for path in lists:
            text = client.get(ROOT + path).content.decode()
            assert "潜力层" not in text and "potential" not in text and "独立承担" not in text
        assert client.get(ROOT + "tiers/").status_code == 403
    client.force_login(people["director"])
    assert "独立承担综合文稿。" in client.get(ROOT + "tiers/").content.decode()
