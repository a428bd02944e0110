"""Information topics (信息约稿/专题): the higher level's requests, which the units' pieces
answer; the topic's page opens the pieces that answer it; kept in the admin with history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.models import InfoTopic
from office.workflow import TransitionForbidden

pytestmark = pytest.mark.django_db


def topic(people, **changes):
    data = {"kind": "commissioned", "title": "关于基层减负典型做法的约稿",
            "requested_by": "市委办公室信息科", "due_date": date(2026, 3, 31)} | changes  # fmt: skip
    return services.info_topic_create(actor=people["staff"], **data)


def test_a_unit_answers_a_topic_and_the_topic_lists_its_pieces(client, people, county_a, liaison_a):
    request = topic(people)
    client.force_login(liaison_a)
    form = client.get("/documents/information/add/").content.decode()
    assert "关于基层减负典型做法的约稿" in form  # the liaison picks it when submitting
    response = client.post(
        "/documents/information/add/",
        {"unit": county_a["township"].pk, "title": "城关镇精简会议文件", "text": "近日。",
         "topic": request.pk},
    )  # fmt: skip
    assert response.status_code == 302
    services.info_submit(
        actor=liaison_a, unit=county_a["township"], title="城关镇其他信息", text="近日。"
    )
    client.force_login(people["director"])
    topics = client.get("/documents/information/topics/").content.decode()
    assert "关于基层减负典型做法的约稿" in topics and "市委办公室信息科" in topics
    answers = client.get(request.get_absolute_url()).content.decode()
    assert "城关镇精简会议文件" in answers and "城关镇其他信息" not in answers


def test_a_topic_of_another_county_cannot_be_answered(people, county_b, make_user):
    from office.roles import Role

    staff_b = make_user(county_b["section"], Role.STAFF)
    other = services.info_topic_create(
        actor=staff_b, kind="topic", title="乙县专题", requested_by="市委办公室"
    )
    with pytest.raises(ValidationError, match="不属于本县"):
        services.info_submit(
            actor=people["staff"], unit=people["leader"].org_unit, title="信息", text="近日。",
            topic=other,
        )  # fmt: skip


def test_only_the_office_adds_topics(people, liaison_a):
    with pytest.raises(TransitionForbidden):
        services.info_topic_create(
            actor=liaison_a, kind="topic", title="专题", requested_by="市委办公室"
        )
    assert not InfoTopic.objects.exists()


def test_the_admin_keeps_the_topics_history(client, people, django_user_model):
    request = topic(people)
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    response = client.get(f"/admin/documents/infotopic/{request.pk}/history/")
    assert response.status_code == 200
    assert "关于基层减负典型做法的约稿" in response.content.decode()


def test_a_liaison_reads_the_topics_of_its_county_but_not_anothers(
    client, people, county_b, liaison_a, make_user
):
    from office.roles import Role

    topic(people)
    staff_b = make_user(county_b["section"], Role.STAFF)
    services.info_topic_create(
        actor=staff_b, kind="topic", title="乙县防汛信息专题", requested_by="市委办公室"
    )
    client.force_login(liaison_a)

    response = client.get("/documents/information/topics/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "关于基层减负典型做法的约稿" in page and "市委办公室信息科" in page
    assert "乙县防汛信息专题" not in page
    assert "/documents/information/topics/add/" not in page  # the office adds them
    assert client.get("/documents/information/topics/add/").status_code == 403
    assert list(InfoTopic.objects.restrict(liaison_a).values_list("title", flat=True)) == [
        "关于基层减负典型做法的约稿"
    ]
