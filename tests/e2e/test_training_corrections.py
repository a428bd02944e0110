"""The director's corrections in a real browser, at a laptop's 1366 px and a tablet's 820 px:
a mentoring pair's edit and removal pages, the assessment with the scores entered (each with
its edit and remove links), its targets' edit page, and the library's Excel import with a bad
row in the preview. Every page loads whole and nothing runs off the side of the screen."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from office.roles import Role
from training import services

from .test_login_browser import assert_loaded_whole
from .test_supervision_journey import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
WIDTHS = (1366, 820)


def _fits(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} runs {overflow} px off the side"


def _workbook(tmp_path) -> str:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["标题", "类别", "日期", "出处", "摘要"])
    sheet.append(
        ["习近平总书记在中央经济工作会议上的重要讲话", "重要讲话", "2025-12-11", "新华社", "要点。"]
    )
    sheet.append(["类别写错的资料", "小说", "2026-01-05", "", ""])
    path = tmp_path / "学习资料清单.xlsx"
    output = io.BytesIO()
    workbook.save(output)
    path.write_bytes(output.getvalue())
    return str(path)


def test_the_directors_corrections_fit_a_laptop_and_a_tablet(
    live_server, browser_page, screenshot, make_user, county_a, password, tmp_path
):
    page = browser_page
    director = make_user(county_a["office"], Role.DIRECTOR, name="陈主任")
    head = make_user(county_a["section"], Role.SECTION_HEAD, name="张科长")
    staff = make_user(county_a["section"], Role.STAFF, name="李明")
    pair = services.pair_create(
        actor=director, mentor=head, mentee=staff, started_on=date(2026, 1, 5),
        goals="熟悉公文起草，能独立承担会议通知和简报。",
    )  # fmt: skip
    assessment = services.assessment_create(
        actor=director, year=2026, title="2026年度科室目标考核",
        criteria=[services.CriterionData("办文质量", 60),
                  services.CriterionData("学习出勤", 40, "study_attendance")],
    )  # fmt: skip
    services.section_score_set(
        actor=director, criterion=assessment.criteria.get(name="办文质量"),
        section=county_a["section"], score=Decimal("88.5"),
    )  # fmt: skip
    sign_in(page, live_server, director, password)
    pages = {
        "pair": pair.get_absolute_url(),
        "pair-edit": reverse("training:pair_edit", args=[pair.pk]),
        "pair-remove": reverse("training:pair_delete", args=[pair.pk]),
        "assessment": assessment.get_absolute_url(),
        "assessment-edit": reverse("training:assessment_edit", args=[assessment.pk]),
        "import": reverse("training:material_import_upload"),
    }
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            page.goto(f"{live_server.url}{url}")
            assert_loaded_whole(page)
            _fits(page)
            screenshot(page, f"training-{name}-{width}")

    page.goto(f"{live_server.url}{pages['assessment']}")
    expect(page.locator("#entered-scores")).to_contain_text("88.5")
    page.goto(f"{live_server.url}{pages['pair-edit']}")
    expect(page.locator("textarea[name=goals]")).to_have_value(
        "熟悉公文起草，能独立承担会议通知和简报。"
    )

    page.goto(f"{live_server.url}{pages['import']}")
    page.set_input_files("input[type=file]", _workbook(tmp_path))
    page.click("form.office-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("未知类别：小说")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_loaded_whole(page)
        _fits(page)
        screenshot(page, f"training-import-preview-{width}")
