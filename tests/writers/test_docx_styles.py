"""The DOCX is styled by named styles, so an editor restyles it by its styles: tables by a
house table style (its header row shaded and bold), cells aligned by paragraph styles,
indicator boxes and their labels by the Indicator styles; and it carries only the styles
it uses. Read back from the default report and from small documents, and rendered with
LibreOffice after a style is changed in styles.xml."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from conftest import needs_poppler, needs_soffice, run_cli, soffice_to_pdf
from hrap_report.document.blocks import Cell, Columns, Document, Heading, Inline, Meta, Paragraph, Table
from hrap_report.pipeline.build import BuildOptions, run
from hrap_report.writers.docx import writer
from hrap_report.writers.docx.styles import (
    CELL_STYLES,
    COLUMNS_STYLE,
    INDICATOR_LABEL,
    TABLE_GROUP,
    TABLE_STYLE,
)
from hrap_report.writers.theme import load_theme

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
XHTML = "{http://www.w3.org/1999/xhtml}"
THEME = load_theme()
LABEL = re.compile(r"Indicator \d+:")
#: The styles every document keeps, used or not: each type's default.
DEFAULTS = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
DPI = 50


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def style_id(name: str) -> str:
    return name.replace(" ", "")


def style(styles: etree._Element, name: str) -> etree._Element:
    [found] = styles.xpath("w:style[w:name/@w:val=$name]", namespaces=NS, name=name)
    return found


def restyled(path: Path, out: Path, edit) -> Path:
    """A copy of the DOCX at `path` whose styles.xml root `edit` has changed."""
    styles = part(path, "word/styles.xml")
    edit(styles)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = etree.tostring(styles) if entry.filename == "word/styles.xml" else source.read(entry)
            target.writestr(entry, data)
    return out


def fill(styles: etree._Element, name: str, color: str) -> None:
    """Set every shading (and border colour) of style `name` to `color`."""
    for element in style(styles, name).iter(w("shd")):
        element.set(w("fill"), color)
    for element in style(styles, name).xpath("w:pPr/w:pBdr/*", namespaces=NS):
        element.set(w("color"), color)


def words(pdf: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """The words of each page with their boxes in points, as pdftotext finds them."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    return [[(word.text or "", tuple(float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
             for word in page.iter(f"{XHTML}word")] for page in etree.fromstring(xml).iter(f"{XHTML}page")]


def pages(pdf: Path, folder: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / "page")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(folder.glob("page-*.png"))]


def left_of(image: Image.Image, box: tuple[float, float, float, float], points: float = 2.5) -> tuple:
    """The colour `points` left of a word's box, half way down: the padding of its box or cell."""
    x0, y0, _, y1 = box
    return image.getpixel((round((x0 - points) * DPI / 72), round((y0 + y1) / 2 * DPI / 72)))


def near(color: tuple, hex_color: str, slack: int = 16) -> bool:
    return all(abs(c - int(hex_color[i:i + 2], 16)) <= slack for c, i in zip(color, (0, 2, 4)))


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The default report as a DOCX."""
    (written,) = run(BuildOptions(formats=("docx",), out=tmp_path_factory.mktemp("report")))
    return written.path


# -- the default report, read back ---------------------------------------------------------


def test_every_table_is_in_the_house_style_and_no_cell_is_shaded(report):
    body = part(report, "word/document.xml")
    tables = body.findall(".//w:tbl", NS)
    assert len(tables) >= 8
    for table in tables:
        assert table.find("w:tblPr/w:tblStyle", NS).get(w("val")) == style_id(TABLE_STYLE)
        look = table.find("w:tblPr/w:tblLook", NS)
        flags = (look.get(w("firstRow")), look.get(w("noHBand")), look.get(w("firstColumn")))
        assert flags == ("1", "1", "0")
        assert table.find(".//w:tblBorders", NS) is None
    assert body.find(".//w:shd", NS) is None
    # the head is bold by the table style (a strong word in the body stays bold itself)
    heads = body.xpath("//w:tr[w:trPr/w:tblHeader]", namespaces=NS)
    assert len(heads) == len(tables) and not [b for row in heads for b in row.iterfind(".//w:b", NS)]


def test_the_house_table_style_is_the_themes(report):
    house = style(part(report, "word/styles.xml"), TABLE_STYLE)
    assert house.get(w("type")) == "table"
    borders = house.find("w:tblPr/w:tblBorders", NS)
    assert [(b.tag, b.get(w("color")), b.get(w("sz"))) for b in borders] == [
        (w(side), THEME.colors.rule, str(round(THEME.tables.rule_width * 8)))
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")]
    margins = {m.tag: int(m.get(w("w"))) for m in house.find("w:tblPr/w:tblCellMar", NS)}
    padding = THEME.tables.cell_padding
    sides = ("top", "left", "bottom", "right")
    assert margins == {w(side): round(getattr(padding, side) * 20) for side in sides}
    [header] = house.findall("w:tblStylePr", NS)
    assert header.get(w("type")) == "firstRow"
    assert header.find("w:tcPr/w:shd", NS).get(w("fill")) == THEME.colors.table_header
    assert header.find("w:rPr/w:b", NS) is not None


def test_table_cells_are_aligned_by_their_paragraph_style_alone(report):
    body = part(report, "word/document.xml")
    cells = body.findall(".//w:tc/w:p", NS)
    assert len(cells) > 1000
    assert not [p for p in cells if p.find("w:pPr/w:jc", NS) is not None]
    used = {p.find("w:pPr/w:pStyle", NS).get(w("val")) for p in cells}
    # and the index's chapter and section titles, in the group rows' style
    assert used == {style_id(CELL_STYLES["left"]), style_id(CELL_STYLES["right"]), style_id(TABLE_GROUP)}
    styles = docx.Document(str(report)).styles
    assert styles[CELL_STYLES["left"]].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    number = styles[CELL_STYLES["right"]]
    assert (number.base_style.name, number.paragraph_format.alignment) == (
        CELL_STYLES["left"], WD_ALIGN_PARAGRAPH.RIGHT)


def test_indicator_labels_are_in_the_label_style_not_bold(report):
    document = docx.Document(str(report))
    indicators = [p for p in document.paragraphs if p.style.name == "Indicator"]
    assert len(indicators) == 168
    for paragraph in indicators:
        label = paragraph.runs[0]
        assert LABEL.fullmatch(label.text) and label.style.name == INDICATOR_LABEL, paragraph.text[:40]
        assert label._r.find("w:rPr/w:b", NS) is None
    assert document.styles[INDICATOR_LABEL].font.bold is True
    labelled = [r for r in part(report, "word/document.xml").iterfind(".//w:r", NS)
                if LABEL.fullmatch("".join(r.itertext()))]
    assert len(labelled) == len(indicators)


def test_indicator_boxes_and_body_take_their_look_from_their_styles(report):
    body = part(report, "word/document.xml")
    indicators = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='Indicator']", namespaces=NS)
    assert [[c.tag for c in p.find("w:pPr", NS)] for p in indicators] == [[w("pStyle")]] * len(indicators)
    styles = part(report, "word/styles.xml")
    indicator = style(styles, "Indicator").find("w:pPr", NS)
    shading = THEME.style("indicator").shading
    assert indicator.find("w:shd", NS).get(w("fill")) == shading
    assert {(b.tag, b.get(w("color"))) for b in indicator.find("w:pBdr", NS)} == {
        (w(side), shading) for side in ("top", "left", "bottom", "right")}
    assert THEME.style("body").align == "justify"
    assert style(styles, "Normal").find("w:pPr/w:jc", NS).get(w("val")) == "both"


def test_only_the_styles_used_are_kept(report):
    styles = part(report, "word/styles.xml")
    used = set()
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        used |= {e.get(w("val")) for e in part(report, name).iter(w("pStyle"), w("rStyle"), w("tblStyle"))}
    by_id = {s.get(w("styleId")): s for s in styles.iterfind("w:style", NS)}
    reached, pending = set(), list(used | DEFAULTS)
    while pending:
        current = pending.pop()
        if current not in reached:
            reached.add(current)
            pending += [ref.get(w("val")) for ref in by_id[current].iterfind("w:basedOn", NS)]
            pending += [ref.get(w("val")) for ref in by_id[current].iterfind("w:next", NS)]
    assert set(by_id) == reached
    assert {s.get(w("styleId")) for s in by_id.values() if s.get(w("default")) == "1"} == DEFAULTS
    assert "TableGrid" not in by_id and "Heading1Char" not in by_id and "Heading3" not in by_id
    assert styles.find("w:latentStyles", NS) is None
    assert all(link.get(w("val")) in by_id for link in styles.iterfind(".//w:link", NS))
    with zipfile.ZipFile(report) as archive:
        names = set(archive.namelist())
    assert not {"word/stylesWithEffects.xml", "word/numbering.xml"} & names


# -- small documents -----------------------------------------------------------------------


def test_side_by_side_text_is_in_a_borderless_table_style(tmp_path):
    label = Inline("Indicator 1:", strong=True)
    pair = (Paragraph((label, Inline(" Target.")), style="indicator"),
            Paragraph((Inline("指标1：", strong=True), Inline("目标。")), style="indicator"))
    path = tmp_path / "columns.docx"
    finding = (Paragraph((Inline("Finding."),)), None)
    writer.write(Document(Meta("t"), (Columns((pair, finding)),)), path, THEME)
    body = part(path, "word/document.xml")
    [table] = body.findall(".//w:tbl", NS)
    assert table.find("w:tblPr/w:tblStyle", NS).get(w("val")) == style_id(COLUMNS_STYLE)
    assert table.find(".//w:tblBorders", NS) is None and table.find(".//w:tcBorders", NS) is None
    borders = style(part(path, "word/styles.xml"), COLUMNS_STYLE).find("w:tblPr/w:tblBorders", NS)
    assert {b.get(w("val")) for b in borders} == {"nil"}
    labels = [r for r in body.iterfind(".//w:r", NS) if r.find("w:rPr/w:rStyle", NS) is not None]
    assert ["".join(r.itertext()) for r in labels] == ["Indicator 1:", "指标1："]
    assert not [r for r in labels if r.find("w:rPr/w:b", NS) is not None]


def test_strong_text_is_a_label_only_at_the_start_of_an_indicator(tmp_path):
    strong = Inline("Key:", strong=True)
    path = tmp_path / "strong.docx"
    blocks = (Paragraph((strong, Inline(" body text."))),
              Paragraph((Inline("Target "), strong), style="indicator"))
    writer.write(Document(Meta("t"), blocks), path, THEME)
    body = part(path, "word/document.xml")
    runs = [r for r in body.iterfind(".//w:r", NS) if "".join(r.itertext()) == "Key:"]
    assert [r.find("w:rPr/w:b", NS) is not None for r in runs] == [True, True]
    assert not [r for r in runs if r.find("w:rPr/w:rStyle", NS) is not None]
    assert INDICATOR_LABEL not in [s.name for s in docx.Document(str(path)).styles]


@pytest.mark.parametrize("align, want", [("left", "left"), ("justify", "both")])
def test_normal_is_aligned_as_the_themes_body(tmp_path, align, want):
    path = tmp_path / f"{align}.docx"
    theme = load_theme(overrides={"styles": {"body": {"align": align}}})
    writer.write(Document(Meta("t"), (Paragraph((Inline("x"),)),)), path, theme)
    assert style(part(path, "word/styles.xml"), "Normal").find("w:pPr/w:jc", NS).get(w("val")) == want


def small_table(path: Path, theme=THEME) -> Path:
    """A table with a head and right-aligned numbers, and an indicator box."""
    table = Table(head=((Cell((Inline("Region"),)), Cell((Inline("Cases"),), "right")),),
                  body=tuple((Cell((Inline(f"Region {name}"),)), Cell((Inline(str(10 ** i)),), "right"))
                             for i, name in enumerate("ABCD")),
                  widths=(2, 1))
    box = Paragraph((Inline("Indicator 7:", strong=True), Inline(" A target.")), style="indicator")
    writer.write(Document(Meta("t"), (Heading(1, (Inline("Heading"),)), table, box)), path, theme)
    return path


def test_a_themes_tables_and_colours_reach_the_table_style(tmp_path):
    theme = load_theme(overrides={"tables": {"rule_width": 1.5, "cell_padding": {"top": 2}},
                                  "colors": {"rule": "112233", "table_header": "445566"}})
    path = small_table(tmp_path / "themed.docx", theme)
    house = style(part(path, "word/styles.xml"), TABLE_STYLE)
    borders = house.find("w:tblPr/w:tblBorders", NS)
    assert {(b.get(w("sz")), b.get(w("color"))) for b in borders} == {("12", "112233")}
    margins = {m.tag: m.get(w("w")) for m in house.find("w:tblPr/w:tblCellMar", NS)}
    assert (margins[w("top")], margins[w("left")], margins[w("bottom")]) == ("40", "120", "0")
    assert house.find("w:tblStylePr/w:tcPr/w:shd", NS).get(w("fill")) == "445566"


# -- rendered by LibreOffice -----------------------------------------------------------------


def fonts(pdf: Path) -> dict[str, str]:
    """The font each text of the first page is drawn in."""
    found = {}

    def visit(text, cm, tm, font, size):
        if font and text.strip():
            found[text.strip()] = font["/BaseFont"]
    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


@needs_soffice
@needs_poppler
def test_libreoffice_draws_the_house_styles_and_a_restyled_style(tmp_path):
    original = small_table(tmp_path / "small.docx")

    def edit(styles):
        fill(styles, "Indicator", "FF0000")
        fill(styles, TABLE_STYLE, "00FF00")
    changed = restyled(original, tmp_path / "restyled.docx", edit)
    for docx_path, box, head in ((original, THEME.style("indicator").shading, THEME.colors.table_header),
                                 (changed, "FF0000", "00FF00")):
        out = tmp_path / docx_path.stem
        out.mkdir()
        pdf = soffice_to_pdf(docx_path, out)
        [image] = pages(pdf, out)
        [page] = words(pdf)
        where = {text: place for text, place in reversed(page)}  # each word's first place
        assert near(left_of(image, where["Indicator"]), box), docx_path.stem
        assert near(left_of(image, where["Region"]), head), docx_path.stem
        assert near(left_of(image, where["Cases"]), head), docx_path.stem
    drawn = fonts(pdf)
    assert "Bold" in drawn["Region"] and "Bold" in drawn["Indicator 7:"]
    assert "Bold" not in drawn["1000"] and "Bold" not in drawn["A target."]
    numbers = [place for text, place in page if text.isdigit()]
    assert len(numbers) == 4 and max(p[2] for p in numbers) - min(p[2] for p in numbers) < 0.5  # flush right


@needs_soffice
@needs_poppler
def test_changing_the_indicator_style_changes_every_indicator_box(report, tmp_path):
    changed = restyled(report, tmp_path / "red.docx", lambda styles: fill(styles, "Indicator", "FF0000"))
    pdf = soffice_to_pdf(changed, tmp_path)
    labels = 0
    for image, page in zip(pages(pdf, tmp_path), words(pdf), strict=True):
        for (text, place), (following, _) in zip(page, page[1:]):
            if text == "Indicator" and LABEL.fullmatch(f"{text} {following}"):
                labels += 1
                assert near(left_of(image, place), "FF0000"), following
    assert labels == 168



def test_chinese_lines_break_by_words_own_rules(tmp_path):
    """Word's East Asian line breaking in the zh DOCX: the rules on in every paragraph
    (`w:kinsoku`), space between Chinese and Latin or digits, and clreq's characters
    that may not start or end a line as the custom rules for Chinese."""
    from hrap_report.languages import CHINESE_CANNOT_END, CHINESE_CANNOT_START

    run_cli("build", "--lang", "zh", "--format", "docx", "--quiet", "--out", str(tmp_path))
    with zipfile.ZipFile(next(tmp_path.glob("*.docx"))) as package:
        settings = etree.fromstring(package.read("word/settings.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
    defaults = styles.find(f"{{{W}}}docDefaults/{{{W}}}pPrDefault/{{{W}}}pPr")
    assert [defaults.find(f"{{{W}}}{tag}").get(f"{{{W}}}val") for tag in ("kinsoku", "autoSpaceDE", "autoSpaceDN")] == [
        "1", "1", "1"]
    after, before = (settings.find(f"{{{W}}}{tag}") for tag in ("noLineBreaksAfter", "noLineBreaksBefore"))
    assert after.get(f"{{{W}}}lang") == before.get(f"{{{W}}}lang") == "zh-CN"
    assert after.get(f"{{{W}}}val") == CHINESE_CANNOT_END and before.get(f"{{{W}}}val") == CHINESE_CANNOT_START
    assert set("（《“") <= set(CHINESE_CANNOT_END) and set("，。）》”、") <= set(CHINESE_CANNOT_START)
    assert not set(CHINESE_CANNOT_END) & set(CHINESE_CANNOT_START)
