"""The default report built by the installed command, read back as a reader's tools see it."""
from __future__ import annotations

import difflib
import re
import shutil
import subprocess

import docx
from pypdf import PdfReader

from conftest import REPO, SEED, needs_poppler, needs_soffice, pdftotext, run_cli, words

CHAPTERS = [
    "Economic, Social and Cultural Rights", "Civil and Political Rights", "Rights of Specific Groups",
    "Human Rights Education and Research",
    "Fulfillment of Obligations to Human Rights Conventions, and International Exchanges and "
    "Cooperation in the Field of Human Rights",
]
ANNEXES = ["Quantitative Targets", "Further Efforts Needed", "Index of Indicators", "Methodology"]


def seed_words() -> list[str]:
    text = re.sub(r"\[bookmark: [^\]]*\]", " ", SEED.read_text(encoding="utf-8"))
    return words(text)


def share_in_order(expected: list[str], actual: list[str]) -> float:
    """The share of `expected` words found in `actual` in the same order."""
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected)


def docx_text(path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


@needs_poppler
def test_pdf_holds_the_seed_words_in_order(default_build):
    assert share_in_order(seed_words(), words(pdftotext(default_build["pdf"]))) >= 0.995


def test_docx_holds_the_seed_words_in_order(default_build):
    assert share_in_order(seed_words(), words(docx_text(default_build["docx"]))) >= 0.995


def test_docx_headings_contents_and_page_numbers(default_build):
    document = docx.Document(str(default_build["docx"]))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert [t.split(". ", 1)[-1] for t in by_style["Heading 1"]] == [
        "Introduction", "Overview of Implementation", *CHAPTERS, *ANNEXES]
    assert len(by_style["Heading 2"]) == 19 and "(5) Right to health" in by_style["Heading 2"]
    assert by_style["Title"] == [
        "Evaluation Report on the Implementation of the National Human Rights Action Plan of China (2016-2020)"]
    body = document.element.body.xml
    assert re.search(r'<w:instrText[^>]*>\s*TOC \\o "1-3" \\h \\z \\u\s*</w:instrText>', body)
    footers = "".join(s.footer._element.xml for s in document.sections)
    assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", footers)
    properties = document.core_properties
    assert properties.title.startswith("Evaluation Report") and "China Society" in properties.author


@needs_soffice
@needs_poppler
def test_docx_opens_in_libreoffice(docx_via_libreoffice):
    text = pdftotext(docx_via_libreoffice)
    for title in CHAPTERS[:4]:
        assert title in text
    assert "Indicator 168:" in text


@needs_poppler
def test_pdf_outline_pages_and_fonts(default_build):
    pdf = default_build["pdf"]
    reader = PdfReader(str(pdf))
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [t.title.split(". ", 1)[-1] for t in top] == [
        "Introduction", "Overview of Implementation", *CHAPTERS, *ANNEXES]
    nested = [item for item in reader.outline if isinstance(item, list)]
    sections = [s.title for group in nested for s in group if not isinstance(s, list)]
    assert len([s for s in sections if s.startswith("(")]) == 19
    assert any("Indicator 1: Ensuring a fuller rate" in str(x) for x in nested)
    pages = len(reader.pages)
    assert pages > 40
    def foot(number: int) -> str:  # the text of a page's bottom margin (A4: 842 points high)
        return pdftotext(pdf, "-f", str(number), "-l", str(number), "-x", "0", "-y", "790",
                         "-W", "595", "-H", "52").strip()
    assert foot(1) == ""  # no folio on the cover
    for number in range(2, pages + 1):  # the theme's plain folio
        assert foot(number) == str(number)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+$", r) for r in rows), fonts
    assert reader.metadata.title.startswith("Evaluation Report")
    assert abs(float(reader.pages[0].mediabox.width) - 595.3) < 1  # A4


@needs_poppler
def test_special_characters_render_literally_in_both_formats(tmp_path):
    special = "R&D <b>x</b> *stars* _under_ |pipe| #hash {{ jinja }} {% raw %} “quotes” — Ünïcødé ø ß"
    data = tmp_path / "data"
    data.mkdir()
    (data / "report.yaml").write_text(
        "meta: {title: 'Title & <Co>', short_title: 'T&C', plan: '2016-2020'}\n"
        "introduction: {paragraphs: ['Intro | # *']}\nchapters: [c.yaml]\n", encoding="utf-8")
    (data / "c.yaml").write_text(
        "number: 1\ntitle: 'Rights & <Duties>'\nindicators:\n"
        f"- {{number: 1, title: t, target: 'Target {{{{x}}}} & more', findings: ['{special}']}}\n",
        encoding="utf-8")
    run_cli("build", "--data", str(data), "--out", str(tmp_path / "out"))
    (docx_file,) = (tmp_path / "out").glob("*.docx")
    (pdf_file,) = (tmp_path / "out").glob("*.pdf")
    text = docx_text(docx_file)
    for expected in (special, "I. Rights & <Duties>", "Indicator 1: Target {{x}} & more", "Title & <Co>"):
        assert expected in text
    pdf_text = " ".join(pdftotext(pdf_file).split())
    for expected in (special, "I. Rights & <Duties>", "Target {{x}} & more", "Intro | # *"):
        assert expected in pdf_text


def test_letter_paper(tmp_path):
    run_cli("build", "--format", "pdf", "--paper", "letter", "--out", str(tmp_path))
    (pdf,) = tmp_path.glob("*.pdf")
    box = PdfReader(str(pdf)).pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_input_data_is_not_modified(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(data.rglob("*"))}
    run_cli("build", "--format", "docx", "--data", str(data), "--out", str(tmp_path / "out"))
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(data.rglob("*"))} == before


@needs_poppler
def test_pdf_generated_tables_figures_and_their_lists(default_build):
    pdf = default_build["pdf"]
    text = pdftotext(pdf)
    assert "List of Tables" in text and "List of Figures" in text
    pages = pdftotext(pdf).split("\f")
    for caption in ("Table 1. Indicators by chapter and status", "Figure 2. Share of quantitative targets reached"):
        entry = re.search(re.escape(caption) + r"[ .]*?(\d+)\s*$", pages[2] + pages[3], re.M)
        assert entry, caption
        assert caption in pages[int(entry.group(1)) - 1]
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True)
    assert images.stdout.splitlines()[2:] == []  # the charts are vectors: no raster image at all
    assert "Annex 1. Quantitative Targets" in text and "Met" in text


def test_docx_generated_tables_and_figures(default_build):
    document = docx.Document(str(default_build["docx"]))
    body = document.element.body
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert sum(c.startswith("Table ") for c in captions) == len(document.tables) >= 8
    assert captions.count("Figure 1. Status of indicators by chapter") == 1
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
          "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
    for table in body.findall(".//w:tbl", ns):
        assert table.find("w:tr/w:trPr/w:tblHeader", ns) is not None
    seq = [t.text for t in body.iter("{%s}instrText" % ns["w"]) if t.text and "SEQ" in t.text]
    assert len(seq) == len(captions)
    alts = [d.get("descr") for d in body.iter("{%s}docPr" % ns["wp"])]
    assert len(alts) == 2 and all(len(a) > 40 for a in alts)
    assert document.tables[0].rows[-1].cells[0].text == "Total"


def test_docx_overview_numbers_equal_the_data(default_build):
    from hrap_report.validation.checks import load_report

    report = load_report(REPO / "data")
    table = docx.Document(str(default_build["docx"])).tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[:3] == ["Chapter", "Indicators", "Achieved"]
    for chapter, row in zip(report.chapters, table.rows[1:]):
        rollups = [report.scale.rollup_of(i) for i in chapter.all_indicators()]
        cells = [c.text for c in row.cells]
        assert cells[1] == str(len(rollups))
        assert cells[2:6] == [str(rollups.count(level.id)) for level in report.scale.rollup]


@needs_poppler
def test_pdf_long_table_repeats_its_header_on_every_page(default_build):
    pages = pdftotext(default_build["pdf"], "-layout").split("\f")
    # The running header names the current annex on each of its pages (page 2 is the contents).
    spanned = [page for page in pages[2:] if "Annex 3. Index of Indicators" in page]
    assert len(spanned) >= 3 and "Index of indicators" in spanned[0]
    for page in spanned:  # the index's sections are group rows, not a column
        assert re.search(r"No\. +Indicator +Status", page), page[:300]


REQUIRED_CAPTIONS = [
    "Table 1. Indicators by chapter and status",
    "Table 2. Sections of chapter I (Economic, Social and Cultural Rights) by status",
    "Table 3. Sections of chapter II (Civil and Political Rights) by status",
    "Table 4. Sections of chapter III (Rights of Specific Groups) by status",
    "Table 5. Quantitative targets and outcomes", "Table 6. Indicators not fully achieved",
    "Table 7. Index of indicators", "Table 8. Status vocabulary",
    "Figure 1. Status of indicators by chapter", "Figure 2. Share of quantitative targets reached",
]


@needs_poppler
def test_both_formats_hold_every_generated_table_and_chart(default_build):
    captions = [p.text for p in docx.Document(str(default_build["docx"])).paragraphs if p.style.name == "Caption"]
    assert sorted(captions) == sorted(REQUIRED_CAPTIONS)
    assert captions[:2] == ["Table 1. Indicators by chapter and status", "Figure 1. Status of indicators by chapter"]
    body_pages = pdftotext(default_build["pdf"]).split("\f")[4:]  # after the contents and lists
    body = " ".join(" ".join(body_pages).split())
    for caption in REQUIRED_CAPTIONS:
        assert caption in body
