"""The city's shared library of good practices (经验交流): a county office publishes what
worked; every office under the same city office reads and comments on it; drafts stay home;
a unit's liaison sees none; another city sees nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from office import practices
from office.models import GoodPractice, OrgUnit, OrgUnitKind, PracticeComment, PracticeStatus
from office.search import search
from office.workflow import TransitionForbidden
from tests.factories import build_county

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 12, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def write(actor, title="“周调度”机制压实督查责任", **changes):
    data = {
        "title": title,
        "area": "supervision",
        "summary": "县委办每周调度重点督查事项，问题当周销号。",
        "text": "每周一召开督查调度会，逐项过堂重点事项，建立问题清单，推行销号管理。",
        **changes,
    }
    return practices.practice_create(actor=actor, **data)


@pytest.fixture
def people(make_user, county_a, county_b, city):
    return {
        "staff": make_user(county_a["section"], "staff", name="甲科员"),
        "director": make_user(county_a["office"], "director", name="甲主任"),
        "leader": make_user(county_a["committee"], "leader", name="甲县领导"),
        "liaison": make_user(county_a["township"], "unit_liaison", name="甲联络员"),
        "b_staff": make_user(county_b["section"], "staff", name="乙科员"),
        "b_director": make_user(county_b["office"], "director", name="乙主任"),
        "b_leader": make_user(county_b["committee"], "leader", name="乙县领导"),
        "city_staff": make_user(city, "staff", name="市委办科员"),
    }


@pytest.fixture
def library(people):
    """County A: one published practice, one draft; county B: one published."""
    published = write(people["staff"])
    practices.practice_publish(actor=people["director"], practice=published)
    draft = write(people["staff"], title="公文“一次成稿”工作法（草稿）")
    b_published = write(
        people["b_staff"],
        title="乙县“首问负责”办文制度",
        text="来文首接科室负责到底，跟踪办结。",
    )
    practices.practice_publish(actor=people["b_director"], practice=b_published)
    return {"published": published, "draft": draft, "b_published": b_published}


def titles(user):
    return set(GoodPractice.objects.restrict(user).values_list("title", flat=True))


# --- Scoping -----------------------------------------------------------------------------------


def test_a_county_sees_its_own_in_every_status_and_the_others_published(people, library):
    assert titles(people["staff"]) == {
        "“周调度”机制压实督查责任",
        "公文“一次成稿”工作法（草稿）",
        "乙县“首问负责”办文制度",
    }
    # County B reads county A's published practice, never its draft.
    assert titles(people["b_staff"]) == {"“周调度”机制压实督查责任", "乙县“首问负责”办文制度"}


def test_the_city_office_sees_what_is_published_under_it_and_its_own_drafts(people, library):
    city_draft = write(people["city_staff"], title="市委办“两办”督查联动（草稿）")
    assert titles(people["city_staff"]) == {
        "“周调度”机制压实督查责任",
        "乙县“首问负责”办文制度",
        city_draft.title,
    }
    # ... and the counties never see the city's draft.
    assert city_draft.title not in titles(people["b_staff"])


def test_a_unit_liaison_sees_no_practice(people, library, client):
    assert titles(people["liaison"]) == set()
    client.force_login(people["liaison"])
    assert client.get(reverse("practice_list")).status_code == 403
    assert client.get(reverse("practice_detail", args=[library["published"].pk])).status_code == 403


def test_another_city_sees_nothing(people, library, make_user):
    other_city = OrgUnit.objects.create(name="邻市委办公室", kind=OrgUnitKind.CITY_OFFICE)
    county_c = build_county("丙", parent=other_city)
    stranger = make_user(county_c["section"], "staff", name="丙科员")
    assert titles(stranger) == set()
    assert titles(make_user(other_city, "staff", name="邻市科员")) == set()


def test_sharing_widens_reading_never_changing(people, library):
    changeable = GoodPractice.objects.restrict(people["b_director"], "change")
    assert list(changeable.values_list("title", flat=True)) == ["乙县“首问负责”办文制度"]
    assert not GoodPractice.objects.restrict(people["city_staff"], "change").exists()
    # An office's own records for its figures are its own only.
    office_a = people["staff"].office
    assert set(GoodPractice.objects.for_office(office_a).values_list("title", flat=True)) == {
        "“周调度”机制压实督查责任",
        "公文“一次成稿”工作法（草稿）",
    }


def test_a_withdrawn_practice_leaves_the_other_counties(people, library):
    practices.practice_withdraw(
        actor=people["director"], practice=library["published"], comment="数据需更新"
    )
    assert "“周调度”机制压实督查责任" not in titles(people["b_staff"])
    assert "“周调度”机制压实督查责任" in titles(people["staff"])


# --- Services and the one rule for comments ------------------------------------------------------


def test_only_the_director_publishes(people, library):
    with pytest.raises(TransitionForbidden):
        practices.practice_publish(actor=people["staff"], practice=library["draft"])
    library["draft"].refresh_from_db()
    assert library["draft"].status == PracticeStatus.DRAFT
    # County B's director may not publish county A's draft either.
    with pytest.raises(TransitionForbidden):
        practices.practice_publish(actor=people["b_director"], practice=library["draft"])
    practices.practice_publish(actor=people["director"], practice=library["draft"])
    library["draft"].refresh_from_db()
    assert library["draft"].status == PracticeStatus.PUBLISHED
    assert library["draft"].published_at == NOW


def test_who_may_comment(people, library):
    published, draft = library["published"], library["draft"]
    for name in ("staff", "director", "leader", "b_staff", "b_director", "b_leader", "city_staff"):
        assert practices.may_comment(people[name], published), name
    assert not practices.may_comment(people["liaison"], published)
    # Nobody comments on a draft; county B may not even see it.
    assert not practices.may_comment(people["staff"], draft)
    assert not practices.may_comment(people["b_staff"], draft)
    with pytest.raises(TransitionForbidden):
        practices.practice_comment(actor=people["b_staff"], practice=draft, text="学习了")
    with pytest.raises(TransitionForbidden):
        practices.practice_comment(actor=people["liaison"], practice=published, text="学习了")
    assert not PracticeComment.objects.exists()


def test_a_classified_marker_is_refused_and_nothing_stored(people, library):
    with pytest.raises(ValidationError) as refused:
        write(people["staff"], text="密级：机密 关于某事项的做法")
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError):
        practices.practice_comment(
            actor=people["b_staff"], practice=library["published"], text="【机密】内部情况"
        )
    assert GoodPractice.objects.count() == 3
    assert not PracticeComment.objects.exists()


def test_editing_is_for_the_owning_office_side(people, library):
    practices.practice_update(
        actor=people["staff"], practice=library["draft"], title="公文“一次成稿”工作法"
    )
    library["draft"].refresh_from_db()
    assert library["draft"].title == "公文“一次成稿”工作法"
    with pytest.raises(TransitionForbidden):
        practices.practice_update(actor=people["b_staff"], practice=library["published"], title="x")
    with pytest.raises(TransitionForbidden):
        practices.practice_update(actor=people["leader"], practice=library["draft"], title="x")


# --- Pages ---------------------------------------------------------------------------------------


def test_county_b_reads_county_as_practice_and_comments_on_its_page(client, people, library):
    client.force_login(people["b_director"])
    url = reverse("practice_detail", args=[library["published"].pk])
    page = client.get(url).content.decode()
    assert "“周调度”机制压实督查责任" in page
    assert "每周一召开督查调度会" in page
    response = client.post(
        reverse("practice_comment", args=[library["published"].pk]),
        {"text": "很有借鉴意义，我县将学习推广。"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "很有借鉴意义，我县将学习推广。" in page
    assert "乙主任" in page
    # No edit, publish or withdraw for county B.
    assert reverse("practice_edit", args=[library["published"].pk]) not in page
    assert reverse("practice_withdraw", args=[library["published"].pk]) not in page
    # County A sees the comment on its own practice.
    client.force_login(people["staff"])
    assert "很有借鉴意义，我县将学习推广。" in client.get(url).content.decode()


def test_county_b_never_reaches_county_as_draft(client, people, library):
    client.force_login(people["b_director"])
    draft = library["draft"]
    assert client.get(reverse("practice_detail", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("practice_comment", args=[draft.pk]), {"text": "学习"}).status_code
        == 404
    )
    assert client.post(reverse("practice_publish", args=[draft.pk])).status_code == 404
    listing = client.get(reverse("practice_list")).content.decode()
    assert "“周调度”机制压实督查责任" in listing
    assert "一次成稿" not in listing
    assert not PracticeComment.objects.exists()


def test_the_list_filters_by_county_area_and_status(client, people, library):
    client.force_login(people["staff"])
    url = reverse("practice_list")
    b_office = people["b_staff"].office
    by_county = client.get(url, {"owning_office": b_office.pk}).content.decode()
    assert "乙县“首问负责”办文制度" in by_county and "周调度" not in by_county
    drafts = client.get(url, {"status": "draft"}).content.decode()
    assert "一次成稿" in drafts and "周调度" not in drafts
    assert "周调度" in client.get(url, {"q": "过堂"}).content.decode()
    assert "周调度" not in client.get(url, {"area": "reform"}).content.decode()


def test_the_director_writes_and_publishes_through_the_pages(client, people):
    client.force_login(people["director"])
    response = client.post(
        reverse("practice_add"),
        {
            "title": "“三审三校”提升公文质量",
            "area": "advice",
            "summary": "文稿三审三校。",
            "text": "科室初审、分管副主任复审、主任终审，每审均校对。",
        },
    )
    practice = GoodPractice.objects.get(title="“三审三校”提升公文质量")
    assert response.status_code == 302 and practice.status == PracticeStatus.DRAFT
    assert practice.owning_office == people["director"].office
    client.post(reverse("practice_publish", args=[practice.pk]))
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    page = client.get(reverse("practice_detail", args=[practice.pk])).content.decode()
    assert reverse("practice_withdraw", args=[practice.pk]) in page


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_at_two_sizes(client, people):
    client.force_login(people["b_staff"])
    url = reverse("practice_list")

    def publish(count, start):
        for n in range(start, start + count):
            practice = write(people["staff"], title=f"经验做法第{n}号")
            practices.practice_publish(actor=people["director"], practice=practice)

    publish(3, 0)
    few = count_queries(client, url)
    publish(22, 3)
    many = count_queries(client, url)
    assert few == many
    assert many <= 25


# --- Search and API ------------------------------------------------------------------------------


def test_search_finds_published_practices_in_scope_only(people, library):
    def found(user, query):
        return [
            hit.title
            for group in search(user, query)
            if group.source.key == "office.practices"
            for hit in group.hits
        ]

    assert found(people["b_staff"], "销号管理") == ["“周调度”机制压实督查责任"]
    assert found(people["b_staff"], "一次成稿") == []
    assert found(people["liaison"], "销号管理") == []


def test_the_api_reads_in_scope_and_comments_through_the_service(client, people, library):
    client.force_login(people["b_leader"])
    listing = client.get("/api/v1/practices/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert {row["title"] for row in rows} == {"“周调度”机制压实督查责任", "乙县“首问负责”办文制度"}
    published = library["published"]
    assert client.get(f"/api/v1/practices/{library['draft'].pk}/").status_code == 404
    response = client.post(
        f"/api/v1/practices/{published.pk}/comment/",
        {"text": "学习借鉴"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [c["text"] for c in response.json()["comments"]] == ["学习借鉴"]
    client.force_login(people["staff"])
    refused = client.post(f"/api/v1/practices/{library['draft'].pk}/publish/")
    assert refused.status_code == 403
    client.force_login(people["director"])
    assert client.post(f"/api/v1/practices/{library['draft'].pk}/publish/").status_code == 200
