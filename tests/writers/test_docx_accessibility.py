"""The DOCX keeps its accessibility: each edition's file (English, Chinese, both), read
back, names its title and languages, describes every picture and chart, marks its table
heads and builds its headings on Word's own; and LibreOffice's tagged PDF/UA export of it
passes the `pdfua` checker, but for the one gap LibreOffice 7.4 leaves whatever the DOCX
says (its charts' descriptions, see `test_libreoffice_export_describes_its_charts`)."""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
import warnings
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pikepdf
import pytest
from lxml import etree
from pdfua import Severity, validate
from PIL import Image

from conftest import needs_soffice, run_cli
from hrap_report.document.blocks import Caption, Cell, Document, Figure, Inline, Meta, Table
from hrap_report.writers.docx import writer
from hrap_report.writers.theme import load_theme
from real_clients import DOCX_FILTER

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EDITIONS = ("en", "zh", "en+zh")
#: The editions LibreOffice exports: one language, and two in one document.
EXPORTED = ("en", "en+zh")
#: The full language tag of each edition (its first language's, from its label catalog).
LANGUAGE = {"en": "en-GB", "zh": "zh-CN", "en+zh": "en-GB"}
#: LibreOffice's PDF export, tagged and claiming PDF/UA.
TAGGED_PDF = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
              '"PDFUACompliance":{"type":"boolean","value":"true"}}')
#: A run wholly in Chinese (ideographs or CJK punctuation, no Latin word), or wholly in
#: a Latin-script language (a word of Latin letters, no CJK). A run of both (a label and
#: its translation, "Contents / 目录") is left alone: its script does not tell its language.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
BODY_TEXT_LEVEL = 9  # `w:outlineLvl` of body text: not in the outline
#: LibreOffice 7.4 imports a DOCX chart (`wp:inline` or `wp:anchor` over `c:chart`) without
#: anything of its `wp:docPr`: not the name, nor `@descr` or `@title` (the frame comes out
#: as "Object1", and its own DOCX export of a described chart writes no `@descr` either).
#: Its tagged PDF export then has a `/Figure` with no `/Alt` for each chart, which pdfua
#: reports as UA-13-004 (PDF/UA-1 7.3). The same chart with `svg:desc` in an ODT, or a
#: picture with `@descr` in a DOCX, does get its `/Alt`: the description is lost on import.
LIBREOFFICE_CHART_GAP = "UA-13-004"

needs_pdfinfo = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils missing")


# -- the builds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition(default_build, tmp_path_factory):
    """The DOCX of an edition by its `--lang`: the default report's for English, else
    built once (DOCX only) on first asking."""
    built = {"en": default_build["docx"]}

    def docx_file(lang: str) -> Path:
        if lang not in built:
            cwd = tmp_path_factory.mktemp("edition")
            run_cli("build", "--lang", lang, "--format", "docx", "--out", "out", cwd=cwd)
            (built[lang],) = (cwd / "out").glob("*.docx")
        return built[lang]
    return docx_file


def soffice_to_tagged_pdf(docx_file: Path, outdir: Path) -> Path:
    """Convert a DOCX to a tagged PDF/UA with LibreOffice, in a profile of its own."""
    profile = outdir / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", f"--infilter={DOCX_FILTER}",
         "--convert-to", TAGGED_PDF,
         "--outdir", str(outdir), str(docx_file)],
        capture_output=True, text=True, timeout=300,
    )
    pdf = outdir / (docx_file.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), f"LibreOffice failed: {result.stdout}{result.stderr}"
    return pdf


@pytest.fixture(scope="module")
def exported(edition, tmp_path_factory):
    """LibreOffice's tagged PDF of an edition's DOCX, and pdfua's report on it, each made
    once on first asking."""
    made: dict[str, tuple] = {}

    def pdf_and_report(lang: str):
        if lang not in made:
            pdf = soffice_to_tagged_pdf(edition(lang), tmp_path_factory.mktemp("tagged"))
            made[lang] = pdf, validate(pdf)
        return made[lang]
    return pdf_and_report


# -- reading the DOCX back ------------------------------------------------------------------


@functools.cache
def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def text_runs(path: Path):
    """Every run of the body with text, and its text."""
    for run in part(path, "word/document.xml").iter(w("r")):
        text = "".join(run.xpath("w:t/text()", namespaces=NS))
        if text.strip():
            yield run, text


def default_language(path: Path) -> etree._Element:
    """The document-wide default `w:lang` (`w:docDefaults`)."""
    return part(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)


def outline_levels(path: Path) -> dict[str, int]:
    """The outline level each paragraph style gives, by style id, through its base styles."""
    styles = {s.get(w("styleId")): s for s in part(path, "word/styles.xml").iterfind("w:style", NS)}

    def level(style_id: str) -> int:
        style = styles.get(style_id)
        if style is None:
            return BODY_TEXT_LEVEL
        own = style.find("w:pPr/w:outlineLvl", NS)
        if own is not None:
            return int(own.get(w("val")))
        base = style.find("w:basedOn", NS)
        return BODY_TEXT_LEVEL if base is None else level(base.get(w("val")))
    return {style_id: level(style_id) for style_id in styles}


def outline(path: Path) -> list[tuple[str, int]]:
    """The (style id, outline level) of every paragraph in the outline: the navigation
    pane's, a TOC's, and what a tagged PDF makes headings of."""
    levels = outline_levels(path)
    found = []
    for p in part(path, "word/document.xml").iter(w("p")):
        style = p.find("w:pPr/w:pStyle", NS)
        style_id = "Normal" if style is None else style.get(w("val"))
        own = p.find("w:pPr/w:outlineLvl", NS)
        level = int(own.get(w("val"))) if own is not None else levels.get(style_id, BODY_TEXT_LEVEL)
        if level < BODY_TEXT_LEVEL:
            found.append((style_id, level))
    return found


# -- the DOCX of each edition ---------------------------------------------------------------


@pytest.mark.parametrize("lang", EDITIONS)
def test_core_properties_name_the_report(edition, lang):
    properties = docx.Document(str(edition(lang))).core_properties
    named = {"title": properties.title, "author": properties.author, "subject": properties.subject,
             "keywords": properties.keywords}
    assert all(value.strip() for value in named.values()), named
    assert properties.language == LANGUAGE[lang]
    # the title in the edition's (first) language
    assert bool(CJK.search(properties.title)) == (lang == "zh"), properties.title


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_picture_and_chart_has_alt_text(edition, lang):
    drawings = part(edition(lang), "word/document.xml").xpath("//wp:inline | //wp:anchor", namespaces=NS)
    kinds = Counter(d.find("a:graphic/a:graphicData", NS).get("uri").rsplit("/", 1)[-1] for d in drawings)
    assert kinds["chart"] >= 2, kinds  # the report's two charts, native Word charts
    undescribed = [d.find("wp:docPr", NS).get("name") for d in drawings
                   if not (d.find("wp:docPr", NS).get("descr") or "").strip()]
    assert not undescribed, f"drawings without alt text: {undescribed}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_table_heads_are_marked_header_rows(edition, lang):
    """A table whose look shows a head row (`firstRow`) starts with rows marked as the
    head (`w:tblHeader`), and only there; a table without one shows none."""
    tables = part(edition(lang), "word/document.xml").iterfind(".//w:tbl", NS)
    wrong, headed = [], 0
    for n, table in enumerate(tables):
        marks = [row.find("w:trPr/w:tblHeader", NS) is not None for row in table.iterfind("w:tr", NS)]
        head = marks.index(False) if False in marks else len(marks)
        shows_head = table.find("w:tblPr/w:tblLook", NS).get(w("firstRow")) == "1"
        headed += head > 0
        if any(marks[head:]) or (head > 0) != shows_head:
            wrong.append((n, shows_head, marks[:head + 2]))
    assert headed >= 8 and not wrong, f"{headed} tables with heads; wrongly marked: {wrong}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_document_default_language_is_the_reports(edition, lang):
    path = edition(lang)
    default = default_language(path)
    theme_fonts = part(path, "word/settings.xml").find("w:themeFontLang", NS)
    assert (default.get(w("val")), default.get(w("eastAsia"))) == (LANGUAGE[lang], "zh-CN")
    assert theme_fonts.get(w("val")) == LANGUAGE[lang]


@pytest.mark.parametrize("lang", EDITIONS)
def test_runs_in_another_language_say_so(edition, lang):
    """A run wholly in Chinese in an English document says so in `w:lang` (its East Asian
    slot), one wholly in English in a Chinese document in its Latin slot; no run in the
    document's own language claims another."""
    path = edition(lang)
    language = default_language(path).get(w("val"))
    english = language.startswith("en")
    untagged, mistagged, other = [], [], 0
    for run, text in text_runs(path):
        chinese, latin = bool(CJK.search(text)), bool(LATIN_WORD.search(text))
        if chinese == latin:
            continue  # mixed, or neither (numbers, punctuation)
        tag = run.find("w:rPr/w:lang", NS)
        said = None if tag is None else tag.get(w("eastAsia") if chinese else w("val"))
        if chinese == english:  # in the other language
            other += 1
            if not (said or "").startswith("zh" if chinese else "en"):
                untagged.append((text[:40], said))
        elif said is not None and not said.startswith(language.split("-")[0]):
            mistagged.append((text[:40], said))
    assert not untagged, f"runs in another language without w:lang: {untagged[:10]}"
    assert not mistagged, f"runs in the document's language tagged otherwise: {mistagged[:10]}"
    assert (other > 0) == (lang == "en+zh"), other  # the zh edition is Chinese throughout


@pytest.mark.parametrize("lang", EDITIONS)
def test_headings_are_words_built_in_heading_styles(edition, lang):
    """Every paragraph in the outline is in Word's Heading 1-3 (named "heading N", at
    outline level N-1), and the report has headings at levels 1 and 2."""
    path = edition(lang)
    styles = {s.get(w("styleId")): s for s in part(path, "word/styles.xml").iterfind("w:style", NS)}
    wrong = []
    for style_id, level in outline(path):
        name = styles[style_id].find("w:name", NS).get(w("val"))
        if not (style_id == f"Heading{level + 1}" and name == f"heading {level + 1}" and level < 3):
            wrong.append((style_id, name, level))
    assert not wrong, f"outline paragraphs not in Heading 1-3: {sorted(set(wrong))}"
    assert {level for _, level in outline(path)} >= {0, 1}


# -- small documents, where the model leaves something out ---------------------------------


def test_a_figure_without_alt_text_is_described_by_its_caption(tmp_path):
    image = tmp_path / "box.png"
    Image.new("RGB", (20, 10), (200, 30, 30)).save(image)
    path = tmp_path / "figure.docx"
    figure = Figure(image, Caption("Figure", (Inline("A red box"),), 1), alt="")
    writer.write(Document(Meta("Figure"), (figure,)), path, load_theme())
    doc_pr = part(path, "word/document.xml").find(".//wp:docPr", NS)
    assert doc_pr.get("descr") == doc_pr.get("title") == "Figure 1. A red box"


def test_a_table_without_head_rows_shows_no_head_row(tmp_path):
    """No body row takes the head row's look (bold, shaded) unless it is marked as one."""
    path = tmp_path / "table.docx"
    body = tuple((Cell((Inline(f"Row {n}"),)), Cell((Inline(str(n)),), "right")) for n in range(3))
    writer.write(Document(Meta("Table"), (Table((), body, (2, 1)),)), path, load_theme())
    table = part(path, "word/document.xml").find(".//w:tbl", NS)
    assert table.find("w:tblPr/w:tblLook", NS).get(w("firstRow")) == "0"
    assert table.find("w:tr/w:trPr/w:tblHeader", NS) is None


# -- LibreOffice's tagged PDF/UA export -------------------------------------------------------


def findings(report) -> str:
    """pdfua's findings, and the rules it could not evaluate, a line each."""
    lines = [f"{f.severity.name} {f.rule_id} {f.location.describe()}: {f.message}" for f in report.findings]
    return "\n".join(lines + [f"SKIPPED {o.rule_id}: {o.skipped_reason}" for o in report.skipped])


@needs_soffice
@needs_pdfinfo
@pytest.mark.parametrize("lang", EXPORTED)
def test_libreoffice_export_is_tagged(exported, lang):
    pdf, _ = exported(lang)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info


@needs_soffice
@pytest.mark.parametrize("lang", EXPORTED)
def test_libreoffice_export_passes_pdfua(edition, exported, lang):
    """No finding at WARNING or above, but LibreOffice's own one (`LIBREOFFICE_CHART_GAP`),
    once per chart: a rule pdfua could not evaluate is shown as a warning, not passed."""
    _, report = exported(lang)
    for outcome in report.skipped:
        warnings.warn(f"pdfua did not evaluate {outcome.rule_id} on the {lang} export: "
                      f"{outcome.skipped_reason}")
    serious = [f for f in report.findings if f.severity >= Severity.WARNING]
    charts = len(part(edition(lang), "word/document.xml").xpath(
        f"//a:graphicData[@uri='{CHART_URI}']", namespaces=NS))
    gap = [f for f in serious if f.rule_id == LIBREOFFICE_CHART_GAP]
    assert len(gap) <= charts and len(serious) == len(gap), findings(report)


@needs_soffice
@pytest.mark.xfail(strict=True, reason=(
    "LibreOffice 7.4 imports a DOCX chart without its wp:docPr (descr, title, name), so its "
    "tagged PDF has a /Figure without /Alt for each chart: pdfua UA-13-004. A LibreOffice that "
    "keeps them passes this, and LIBREOFFICE_CHART_GAP can go."))
@pytest.mark.parametrize("lang", EXPORTED)
def test_libreoffice_export_describes_its_charts(exported, lang):
    _, report = exported(lang)
    assert not [f for f in report.findings if f.rule_id == LIBREOFFICE_CHART_GAP], findings(report)


def structure_roles(pdf: Path) -> list[tuple[str, bool]]:
    """The standard role of every element of a PDF's structure tree (through its role
    map), and whether it marks any page content (an MCID, itself or below)."""
    found = []
    with pikepdf.open(pdf) as document:
        root = document.Root.StructTreeRoot
        role_map = {str(k): str(v) for k, v in root.get("/RoleMap", {}).items()}

        def walk(node) -> bool:
            """Collect `node`'s elements; whether it marks content."""
            if isinstance(node, int):
                return True  # an MCID
            if isinstance(node, pikepdf.Array):
                return any([walk(kid) for kid in node])  # a list: every kid is walked
            if not isinstance(node, pikepdf.Dictionary):
                return False
            if node.get("/Type") == pikepdf.Name("/MCR"):
                return True
            marks = walk(node.get("/K")) if "/K" in node else False
            if "/S" in node:
                role = str(node["/S"])
                found.append((role_map.get(role, role), marks))
            return marks

        walk(root.get("/K"))
    return found


@needs_soffice
@pytest.mark.parametrize("lang", EXPORTED)
def test_libreoffice_export_tags_every_heading(edition, exported, lang):
    """Each outline heading of the DOCX becomes a heading of its level (H1, H2 ...) with
    text, and nothing else does: pdfua's own empty-heading rule (UA-14-001) cannot run on
    these files (see the report's skipped rules), so it is checked here."""
    pdf, _ = exported(lang)
    roles = structure_roles(pdf)
    headings = [(role, marks) for role, marks in roles if re.fullmatch(r"/H\d", role)]
    levels = Counter(f"/H{level + 1}" for _, level in outline(edition(lang)))
    assert Counter(role for role, _ in headings) == levels
    assert all(marks for _, marks in headings), "empty headings in the tagged PDF"
