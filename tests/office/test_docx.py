"""Official documents laid out after GB/T 9704-2012, read back with python-docx."""

import dataclasses
import io
from datetime import date

import docx
import pytest
from django.core.exceptions import ValidationError
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from office.docx import (
    Attachment,
    OfficialDocument,
    Paragraph,
    Table,
    date_text,
    document_number,
    heading_level,
    paragraphs_from_text,
    render,
)

ISSUER = "中共青县县委办公室"

NOTICE = OfficialDocument(
    issuer_mark=f"{ISSUER}文件",
    number=document_number("青委办发", 2026, 12),
    title="关于做好2026年防汛工作的通知",
    recipients="各乡镇党委，县直各单位",
    body=paragraphs_from_text(
        "为切实做好今年防汛工作，现就有关事项通知如下。\n"
        "一、提高思想认识\n"
        "各单位要充分认识防汛工作的重要性。\n"
        "（一）压实防汛责任\n"
        "1.加强组织领导。各乡镇要成立防汛指挥机构。\n"
        "（1）细化应急预案\n"
    ),
    attachments=[
        Attachment("防汛责任人名单", [Table(["单位", "责任人"], [["城关镇", "张明"]])]),
        Attachment("防汛物资储备情况表"),
    ],
    signature=ISSUER,
    written_on=date(2026, 4, 2),
    note="此件公开发布",
    copy_to=["县人大常委会办公室", "县政府办公室"],
    printed_by=ISSUER,
    printed_on=date(2026, 4, 3),
)

REQUEST = OfficialDocument(
    issuer_mark=f"{ISSUER}文件",
    number=document_number("青委办呈", 2026, 3),
    signers=["王建国"],
    title="关于申请防汛专项经费的请示",
    recipients="县委",
    body=[Paragraph("妥否，请批示。")],
    signature=ISSUER,
    written_on=date(2026, 4, 2),
)


def read(doc: OfficialDocument):
    return docx.Document(io.BytesIO(render(doc)))


def paragraph(document, text: str):
    """The one paragraph whose text starts with ``text``."""
    [found] = [p for p in document.paragraphs if p.text.startswith(text)]
    return found


def font(run) -> tuple[str, str, float]:
    """East Asian font, Latin font and size of a run."""
    fonts = run._element.rPr.rFonts
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii")), run.font.size.pt


def bottom_rule(p):
    borders = p._p.pPr.find(qn("w:pBdr"))
    return None if borders is None else borders.find(qn("w:bottom"))


def mm(length) -> float:
    return length / Mm(1)


# --- The page ---------------------------------------------------------------------------------


def test_the_page_is_a4_with_the_standards_margins_and_22_lines():
    document = read(NOTICE)
    section = document.sections[0]

    assert mm(section.page_width) == pytest.approx(210, abs=0.1)
    assert mm(section.page_height) == pytest.approx(297, abs=0.1)
    assert mm(section.top_margin) == pytest.approx(37, abs=0.1)
    assert mm(section.bottom_margin) == pytest.approx(35, abs=0.1)
    assert mm(section.left_margin) == pytest.approx(28, abs=0.1)
    assert mm(section.right_margin) == pytest.approx(26, abs=0.1)
    # 22 lines fill the 225 mm type area, and no more.
    line = document.styles["Normal"].paragraph_format.line_spacing
    assert 22 * mm(line) <= 225 < 23 * mm(line)


def test_the_grid_is_22_lines_and_the_body_condensed_to_28_characters_a_line():
    """A line grid with the body's own pitch, not a character grid: LibreOffice gives a 3号
    character two cells of a 15.8 pt character grid and showed 14 characters a line."""
    document = read(NOTICE)
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))

    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:charSpace")) is None
    line_pitch = int(grid.get(qn("w:linePitch"))) / 20  # points
    assert 22 * line_pitch <= Mm(225).pt < 23 * line_pitch
    normal = document.styles["Normal"].element.rPr
    assert normal.sz_val.pt == 16
    # 3号 condensed by whole twips so that 28 characters fit in 156 mm and 29 do not.
    pitch = 16 + int(normal.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * pitch <= Mm(156).pt < 29 * pitch
    # The body text inherits the condensed pitch; the 2号 title keeps its natural one.
    body = paragraph(document, "为切实做好").runs[0]._element.rPr
    assert body.find(qn("w:spacing")) is None
    title = paragraph(document, "关于做好").runs[0]._element.rPr
    assert title.find(qn("w:spacing")).get(qn("w:val")) == "0"


# --- 版头 -------------------------------------------------------------------------------------


def test_the_issuer_mark_is_red_xiaobiaosong_centred_with_the_number_and_red_rule_below():
    document = read(NOTICE)
    mark = document.paragraphs[0]

    assert mark.text == "中共青县县委办公室文件"
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    east_asian, latin, size = font(mark.runs[0])
    assert east_asian == latin == "方正小标宋简体"
    # As large as fits the type area's width.
    assert size * len(mark.text) <= Mm(156).pt
    assert mark.runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    # 35 mm from the top of the type area.
    assert mm(mark.paragraph_format.space_before) == pytest.approx(35, abs=0.1)

    number = document.paragraphs[1]
    assert number.text == "青委办发〔2026〕12号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert font(number.runs[0]) == ("仿宋_GB2312", "仿宋_GB2312", 16)
    rule = bottom_rule(number)
    assert rule.get(qn("w:color")) == "FF0000"
    assert round(int(rule.get(qn("w:space"))) * 25.4 / 72) == 4  # 4 mm below the number


def test_a_request_puts_the_number_left_and_the_signer_in_kaiti_right():
    document = read(REQUEST)
    line = paragraph(document, "\t青委办呈")

    assert line.text == "\t青委办呈〔2026〕3号\t签发人：王建国"
    signer = line.runs[-1]
    assert signer.text == "王建国"
    assert font(signer)[0] == "楷体_GB2312"
    assert bottom_rule(line).get(qn("w:color")) == "FF0000"
    stops = [stop.position for stop in line.paragraph_format.tab_stops]
    # One character in from the left for the number; the names end one character from the right.
    assert stops[0] == Pt(16)
    names_end = mm(stops[-1] + Pt(16) * len("王建国"))
    assert names_end == pytest.approx(156 - mm(Pt(16)), abs=0.1)


def test_a_circular_gets_its_issue_line_and_a_notice_none():
    bulletin = OfficialDocument(
        issuer_mark="督查通报",
        issue="第3期",
        compiled_by=ISSUER,
        compiled_on=date(2026, 4, 2),
        title="三月督查通报",
    )
    document = read(bulletin)

    issue = document.paragraphs[1]
    assert issue.text == "第3期"
    assert issue.alignment == WD_ALIGN_PARAGRAPH.CENTER
    compiled = document.paragraphs[2]
    assert compiled.text == f"\t{ISSUER}\t2026年4月2日"
    assert bottom_rule(compiled).get(qn("w:color")) == "FF0000"
    assert not any(p.text.startswith("第") for p in read(NOTICE).paragraphs)


def test_a_plain_document_has_no_masthead():
    document = read(OfficialDocument(title="会议通知", body=[Paragraph("定于明日开会。")]))

    assert document.paragraphs[0].text == "会议通知"
    assert not any(bottom_rule(p) is not None for p in document.paragraphs)


# --- 主体 -------------------------------------------------------------------------------------


def test_the_title_recipients_and_body_are_in_their_fonts():
    document = read(NOTICE)

    title = paragraph(document, "关于做好")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert font(title.runs[0]) == ("方正小标宋简体", "方正小标宋简体", 22)
    assert paragraph(document, "各乡镇党委").text == "各乡镇党委，县直各单位："
    body = paragraph(document, "为切实做好")
    assert font(body.runs[0]) == ("仿宋_GB2312", "仿宋_GB2312", 16)
    assert body.paragraph_format.first_line_indent == Pt(32)


def test_each_heading_level_is_in_the_font_the_standard_gives_it():
    document = read(NOTICE)

    level_1 = paragraph(document, "一、").runs[0]
    level_2 = paragraph(document, "（一）").runs[0]
    level_3 = paragraph(document, "1.加强").runs
    level_4 = paragraph(document, "（1）").runs[0]
    assert font(level_1) == ("黑体", "黑体", 16) and not level_1.bold
    assert font(level_2) == ("楷体_GB2312", "楷体_GB2312", 16)
    # Level 3 in bold 仿宋 up to its first full stop; the text run into it is regular.
    assert level_3[0].text == "1.加强组织领导。" and level_3[0].bold
    assert font(level_3[0])[0] == "仿宋_GB2312"
    assert level_3[1].text == "各乡镇要成立防汛指挥机构。" and not level_3[1].bold
    assert font(level_4)[0] == "仿宋_GB2312" and not level_4.bold


def test_the_attachment_note_signature_date_and_note_follow_the_body():
    document = read(NOTICE)
    texts = [p.text for p in document.paragraphs]

    start = texts.index("附件：1.防汛责任人名单")
    assert texts[start : start + 5] == [
        "附件：1.防汛责任人名单",
        "2.防汛物资储备情况表",
        ISSUER,
        "2026年4月2日",
        "（此件公开发布）",
    ]
    # Later names align with the first: their hanging indents end at the same place.
    first, second = document.paragraphs[start], document.paragraphs[start + 1]
    assert (
        first.paragraph_format.left_indent
        == second.paragraph_format.left_indent
        > second.paragraph_format.left_indent + second.paragraph_format.first_line_indent
    )
    # The date starts two characters right of the issuer's first character.
    signature, day = document.paragraphs[start + 2], document.paragraphs[start + 3]
    signature_starts = signature.paragraph_format.right_indent + Pt(16) * len(ISSUER)
    date_starts = day.paragraph_format.right_indent + Pt(16) * 6  # 2026年4月2日: 6 wide
    assert signature_starts - date_starts == Pt(32)


def test_each_attachment_starts_a_page_with_its_number_and_title():
    document = read(NOTICE)

    label = paragraph(document, "附件1")
    assert label.paragraph_format.page_break_before
    assert font(label.runs[0])[0] == "黑体"
    assert paragraph(document, "附件2").paragraph_format.page_break_before
    table = document.tables[0]  # the colophon is the last
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["单位", "责任人"],
        ["城关镇", "张明"],
    ]
    assert font(table.cell(0, 0).paragraphs[0].runs[0])[0] == "黑体"


def test_a_table_column_marked_nowrap_keeps_each_value_on_one_line():
    table = Table(["排名", "单位", "办结率"], [["1", "县发展和改革局", "100.0%"]], nowrap=[1])
    document = read(OfficialDocument(title="通报", attachments=[Attachment("附表", [table])]))

    [grid] = document.tables
    for row in grid.rows:
        assert row.cells[1]._tc.tcPr.find(qn("w:noWrap")) is not None
        assert row.cells[0]._tc.tcPr is None or row.cells[0]._tc.tcPr.find(qn("w:noWrap")) is None


# --- 版记 and page numbers --------------------------------------------------------------------


def colophon(document):
    """The colophon's table: the last of the document's tables."""
    return document.tables[-1]


def test_the_colophon_lists_copy_to_and_printing_between_thick_and_thin_rules():
    document = read(NOTICE)
    [copy_to], [printed] = (cell.paragraphs for cell in colophon(document).columns[0].cells)

    assert copy_to.text == "抄送：县人大常委会办公室，县政府办公室。"
    assert printed.text == f"\t{ISSUER}\t2026年4月3日印发"
    assert font(copy_to.runs[0]) == ("仿宋_GB2312", "仿宋_GB2312", 14)
    borders = colophon(document)._tbl.tblPr.find(qn("w:tblBorders"))
    rules = [int(borders.find(qn(f"w:{side}")).get(qn("w:sz"))) for side in ("top", "insideH")]
    rules.append(int(borders.find(qn("w:bottom")).get(qn("w:sz"))))
    assert rules == [8, 6, 8]  # thick, thin, thick
    assert borders.find(qn("w:left")).get(qn("w:val")) == "nil"


def test_the_colophon_floats_at_the_foot_of_the_last_pages_type_area():
    """A floating table anchored to the bottom of the margin box, as wide as the type area and
    starting at the left margin: LibreOffice put the old frame right after the text."""
    document = read(NOTICE)
    table = colophon(document)._tbl
    position = table.tblPr.find(qn("w:tblpPr"))

    assert position.get(qn("w:vertAnchor")) == "margin"
    assert position.get(qn("w:tblpYSpec")) == "bottom"
    assert position.get(qn("w:horzAnchor")) == "page"
    assert int(position.get(qn("w:tblpX"))) / 20 == pytest.approx(Mm(28).pt, abs=0.1)
    assert int(table.tblPr.find(qn("w:tblW")).get(qn("w:w"))) / 20 == pytest.approx(
        Mm(156).pt, abs=0.1
    )
    # It comes after the attachments, anchored to the document's last paragraph.
    body = list(document.element.body)
    assert body.index(table) == len(body) - 3  # the table, its anchor, the section
    assert body[-2].tag == qn("w:p") and not document.paragraphs[-1].text


def test_a_document_without_copy_to_has_a_one_row_colophon():
    document = read(dataclasses.replace(REQUEST, printed_by=ISSUER))

    [row] = colophon(document).rows
    assert row.cells[0].text == f"\t{ISSUER}\t"


def test_page_numbers_are_dashed_songti_on_the_outside_of_odd_and_even_pages():
    document = read(NOTICE)
    section = document.sections[0]

    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        assert footer.text == "— 1 —"
        assert " PAGE " in [t.text for t in footer._p.iter(qn("w:instrText"))]
        assert font(footer.runs[0]) == ("宋体", "宋体", 14)


# --- Helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, year, number, expected",
    [
        ("青委办发", 2026, 12, "青委办发〔2026〕12号"),
        ("青委办呈", 2026, 1, "青委办呈〔2026〕1号"),
        (" 青办函 ", 2025, 108, "青办函〔2025〕108号"),
    ],
)
def test_document_numbers_use_hexagonal_brackets_and_no_leading_zeros(code, year, number, expected):
    assert document_number(code, year, number) == expected


@pytest.mark.parametrize("number", [0, -3])
def test_a_document_number_below_1_is_refused_in_chinese(number):
    with pytest.raises(ValidationError) as refused:
        document_number("青委办发", 2026, number)
    assert refused.value.messages == ["发文顺序号应从1开始编排，不能小于1。"]


def test_a_document_number_needs_a_code_and_a_four_digit_year():
    with pytest.raises(ValidationError, match="发文机关代字"):
        document_number("  ", 2026, 1)
    with pytest.raises(ValidationError, match="四位数字"):
        document_number("青委办发", 26, 1)


def test_dates_are_written_with_arabic_numerals_and_no_leading_zeros():
    assert date_text(date(2026, 4, 2)) == "2026年4月2日"
    assert date_text(date(2026, 11, 30)) == "2026年11月30日"


@pytest.mark.parametrize(
    "line, level",
    [
        ("一、总体要求", 1),
        ("十二、其他", 1),
        ("（三）工作措施", 2),
        ("3.加强督查", 3),
        ("（2）按月报送", 4),
        ("2.5亿元资金已拨付到位。", 0),
        ("各单位要高度重视。", 0),
    ],
)
def test_heading_levels_are_known_by_their_numbering(line, level):
    assert heading_level(line) == level
