"""The search box (office/search.py): every app's records by any word of their title or
text, ranked, highlighted, and only among what the searching user may see."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from office.models import SearchEntry
from office.registry import registry
from office.roles import Role
from office.search import snippet
from supervision import services
from supervision.choices import SourceKind, Urgency

NOW = datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
BODY = "县委书记批示：要加快推进城东片区雨污分流管网改造，确保汛期前完工。"


def register(actor, unit, title, text="", day=date(2026, 3, 2)):
    data = services.ItemData(
        title=title,
        source_kind=SourceKind.INSTRUCTION,
        source_reference="县委书记批示",
        instructing_leader="王书记",
        instruction_text=text,
        instruction_date=date(2026, 3, 1),
        urgency=Urgency.NORMAL,
        lead_unit=unit,
        deadline=date(2026, 6, 30),
    )
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=NOW.tzinfo)):
        item = services.item_register(actor=actor, data=data)
        services.item_assign(actor=actor, item=item)
    return item


def found(user, query, **kwargs):
    return {
        group.source.key: [hit.title for hit in group.hits]
        for group in registry.search(user, query, **kwargs)
    }


@pytest.fixture
def records(make_user, county_a, county_b):
    staff_a = make_user(county_a["section"], Role.STAFF)
    staff_b = make_user(county_b["section"], Role.STAFF)
    return {
        "staff_a": staff_a,
        "pipes": register(staff_a, county_a["township"], "城东片区基础设施建设", BODY),
        "roads": register(staff_a, county_a["department"], "乡村道路养护", "做好冬季道路养护"),
        "other": register(staff_b, county_b["township"], "城东片区基础设施建设", BODY),
    }


@pytest.mark.django_db
def test_a_word_from_the_middle_of_the_text_finds_the_record_with_the_word_marked(records):
    staff = records["staff_a"]
    [group] = registry.search(staff, "雨污分流")
    assert group.count == 1
    [hit] = group.hits
    assert hit.title == str(records["pipes"])
    assert hit.url == records["pipes"].get_absolute_url()
    assert "<mark>雨污分流</mark>" in hit.snippet
    # A phrase is cut into words; every word must be there (管网 and 改造 are, 学校 is not).
    assert found(staff, "管网改造") == {"supervision.items": [str(records["pipes"])]}
    assert found(staff, "学校管网") == {}


@pytest.mark.django_db
def test_nobody_finds_what_they_may_not_see(records, make_user, county_a):
    township_liaison = make_user(county_a["township"], Role.UNIT_LIAISON)
    department_liaison = make_user(county_a["department"], Role.UNIT_LIAISON)
    # County B's item has the same words: county A's staff see only their own.
    assert found(records["staff_a"], "城东片区") == {"supervision.items": [str(records["pipes"])]}
    assert found(township_liaison, "雨污分流") == {"supervision.items": [str(records["pipes"])]}
    assert found(department_liaison, "雨污分流") == {}
    assert found(department_liaison, "道路养护") == {"supervision.items": [str(records["roads"])]}


@pytest.mark.django_db
def test_a_number_written_as_on_paper_lists_its_item_first(records):
    staff, roads = records["staff_a"], records["roads"]
    assert found(staff, roads.number) == {"supervision.items": [str(roads)]}
    assert found(staff, f"{roads.year}-{roads.sequence}") == {"supervision.items": [str(roads)]}
    assert found(staff, "   ") == {}


@pytest.mark.django_db
def test_the_index_follows_every_save_and_delete(records):
    staff, roads = records["staff_a"], records["roads"]
    roads.title = "农村公路危桥改造"
    roads.save()
    assert found(staff, "危桥") == {"supervision.items": [str(roads)]}
    assert found(staff, "乡村道路") == {}
    roads.delete()
    assert found(staff, "危桥") == {}


@pytest.mark.django_db
def test_rebuilding_the_index_restores_what_a_bulk_load_left_out(records, capsys):
    staff = records["staff_a"]
    SearchEntry.objects.all().delete()
    assert found(staff, "雨污分流") == {}
    call_command("rebuild_search_index", "--if-empty")
    assert "search index rebuilt: 3 records" in capsys.readouterr().out
    assert found(staff, "雨污分流") == {"supervision.items": [str(records["pipes"])]}


def test_a_snippet_escapes_the_text_and_marks_only_the_words():
    text = "前文" * 40 + "<b>雨污分流</b>管网改造" + "后文" * 40
    shown = snippet(text, ["雨污分流", "改造"])
    assert shown.startswith("…") and shown.endswith("…")
    assert "&lt;b&gt;<mark>雨污分流</mark>&lt;/b&gt;管网<mark>改造</mark>" in shown
    assert "<b>" not in shown


@pytest.mark.django_db
def test_the_search_page_groups_hits_by_kind_with_highlights(client, records):
    client.force_login(records["staff_a"])
    page = client.get(reverse("search"), {"q": "雨污分流"}).content.decode()
    assert "督办事项" in page
    assert str(records["pipes"]) in page
    assert "<mark>雨污分流</mark>" in page
    assert records["other"].get_absolute_url() not in page
    empty = client.get(reverse("search"), {"q": "不存在的词语"}).content.decode()
    assert "没有找到" in empty


@pytest.mark.django_db
def test_the_header_carries_the_search_box_on_every_page(client, records):
    client.force_login(records["staff_a"])
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}"' in page


@pytest.mark.django_db
def test_the_api_answers_the_same_hits_and_refuses_an_empty_query(client, records):
    client.force_login(records["staff_a"])
    answer = client.get("/api/v1/search/", {"q": "雨污分流"})
    assert answer.status_code == 200
    [group] = answer.json()
    assert group["source"] == "supervision.items" and group["count"] == 1
    assert group["hits"][0]["title"] == str(records["pipes"])
    assert "<mark>雨污分流</mark>" in group["hits"][0]["snippet"]
    refused = client.get("/api/v1/search/", {"q": ""})
    assert refused.status_code == 400
    assert "q" in refused.json()


@pytest.mark.django_db
def test_one_kind_page_by_page(client, records, make_user, county_a):
    staff = records["staff_a"]
    for n in range(23):
        register(staff, county_a["township"], f"防汛检查第{n}轮", "汛期隐患排查整改")
    client.force_login(staff)
    first = client.get(reverse("search"), {"q": "隐患排查", "source": "supervision.items"})
    assert first.content.decode().count('class="list-group-item list-group-item-action"') == 20
    second = client.get(
        reverse("search"), {"q": "隐患排查", "source": "supervision.items", "page": 2}
    )
    assert second.content.decode().count('class="list-group-item list-group-item-action"') == 3


@pytest.mark.django_db
def test_the_search_page_costs_the_same_queries_at_two_sizes(client, records, county_a):
    staff = records["staff_a"]
    client.force_login(staff)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search"), {"q": "隐患排查"}).status_code == 200
        return len(captured)

    register(staff, county_a["township"], "防汛检查", "汛期隐患排查整改")
    small = queries()
    for n in range(12):
        register(staff, county_a["township"], f"防汛检查第{n}轮", "汛期隐患排查整改")
    assert queries() == small


@pytest.mark.django_db
def test_a_role_without_the_view_permission_finds_nothing(records, make_user, county_a):
    # The legal adviser reads no supervision item (no view permission), as on the ledger.
    adviser = make_user(county_a["office"], Role.LEGAL_ADVISER)
    assert found(adviser, "雨污分流") == {}
    assert found(records["staff_a"], "雨污分流") == {"supervision.items": [str(records["pipes"])]}


def test_the_index_copies_a_records_text_without_a_second_guard():
    from office.guard import guarded_fields

    assert guarded_fields(SearchEntry) == ()
