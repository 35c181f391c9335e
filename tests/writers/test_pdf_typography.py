"""Book typography in the PDF: hyphenation, widows and orphans, running heads, contents
leaders, read back from the built report or from the writer's own paragraphs."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import needs_poppler, pdftotext
from hrap_report.document.blocks import Inline
from hrap_report.writers.pdf.flowables import paragraph
from hrap_report.writers.pdf.styles import HYPHENATED_WORD_LENGTH, build_styles
from hrap_report.writers.pdf.writer import _fit
from hrap_report.writers.theme import load_theme

THEME = load_theme()
XHTML = "{http://www.w3.org/1999/xhtml}"
CHINESE = re.compile("[\u4e00-\u9fff]")
FINDINGS = ("The employment structure was further optimized, with the employment size of the tertiary "
            "industry rising steadily; institutionalization of participation and accountability "
            "mechanisms strengthened implementation considerably. ") * 6


def page_words(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """The words of a page with their left edge and top, in points."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, check=True).stdout
    return [(w.text or "", float(w.get("xMin")), float(w.get("yMin"))) for w in etree.fromstring(xml).iter(f"{XHTML}word")]


@needs_poppler
def test_the_english_report_breaks_lines_inside_long_words_with_a_hyphen(default_build):
    text = pdftotext(default_build["pdf"], "-layout")  # as laid out: no words joined again
    assert len(re.findall(r"[a-z]{3}-\n\s*[a-z]{3}", text)) > 100


def test_a_word_breaks_only_if_long_with_three_letters_on_each_line():
    styles = build_styles(THEME, "en")
    style = styles.paragraph("body")
    breaks = []
    for width in range(240, 460, 7):
        lines = paragraph((Inline(FINDINGS),), style, styles)
        lines.wrap(width, 10_000)
        ends = [" ".join(words) for _, words in lines.blPara.lines]
        breaks += [(a.split()[-1], b.split()[0]) for a, b in zip(ends, ends[1:]) if a.endswith("-")]
    assert len(breaks) > 5
    for head, tail in breaks:
        word = head[:-1] + tail
        assert len(head) - 1 >= 3 and len(tail.rstrip(".;,")) >= 3 and len(word.rstrip(".;,")) >= HYPHENATED_WORD_LENGTH, (head, tail)
        assert word.rstrip(".;,") in FINDINGS


def test_chinese_text_is_never_hyphenated():
    styles = build_styles(THEME, "zh")
    assert styles.paragraph("body").hyphenationLang == ""
    english = build_styles(THEME, "en").paragraph("body")
    assert english.hyphenationLang("institutionalization") is not None


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_page_break_never_leaves_one_line_of_a_paragraph_alone(language):
    styles = build_styles(THEME, language)
    style = styles.paragraph("body")
    text = FINDINGS if language == "en" else "中国政府继续深化改革，实施国民经济和社会发展第十三个五年规划纲要。" * 12
    whole = paragraph((Inline(text),), styles.wrapping(style, text), styles)
    width = 300
    _, height = whole.wrap(width, 10_000)
    count = round(height / style.leading)
    assert count >= 6
    for lines in range(1, count):
        candidate = paragraph((Inline(text),), styles.wrapping(style, text), styles)
        candidate.wrap(width, 10_000)
        parts = candidate.split(width, lines * style.leading + 0.1)
        shares = [round(p.wrap(width, 10_000)[1] / style.leading) for p in parts]
        assert not parts or (len(parts) == 2 and min(shares) >= 2 and sum(shares) == count), (lines, shares)


def test_a_running_head_is_shortened_at_a_word():
    fonts = build_styles(THEME, "en").fonts
    face = fonts.latin["body"].regular
    title = "V. Fulfillment of Obligations to Human Rights Conventions, and International Exchanges"
    short = _fit(title, fonts, face, 9, 150)
    assert short.endswith("…") and fonts.width(short, face, 9) <= 150
    assert title.startswith(short[:-1]) and title[len(short) - 1] == " "
    chinese = "五、履行人权条约义务和开展人权领域国际交流与合作"
    assert _fit(chinese, fonts, face, 9, 60).endswith("…")


@needs_poppler
def test_contents_pages_have_no_running_head_and_their_leaders_line_up(default_build):
    pdf = default_build["pdf"]
    contents = page_words(pdf, 2)
    assert contents[0][0] == "Contents"  # nothing above the title: no running head
    dots = [x for text, x, _ in contents if text == "."]
    lines = {}
    for text, x, y in contents:
        if text == ".":
            lines.setdefault(round(y), []).append(round(x, 1))
    assert len(lines) > 20
    # every line's dots stand on one grid: as many places as the longest leader has dots
    assert len(set(round(x) for x in dots)) <= max(len(v) for v in lines.values()) + 1
    body = page_words(pdf, 6)
    assert body[0][0] == "Evaluation"  # a chapter page has its running head


@pytest.mark.parametrize("text", ["Partially achieved / 部分实现", "Quantitative targets and outcomes / 量化目标及其结果"])
def test_a_mostly_english_text_with_some_chinese_breaks_between_words(text):
    styles = build_styles(THEME, "en")
    style = styles.wrapping(styles.cell_style("left", True), text)
    cell = paragraph((Inline(text),), style, styles)
    cell.wrap(60, 1_000)
    lines = [" ".join(w.text for w in line.words).split() if hasattr(line, "words") else line[1]
             for line in cell.blPara.lines]
    assert len(lines) > 1
    # rejoined where a line ends in a hyphen or inside Chinese (which breaks anywhere),
    # the lines' words are the text's: no English word was cut without a hyphen
    words = [word for line in lines for word in line]
    joined = [words[0]]
    for word in words[1:]:
        if joined[-1].endswith("-") or (re.fullmatch(r"[^\x00-\u2e7f]+", joined[-1] + word)):
            joined[-1] = joined[-1].removesuffix("-") + word
        else:
            joined.append(word)
    assert joined == text.split()
    chinese = "中国政府继续深化改革，推进 GDP 增长"
    assert styles.wrapping(styles.paragraph("body"), chinese).wordWrap == "CJK"


@needs_poppler
def test_a_full_line_of_body_text_holds_sixty_to_seventy_five_characters(default_build):
    """The theme's measure: a full line of the text column (one as wide as the column,
    not in a table or box) holds 60 to 75 characters on average."""
    left, width = THEME.margins_mm.left * 72 / 25.4, THEME.text_width_mm * 72 / 25.4
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", "20", "-l", "40", str(default_build["pdf"]), "-"],
                         capture_output=True, check=True).stdout
    lengths = []
    for line in etree.fromstring(xml).iter(f"{XHTML}line"):
        x0, x1 = float(line.get("xMin")), float(line.get("xMax"))
        if abs(x0 - left) < 1 and x1 - x0 > 0.97 * width:
            lengths.append(len(" ".join(w.text or "" for w in line.iter(f"{XHTML}word"))))
    assert len(lengths) > 300
    assert 60 <= sum(lengths) / len(lengths) <= 75


@pytest.fixture(scope="module")
def chinese_pdf(tmp_path_factory) -> Path:
    from hrap_report.pipeline.build import BuildOptions, run

    (written,) = run(BuildOptions(formats=("pdf",), language="zh", out=tmp_path_factory.mktemp("zh")))
    return written.path


def _blocks(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """The text blocks of a PDF as poppler finds them: each a list of its lines' text,
    left and right edge."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    return [[("".join(w.text or "" for w in line.iter(f"{XHTML}word")), float(line.get("xMin")),
              float(line.get("xMax"))) for line in block.iter(f"{XHTML}line")]
            for block in etree.fromstring(xml).iter(f"{XHTML}block")]


@needs_poppler
def test_no_chinese_line_parts_a_number_from_its_unit(chinese_pdf):
    """Within a paragraph, no line ends in a digit with the next one going on in Chinese
    ("2020" / "年"; "5000" / "万人"): a number and its unit stay on one line."""
    split = [(a[0][-12:], b[0][:6]) for block in _blocks(chinese_pdf) for a, b in zip(block, block[1:])
             if a[0] and b[0] and a[0][-1].isdigit() and re.match("[\u4e00-\u9fff]", b[0])
             and ". ." not in a[0] and "..." not in a[0]]  # not a contents entry's page number
    assert split == []


@needs_poppler
def test_chinese_body_text_is_justified_to_both_edges(chinese_pdf):
    """Every line of a Chinese paragraph of the text column but its last reaches the
    right edge of the column, as its first reaches the left (spaced between characters)."""
    left, width = THEME.margins_mm.left * 72 / 25.4, THEME.text_width_mm * 72 / 25.4
    full = short = 0
    for block in _blocks(chinese_pdf):
        if len(block) < 3 or abs(block[0][1] - left) > 1 or len(CHINESE.findall(block[0][0])) < 20:
            continue
        for text, x0, x1 in block[:-1]:
            if abs(x0 - left) <= 1:
                full += abs(x1 - (left + width)) <= 1.5
                short += abs(x1 - (left + width)) > 1.5
    assert full > 500 and short <= full // 50, (full, short)


@needs_poppler
def test_no_chinese_line_starts_with_closing_or_ends_with_opening_punctuation(chinese_pdf):
    """Read from poppler's lines, punctuation alone on the baseline of the line before
    joined to it: poppler puts a mark that compression draws over the blank half of the
    one before it ("）》") on a line of its own."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(chinese_pdf), "-"], capture_output=True, check=True).stdout
    lines: list[tuple[float, str]] = []
    for line in etree.fromstring(xml).iter(f"{XHTML}line"):
        text = "".join(w.text or "" for w in line.iter(f"{XHTML}word")).strip()
        top = float(line.get("yMin"))
        if lines and abs(lines[-1][0] - top) < 0.5 and text and not CHINESE.search(text):
            lines[-1] = (top, lines[-1][1] + text)
        elif text:
            lines.append((top, text))
    lines = [text for _, text in lines]
    assert sum(1 for line in lines if re.search("[\u4e00-\u9fff]", line)) > 1000
    assert [line for line in lines if line[0] in "，。、；：？！）》」』”’"] == []
    assert [line for line in lines if line[-1] in "（《「『“‘"] == []


@needs_poppler
def test_every_running_head_of_the_report_fits_whole(default_build):
    """A chapter whose title is too long for the running head gives a short title
    (chapter V's, in the data); no running head is cut with an ellipsis."""
    pages = pdftotext(default_build["pdf"], "-layout").split("\f")[:-1]
    heads = [page.strip().splitlines()[0] for page in pages[2:] if page.strip()]
    assert len(heads) > 50 and not [h for h in heads if "…" in h]
    assert any(h.endswith("V. Treaties and International Cooperation") for h in heads)


@needs_poppler
@pytest.mark.parametrize("text, ems", [
    ("甲）》乙", 3.5),  # a closing mark before another: its blank half taken out
    ("甲，（乙", 3.5),  # a comma before an opening bracket
    ("甲（《乙", 3.5),  # two opening brackets
    ("甲）乙》", 4),  # marks apart: nothing to take out
    ("（甲）》，乙", 5),  # "）》，": two blank halves out of six ems
])
def test_adjacent_punctuation_is_compressed_and_reads_the_same(tmp_path, text, ems):
    """clreq 3.1.4: between two full-width marks the blank half goes; the PDF's text is
    unchanged (the advance is shortened, no character added or dropped)."""
    from reportlab.pdfgen.canvas import Canvas

    styles = build_styles(THEME, "zh")
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    # left-aligned: no justification to spread the room
    style = ParagraphStyle("left", styles.wrapping(styles.paragraph("body"), text), alignment=TA_LEFT)
    made = paragraph((Inline(text),), style, styles)
    made.wrap(400, 100)
    pdf = tmp_path / "p.pdf"
    canvas = Canvas(str(pdf))
    made.drawOn(canvas, 100, 600)
    canvas.save()
    ((word, x0, _),) = [w for w in page_words(pdf, 1) if w[0]]
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    (box,) = list(etree.fromstring(xml).iter(f"{XHTML}word"))
    assert word == text
    assert float(box.get("xMax")) - x0 == pytest.approx(ems * style.fontSize, abs=0.05)


def test_a_mark_that_ends_a_line_keeps_its_width():
    """A pair split by the line's end is not compressed: the first line would fall short."""
    from hrap_report.writers.pdf.flowables import _Compressed

    styles = build_styles(THEME, "zh")
    text = "甲" * 20 + "）（乙乙"
    style = styles.wrapping(styles.paragraph("body"), text)
    made = paragraph((Inline(text),), style, styles)
    made.wrap(style.fontSize * 21 + 1, 1000)
    first, second = made.blPara.lines
    assert "".join(f.text for f in first.words).endswith("）")
    assert not any(isinstance(f.text, _Compressed) for f in first.words + second.words)
