"""Official documents laid out after GB/T 9704-2012 (党政机关公文格式), rendered as .docx.

An app describes a document with ``OfficialDocument`` (masthead, title, recipients, body,
attachments, signature, colophon) and ``render`` lays it out: A4, 37/35/28/26 mm margins,
22 lines of 28 characters, 3号 仿宋_GB2312 body, red masthead and rule, heading levels in
their fonts, colophon at the foot of the last page, page numbers "— 1 —" on the outside.

The words the standard fixes (附件, 抄送, 印发, 签发人) are written in Chinese whatever the
interface language: the document itself is a Chinese official document.

Fonts are named as the standard and office PCs name them, on w:ascii, w:hAnsi and w:eastAsia
alike, so Word picks the same face for Chinese text and for digits.
"""

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt, RGBColor, Twips

from .guard import without_control_characters

# --- Page and type -----------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP_MARGIN, BOTTOM_MARGIN = Mm(37), Mm(35)
LEFT_MARGIN, RIGHT_MARGIN = Mm(28), Mm(26)  # left is the binding edge
TYPE_WIDTH = Emu(PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN)  # 156 mm
TYPE_HEIGHT = Emu(PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN)  # 225 mm
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# One line of the 22 that fill the type area, rounded down to whole twips so that 22 fit:
# 579 twips (28.95 pt), the pitch Word templates of the standard use.
LINE = Twips(int(TYPE_HEIGHT.twips) // LINES_PER_PAGE)

SIZE_2, SIZE_3, SIZE_4 = 22, 16, 14  # 2号, 3号, 4号 in points
CHAR = Pt(SIZE_3)  # "一字": one 3号 character, the standard's unit of indents
# 28 characters of 3号 (448 pt) are wider than the type area (442 pt): body characters are
# condensed by this much each (w:spacing, in whole twips, rounded so that 28 fit and 29 do
# not): -5 twips, 15.75 pt a character.
CONDENSE = Twips(math.floor((TYPE_WIDTH.pt / CHARS_PER_LINE - SIZE_3) * 20))

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
SONGTI = "宋体"
XIAOBIAOSONG = "方正小标宋简体"

RED = RGBColor(0xFF, 0x00, 0x00)
# A long issuer mark is set to fill this share of the type area's width; a short one no
# larger than MARK_MAX_SIZE points.
MARK_WIDTH, MARK_MAX_SIZE = 0.95, 60
# Border widths in eighths of a point (w:sz): the red rule, and the colophon's thick
# (0.35 mm) and thin (0.25 mm) rules.
RED_RULE, THICK_RULE, THIN_RULE = 12, 8, 6

# Level 0 is body text; 1-4 are the standard's "一、", "（一）", "1.", "（1）".
LEVEL_FONTS = {0: (FANGSONG, False), 1: (HEITI, False), 2: (KAITI, False)}
LEVEL_FONTS |= {3: (FANGSONG, True), 4: (FANGSONG, False)}
_NUMERAL = "[一二三四五六七八九十]+"
LEVEL_PATTERNS = (
    (1, re.compile(rf"^({_NUMERAL}、|[IVX]+\. )")),  # roman numerals: the English draft text
    (2, re.compile(rf"^[（(]{_NUMERAL}[）)]")),
    (3, re.compile(r"^\d+[.．](?!\d)")),  # "1." but not a decimal such as "2.5亿元"
    (4, re.compile(r"^[（(]\d+[）)]")),
)


# --- What a document is made of ----------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body: level 0 is text, 1-4 a heading of that level."""

    text: str
    level: int = 0

    def __post_init__(self):
        if self.level not in LEVEL_FONTS:
            raise ValueError(f"heading level {self.level} is not one of 0-4")


@dataclass(frozen=True)
class Table:
    """A table (横排表格), with a caption line above it."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    caption: str = ""
    # Columns (0-based) whose values never break inside (a unit's name): Word widens the
    # column instead of wrapping 发展和改革局 over two lines.
    nowrap: Sequence[int] = ()


Block = Paragraph | Table


@dataclass(frozen=True)
class Attachment:
    """An attachment (附件): named in the note after the body, laid out on pages of its own."""

    title: str
    blocks: Sequence[Block] = ()


@dataclass(frozen=True)
class OfficialDocument:
    """The elements of an official document (公文) in GB/T 9704 terms.

    Leave an element empty and it is left out: no ``issuer_mark`` makes a plain document
    (便笺) with no masthead; ``signers`` make the number line of a 上行文 (请示, 报告).
    """

    title: str
    body: Sequence[Block] = ()
    # 版头 (masthead)
    issuer_mark: str = ""  # 发文机关标志, e.g. 中共青县县委办公室文件
    urgency: str = ""  # 紧急程度: 特急, 加急
    issue: str = ""  # 期数 of a circular or bulletin, e.g. 第3期
    number: str = ""  # 发文字号, see document_number()
    signers: Sequence[str] = ()  # 签发人
    compiled_by: str = ""  # a bulletin's line above the rule: who compiled it ...
    compiled_on: date | None = None  # ... and when
    # 主体 (main part)
    recipients: str = ""  # 主送机关
    attachments: Sequence[Attachment] = ()
    signature: str = ""  # 发文机关署名
    written_on: date | None = None  # 成文日期
    note: str = ""  # 附注, e.g. 此件公开发布
    # 版记 (colophon)
    copy_to: Sequence[str] = field(default_factory=tuple)  # 抄送机关
    printed_by: str = ""  # 印发机关
    printed_on: date | None = None  # 印发日期

    @property
    def has_masthead(self) -> bool:
        return bool(self.issuer_mark)

    @property
    def has_colophon(self) -> bool:
        return bool(self.copy_to or self.printed_by)


# --- Text helpers ------------------------------------------------------------------------------


def document_number(code: str, year: int, number: int) -> str:
    """The 发文字号: issuer code, the year in 〔 〕, the sequence number and 号, e.g.
    青委办发〔2026〕12号. The number has no leading zeros and no 第, as the standard says."""
    code = code.strip()
    if not code:
        raise ValidationError(_("Enter the issuer code of the document number."))
    if not 1000 <= year <= 9999:
        raise ValidationError(_("The year of a document number has four digits."))
    if number < 1:
        raise ValidationError(_("The sequence number of a document starts at 1."))
    return f"{code}〔{year}〕{number}号"


def date_text(day: date) -> str:
    """A date as the 2012 standard writes it: Arabic numerals, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def heading_level(line: str) -> int:
    """The heading level a line's numbering marks it as (一、 → 1 … （1） → 4), 0 for text."""
    for level, pattern in LEVEL_PATTERNS:
        if pattern.match(line):
            return level
    return 0


def paragraphs_from_text(text: str) -> list[Paragraph]:
    """Plain text as body paragraphs, one a non-empty line, headings known by their numbering."""
    lines = (line.strip() for line in text.splitlines())
    return [Paragraph(line, heading_level(line)) for line in lines if line]


def _width(text: str) -> float:
    """Width in characters: a half-width (ASCII) character is half a character."""
    return sum(0.5 if ord(c) < 0x80 else 1 for c in text)


# --- Rendering ---------------------------------------------------------------------------------


def render(doc: OfficialDocument) -> bytes:
    """The document as .docx bytes."""
    document = Document()
    _properties(document, doc)
    _page(document)
    _styles(document)
    _page_numbers(document)
    if doc.has_masthead:
        _masthead(document, doc)
    _title(document, doc.title, before=2 * LINE if doc.has_masthead else 0)
    if doc.recipients:
        _recipients(document, doc.recipients)
    for index, block in enumerate(doc.body):
        _block(document, block, before=LINE if index == 0 and not doc.recipients else 0)
    if doc.attachments:
        _attachment_note(document, [a.title for a in doc.attachments])
    _signature(document, doc.signature, doc.written_on)
    if doc.note:
        _note(document, doc.note)
    for index, attachment in enumerate(doc.attachments, start=1):
        _attachment(document, attachment, index if len(doc.attachments) > 1 else None)
    if doc.has_colophon:
        _colophon(document, doc)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _properties(document, doc: OfficialDocument) -> None:
    """What Windows shows of the file: its title and issuer, not python-docx's defaults."""
    properties = document.core_properties
    properties.title = without_control_characters(doc.title.replace("\n", ""))
    signer = without_control_characters(doc.signature or doc.printed_by)
    properties.author = properties.last_modified_by = signer
    properties.comments = properties.subject = properties.keywords = ""


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP_MARGIN, BOTTOM_MARGIN
    section.left_margin, section.right_margin = LEFT_MARGIN, RIGHT_MARGIN
    # The page number's dash sits 7 mm below the type area; the footer is measured from the
    # page's edge to the foot of its (4号) line, whose middle the dash is.
    section.footer_distance = Emu(BOTTOM_MARGIN - Mm(7) - Pt(SIZE_4) // 2)
    # A line grid only (w:type="lines"), 22 lines of LINE: the 28 characters come from the
    # body's condensed spacing (CONDENSE), not from a character grid. Word squeezes 3号 into a
    # "linesAndChars" grid of 15.8 pt, but LibreOffice gives every character wider than the
    # grid's cell two cells, so such a file showed 14 characters a line there.
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE.twips)))
    grid.attrib.pop(qn("w:charSpace"), None)


def _styles(document) -> None:
    """Normal text is 3号 仿宋_GB2312 on exact lines, Chinese by language, no theme fonts."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(r_pr, FANGSONG)
    r_pr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    normal.font.size = Pt(SIZE_3)
    _set_fonts(normal.element.get_or_add_rPr(), FANGSONG)
    _set_spacing(normal.element.get_or_add_rPr(), CONDENSE)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    fmt.space_before = fmt.space_after = Pt(0)
    # Chinese documents fill every page to its 22 lines: no widow and orphan control.
    fmt.widow_control = False


def _set_fonts(r_pr, name: str) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _set_spacing(r_pr, spacing: Length) -> None:
    """Character spacing (w:spacing, twips; negative condenses), in its place in w:rPr."""
    element = r_pr.find(qn("w:spacing"))
    if element is None:
        element = OxmlElement("w:spacing")
        r_pr.insert_element_before(element, *RPR_AFTER_SPACING)
    element.set(qn("w:val"), str(round(spacing.twips)))


# The children of w:rPr that follow w:spacing (ECMA-376 order).
RPR_AFTER_SPACING = (
    "w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText "
    "w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
).split()


# The order of w:pPr's children (ECMA-376): Word refuses a file with them out of order, and
# python-docx has no API for the three this module adds (framePr, pBdr, snapToGrid).
PPR_ORDER = (
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr "
    "w:sectPr w:pPrChange"
).split()


def _add_to_ppr(paragraph, element):
    """Put ``element`` into the paragraph's w:pPr at its place in the schema's order."""
    p_pr = paragraph._p.get_or_add_pPr()
    tag = element.tag.split("}")[1]
    successors = PPR_ORDER[PPR_ORDER.index(f"w:{tag}") + 1 :]
    p_pr.insert_element_before(element, *successors)
    return element


def _no_snap(paragraph) -> None:
    """Keep text not in 3号 off the character grid, which would space it to 3号's pitch."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    _add_to_ppr(paragraph, snap)


def _run(paragraph, text: str, font: str, size: float, *, bold=False, color=None):
    # Stored text may hold control characters (typed before office.guard stripped them);
    # XML 1.0 cannot, and python-docx would refuse the whole document for one of them.
    run = paragraph.add_run(without_control_characters(text))
    run.font.size = Pt(size)
    run.font.bold = True if bold else None
    if color is not None:
        run.font.color.rgb = color
    _set_fonts(run._element.get_or_add_rPr(), font)
    if size != SIZE_3:  # only the body's 3号 is condensed to 28 a line
        _set_spacing(run._element.get_or_add_rPr(), Twips(0))
    return run


def _paragraph(
    container,
    *,
    align=None,
    before: Length | int = 0,
    line: Length | None = None,
    first_indent: Length | None = None,
    left: Length | None = None,
    right: Length | None = None,
    grid: bool = True,
):
    """A paragraph with its layout; ``grid=False`` for text not in 3号."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = before
    if line is not None:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    fmt.first_line_indent, fmt.left_indent, fmt.right_indent = first_indent, left, right
    if not grid:
        _no_snap(paragraph)
    return paragraph


def _border(paragraph, side: str, size: int, *, color: str = "000000", space: int = 0) -> None:
    """A rule along one side of a paragraph, as wide as the paragraph (indents included)."""
    borders = _add_to_ppr(paragraph, OxmlElement("w:pBdr"))
    rule = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", size), ("space", space), ("color", color)):
        rule.set(qn(f"w:{key}"), str(value))
    borders.append(rule)


def _tabs(paragraph, *stops: tuple[Length, WD_TAB_ALIGNMENT]) -> None:
    for position, alignment in stops:
        paragraph.paragraph_format.tab_stops.add_tab_stop(position, alignment)


# --- 版头 -------------------------------------------------------------------------------------


def _masthead(document, doc: OfficialDocument) -> None:
    """Urgency, the red issuer mark 35 mm below the top of the type area, 期数, the number
    line (with the signers of a 上行文) and the red rule 4 mm below the last of them."""
    above = 0
    if doc.urgency:
        _run(_paragraph(document), doc.urgency, HEITI, SIZE_3)
        above = LINE
    fits = MARK_WIDTH * TYPE_WIDTH / Pt(1).emu / max(_width(doc.issuer_mark), 1)
    size = min(MARK_MAX_SIZE, int(fits))
    mark = _paragraph(
        document,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=Emu(Mm(35) - above),
        line=Pt(size * 1.2),
        grid=False,
    )
    _run(mark, doc.issuer_mark, XIAOBIAOSONG, size, color=RED)
    lines = [mark]
    if doc.issue:
        issue = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=LINE)
        _run(issue, doc.issue, FANGSONG, SIZE_3)
        lines.append(issue)
    # The number stands two lines below the mark (one below the 期数).
    before = LINE if doc.issue else 2 * LINE
    if doc.number and doc.signers:
        lines += _number_and_signers(document, doc.number, doc.signers, before)
    elif doc.number:
        number = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=before)
        _run(number, doc.number, FANGSONG, SIZE_3)
        lines.append(number)
    if doc.compiled_by or doc.compiled_on:
        lines.append(_compiled_line(document, doc.compiled_by, doc.compiled_on))
    # 4 mm between the last line and the rule; w:space is in points.
    _border(lines[-1], "bottom", RED_RULE, color=str(RED), space=round(Mm(4).pt))


def _number_and_signers(document, number: str, signers: Sequence[str], before) -> list:
    """The number one character in from the left, 签发人 one character in from the right,
    two names a line, names aligned, the number on the line of the last names."""
    label = "签发人："
    pairs = [signers[i : i + 2] for i in range(0, len(signers), 2)]
    names = ["\u3000".join(pair) for pair in pairs]
    widest = max(_width(label + n) for n in names)
    names_at = Emu(TYPE_WIDTH - CHAR - int(CHAR * (widest - _width(label))))
    label_at = Emu(names_at - CHAR * len(label))
    paragraphs = []
    for index, text in enumerate(names):
        last = index == len(names) - 1
        paragraph = _paragraph(document, before=before if index == 0 else 0)
        _tabs(paragraph, (CHAR, WD_TAB_ALIGNMENT.LEFT), (label_at, WD_TAB_ALIGNMENT.LEFT))
        _tabs(paragraph, (names_at, WD_TAB_ALIGNMENT.LEFT))
        _run(paragraph, "\t" + (number if last else ""), FANGSONG, SIZE_3)
        _run(paragraph, "\t" + (label if index == 0 else "\t"), FANGSONG, SIZE_3)
        _run(paragraph, text, KAITI, SIZE_3)
        paragraphs.append(paragraph)
    return paragraphs


def _compiled_line(document, compiled_by: str, compiled_on: date | None):
    paragraph = _paragraph(document)
    _tabs(paragraph, (CHAR, WD_TAB_ALIGNMENT.LEFT))
    _tabs(paragraph, (Emu(TYPE_WIDTH - CHAR), WD_TAB_ALIGNMENT.RIGHT))
    day = date_text(compiled_on) if compiled_on else ""
    _run(paragraph, f"\t{compiled_by}\t{day}", FANGSONG, SIZE_3)
    return paragraph


# --- 主体 -------------------------------------------------------------------------------------


def _title(document, title: str, *, before) -> None:
    """2号 小标宋, centred; a title of several lines keeps its line breaks."""
    paragraph = _paragraph(
        document, align=WD_ALIGN_PARAGRAPH.CENTER, before=before, line=Pt(36), grid=False
    )
    for index, line in enumerate(without_control_characters(title).splitlines() or [""]):
        run = _run(paragraph, "", XIAOBIAOSONG, SIZE_2)
        if index:
            run.add_break()
        run.add_text(line)


def _recipients(document, recipients: str) -> None:
    """One line below the title, flush left, ending in a full-width colon."""
    text = recipients.rstrip("：:") + "："
    _run(_paragraph(document, before=LINE), text, FANGSONG, SIZE_3)


def _block(document, block: Block, *, before=0) -> None:
    if isinstance(block, Table):
        _table(document, block, before=before)
    else:
        _body_paragraph(document, block, before=before)


def _body_paragraph(document, block: Paragraph, *, before=0) -> None:
    """Indented two characters, justified. A heading run into its paragraph ("1.加强领导。
    各单位……") is in its level's font up to its first full stop, the rest in body text."""
    paragraph = _paragraph(
        document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=before, first_indent=2 * CHAR
    )
    font, bold = LEVEL_FONTS[block.level]
    head, stop, rest = block.text.partition("。")
    if block.level and stop and rest:
        _run(paragraph, head + stop, font, SIZE_3, bold=bold)
        _run(paragraph, rest, FANGSONG, SIZE_3)
    else:
        _run(paragraph, block.text, font, SIZE_3, bold=bold)


def _table(document, table: Table, *, before=0) -> None:
    """Header row in 黑体, cells in 仿宋, both 小四 (12 pt) so that a wide table fits."""
    if table.caption:
        caption = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before=before)
        _run(caption, table.caption, FANGSONG, SIZE_3)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_index, values in enumerate([table.headers, *table.rows]):
        for column, value in enumerate(values):
            cell = grid.cell(row_index, column).paragraphs[0]
            cell.alignment = WD_ALIGN_PARAGRAPH.CENTER
            cell.paragraph_format.line_spacing = 1.0
            _no_snap(cell)
            _run(cell, str(value), HEITI if row_index == 0 else FANGSONG, 12)
            if column in table.nowrap:
                grid.cell(row_index, column)._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


def _attachment_note(document, titles: list[str]) -> None:
    """One line below the body, two characters in: 附件：1.… with later lines (and a long
    name's second line) aligned on the first character of the names."""
    label = "附件："
    if len(titles) == 1:
        paragraph = _paragraph(
            document, before=LINE, left=5 * CHAR, first_indent=-3 * CHAR
        )  # 2 in + 附件：
        _run(paragraph, label + titles[0], FANGSONG, SIZE_3)
        return
    for index, title in enumerate(titles, start=1):
        number = f"{index}."
        hang = Emu(int(CHAR * _width(number)))
        paragraph = _paragraph(
            document,
            before=LINE if index == 1 else 0,
            left=Emu(5 * CHAR + hang),
            first_indent=Emu(-hang - (3 * CHAR if index == 1 else 0)),
        )
        _run(paragraph, (label if index == 1 else "") + number + title, FANGSONG, SIZE_3)


def _signature(document, signature: str, day: date | None) -> None:
    """Without a seal (7.3.5.2): the issuer two characters in from the right, one line below
    the text; the date on the next line starting two characters right of the issuer's first
    character, or, when the date is the longer, the date two in and the issuer moved right."""
    if not signature and not day:
        return
    day_text = date_text(day) if day else ""
    signature_right, date_right = 2.0, 2.0 + _width(signature) - _width(day_text) - 2
    if date_right < 2 and signature:
        signature_right, date_right = 2 - date_right + 2, 2.0
    if not signature:
        date_right = 2.0
    for text, right, before in ((signature, signature_right, LINE), (day_text, date_right, 0)):
        if not text:
            continue
        paragraph = _paragraph(
            document,
            align=WD_ALIGN_PARAGRAPH.RIGHT,
            before=before if signature else LINE,
            right=Emu(int(CHAR * right)),
        )
        _run(paragraph, text, FANGSONG, SIZE_3)


def _note(document, note: str) -> None:
    """附注: on the line after the date, two characters in, in parentheses."""
    text = note if note.startswith(("（", "(")) else f"（{note}）"
    _run(_paragraph(document, first_indent=2 * CHAR), text, FANGSONG, SIZE_3)


def _attachment(document, attachment: Attachment, index: int | None) -> None:
    """On a new page: 附件 (with its number if there are several) in 黑体 at the top left,
    the title centred on the third line, then the attachment's own text and tables."""
    label = _paragraph(document)
    label.paragraph_format.page_break_before = True
    _run(label, f"附件{index or ''}", HEITI, SIZE_3)
    _title(document, attachment.title, before=LINE)
    for position, block in enumerate(attachment.blocks):
        _block(document, block, before=LINE if position == 0 else 0)


# --- 版记 -------------------------------------------------------------------------------------


def _colophon(document, doc: OfficialDocument) -> None:
    """抄送 and 印发 in 4号 仿宋 between a thick rule, a thin one and a thick one, at the foot of
    the type area of the last page, where the standard puts them.

    They are the rows of a floating table (w:tblpPr) anchored to the bottom of the margin box:
    Word and LibreOffice both place it there. A frame (w:framePr) does not do: LibreOffice
    lays a framed paragraph right after the text. LibreOffice floats a table only when it is
    narrower than the type area or placed against the page, so it is placed against the page
    at the left margin (w:horzAnchor="page"), as wide as the type area.
    """
    unit = Pt(SIZE_4)  # the colophon's "one character" is its own 4号
    table = document.add_table(rows=2 if doc.copy_to else 1, cols=1)
    _float_at_foot(table)
    rows = iter(table.rows)
    if doc.copy_to:
        copy_to = "抄送：" + "，".join(doc.copy_to).rstrip("。") + "。"
        # Wrapped lines align on the first name, after 抄送：.
        paragraph = _colophon_line(next(rows), left=4 * unit, first_indent=-3 * unit, right=unit)
        _run(paragraph, copy_to, FANGSONG, SIZE_4)
    printed = _colophon_line(next(rows))
    _tabs(printed, (unit, WD_TAB_ALIGNMENT.LEFT))
    _tabs(printed, (Emu(TYPE_WIDTH - unit), WD_TAB_ALIGNMENT.RIGHT))
    day = f"{date_text(doc.printed_on)}印发" if doc.printed_on else ""
    _run(printed, f"\t{doc.printed_by}\t{day}", FANGSONG, SIZE_4)
    # A floating table belongs to the paragraph after it: a hairline one, on the last page.
    anchor = _paragraph(document, line=Pt(1), grid=False)
    anchor.paragraph_format.line_spacing = Pt(1)


def _colophon_line(row, **indents):
    """The one paragraph of a colophon row (the cell's own empty one replaced by it)."""
    cell = row.cells[0]
    paragraph = _paragraph(cell, line=Pt(SIZE_4 * 1.6), grid=False, **indents)
    cell._tc.remove(cell.paragraphs[0]._p)
    return paragraph


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


# The children of w:tblPr that follow w:tblpPr (ECMA-376 order).
TBLPR_AFTER_TBLPP = (
    "w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW w:jc "
    "w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook"
).split()


def _float_at_foot(table) -> None:
    """Float the table at the bottom of the type area, the type area's width, with the
    colophon's rules as its borders: thick above and below, thin between the rows."""
    width = round(TYPE_WIDTH.twips)
    tbl_pr = table._tbl.tblPr
    position = _element(
        "w:tblpPr",
        leftFromText=0,
        rightFromText=0,
        topFromText=0,
        bottomFromText=0,
        vertAnchor="margin",
        horzAnchor="page",
        tblpX=round(LEFT_MARGIN.twips),
        tblpYSpec="bottom",
    )
    tbl_pr.insert_element_before(position, *TBLPR_AFTER_TBLPP)
    tbl_pr.insert_element_before(_element("w:tblOverlap", val="never"), *TBLPR_AFTER_TBLPP[1:])
    table_width = tbl_pr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(width))
    borders = _element("w:tblBorders")
    for side, size in (("top", THICK_RULE), ("bottom", THICK_RULE), ("insideH", THIN_RULE)):
        borders.append(_element(f"w:{side}", val="single", sz=size, space=0, color="000000"))
    for side in ("left", "right", "insideV"):
        borders.append(_element(f"w:{side}", val="nil"))
    # ECMA-376 order of the sides: top, left, bottom, right, insideH, insideV.
    order = ["top", "left", "bottom", "right", "insideH", "insideV"]
    for side in sorted(borders, key=lambda e: order.index(e.tag.split("}")[1])):
        borders.append(side)
    tbl_pr.insert_element_before(borders, *TBLPR_AFTER_TBLPP[9:])
    tbl_pr.insert_element_before(_element("w:tblLayout", type="fixed"), *TBLPR_AFTER_TBLPP[11:])
    margins = _element("w:tblCellMar")
    margins.append(_element("w:left", w=0, type="dxa"))
    margins.append(_element("w:right", w=0, type="dxa"))
    tbl_pr.insert_element_before(margins, "w:tblLook")
    for column in table._tbl.tblGrid.findall(qn("w:gridCol")):
        column.set(qn("w:w"), str(width))
    for cell in table.columns[0].cells:
        cell.width = Twips(width)


# --- Page numbers -----------------------------------------------------------------------------


def _page_numbers(document) -> None:
    """ "— 1 —" in 4号 half-width 宋体, one character in from the outside edge: odd pages on
    the right, even pages on the left."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    unit = Pt(SIZE_4)
    odd = section.footer.paragraphs[0]
    odd.alignment, odd.paragraph_format.right_indent = WD_ALIGN_PARAGRAPH.RIGHT, unit
    even = section.even_page_footer.paragraphs[0]
    even.alignment, even.paragraph_format.left_indent = WD_ALIGN_PARAGRAPH.LEFT, unit
    for paragraph in (odd, even):
        _no_snap(paragraph)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(SIZE_4)
        _run(paragraph, "— ", SONGTI, SIZE_4)
        _page_field(paragraph)
        _run(paragraph, " —", SONGTI, SIZE_4)


def _page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice put each page's own number in it."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
        run = _run(paragraph, "", SONGTI, SIZE_4)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text.strip() == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
        else:
            run.text = text
    end = _run(paragraph, "", SONGTI, SIZE_4)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._element.append(char)
