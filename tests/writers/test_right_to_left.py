"""Scripts beyond Latin and Chinese in both formats: Arabic joined and Hebrew through the
theme's fallback fonts, right-to-left text in its order, and the `ar` edition mirrored
(paragraphs from the right, tables' columns from the right, contents numbers at the left)."""
from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import missing_glyphs, needs_poppler, pdftotext, run_cli, soffice_to_pdf
from hrap_report.document.direction import right_to_left
from hrap_report.writers.pdf.fonts import visual
from hrap_report.writers.pdf.shaping import shape

REPO = Path(__file__).resolve().parents[2]
WORDS = ["مرحبا", "بالعالم", "السلام", "عليكم", "שלום", "עולם", "Ελληνικά", "Русский"]
FINDING = "Names: مرحبا بالعالم (السلام عليكم 2020), שלום עולם, Ελληνικά, Русский язык."
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text))


# -- shaping and order ---------------------------------------------------------------------

def test_arabic_letters_take_their_joined_forms():
    """Each letter in the form its neighbours call for; lam-alef as its ligature; marks kept."""
    assert shape("عدد") == "\ufecb\ufeaa\ufea9"  # ain initial, dal final, dal isolated
    assert shape("لا") == "\ufefb"
    assert shape("مَرحبا") == "\ufee3\u064e\ufeae\ufea3\ufe92\ufe8e"
    assert shape("plain") == "plain"
    for text in ("مرحبا بالعالم", "السلام عليكم", "إلى الأمام"):
        assert unicodedata.normalize("NFKC", shape(text)) == text


@pytest.mark.parametrize("logical, shown", [
    ("مرحبا 2020.", ".2020 ابحرم"),  # a right-to-left paragraph: its full stop at the left
    ("عدد (abc) عدد", "ددع (abc) ددع"),
    ("عدد abc def.", ".abc def ددع"),
])
def test_a_right_to_left_paragraph_is_laid_out_from_the_right(logical, shown):
    assert right_to_left(logical)
    assert unicodedata.normalize("NFKC", visual(logical)) == shown


def test_a_paragraph_runs_the_way_of_its_first_strong_letter():
    assert right_to_left("  (2020) مرحبا abc") and right_to_left("שלום world")
    assert not right_to_left("Names: مرحبا") and not right_to_left("2020 —") and not right_to_left("")


# -- a dataset in four scripts -------------------------------------------------------------

@pytest.fixture(scope="module")
def scripts_build(tmp_path_factory) -> Path:
    """The default report with a finding in Arabic, Hebrew, Greek and Cyrillic, both formats."""
    folder = tmp_path_factory.mktemp("scripts")
    shutil.copytree(REPO / "data", folder / "data")
    chapter = folder / "data" / "chapter-1.yaml"
    text = chapter.read_text(encoding="utf-8")
    marker = "    - en: The urban registered unemployment rate"
    assert marker in text
    chapter.write_text(text.replace(marker, f"    - en: '{FINDING}'\n{marker}", 1), encoding="utf-8")
    run_cli("build", "--data", str(folder / "data"), "--out", str(folder / "out"), "--quiet")
    return folder / "out"


@needs_poppler
def test_every_script_reaches_the_pdf_in_logical_order_and_arabic_joined(scripts_build):
    pdf = scripts_build / "evaluation-report-2016-2020-en.pdf"
    assert missing_glyphs(pdf) == {}
    read = pdftotext(pdf)
    words = _words(read)
    for word in WORDS:
        assert word in words, word
    line = next(line for line in read.splitlines() if line.startswith("Names:"))
    joined = shape("مرحبا بالعالم السلام عليكم").replace(" ", "")  # a form a letter, lam-alef one
    assert sorted(PRESENTATION_FORMS.findall(line)) == sorted(joined)
    assert not re.search("[\u0621-\u064a]", line)  # none left in its isolated, unjoined code point


def test_every_script_reaches_the_docx_as_written_with_its_runs_right_to_left(scripts_build):
    document = docx.Document(str(scripts_build / "evaluation-report-2016-2020-en.docx"))
    (paragraph,) = [p for p in document.paragraphs if p.text.startswith("Names:")]
    assert paragraph.text == FINDING
    assert paragraph._p.pPr.find(qn("w:bidi")) is None  # an English sentence, set from the left
    runs = [r for r in paragraph.runs if re.search("[\u0590-\u06ff]", r.text)]
    assert runs and all(r._r.rPr.find(qn("w:rtl")) is not None for r in runs)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:cs")) == "Arial"  # the theme's first fallback


# -- the Arabic edition ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def arabic_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ar")
    run_cli("build", "--lang", "ar", "--out", str(out), "--quiet")
    return out


def _word_boxes(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(word, xMin, xMax, yMin) of every word on a page, as pdftotext places them (a
    right-to-left word, which it gives as drawn, in logical order)."""
    xml = pdftotext(pdf, "-bbox", "-f", str(page), "-l", str(page))
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xml)
    return [(unicodedata.normalize("NFKC", w[::-1] if right_to_left(w) else w), float(a), float(b), float(y))
            for a, y, b, w in found]


def _page_with(pdf: Path, words: str) -> int:
    pages = pdftotext(pdf).split("\f")
    return next(n for n, page in enumerate(pages, 1) if words in unicodedata.normalize("NFKC", page))


@needs_poppler
def test_the_arabic_pdf_is_mirrored(arabic_build):
    """Its contents title ends at the right margin; a contents entry in Arabic has its page
    number at the left; a table's first column (the section) is its rightmost."""
    import yaml

    labels = yaml.safe_load((REPO / "templates" / "labels" / "ar.yaml").read_text(encoding="utf-8"))
    pdf = arabic_build / "evaluation-report-2016-2020-ar.pdf"
    assert missing_glyphs(pdf) == {}
    text = unicodedata.normalize("NFKC", pdftotext(pdf))
    caption = labels["caption"].format(label=labels["table"], number=1).strip()
    assert all(word in text for word in caption.split()) and labels["table_status_by_chapter"] in text
    contents = _page_with(pdf, labels["contents"])
    boxes = _word_boxes(pdf, contents)
    title = next(b for b in boxes if b[0] == labels["contents"])
    left_edge = min(b[1] for b in boxes)
    right_edge = max(b[2] for b in boxes)
    assert right_edge - title[2] < 2 and title[1] - left_edge > 100
    annex = labels["annex_index"].split()[0]  # an Arabic entry: its number at the far left
    row = next(b for b in boxes if b[0] == annex)
    numbers = [b for b in boxes if abs(b[3] - row[3]) < 2 and b[0].isdigit() and b[1] - left_edge < 5]
    assert numbers, "no page number at the left of the contents"
    table = _page_with(pdf, "1-(1) Right to work")
    boxes = _word_boxes(pdf, table)
    section = next(b for b in boxes if b[0] == labels["col_section"])
    achieved = max(b for b in boxes if b[0] == "Achieved")
    assert section[1] > achieved[2]


def test_the_arabic_docx_has_right_to_left_paragraphs_and_tables(arabic_build):
    import yaml

    labels = yaml.safe_load((REPO / "templates" / "labels" / "ar.yaml").read_text(encoding="utf-8"))
    document = docx.Document(str(arabic_build / "evaluation-report-2016-2020-ar.docx"))
    arabic = [p for p in document.paragraphs if right_to_left(p.text)]
    assert any(p.text == labels["contents"] for p in arabic)
    assert all(p._p.pPr.find(qn("w:bidi")) is not None for p in arabic)
    english = [p for p in document.paragraphs if p.text.startswith("From 2016 to 2020")]
    assert english and all(p._p.pPr.find(qn("w:bidi")) is None for p in english)
    assert document.tables and all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables)
    bold = document.styles["Heading 1"].element.rPr
    assert bold.find(qn("w:bCs")) is not None and bold.find(qn("w:szCs")) is not None


@needs_poppler
def test_libreoffice_sets_the_arabic_docx_from_the_right(arabic_build, tmp_path):
    """A real client lays the contents title out at the right margin."""
    import yaml

    labels = yaml.safe_load((REPO / "templates" / "labels" / "ar.yaml").read_text(encoding="utf-8"))
    pdf = soffice_to_pdf(arabic_build / "evaluation-report-2016-2020-ar.docx", tmp_path)
    page = _page_with(pdf, labels["contents"])
    boxes = _word_boxes(pdf, page)
    title = next(b for b in boxes if b[0] == labels["contents"])
    assert max(b[2] for b in boxes) - title[2] < 2 and title[1] - min(b[1] for b in boxes) > 100
