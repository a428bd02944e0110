"""The supervision item pages: the ledger with its filters, colours and Excel export; the
register form (one item, or one per unit); the detail page with its timeline; every action
posted through the page, and every refusal changing nothing."""

import io
import re
import zipfile
from datetime import date, datetime, time, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from office.attachments import SIGNATURES, ZIP, extension_of
from office.models import Notification
from office.roles import Role
from supervision import services
from supervision.choices import (
    Colour,
    ExtensionStatus,
    ItemStatus,
    ReportCycle,
    SourceKind,
)
from supervision.models import (
    Attachment,
    ExtensionRequest,
    Item,
    LeaderComment,
    ProgressReport,
    Urge,
)

from .conftest import frozen
from .factories import ItemFactory

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 3, 2)  # a Monday with no holiday near it


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False)


@pytest.fixture(autouse=True)
def _frozen_today():
    with at(TODAY):
        yield


def zh(message: str, **params) -> str:
    """What a user of the Chinese UI reads for ``message`` (the msgid itself until the
    catalog translates it)."""
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text


def html_of(response) -> str:
    return response.content.decode()


def shows(response, text) -> bool:
    return escape(str(text)) in html_of(response)


def xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def ledger_numbers(response) -> set[str]:
    return set(re.findall(r'data-item="([^"]+)"', html_of(response)))


def upload(name: str, size: int = 100) -> SimpleUploadedFile:
    """A file whose content is what its name says: an office file a real zip, anything else
    its type's first bytes."""
    signatures = SIGNATURES.get(extension_of(name), (b"",))
    if signatures == ZIP:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:t>材料</w:t>" + "x" * size)
        content = buffer.getvalue()
    else:
        content = (signatures[0] + b"x" * size)[:size]
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- People (staff, director, leader, liaison, other_liaison: tests/supervision/conftest.py) ---


@pytest.fixture
def other_county_liaison(make_user, county_b):
    return make_user(county_b["township"], Role.UNIT_LIAISON)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def item(county_a):
    """An item the township acknowledged (签收) and is working on, due in a month."""
    return ItemFactory(
        lead_unit=county_a["township"],
        title="推进老旧小区改造",
        deadline=TODAY + timedelta(days=30),
        status=ItemStatus.IN_PROGRESS,
    )


def refreshed(item) -> Item:
    return Item.objects.get(pk=item.pk)


# --- Register ----------------------------------------------------------------------------------


def register_data(county, **overrides) -> dict:
    data = {
        "title": "落实秋冬季森林防火工作",
        "source_kind": SourceKind.INSTRUCTION,
        "source_reference": "县委办呈阅件第12期",
        "instruction_text": "请城关镇抓紧落实，确保不发生火情。",
        "instructing_leader": "王书记",
        "instruction_date": "2026-03-01",
        "urgency": "normal",
        "lead_unit": county["township"].pk,
        "responsible_person": "李明",
        "report_cycle": ReportCycle.WEEKLY,
        "deadline": "",
    }
    data.update(overrides)
    return data


def test_staff_registers_an_item_and_the_ledger_shows_it_as_number_one_of_the_year(
    client, staff, county_a
):
    login(client, staff)

    response = client.post(reverse("supervision:item_add"), register_data(county_a), follow=True)

    item = Item.objects.get()
    assert item.number == "督〔2026〕1号"
    assert item.status == ItemStatus.REGISTERED
    assert item.instructing_leader == "王书记"
    assert response.redirect_chain[-1][0] == item.get_absolute_url()
    assert shows(response, zh("%(number)s registered.", number="督〔2026〕1号"))
    ledger = client.get(reverse("supervision:item_list"))
    assert ledger_numbers(ledger) == {"督〔2026〕1号"}
    assert shows(ledger, "落实秋冬季森林防火工作")
    assert shows(ledger, county_a["township"].name)


def test_register_and_assign_immediately_tells_the_units_liaison(client, staff, liaison, county_a):
    login(client, staff)

    client.post(reverse("supervision:item_add"), register_data(county_a, assign_now="on"))

    item = Item.objects.get()
    assert item.status == ItemStatus.ASSIGNED
    assert item.assigned_on == TODAY
    assert Notification.objects.filter(recipient=liaison, url=item.get_absolute_url()).exists()


def test_split_registers_a_parent_and_one_item_per_unit(client, staff, county_a):
    login(client, staff)
    units = [county_a["township"], county_a["department"]]

    response = client.post(
        reverse("supervision:item_add"),
        register_data(county_a, split="on", lead_unit="", lead_units=[u.pk for u in units]),
        follow=True,
    )

    parent = Item.objects.get(parent=None)
    children = list(parent.children.order_by("part"))
    assert parent.is_group
    assert {child.lead_unit for child in children} == set(units)
    assert {child.title for child in children} == {parent.title}
    assert response.redirect_chain[-1][0] == parent.get_absolute_url()
    for child in children:
        assert shows(response, child.number)
    ledger = client.get(reverse("supervision:item_list"))
    assert ledger_numbers(ledger) == {"督〔2026〕1号", "督〔2026〕1号-1", "督〔2026〕1号-2"}
    assert shows(ledger, zh("%(count)d units", count=2))


def test_split_with_one_unit_is_refused_and_keeps_what_was_typed(client, staff, county_a):
    login(client, staff)

    response = client.post(
        reverse("supervision:item_add"),
        register_data(county_a, split="on", lead_units=[county_a["township"].pk]),
    )

    assert response.status_code == 200
    assert shows(response, zh("Choose at least two units to split an item."))
    assert shows(response, "落实秋冬季森林防火工作")
    assert not Item.objects.exists()


def test_proposed_deadline_skips_the_national_day_holiday(client, staff, county_a):
    login(client, staff)
    # 15 working days from Monday 29 September 2025: Tuesday the 30th, then nothing until
    # Thursday 9 October (1–8 October off), Saturday 11 October worked, … Monday 27 October.
    with at(date(2025, 9, 29)):
        fragment = client.get(
            reverse("supervision:proposed_deadline"),
            {"source_kind": SourceKind.INSTRUCTION, "urgency": "normal"},
        )
        client.post(
            reverse("supervision:item_add"),
            register_data(county_a, instruction_date="2025-09-28", deadline=""),
        )

    assert 'data-fill-deadline="2025-10-27"' in html_of(fragment)
    assert "2025-10-27" in html_of(fragment)
    assert Item.objects.get().deadline == date(2025, 10, 27)


def test_proposed_deadline_is_empty_for_an_unknown_source(client, staff):
    login(client, staff)

    fragment = client.get(reverse("supervision:proposed_deadline"), {"source_kind": "rumour"})

    assert fragment.status_code == 200
    assert "data-fill-deadline" not in html_of(fragment)


def test_deadline_before_registration_is_refused_and_nothing_is_saved(client, staff, county_a):
    login(client, staff)

    response = client.post(
        reverse("supervision:item_add"),
        register_data(county_a, deadline=(TODAY - timedelta(days=1)).isoformat()),
    )

    assert response.status_code == 200
    assert shows(response, zh("The deadline cannot be before the registration date."))
    assert shows(response, "落实秋冬季森林防火工作")
    assert shows(response, "请城关镇抓紧落实，确保不发生火情。")
    assert not Item.objects.exists()
    # No number was used up: the next item is still number 1.
    client.post(reverse("supervision:item_add"), register_data(county_a))
    assert Item.objects.get().sequence == 1


def test_an_instruction_needs_its_text_leader_and_date(client, staff, county_a):
    login(client, staff)

    response = client.post(
        reverse("supervision:item_add"),
        register_data(county_a, instruction_text="", instructing_leader="", instruction_date=""),
    )

    assert shows(response, zh("Enter the exact text of the instruction."))
    assert shows(
        response,
        zh(
            "Choose the leader who gave the instruction, or type their name if they are "
            "not in the system."
        ),
    )
    assert shows(response, zh("Enter the date of the instruction."))
    assert not Item.objects.exists()


def test_a_unit_of_another_county_cannot_be_chosen(client, staff, county_a, county_b):
    login(client, staff)

    response = client.post(
        reverse("supervision:item_add"), register_data(county_a, lead_unit=county_b["township"].pk)
    )

    assert response.status_code == 200
    assert not Item.objects.exists()
    assert county_b["township"].name not in html_of(response)


def test_liaisons_and_leaders_cannot_register(client, liaison, leader, county_a):
    for user in (liaison, leader):
        login(client, user)
        assert client.get(reverse("supervision:item_add")).status_code == 403
        assert (
            client.post(reverse("supervision:item_add"), register_data(county_a)).status_code == 403
        )
    assert not Item.objects.exists()


# --- Detail ------------------------------------------------------------------------------------


def test_detail_shows_the_deadline_with_working_days_left_and_the_colour(client, staff, county_a):
    # Deadline Thursday 5 March: Tuesday to Thursday, 3 working days left: blue.
    item = ItemFactory(lead_unit=county_a["township"], deadline=date(2026, 3, 5))
    login(client, staff)

    response = client.get(item.get_absolute_url())

    assert shows(response, "2026-03-05")
    with translation.override("zh-hans"):
        left = translation.ngettext(
            "%(counter)s working day left", "%(counter)s working days left", 3
        ) % {"counter": 3}
        blue = str(Colour.BLUE.label)
    assert shows(response, left)
    assert shows(response, blue)


def test_a_group_lists_its_items_per_unit(client, staff, county_a):
    parent = ItemFactory(lead_unit=county_a["township"], is_group=True, title="整治违建")
    Item.objects.filter(pk=parent.pk).update(lead_unit=None)
    children = [
        ItemFactory(lead_unit=county_a[unit], parent=parent, title="整治违建")
        for unit in ("township", "department")
    ]
    login(client, staff)

    response = client.get(parent.get_absolute_url())

    for child in children:
        assert shows(response, child.number)
        assert shows(response, child.lead_unit.name)


def test_timeline_tells_the_whole_story_in_order(
    client, staff, liaison, director, leader, county_a
):
    item = ItemFactory(lead_unit=county_a["township"], status=ItemStatus.REGISTERED)
    steps = [
        (staff, "supervision:item_assign", {"comment": "请抓紧办理"}, 10),
        (liaison, "supervision:item_accept", {"comment": "已签收，城建办负责"}, 11),
        (liaison, "supervision:item_report", {"percent": 30, "text": "已完成摸底"}, 12),
        (staff, "supervision:item_urge", {"message": "请加快进度"}, 13),
        (leader, "supervision:item_comment", {"text": "要注重实效"}, 14),
        (liaison, "supervision:item_complete", {"text": "全部整改到位"}, 15),
        (director, "supervision:item_close", {"comment": "同意销号"}, 16),
    ]
    for user, url_name, data, hour in steps:
        with at(TODAY, hour):
            client.logout()  # a fresh sign-in each time: an hour idle signs a person out
            login(client, user)
            client.post(reverse(url_name, args=[item.pk]), data)

    response = login(client, staff).get(item.get_absolute_url())

    html = html_of(response)
    story = [
        "请抓紧办理",
        "已签收，城建办负责",
        "已完成摸底",
        "请加快进度",
        "要注重实效",
        "全部整改到位",
        "同意销号",
    ]
    positions = [html.index(text) for text in story]
    assert positions == sorted(positions)
    assert refreshed(item).status == ItemStatus.CLOSED
    kinds = re.findall(r'data-kind="(\w+)"', html)
    assert kinds[0] == "created"
    assert {"transition", "report", "urge", "comment", "completion"} <= set(kinds)


# --- Actions -----------------------------------------------------------------------------------


def test_staff_assigns_a_registered_item(client, staff, liaison, county_a):
    item = ItemFactory(
        lead_unit=county_a["township"], status=ItemStatus.REGISTERED, assigned_on=None
    )
    login(client, staff)

    response = client.post(reverse("supervision:item_assign", args=[item.pk]), follow=True)

    assert refreshed(item).status == ItemStatus.ASSIGNED
    assert shows(response, zh("%(number)s assigned.", number=item.number))
    assert Notification.objects.filter(recipient=liaison).exists()


def test_liaison_reports_progress_with_several_attachments(client, liaison, item):
    login(client, liaison)

    response = client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {
            "percent": 40,
            "text": "已完成40%的改造任务",
            "attachments": [photo := upload("现场照片.jpg"), sheet := upload("进度表.xlsx")],
        },
        follow=True,
    )
    uploaded = {f.name: (f.seek(0), f.read())[1] for f in (photo, sheet)}

    item = refreshed(item)
    assert item.status == ItemStatus.IN_PROGRESS
    assert item.progress == 40
    report = ProgressReport.objects.get(item=item)
    assert sorted(a.name for a in report.attachments.all()) == ["现场照片.jpg", "进度表.xlsx"]
    assert shows(response, zh("Progress report filed."))
    assert shows(response, "已完成40%的改造任务")
    for attachment in report.attachments.all():
        link = reverse("supervision:attachment_download", args=[attachment.pk])
        assert link in html_of(response)
        download = client.get(link)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == uploaded[attachment.name]


def test_a_long_file_name_is_shortened_but_keeps_its_extension(client, liaison, item):
    """The name was cut at 200 characters, extension and all: the download no longer opened
    in Word."""
    long_name = "关于城关镇老旧小区改造进展情况的报告" * 12 + ".docx"
    login(client, liaison)

    client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {"percent": 40, "text": "进展见附件", "attachments": [upload(long_name)]},
    )

    attachment = ProgressReport.objects.get(item=item).attachments.get()
    assert attachment.name.endswith(".docx")
    assert len(attachment.name) == 200
    assert long_name.startswith(attachment.name.removesuffix(".docx"))
    download = client.get(reverse("supervision:attachment_download", args=[attachment.pk]))
    assert ".docx" in unquote(download["Content-Disposition"])


def test_an_executable_attachment_is_refused_and_nothing_is_saved(client, liaison, item):
    login(client, liaison)

    response = client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {"percent": 40, "text": "附上程序", "attachments": [upload("setup.exe")]},
        follow=True,
    )

    assert shows(response, zh("%(name)s is not a document or an image.", name="setup.exe"))
    assert not ProgressReport.objects.exists()
    assert not Attachment.objects.exists()
    item = refreshed(item)
    assert (item.status, item.progress) == (ItemStatus.IN_PROGRESS, 0)
    # What was typed is back in the form.
    assert shows(response, "附上程序")


def test_an_oversize_attachment_is_refused(client, liaison, item, settings):
    settings.ATTACHMENT_MAX_MB = 1
    login(client, liaison)

    response = client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {"percent": 40, "text": "扫描件", "attachments": [upload("扫描件.pdf", 1024 * 1024 + 1)]},
        follow=True,
    )

    assert shows(response, zh("%(name)s is larger than %(limit)d MB.", name="扫描件.pdf", limit=1))
    assert not ProgressReport.objects.exists()
    assert refreshed(item).progress == 0


def test_liaison_submits_the_completion_report(client, liaison, director, item):
    login(client, liaison)

    response = client.post(
        reverse("supervision:item_complete", args=[item.pk]),
        {"text": "改造全部完成", "attachments": [upload("验收单.pdf")]},
        follow=True,
    )

    item = refreshed(item)
    assert item.status == ItemStatus.COMPLETION_REQUESTED
    assert item.progress == 100
    assert ProgressReport.objects.get(item=item).is_completion
    with translation.override("zh-hans"):
        assert shows(response, ItemStatus.COMPLETION_REQUESTED.label)


def test_director_closes_an_item_whose_completion_was_requested(client, director, county_a):
    item = ItemFactory(lead_unit=county_a["township"], status=ItemStatus.COMPLETION_REQUESTED)
    login(client, director)

    response = client.post(
        reverse("supervision:item_close", args=[item.pk]), {"comment": "验收合格"}, follow=True
    )

    item = refreshed(item)
    assert item.status == ItemStatus.CLOSED
    assert item.closed_on == TODAY
    assert shows(response, zh("%(number)s closed and struck off.", number=item.number))


def test_director_sends_back_only_with_a_reason(client, director, county_a):
    item = ItemFactory(lead_unit=county_a["township"], status=ItemStatus.COMPLETION_REQUESTED)
    login(client, director)
    url = reverse("supervision:item_send_back", args=[item.pk])

    refused = client.post(url, {"reason": "  "}, follow=True)
    assert refreshed(item).status == ItemStatus.COMPLETION_REQUESTED
    assert refused.redirect_chain[-1][0] == item.get_absolute_url()
    assert 'class="alert alert-danger' in html_of(refused)

    client.post(url, {"reason": "佐证材料不全"})
    assert refreshed(item).status == ItemStatus.IN_PROGRESS
    assert shows(login(client, director).get(item.get_absolute_url()), "佐证材料不全")


def test_director_cancels_with_a_reason(client, director, item):
    login(client, director)

    client.post(reverse("supervision:item_cancel", args=[item.pk]), {"reason": "任务已调整"})

    item = refreshed(item)
    assert item.status == ItemStatus.CANCELLED
    assert item.cancel_reason == "任务已调整"


def test_extension_requested_by_the_unit_and_approved_by_the_director(
    client, liaison, director, item
):
    new_deadline = item.deadline + timedelta(days=14)
    login(client, liaison)
    client.post(
        reverse("supervision:item_extension", args=[item.pk]),
        {"new_deadline": new_deadline.isoformat(), "reason": "需等待上级批复"},
    )
    extension = ExtensionRequest.objects.get(item=item)
    assert extension.status == ExtensionStatus.PENDING

    login(client, director)
    page = client.get(item.get_absolute_url())
    decide = reverse("supervision:item_extension_decide", args=[item.pk, extension.pk])
    assert decide in html_of(page)
    assert shows(page, "需等待上级批复")
    client.post(decide, {"approve": "1", "comment": ""})

    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED
    assert refreshed(item).deadline == new_deadline


def test_rejecting_an_extension_needs_a_reason(client, director, item):
    extension = ExtensionRequest.objects.create(
        item=item,
        current_deadline=item.deadline,
        requested_deadline=item.deadline + timedelta(days=7),
        reason="人手不足",
    )
    login(client, director)
    decide = reverse("supervision:item_extension_decide", args=[item.pk, extension.pk])

    response = client.post(decide, {"approve": "0", "comment": ""}, follow=True)
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING
    assert shows(response, zh("Give the reason for the rejection."))

    client.post(decide, {"approve": "0", "comment": "理由不充分"})
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REJECTED
    assert refreshed(item).deadline == extension.current_deadline


def test_an_extension_asked_after_the_deadline_is_refused(client, liaison, county_a):
    item = ItemFactory(
        lead_unit=county_a["township"],
        registered_on=TODAY - timedelta(days=20),
        deadline=TODAY - timedelta(days=1),
    )
    login(client, liaison)

    response = client.post(
        reverse("supervision:item_extension", args=[item.pk]),
        {"new_deadline": (TODAY + timedelta(days=10)).isoformat(), "reason": "来不及"},
        follow=True,
    )

    assert shows(response, zh("The deadline has passed: an extension must be requested before it."))
    assert not ExtensionRequest.objects.exists()


def test_staff_urges_and_the_lead_unit_is_told(client, staff, liaison, item):
    login(client, staff)

    response = client.post(
        reverse("supervision:item_urge", args=[item.pk]), {"message": "请于本周内反馈"}, follow=True
    )

    assert Urge.objects.get(item=item).message == "请于本周内反馈"
    assert Notification.objects.filter(recipient=liaison, body="请于本周内反馈").exists()
    assert shows(response, "请于本周内反馈")


def test_leader_comments_without_changing_the_status(client, leader, liaison, item):
    login(client, leader)

    client.post(reverse("supervision:item_comment", args=[item.pk]), {"text": "务必按期完成"})

    assert LeaderComment.objects.get(item=item).text == "务必按期完成"
    assert refreshed(item).status == ItemStatus.IN_PROGRESS
    assert Notification.objects.filter(recipient=liaison).exists()


def test_a_report_on_a_closed_item_is_refused(client, liaison, county_a):
    item = ItemFactory(lead_unit=county_a["township"], status=ItemStatus.CLOSED)
    login(client, liaison)

    response = client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {"percent": 100, "text": "补报"},
        follow=True,
    )

    assert shows(response, zh("Reports can only be filed on an item that is being handled."))
    assert not ProgressReport.objects.exists()


def test_a_liaison_cannot_close_or_urge(client, liaison, county_a):
    item = ItemFactory(lead_unit=county_a["township"], status=ItemStatus.COMPLETION_REQUESTED)
    login(client, liaison)

    page = client.get(item.get_absolute_url())
    client.post(reverse("supervision:item_close", args=[item.pk]), {"comment": ""})
    client.post(reverse("supervision:item_urge", args=[item.pk]), {"message": "自己催自己"})

    assert reverse("supervision:item_close", args=[item.pk]) not in html_of(page)
    assert reverse("supervision:item_urge", args=[item.pk]) not in html_of(page)
    assert refreshed(item).status == ItemStatus.COMPLETION_REQUESTED
    assert not Urge.objects.exists()


def test_each_person_sees_only_the_forms_they_may_use(
    client, staff, liaison, director, leader, item
):
    def forms_for(user):
        html = html_of(login(client, user).get(item.get_absolute_url()))
        return set(re.findall(r'id="action-(\w+)"', html))

    assert forms_for(liaison) == {"report", "complete", "extension"}
    assert forms_for(staff) == {"report", "complete", "extension", "urge"}
    # The director decides extensions, so does not ask for one.
    assert forms_for(director) == {"report", "complete", "urge", "comment", "cancel"}
    assert forms_for(leader) == {"comment"}


# --- Scoping -----------------------------------------------------------------------------------


@pytest.mark.parametrize("intruder", ["other_liaison", "other_county_liaison"])
def test_a_liaison_of_another_unit_gets_404_and_their_posts_change_nothing(
    client, request, item, intruder
):
    login(client, request.getfixturevalue(intruder))
    Attachment.objects.create(
        report=ProgressReport.objects.create(
            item=item, unit=item.lead_unit, text="t", percent=10, reported_on=TODAY
        ),
        file=upload("a.pdf"),
        name="a.pdf",
        size=100,
    )
    posts = {
        "item_report": {"percent": 90, "text": "冒名反馈"},
        "item_complete": {"text": "冒名办结"},
        "item_extension": {"new_deadline": "2026-12-31", "reason": "冒名延期"},
        "item_urge": {"message": "冒名催办"},
        "item_comment": {"text": "冒名批示"},
        "item_close": {},
        "item_cancel": {"reason": "冒名取消"},
        "item_assign": {},
    }

    assert client.get(item.get_absolute_url()).status_code == 404
    for url_name, data in posts.items():
        assert (
            client.post(reverse(f"supervision:{url_name}", args=[item.pk]), data).status_code == 404
        )
    attachment = Attachment.objects.get()
    assert (
        client.get(reverse("supervision:attachment_download", args=[attachment.pk])).status_code
        == 404
    )
    assert ProgressReport.objects.count() == 1
    assert not ExtensionRequest.objects.exists()
    assert not Urge.objects.exists()
    assert not LeaderComment.objects.exists()
    assert refreshed(item).status == ItemStatus.IN_PROGRESS


def test_a_cooperating_units_liaison_sees_the_item_but_cannot_report_on_it(
    client, other_liaison, item, county_a
):
    item.cooperating_units.add(county_a["department"])
    login(client, other_liaison)

    page = client.get(item.get_absolute_url())
    response = client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {"percent": 50, "text": "协办单位代报"},
        follow=True,
    )

    assert page.status_code == 200
    assert 'id="action-report"' not in html_of(page)
    assert shows(response, zh("Only the lead unit can report on this item."))
    assert not ProgressReport.objects.exists()


def test_a_liaison_sees_only_their_units_items_in_the_ledger_and_its_export(
    client, liaison, county_a, county_b
):
    own = ItemFactory(lead_unit=county_a["township"])
    cooperating = ItemFactory(lead_unit=county_a["department"])
    cooperating.cooperating_units.add(county_a["township"])
    others = [
        ItemFactory(lead_unit=county_a["department"]),
        ItemFactory(lead_unit=county_b["township"]),
    ]
    login(client, liaison)

    ledger = client.get(reverse("supervision:item_list"))
    rows = xlsx_rows(client.get(reverse("supervision:item_list"), {"export": "xlsx"}))

    assert ledger_numbers(ledger) == {own.number, cooperating.number}
    exported = {row[0] for row in rows[1:]}
    assert exported == {own.number, cooperating.number}
    for other in others:
        assert other.number not in exported


# --- Ledger: colours, filters, search, export, query count --------------------------------------


@pytest.fixture
def coloured(county_a):
    """One item of each colour on Monday 2 March 2026 (blue horizon: Thursday 5 March)."""
    unit = county_a["township"]
    start = date(2026, 2, 2)
    return {
        Colour.RED: ItemFactory(lead_unit=unit, registered_on=start, deadline=date(2026, 2, 27)),
        Colour.BLUE: ItemFactory(lead_unit=unit, registered_on=start, deadline=date(2026, 3, 4)),
        Colour.YELLOW: ItemFactory(
            lead_unit=unit,
            registered_on=date(2026, 2, 16),
            deadline=date(2026, 6, 30),
            report_cycle=ReportCycle.WEEKLY,
        ),
        Colour.NONE: ItemFactory(lead_unit=unit, registered_on=TODAY, deadline=date(2026, 6, 30)),
        "closed": ItemFactory(
            lead_unit=unit,
            registered_on=start,
            deadline=date(2026, 2, 20),
            status=ItemStatus.CLOSED,
        ),
    }


@pytest.mark.parametrize("colour", [Colour.RED, Colour.BLUE, Colour.YELLOW])
def test_ledger_filters_by_colour_at_a_frozen_time(client, staff, coloured, colour):
    login(client, staff)

    response = client.get(reverse("supervision:item_list"), {"colour": colour})

    assert ledger_numbers(response) == {coloured[colour].number}
    assert f'data-colour="{colour}"' in html_of(response)


def test_ledger_filter_normal_lists_uncoloured_and_finished_items(client, staff, coloured):
    login(client, staff)

    response = client.get(reverse("supervision:item_list"), {"colour": Colour.NONE})

    assert ledger_numbers(response) == {coloured[Colour.NONE].number, coloured["closed"].number}


def test_a_week_later_the_blue_item_turns_red(client, staff, coloured):
    with at(TODAY + timedelta(days=7)):
        login(client, staff)
        response = client.get(reverse("supervision:item_list"), {"colour": Colour.RED})

    assert ledger_numbers(response) == {coloured[Colour.RED].number, coloured[Colour.BLUE].number}


def test_ledger_filters_by_status_source_unit_and_year(client, staff, county_a):
    township = ItemFactory(lead_unit=county_a["township"], source_kind=SourceKind.MEETING)
    department = ItemFactory(lead_unit=county_a["department"], status=ItemStatus.CLOSED)
    last_year = ItemFactory(lead_unit=county_a["township"], registered_on=date(2025, 6, 1))
    login(client, staff)
    url = reverse("supervision:item_list")

    assert ledger_numbers(client.get(url, {"status": ItemStatus.CLOSED})) == {department.number}
    assert ledger_numbers(client.get(url, {"source_kind": SourceKind.MEETING})) == {township.number}
    assert ledger_numbers(client.get(url, {"lead_unit": county_a["department"].pk})) == {
        department.number
    }
    assert ledger_numbers(client.get(url, {"year": 2025})) == {last_year.number}


def test_ledger_search_finds_numbers_titles_and_instructions(client, staff, county_a):
    wanted = ItemFactory(
        lead_unit=county_a["township"],
        title="河道清淤",
        instruction_text="汛期前完成",
        instructing_leader="赵县长",
    )
    ItemFactory(lead_unit=county_a["township"], title="路灯维修")
    login(client, staff)
    url = reverse("supervision:item_list")

    for query in (wanted.number, f"2026-{wanted.sequence}", "清淤", "汛期", "赵县长"):
        assert ledger_numbers(client.get(url, {"q": query})) == {wanted.number}, query


def test_ledger_shows_an_empty_state_when_nothing_matches(client, staff, item):
    login(client, staff)

    response = client.get(reverse("supervision:item_list"), {"q": "不存在的事项"})

    assert shows(response, zh("Nothing matches these filters."))


def test_ledger_paginates(client, staff, county_a):
    ItemFactory.create_batch(30, lead_unit=county_a["township"])
    login(client, staff)

    first = client.get(reverse("supervision:item_list"))
    second = client.get(reverse("supervision:item_list"), {"page": 2})

    assert len(ledger_numbers(first)) == 25
    assert len(ledger_numbers(second)) == 5
    newest = Item.objects.order_by("-sequence").first()
    assert re.search(r'data-item="([^"]+)"', html_of(first)).group(1) == newest.number


def test_export_follows_the_filters_and_writes_the_colour_as_text(client, staff, coloured):
    login(client, staff)

    rows = xlsx_rows(
        client.get(reverse("supervision:item_list"), {"colour": Colour.RED, "export": "xlsx"})
    )

    header, body = rows[0], rows[1:]
    assert [row[0] for row in body] == [coloured[Colour.RED].number]
    with translation.override("zh-hans"):
        colour_column = header.index(translation.gettext("colour"))
        assert body[0][colour_column] == str(Colour.RED.label)


def test_exports_download_as_dated_excel_files_whatever_the_language(client, staff, item):
    login(client, staff)

    for url_name, title in (
        ("supervision:item_list", "Supervision ledger"),
        ("supervision:red_list", "Red list"),
    ):
        for language in ("zh-hans", "en"):
            client.cookies["django_language"] = language
            response = client.get(reverse(url_name), {"export": "xlsx"})
            disposition = response["Content-Disposition"]
            assert disposition.startswith("attachment; filename")
            with translation.override(language):
                expected = f"{translation.gettext(title)}-20260302.xlsx"
            assert expected in unquote(disposition) or expected in disposition


def test_red_list_shows_overdue_open_items_with_days_overdue(client, leader, coloured):
    login(client, leader)

    response = client.get(reverse("supervision:red_list"))

    assert ledger_numbers(response) == {coloured[Colour.RED].number}
    with translation.override("zh-hans"):
        three_days = translation.ngettext("%(days)d day", "%(days)d days", 3) % {"days": 3}
    assert shows(response, three_days)  # 27 February → 2 March
    assert shows(response, coloured[Colour.RED].lead_unit.name)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_ledger_query_count_is_the_same_for_5_and_50_items(client, staff, county_a):
    url = reverse("supervision:item_list")
    login(client, staff)
    client.get(url)

    def add_items(count):
        for n in range(count):
            unit = county_a["township"] if n % 2 else county_a["department"]
            overdue = n % 3 == 0
            item = ItemFactory(
                lead_unit=unit,
                report_cycle=ReportCycle.WEEKLY,
                registered_on=TODAY - timedelta(days=40 if overdue else 0),
                deadline=TODAY + timedelta(days=-1 if overdue else 30),
            )
            item.cooperating_units.add(county_a["section"])
        parent = ItemFactory(lead_unit=county_a["township"], is_group=True)
        ItemFactory(lead_unit=county_a["department"], parent=parent)

    add_items(3)  # 3 + a group + its child = 5 rows
    with_few = count_queries(client, url)
    with_few_red = count_queries(client, url + "?colour=red&q=督办")
    add_items(43)
    with_many = count_queries(client, url)
    with_many_red = count_queries(client, url + "?colour=red&q=督办")

    assert Item.objects.count() == 50
    assert with_few == with_many
    assert with_few_red == with_many_red
    red = client.get(url, {"colour": "red", "q": "督办"})
    assert len(ledger_numbers(red)) == 1 + 15  # n = 0 of the first batch; 0, 3, … 42 of the second


def test_the_supervision_menu_is_not_offered_to_administrators_who_may_not_read_it(
    client, make_user, county_a
):
    sys_admin = make_user(county_a["office"], Role.SYS_ADMIN)
    home = html_of(login(client, sys_admin).get(reverse("home")))
    assert reverse("supervision:item_list") not in home


def test_closing_an_item_asks_for_confirmation_first(client, director, make_item, advance):
    item = advance(make_item(on=TODAY), ItemStatus.COMPLETION_REQUESTED, on=TODAY)
    page = html_of(login(client, director).get(item.get_absolute_url()))
    close_form = page[page.index('id="action-close"') :].split("</form>")[0]
    assert "data-confirm=" in close_form


def test_the_timeline_tells_an_assignment_as_a_sentence_naming_the_unit(client, staff, make_item):
    item = make_item(on=TODAY)
    with translation.override("zh-hans"):
        page = html_of(login(client, staff).get(item.get_absolute_url()))
    timeline = page[page.index('id="item-history"') :]
    assert f"交办至{item.lead_unit}" in timeline
    assert "assign:" not in timeline


def test_the_register_form_asks_to_choose_a_unit_rather_than_showing_dashes(client, staff):
    with translation.override("zh-hans"):
        page = html_of(login(client, staff).get(reverse("supervision:item_add")))
    lead_unit = page[page.index('name="lead_unit"') :].split("</select>")[0]
    assert "请选择" in lead_unit and "---------" not in lead_unit


def test_a_liaisons_ledger_tells_items_the_unit_leads_from_those_it_cooperates_on(
    client, liaison, make_item, lead_unit, other_unit
):
    led = make_item(on=TODAY, title="我单位牵头的事项")
    helped = make_item(
        on=TODAY, title="我单位配合的事项", lead_unit=other_unit, cooperating_units=[lead_unit]
    )

    page = html_of(login(client, liaison).get(reverse("supervision:item_list")))

    def row(item):
        return page[page.index(f'data-item="{item.number}"') :].split("</tr>")[0]

    assert 'data-role="lead"' in row(led)
    assert 'data-role="cooperate"' in row(helped) and other_unit.name in row(helped)
    assert lead_unit.name in row(helped)  # in the cooperating units column


def test_the_ledgers_tabs_split_to_do_in_hand_and_done(client, staff, make_item, advance):
    new = make_item(on=TODAY, title="刚交办的事项", accept=False)
    working = advance(make_item(on=TODAY, title="办理中的事项"), ItemStatus.IN_PROGRESS, on=TODAY)
    closed = advance(make_item(on=TODAY, title="已办结的事项"), ItemStatus.CLOSED, on=TODAY)
    login(client, staff)

    def numbers(stage):
        page = html_of(client.get(reverse("supervision:item_list"), {"stage": stage}))
        return {
            item.number for item in (new, working, closed) if f'data-item="{item.number}"' in page
        }

    assert numbers("todo") == {new.number}
    assert numbers("doing") == {working.number}
    assert numbers("done") == {closed.number}
    assert numbers("") == {new.number, working.number, closed.number}


def test_the_excel_ledger_reads_well_in_chinese_with_every_rows_colour_and_latest_progress(
    client, staff, liaison, make_item, advance
):
    working = make_item(on=TODAY, title="推进老旧小区改造工程并完成全部居民搬迁安置工作")
    with frozen(TODAY):
        services.report_submit(actor=liaison, item=working, text="已完成七成改造", percent=70)
    closed = advance(make_item(on=TODAY, title="已办结的事项"), ItemStatus.CLOSED, on=TODAY)
    login(client, staff)

    content = client.get(reverse("supervision:item_list"), {"export": "xlsx"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], {row[0]: row for row in rows[1:]}

    with translation.override("zh-hans"):
        latest = header.index(translation.gettext("latest progress"))
        colour = header.index(translation.gettext("colour"))
        title = header.index(translation.gettext("title"))
    assert body[working.number][latest] == "已完成七成改造"
    assert all(row[colour] for row in body.values())
    assert body[closed.number][colour] == closed.get_status_display()
    # A Chinese title of 24 characters needs about 48 Latin widths, not the default 8.
    title_letter = openpyxl.utils.get_column_letter(title + 1)
    assert sheet.column_dimensions[title_letter].width >= 48
    # Dates are dates Excel can sort and compute with, shown as 2026-03-31.
    with translation.override("zh-hans"):
        deadline = header.index(translation.gettext("deadline"))
    assert body[working.number][deadline] == datetime.combine(working.deadline, time())
    cell = sheet.cell(row=2, column=deadline + 1)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"


def test_hidden_ledger_filters_keep_their_value_without_a_stray_label(client, staff):
    with translation.override("zh-hans"):
        page = html_of(
            login(client, staff).get(reverse("supervision:item_list"), {"stage": "done"})
        )
        label = translation.gettext("stage")
    filter_bar = page[page.index('class="filter-bar') :].split("</form>")[0]
    assert 'type="hidden" name="stage" value="done"' in filter_bar
    assert f">{label}</label>" not in filter_bar


def test_every_source_takes_its_task_and_requirements_shown_under_that_name(
    client, staff, county_a
):
    login(client, staff)
    form = client.get(reverse("supervision:item_add"))
    # The field sits outside the instruction's own fields, so it shows for every source.
    page = html_of(form)
    assert page.index('name="instruction_text"') < page.index('id="instruction-fields"')

    response = client.post(
        reverse("supervision:item_add"),
        register_data(
            county_a,
            source_kind=SourceKind.MEETING,
            instruction_text="按县委常委会要求，年底前完成城区积水点整治。",
            instructing_leader="",
            instruction_date="",
        ),
        follow=True,
    )

    item = Item.objects.get()
    assert '<h3 class="card-title">办理过程</h3>' in html_of(response)  # the timeline's name
    assert item.instruction_text == "按县委常委会要求，年底前完成城区积水点整治。"
    assert shows(response, "按县委常委会要求，年底前完成城区积水点整治。")
    assert shows(response, zh("Task and requirements"))
    assert not shows(response, zh("instruction text"))


def test_the_responsible_person_is_offered_from_the_units_people(
    client, staff, liaison, other_county_liaison, county_a
):
    login(client, staff)
    page = html_of(client.get(reverse("supervision:item_add")))

    field = page[page.index('name="responsible_person"') :].split(">")[0]
    assert 'list="responsible-people"' in field
    people = page[page.index('<datalist id="responsible-people">') :].split("</datalist>")[0]
    assert f'<option value="{liaison.name}">{county_a["township"]}</option>' in people
    assert f">{other_county_liaison.org_unit}</option>" not in people

    client.post(
        reverse("supervision:item_add"),
        register_data(county_a, responsible_person="外单位张三"),  # typed: outside the system
    )
    assert Item.objects.get().responsible_person == "外单位张三"
