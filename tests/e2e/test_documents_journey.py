"""An official document's journey in a real browser: staff draft a normative opinion, a
section head checks it, the legal adviser records the legality review (sign-off waits for
it), the leader signs it off from their home page, staff number and issue it, and the
GB/T 9704 .docx downloads and reads back."""

import io

import docx
import pytest
from playwright.sync_api import expect

from office.roles import Role

from .documents_steps import act, sign_in, sign_out

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "关于规范村级事务管理的实施意见"


def test_a_normative_document_goes_through_legality_review_to_a_numbered_docx(
    live_server, browser_page, screenshot, make_user, county_a, password, tmp_path
):
    page = browser_page
    staff = make_user(county_a["section"], Role.STAFF, name="李明")
    head = make_user(county_a["section"], Role.SECTION_HEAD, name="张科长")
    adviser = make_user(county_a["section"], Role.LEGAL_ADVISER, name="吴律师")
    leader = make_user(county_a["committee"], Role.LEADER, name="周书记")

    sign_in(page, live_server, staff, password)
    page.goto(f"{live_server.url}/documents/official/add/")
    page.select_option("#id_doc_type", "opinion")
    page.fill("#id_title", TITLE)
    page.fill("#id_issuer", "中共甲县县委办公室")
    page.fill("#id_issuer_code", "甲委办发")
    page.check("#id_is_normative")
    page.fill("#id_main_recipients", "各乡镇党委")
    page.fill("#id_body", "一、总体要求\n规范村级事务管理。\n二、主要措施\n（一）健全制度")
    page.select_option("#id_signer", str(leader.pk))
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h2.page-title")).to_contain_text(TITLE)
    url = page.url
    act(page, "submit")
    sign_out(page, staff)

    sign_in(page, live_server, head, password)
    page.goto(url)
    act(page, "check")
    expect(page.locator(".document-legal-missing")).to_be_visible()
    sign_out(page, head)

    sign_in(page, live_server, adviser, password)
    page.goto(url)
    page.fill("#id_legal_opinion", "经审查，制定主体适格，内容合法。")
    act(page, "legal_review")
    sign_out(page, adviser)

    sign_in(page, live_server, leader, password)
    page.locator(".documents-sign-off a", has_text=TITLE).click()
    act(page, "sign")
    sign_out(page, leader)

    sign_in(page, live_server, staff, password)
    page.goto(url)
    act(page, "issue")
    expect(page.locator("body")).to_contain_text("甲委办发〔2026〕1号")
    screenshot(page, "documents-issued")
    with page.expect_download() as download:
        page.locator("a[href$='/docx/']").click()
    path = tmp_path / "document.docx"
    download.value.save_as(path)
    texts = [p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs]
    assert "甲委办发〔2026〕1号" in texts and TITLE in texts
