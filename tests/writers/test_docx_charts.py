"""Charts in the DOCX: native Word charts, their data in an embedded workbook, read back
from the package and rendered by LibreOffice."""
from __future__ import annotations

import datetime
import io
import posixpath
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Inches, Mm
from lxml import etree

from conftest import needs_poppler, needs_soffice, pdftotext, soffice_to_pdf
from hrap_report.document.blocks import (
    Caption,
    Chart,
    ContentsEntry,
    Document,
    Inline,
    ListOf,
    Meta,
    Paragraph,
    Series,
)
from hrap_report.writers.docx import writer
from hrap_report.writers.theme import load_theme

THEME = load_theme()
TWIP = 635  # EMU; Word keeps the page's size in twips, so lengths from it round to this
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "cdr": "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
LONG = ("Share of households in remote rural townships with year-round road access, "
        "safe drinking water and broadband connections")
assert len(LONG) == 120
CATEGORIES = ("North", "华东地区", LONG, "South-west")
SERIES = (Series("Done", (40.0, 10.0, 25.5, 0.0)), Series("Partly", (30.0, 60.0, 50.0, 20.0)),
          Series("Not started", (0.0, 0.0, 0.0, 0.0)))
ALT = "Stacked bars of the share of measures done, partly done and not started in each region."
CHART = Chart(CATEGORIES, SERIES, Caption("Figure", (Inline("Progress by region"),), 1), ALT,
              axis_title="Share of measures (%)", axis_max=100, percent=True, width=0.9, anchor="figure-1")
#: The same bars against a target line, on a longer axis.
TARGETS = replace(CHART, caption=Caption("Figure", (Inline("Progress against the target"),), 2),
                  alt="Bars against the dashed 100 % line.", axis_max=150, reference=100, width=1.0,
                  anchor="figure-2")


def document(*blocks, date: datetime.datetime | None = None) -> Document:
    return Document(Meta("Charts", language="en-GB", date=date), blocks)


def sample() -> Document:
    entries = (ContentsEntry(1, "Figure 1. Progress by region", "figure-1"),
               ContentsEntry(1, "Figure 2. Progress against the target", "figure-2"))
    return document(ListOf("figure", "List of Figures", entries, label="Figure"),
                    Paragraph((Inline("Before the charts."),)), CHART, TARGETS)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("charts") / "charts.docx"
    writer.write(sample(), path, THEME)
    return path


def xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def related(path: Path, source: str) -> dict[str, tuple[str, str]]:
    """The relationships of part `source`: rId -> (type, target part name)."""
    folder, name = posixpath.split(source)
    rels = xml(path, f"{folder}/_rels/{name}.rels")
    return {rel.get("Id"): (rel.get("Type"), posixpath.normpath(f"{folder}/{rel.get('Target')}"))
            for rel in rels.iterfind("rel:Relationship", NS)}


def chart_part(path: Path, number: int) -> etree._Element:
    return xml(path, f"word/charts/chart{number}.xml")


def workbook_of(path: Path, chart: str) -> tuple[str, bytes]:
    """The embedded workbook a chart part points at with `c:externalData`."""
    rid = xml(path, chart).find("c:externalData", NS).get(f"{{{NS['r']}}}id")
    kind, target = related(path, chart)[rid]
    assert kind == RT.PACKAGE
    with zipfile.ZipFile(path) as package:
        return target, package.read(target)


def inlines(path: Path) -> list[etree._Element]:
    return xml(path, "word/document.xml").findall(".//wp:inline", NS)


# -- the package ---------------------------------------------------------------------------


def test_each_chart_is_a_chart_part_with_its_workbook(built):
    with zipfile.ZipFile(built) as package:
        names = set(package.namelist())
        types = package.read("[Content_Types].xml").decode()
    assert {"word/charts/chart1.xml", "word/charts/chart2.xml"} <= names
    assert 'PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-' \
           'officedocument.drawingml.chart+xml"' in types
    assert ('Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"'
            in types)
    rels = related(built, "word/document.xml")
    charts_related = [target for kind, target in rels.values() if kind == RT.CHART]
    assert charts_related == ["word/charts/chart1.xml", "word/charts/chart2.xml"]
    for number in (1, 2):
        target, blob = workbook_of(built, f"word/charts/chart{number}.xml")
        assert re.fullmatch(r"word/embeddings/Microsoft_Excel_Worksheet\d+\.xlsx", target)
        assert blob[:2] == b"PK"
    # each drawing in the text points at its chart part
    targets = [rels[i.find(".//c:chart", NS).get(f"{{{NS['r']}}}id")] for i in inlines(built)]
    assert targets == [(RT.CHART, "word/charts/chart1.xml"), (RT.CHART, "word/charts/chart2.xml")]


def test_the_workbook_holds_the_exact_data(built):
    _, blob = workbook_of(built, "word/charts/chart1.xml")
    sheet = openpyxl.load_workbook(io.BytesIO(blob)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (None, "Done", "Partly", "Not started")
    assert [row[0] for row in rows[1:]] == list(CATEGORIES)
    for column, series in enumerate(SERIES, start=1):
        assert [row[column] for row in rows[1:]] == list(series.values)
    assert sheet.cell(2, 2).number_format == '0"%"'


def test_the_chart_caches_hold_the_same_data(built):
    space = chart_part(built, 1)
    [bars] = space.findall(".//c:barChart", NS)
    found = bars.findall("c:ser", NS)
    assert len(found) == len(SERIES)
    for ser, series in zip(found, SERIES):
        assert ser.findtext("c:tx//c:v", namespaces=NS) == series.name
        assert tuple(ser.xpath("c:cat//c:pt/c:v/text()", namespaces=NS)) == CATEGORIES
        assert tuple(float(v) for v in ser.xpath("c:val//c:pt/c:v/text()", namespaces=NS)) == series.values
        assert ser.findtext("c:val//c:formatCode", namespaces=NS) == '0"%"'
        # the references name the workbook's cells the cache copies
        assert ser.findtext("c:cat//c:f", namespaces=NS) == "Sheet1!$A$2:$A$5"


def test_bars_stack_horizontally_top_to_bottom_on_a_fixed_axis(built):
    space = chart_part(built, 1)
    bars = space.find(".//c:barChart", NS)
    assert bars.find("c:barDir", NS).get("val") == "bar"
    assert bars.find("c:grouping", NS).get("val") == "stacked"
    assert bars.find("c:overlap", NS).get("val") == "100"
    assert bars.find("c:gapWidth", NS).get("val") == "50"
    categories, values = space.find(".//c:catAx", NS), space.find(".//c:valAx", NS)
    # Word draws categories bottom-up: reversed, and the value axis at the last one (the foot)
    assert categories.find("c:scaling/c:orientation", NS).get("val") == "maxMin"
    assert categories.find("c:tickLblSkip", NS).get("val") == "1"
    assert values.find("c:crosses", NS).get("val") == "max"
    assert float(values.find("c:scaling/c:min", NS).get("val")) == 0
    assert float(values.find("c:scaling/c:max", NS).get("val")) == 100
    assert values.find("c:numFmt", NS).get("formatCode") == '0"%"'
    assert values.find("c:numFmt", NS).get("sourceLinked") == "0"
    assert "".join(values.xpath("c:title//a:t/text()", namespaces=NS)) == "Share of measures (%)"
    legend = space.find(".//c:legend", NS)
    assert legend.find("c:legendPos", NS).get("val") == "b"
    assert legend.find("c:legendEntry", NS) is None  # every series, the empty one too
    assert space.find("c:roundedCorners", NS).get("val") == "0"


def test_series_are_told_apart_by_colour_and_pattern(built):
    fills = chart_part(built, 1).findall(".//c:barChart/c:ser/c:spPr", NS)
    first, *others = fills
    assert first.find("a:solidFill/a:srgbClr", NS).get("val") == THEME.colors.chart[0]
    patterns = [fill.find("a:pattFill", NS) for fill in others]
    assert all(p is not None for p in patterns)
    assert [p.find("a:bgClr/a:srgbClr", NS).get("val") for p in patterns] == THEME.colors.chart[1:3]
    assert len({p.get("prst") for p in patterns}) == 2


def test_chart_text_is_in_the_themes_body_fonts(built):
    space = chart_part(built, 1)
    defaults = space.find("c:txPr//a:defRPr", NS)
    assert defaults.find("a:latin", NS).get("typeface") == THEME.fonts.body.docx
    assert defaults.find("a:ea", NS).get("typeface") == THEME.fonts.body.east_asian.docx
    assert defaults.get("lang") == "en-GB"
    sizes = [int(size) for size in space.xpath(".//a:defRPr/@sz | .//a:rPr/@sz", namespaces=NS)]
    assert sizes and min(sizes) >= 800


# -- in the text ---------------------------------------------------------------------------


def test_the_chart_sits_inline_with_its_alt_text_and_caption(built):
    body = xml(built, "word/document.xml")
    first, second = inlines(built)
    doc_pr = first.find("wp:docPr", NS)
    assert doc_pr.get("descr") == ALT
    assert doc_pr.get("title") == "Figure 1. Progress by region"
    assert second.find("wp:docPr", NS).get("id") != doc_pr.get("id")
    # as wide as the theme's tables: into the margins, the paragraph reaching there too
    wide = Mm(THEME.wide_width_mm)
    assert abs(int(first.find("wp:extent", NS).get("cx")) - 0.9 * wide) < 10
    assert int(second.find("wp:extent", NS).get("cx")) == pytest.approx(wide, abs=10)
    reach = first.getparent().getparent().getparent().find("w:pPr/w:ind", NS)
    assert int(reach.get(f"{{{NS['w']}}}left")) == int(reach.get(f"{{{NS['w']}}}right")) == pytest.approx(
        -Mm(THEME.wide_width_mm - THEME.text_width_mm).twips / 2, abs=2)
    # the caption paragraph follows, numbered by a SEQ field the list of figures collects
    holder = first.getparent().getparent().getparent()
    caption = holder.getnext()
    assert caption.find("w:pPr/w:pStyle", NS).get(f"{{{NS['w']}}}val") == "Caption"
    assert caption.findtext(".//w:instrText", namespaces=NS).strip() == "SEQ Figure \\* ARABIC"
    assert "".join(caption.xpath(".//w:t/text()", namespaces=NS)) == "Figure 1. Progress by region"
    assert caption.find("w:bookmarkStart", NS).get(f"{{{NS['w']}}}name") == "figure_1"
    assert holder.find("w:pPr/w:keepNext", NS) is not None
    instructions = [t.text.strip() for t in body.iterfind(".//w:instrText", NS)]
    assert 'TOC \\h \\z \\c "Figure"' in instructions


def test_the_height_follows_the_bars_up_to_most_of_the_page(tmp_path):
    def height(count: int) -> int:
        categories = tuple(f"Item {i}" for i in range(count))
        chart = Chart(categories, (Series("Done", (1.0,) * count),), None, "alt")
        path = tmp_path / f"{count}.docx"
        writer.write(document(chart), path, THEME)
        return int(inlines(path)[0].find("wp:extent", NS).get("cy"))

    text_height = Mm(297 - THEME.margins_mm.top - THEME.margins_mm.bottom)
    few, more, many = height(2), height(12), height(200)
    assert few < more < many
    assert more - few == pytest.approx(10 * Inches(0.22), abs=10)
    assert many == pytest.approx(0.8 * text_height, abs=2 * TWIP)


def test_a_chart_without_a_caption_takes_its_alt_text_as_title(tmp_path):
    path = tmp_path / "bare.docx"
    writer.write(document(replace(CHART, caption=None, anchor=None)), path, THEME)
    [inline] = inlines(path)
    assert inline.find("wp:docPr", NS).get("descr") == inline.find("wp:docPr", NS).get("title") == ALT
    assert "Caption" not in xml(path, "word/document.xml").xpath("//w:pStyle/@w:val", namespaces=NS)


# -- the reference line ----------------------------------------------------------------------


def test_the_reference_is_a_dashed_line_where_the_value_falls(built):
    assert "c:userShapes" not in etree.tostring(chart_part(built, 1)).decode()  # no reference
    space = chart_part(built, 2)
    rid = space.find("c:userShapes", NS).get(f"{{{NS['r']}}}id")
    kind, target = related(built, "word/charts/chart2.xml")[rid]
    assert kind == RT.CHART_USER_SHAPES
    anchor = xml(built, target).find("cdr:relSizeAnchor", NS)
    x = float(anchor.findtext("cdr:from/cdr:x", namespaces=NS))
    assert x == float(anchor.findtext("cdr:to/cdr:x", namespaces=NS))
    assert anchor.find(".//a:ln/a:prstDash", NS).get("val") == "dash"
    # at 100 of an axis from 0 to 150, across the plot area laid out for it
    layout = space.find("c:chart/c:plotArea/c:layout/c:manualLayout", NS)
    left, width = (float(layout.find(f"c:{k}", NS).get("val")) for k in ("x", "w"))
    assert x == pytest.approx(left + width * 100 / 150, abs=1e-3)
    assert float(space.find(".//c:valAx/c:scaling/c:max", NS).get("val")) == 150
    top, height = (float(layout.find(f"c:{k}", NS).get("val")) for k in ("y", "h"))
    assert float(anchor.findtext("cdr:from/cdr:y", namespaces=NS)) == pytest.approx(top, abs=1e-3)
    assert float(anchor.findtext("cdr:to/cdr:y", namespaces=NS)) == pytest.approx(top + height, abs=1e-3)
    # the line is no series: the bars' series alone are in the chart and its legend
    assert len(space.findall(".//c:ser", NS)) == len(SERIES)


# -- errors, bytes, rendering ------------------------------------------------------------------


def test_series_and_categories_must_agree(tmp_path):
    broken = replace(CHART, series=(Series("Done", (1.0,)),))
    with pytest.raises(ValueError, match="'Done' has 1 values for 4 categories"):
        writer.write(document(broken), tmp_path / "x.docx", THEME)
    with pytest.raises(ValueError, match="unknown chart kind 'pie'"):
        writer.write(document(replace(CHART, kind="pie")), tmp_path / "y.docx", THEME)


def test_the_same_document_gives_the_same_bytes(tmp_path):
    one, two = tmp_path / "one.docx", tmp_path / "two.docx"
    writer.write(sample(), one, THEME)
    writer.write(sample(), two, THEME)
    assert one.read_bytes() == two.read_bytes()


def test_the_workbook_carries_the_documents_date_not_the_clock(tmp_path):
    path = tmp_path / "dated.docx"
    date = datetime.datetime(2021, 9, 9, 10, 30, tzinfo=datetime.timezone.utc)
    writer.write(document(CHART, date=date), path, THEME)
    _, blob = workbook_of(path, "word/charts/chart1.xml")
    with zipfile.ZipFile(io.BytesIO(blob)) as workbook:
        core = workbook.read("docProps/core.xml").decode()
        assert {entry.date_time for entry in workbook.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert re.findall(r"<dcterms:\w+ [^>]*>([^<]*)<", core) == ["2021-09-09T10:30:00Z"] * 2


@needs_soffice
@needs_poppler
def test_libreoffice_draws_the_charts(built, tmp_path):
    text = pdftotext(soffice_to_pdf(built, tmp_path))
    flat = re.sub(r"\s+", "", text)
    # each chart's labels, legend and axis title, as many times as there are charts: drawn
    # (none dropped for lack of room, the long label whole), not only listed
    for expected in (*CATEGORIES, "Done", "Partly", "Not started", "Share of measures (%)", "100%"):
        assert flat.count(re.sub(r"\s+", "", expected)) == 2, expected
    for expected in ("Figure 1. Progress by region", "Figure 2. Progress against the target"):
        assert flat.count(re.sub(r"\s+", "", expected)) == 2, expected  # the list's entry, the caption
