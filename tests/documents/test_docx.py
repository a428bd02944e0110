"""An issued document downloads as a GB/T 9704 .docx: read back with python-docx."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from documents.choices import DocType

from .conftest import draft, issued

pytestmark = pytest.mark.django_db


def _open(response):
    return docx.Document(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def _texts(document):
    return [p.text for p in document.paragraphs]


def test_the_docx_has_the_standards_page_number_fonts_and_page_numbers(client, people):
    document = issued(people)
    client.force_login(people["staff"])
    response = client.get(f"/documents/official/{document.pk}/docx/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    word = _open(response)
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    texts = _texts(word)
    assert "中共甲县县委办公室文件" in texts
    assert "甲委办发〔2026〕1号" in texts
    assert "关于做好春耕生产工作的通知" in texts
    assert "各乡镇党委：" in texts
    fonts = {r_fonts.get(qn("w:eastAsia")) for r_fonts in word.element.body.iter(qn("w:rFonts"))}
    assert {"仿宋_GB2312", "黑体", "楷体_GB2312"} <= fonts
    footers = "".join(
        instr.text for s in word.sections for instr in s.footer._element.iter(qn("w:instrText"))
    )
    assert "PAGE" in footers
    type_width = section.page_width - section.left_margin - section.right_margin
    assert round(type_width / Mm(1)) == 156


def test_a_request_shows_its_signer_and_a_memo_has_no_masthead(client, people):
    request = issued(people, doc_type=DocType.REQUEST, title="关于支持道路建设的请示")
    memo = draft(people, doc_type=DocType.MEMO, title="关于会议安排的便笺")
    client.force_login(people["staff"])
    texts = "\n".join(_texts(_open(client.get(f"/documents/official/{request.pk}/docx/"))))
    assert "签发人" in texts and "周书记" in texts
    memo_texts = _texts(_open(client.get(f"/documents/official/{memo.pk}/docx/")))
    assert "中共甲县县委办公室文件" not in memo_texts


def test_the_api_gives_the_same_docx(client, people):
    document = issued(people)
    client.force_login(people["leader"])
    response = client.get(f"/api/v1/documents/official/{document.pk}/docx/")
    assert response.status_code == 200
    assert "甲委办发〔2026〕1号" in _texts(_open(response))


def _words(pdf):
    """(page, top in points, word) of every word pdftotext finds, page by page."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words, page = [], 0
    for line in xml.splitlines():
        if "<page " in line:
            page += 1
        elif match := re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)</word>', line):
            words.append((page, float(match[1]), float(match[2]), match[3]))
    return words


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_puts_the_colophon_at_the_foot_of_the_last_page(client, people, tmp_path):
    """Rendered by LibreOffice, 抄送 and 印发 close the last page's type area (which ends 35 mm
    above the page's foot), well below the text, not right after the date. (A text that
    leaves no room for them on its last page gets them on a page of their own.)"""
    document = issued(people, body="请认真贯彻落实。")
    client.force_login(people["staff"])
    path = tmp_path / "document.docx"
    path.write_bytes(b"".join(client.get(f"/documents/official/{document.pk}/docx/")))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    words = _words(tmp_path / "document.pdf")

    last_page = max(page for page, *_ in words)
    [(copy_page, copy_top, _, _)] = [w for w in words if w[3].startswith("抄送")]
    [(printed_page, _, printed_foot, _)] = [w for w in words if w[3].endswith("印发")]
    text_foot = max(foot for page, top, foot, _ in words if page == last_page and top < copy_top)
    type_area_foot = (297 - 35) / 25.4 * 72
    assert copy_page == printed_page == last_page
    assert type_area_foot - 30 < printed_foot <= type_area_foot + 1
    assert copy_top - text_foot > 2 * 29  # more than two empty lines below the date
