"""The DOCX writer: build small documents by hand, read the files back, render with LibreOffice."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX, WD_TAB_LEADER
from docx.shared import Inches, Mm, Pt
from lxml import etree
from PIL import Image

from conftest import needs_poppler, needs_soffice, pdftotext, soffice_to_pdf
from hrap_report.document.blocks import (
    PARAGRAPH_STYLES,
    Caption,
    Cell,
    Contents,
    ContentsEntry,
    Document,
    Figure,
    Heading,
    Inline,
    ListOf,
    Meta,
    PageBreak,
    Paragraph,
    Table,
)
from hrap_report.languages import region_tag
from hrap_report.writers.docx import oxml, writer
from hrap_report.writers.docx import styles as word_styles
from hrap_report.writers.theme import load_theme

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}
SPECIAL = "Fish & chips <b>not bold</b> * _ | # {{ var }} €ÅçØ – “quoted” 中文 עברית 😀"
THEME = load_theme(overrides={"page_numbers": "label"})  # footers in the label catalog's words
ROWS = 70
TWIP = 635  # EMU; Word stores lengths in twentieths of a point, so they round to this


def close(a: int, b: float, slack: int = TWIP) -> bool:
    return abs(a - b) <= slack


def heading(level, text, anchor):
    return Heading(level, (Inline(text),), anchor=anchor)


def para(*inlines, style="body"):
    return Paragraph(tuple(inlines), style=style)


def sample(image: Path) -> Document:
    """A report in miniature: cover, contents, three heading levels, a long table, a figure."""
    entries = (
        ContentsEntry(1, "Introduction & aims", "intro"),
        ContentsEntry(2, "Scope <and> limits", "1.1-scope"),
        ContentsEntry(3, "Sources", "sources"),
        ContentsEntry(1, "Findings", "findings"),
    )
    table = Table(
        head=((Cell((Inline("Measure name"),)), Cell((Inline("Status"),), "center"),
               Cell((Inline("Score"),), "right")),),
        body=tuple(
            (Cell((Inline(f"Measure number {i}"),)), Cell((Inline("done"),), "center"),
             Cell((Inline(str(i)),), "right"))
            for i in range(ROWS)
        ),
        widths=(3, 1, 1),
        caption=Caption("Table", (Inline("Measures by "), Inline("status", emph=True)), 1),
        anchor="table-1",
    )
    return Document(
        Meta(title="Evaluation of the Plan", author="Jane Roe", subject="Human rights",
             keywords="NHRAP, evaluation", language="en-GB", header="Plan evaluation"),
        (
            para(Inline("Evaluation of the Plan"), style="title"),
            para(Inline("Final report"), style="subtitle"),
            para(Inline("Prepared by Jane Roe"), style="cover"),
            PageBreak(),
            Contents("Contents", 3, entries),
            heading(1, "Introduction & aims", "intro"),
            para(Inline("Plain, "), Inline("strong", strong=True), Inline(" and "),
                 Inline("emphasised", emph=True), Inline(" words.")),
            para(Inline(SPECIAL)),
            heading(2, "Scope <and> limits", "1.1-scope"),
            para(Inline("Indicator 1.1: share of measures done."), style="indicator"),
            heading(3, "Sources", "sources"),
            para(Inline("A note on sources."), style="note"),
            Figure(image, Caption("Figure", (Inline("A red box"),), 1), alt="A red rectangle",
                   width=0.5, anchor="figure-1"),
            PageBreak(),
            heading(1, "Findings", "findings"),
            table,
        ),
    )


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("img") / "box.png"
    Image.new("RGB", (200, 100), (200, 30, 30)).save(path)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory, image) -> Path:
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    writer.write(sample(image), path, THEME)
    return path


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def parts(path: Path, prefix: str) -> list[etree._Element]:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith(prefix) and n.endswith(".xml")]
    return [part(path, n) for n in names]


def by_text(doc, text: str):
    return next(p for p in doc.paragraphs if p.text == text)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# -- styles and text ---------------------------------------------------------------------


def test_paragraphs_use_word_styles(built):
    doc = docx.Document(built)
    expected = {
        "Evaluation of the Plan": "Title",
        "Final report": "Subtitle",
        "Prepared by Jane Roe": "Cover",
        "Contents": "TOC Heading",
        "Introduction & aims": "Heading 1",
        "Scope <and> limits": "Heading 2",
        "Sources": "Heading 3",
        "Plain, strong and emphasised words.": "Normal",
        "Indicator 1.1: share of measures done.": "Indicator",
        "A note on sources.": "Note",
        "Table 1. Measures by status": "Caption",
        "Figure 1. A red box": "Caption",
    }
    assert {text: by_text(doc, text).style.name for text in expected} == expected


@pytest.mark.parametrize("style", sorted(PARAGRAPH_STYLES))
def test_every_model_style_has_a_word_style(tmp_path, style):
    path = tmp_path / "s.docx"
    writer.write(Document(Meta("t"), (para(Inline("x"), style=style),)), path, THEME)
    word_style = docx.Document(path).paragraphs[0].style
    assert word_style.name == word_styles.STYLES[style]
    assert word_style.name == "Normal" or word_style.base_style is not None


def test_unknown_style_is_named_in_the_error(tmp_path):
    with pytest.raises(ValueError, match="sidebar"):
        writer.write(Document(Meta("t"), (para(Inline("x"), style="sidebar"),)),
                     tmp_path / "x.docx", THEME)


def test_style_fonts_are_the_themes_not_the_office_themes(built):
    styles = part(built, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    checked = {"docDefaults": defaults}
    for style_id in ("Normal", "Heading1", "Heading2", "Heading3", "Title", "Subtitle"):
        checked[style_id] = styles.find(f"w:style[@w:styleId='{style_id}']/w:rPr", NS)
    for name, rpr in checked.items():
        fonts = rpr.find("w:rFonts", NS)
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")], name
        body = name in ("docDefaults", "Normal")
        want = (THEME.fonts.body if body else THEME.fonts.heading).docx
        assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == want, name
    assert defaults.find("w:lang", NS).get(w("val")) == "en-GB"

    doc = docx.Document(built)
    normal, h1 = doc.styles["Normal"], doc.styles["Heading 1"]
    assert normal.font.size == Pt(THEME.sizes.body)
    assert str(normal.font.color.rgb) == "000000"
    assert h1.font.size == Pt(THEME.sizes.heading1)
    assert str(h1.font.color.rgb) == THEME.colors.heading
    assert doc.styles["Heading 3"].font.size == Pt(THEME.sizes.heading3)
    assert doc.styles["Title"].font.size == Pt(THEME.sizes.title)


def test_font_helper_names_east_asian_fonts_too():
    rpr = docx.Document().styles["Heading 1"].element.get_or_add_rPr()
    oxml.set_fonts(rpr, "Arial", east_asia="Noto Sans CJK SC")
    fonts = rpr.find("w:rFonts", NS)
    assert dict(fonts.attrib) == {
        w("ascii"): "Arial", w("hAnsi"): "Arial", w("cs"): "Arial",
        w("eastAsia"): "Noto Sans CJK SC",
    }


def theme_attributes(element) -> list[str]:
    """The Office theme-font attributes (w:asciiTheme ... w:cstheme) of an element."""
    return [a for a in element.attrib if a.lower().endswith("theme")]


def test_styles_name_latin_and_east_asian_fonts_and_no_theme_fonts(built):
    styles = part(built, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    body, head = THEME.fonts.body, THEME.fonts.heading
    assert (body.east_asian.docx, head.east_asian.docx) == ("SimSun", "SimHei")
    expected = {"Normal": body, "Heading1": head, "Heading2": head, "Heading3": head,
                "Title": head, "Subtitle": head, "TOCHeading": head, "Caption": body,
                "TableText": body, "TOC1": body, "TOC2": body, "TOC3": body,
                "Cover": body, "Indicator": body, "Note": body, "Header": body, "Footer": body}
    checked = {style_id: styles.find(f"w:style[@w:styleId='{style_id}']/w:rPr/w:rFonts", NS)
               for style_id in expected}
    checked["docDefaults"] = defaults.find("w:rFonts", NS)
    expected["docDefaults"] = body
    for name, fonts in checked.items():
        family = expected[name]
        assert not theme_attributes(fonts), name
        assert dict(fonts.attrib) == {
            w("ascii"): family.docx, w("hAnsi"): family.docx, w("cs"): family.fallback[0].docx,
            w("eastAsia"): family.east_asian.docx,
        }, name
    # no style of the template is left taking its fonts from the Office theme
    assert not [f for f in styles.iterfind(".//w:rFonts", NS) if theme_attributes(f)]
    table_text = docx.Document(built).tables[0].rows[1].cells[0].paragraphs[0]
    assert table_text.style.name == word_styles.TABLE_TEXT


def test_styles_without_an_east_asian_font_leave_that_slot_unnamed(tmp_path):
    fonts = THEME.fonts.model_copy(update={
        "body": THEME.fonts.body.model_copy(update={"east_asian": None})})
    path = tmp_path / "latin.docx"
    writer.write(Document(Meta("t"), (heading(1, "H", None), para(Inline("x")))),
                 path, THEME.model_copy(update={"fonts": fonts}))
    styles = part(path, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']/w:rPr/w:rFonts", NS)
    assert normal.get(w("ascii")) == THEME.fonts.body.docx and normal.get(w("eastAsia")) is None
    heading1 = styles.find("w:style[@w:styleId='Heading1']/w:rPr/w:rFonts", NS)
    assert heading1.get(w("eastAsia")) == "SimHei"
    assert not [f for f in styles.iterfind(".//w:rFonts", NS) if theme_attributes(f)]


@pytest.mark.parametrize("language, tag", [
    ("en", "en-GB"), ("zh", "zh-CN"), ("en-US", "en-US"), ("zh-TW", "zh-TW"),
    ("zh-Hans", "zh-CN"), ("zh-Hant", "zh-TW"), ("fr", "fr-FR"), ("zh_CN", "zh-CN"), ("ar", "ar-EG"),
    ("he", "he-IL"), ("xx", "xx"),
])
def test_language_tags_have_a_region(language, tag):
    """The catalog's locale for its language (the report's English is British), else
    CLDR's most likely region."""
    assert region_tag(language, {"en": "en-GB"}) == tag


@pytest.mark.parametrize("language, locales, tag", [
    ("en", (("en", "en-GB"),), "en-GB"), ("en", (), "en-US"), ("zh", (("zh", "zh-CN"),), "zh-CN")])
def test_defaults_and_normal_carry_the_documents_languages(tmp_path, language, locales, tag):
    """The document's language with the region of its catalog's locale, else CLDR's."""
    path = tmp_path / f"{language}.docx"
    writer.write(Document(Meta("t", language=language, locales=locales), (para(Inline("x")),)), path, THEME)
    styles = part(path, "word/styles.xml")
    for where in ("w:docDefaults/w:rPrDefault/w:rPr/w:lang",
                  "w:style[@w:styleId='Normal']/w:rPr/w:lang"):
        lang = styles.find(where, NS)
        assert (lang.get(w("val")), lang.get(w("eastAsia"))) == (tag, "zh-CN"), where
    assert docx.Document(path).core_properties.language == tag
    theme_lang = part(path, "word/settings.xml").find("w:themeFontLang", NS)
    assert (theme_lang.get(w("val")), theme_lang.get(w("eastAsia"))) == (tag, "zh-CN")


def run_properties(path: Path, text: str) -> etree._Element | None:
    body = part(path, "word/document.xml")
    [run] = [r for r in body.iterfind(".//w:r", NS) if "".join(r.itertext()) == text]
    return run.find("w:rPr", NS)


def test_runs_in_another_language_say_so_and_fallbacks_are_highlighted(tmp_path):
    path = tmp_path / "zh.docx"
    writer.write(Document(Meta("报告", language="zh", locales=(("zh", "zh-CN"), ("en", "en-GB"))), (
        heading(1, "第一章　引言", "intro"),
        para(Inline("中文文本，"), Inline("English fallback", lang="en", fallback=True),
             Inline("还有"), Inline("中文", lang="zh"), Inline("English", lang="en-US"),
             Inline("未翻译", fallback=True)),
    )), path, THEME)
    fallback = run_properties(path, "English fallback")
    assert fallback.find("w:highlight", NS).get(w("val")) == "yellow"
    lang = fallback.find("w:lang", NS)
    assert dict(lang.attrib) == {w("val"): "en-GB"}
    assert dict(run_properties(path, "English").find("w:lang", NS).attrib) == {w("val"): "en-US"}
    for same in ("中文文本，", "还有", "中文"):  # the document's language: nothing to say
        assert run_properties(path, same) is None, same
    untranslated = run_properties(path, "未翻译")
    assert untranslated.find("w:highlight", NS).get(w("val")) == "yellow"
    assert untranslated.find("w:lang", NS) is None
    paragraph = docx.Document(path).paragraphs[-1]
    run = next(r for r in paragraph.runs if r.text == "English fallback")
    assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW


def test_chinese_in_an_english_document_is_east_asian_language(tmp_path):
    path = tmp_path / "en.docx"
    writer.write(Document(Meta("Report", language="en", locales=(("en", "en-GB"),)), (
        para(Inline("The plan ("), Inline("国家人权行动计划", lang="zh"), Inline(") and "),
             Inline("more", lang="en-GB")),
    )), path, THEME)
    lang = run_properties(path, "国家人权行动计划").find("w:lang", NS)
    assert dict(lang.attrib) == {w("eastAsia"): "zh-CN"}
    assert run_properties(path, "The plan (") is None
    assert run_properties(path, "more") is None


def test_runs_carry_bold_and_italic(built):
    runs = by_text(docx.Document(built), "Plain, strong and emphasised words.").runs
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in runs] == [
        ("Plain, ", False, False),
        ("strong", True, False),
        (" and ", False, False),
        ("emphasised", False, True),
        (" words.", False, False),
    ]


def test_special_characters_come_out_literally(built):
    doc = docx.Document(built)
    assert by_text(doc, SPECIAL).runs[0].bold is None
    texts = "".join(part(built, "word/document.xml").itertext())
    assert SPECIAL in texts


# -- contents, bookmarks, page flow --------------------------------------------------------


def bookmarks(root) -> dict[str, str]:
    return {b.get(w("name")): b.get(w("id")) for b in root.iterfind(".//w:bookmarkStart", NS)}


def test_contents_is_a_toc_field_linking_to_bookmarks(built):
    body = part(built, "word/document.xml")
    instructions = [t.text.strip() for t in body.iterfind(".//w:instrText", NS)]
    assert instructions[0] == 'TOC \\o "1-3" \\h \\z \\u'
    marks = bookmarks(body)
    links = body.findall(".//w:hyperlink", NS)
    assert [(link.getparent().find("w:pPr/w:pStyle", NS).get(w("val")),
             "".join(link.xpath("w:r/w:t/text()", namespaces=NS))) for link in links] == [
        ("TOC1", "Introduction & aims"),
        ("TOC2", "Scope <and> limits"),
        ("TOC3", "Sources"),
        ("TOC1", "Findings"),
    ]
    for link in links:
        target = link.get(w("anchor"))
        assert target in marks
        assert link.find("w:r/w:tab", NS) is not None
        pageref = "".join(link.xpath(".//w:instrText/text()", namespaces=NS)).strip()
        assert pageref == f"PAGEREF {target} \\h"
        assert not re.search(r"\d", "".join(link.xpath("w:r/w:t/text()", namespaces=NS)))
    # the bookmark each entry points at surrounds the heading with that text
    for link in links:
        start = body.find(f".//w:bookmarkStart[@w:name='{link.get(w('anchor'))}']", NS)
        heading_text = "".join(start.getparent().xpath("w:r/w:t/text()", namespaces=NS))
        assert heading_text == "".join(link.xpath("w:r/w:t/text()", namespaces=NS))
    kinds = [c.get(w("fldCharType")) for c in body.iterfind(".//w:fldChar", NS)]
    assert kinds.count("begin") == kinds.count("separate") == kinds.count("end") == 7
    assert kinds[0] == "begin" and kinds[-1] == "end"
    assert docx.Document(built).styles["toc 1"].style_id == "TOC1"


def test_settings_ask_word_to_update_fields(built):
    setting = part(built, "word/settings.xml").find("w:updateFields", NS)
    assert setting is not None and setting.get(w("val")) == "true"


def test_empty_contents_is_still_a_closed_field(tmp_path):
    path = tmp_path / "c.docx"
    writer.write(Document(Meta("t"), (Contents("Contents", 2),)), path, THEME)
    body = part(path, "word/document.xml")
    assert [c.get(w("fldCharType")) for c in body.iterfind(".//w:fldChar", NS)] == [
        "begin", "separate", "end"
    ]
    assert body.find(".//w:instrText", NS).text.strip() == 'TOC \\o "1-2" \\h \\z \\u'


def test_bookmark_names_follow_words_rules(tmp_path):
    anchors = ["1-intro", "a-b", "a_b", "ünïcode §2", "x" * 60, "x" * 60 + "y"]
    blocks = (Contents("C", 1, tuple(ContentsEntry(1, a, a) for a in anchors)),) + tuple(
        heading(1, a, a) for a in anchors
    )
    path = tmp_path / "b.docx"
    writer.write(Document(Meta("t"), blocks), path, THEME)
    body = part(path, "word/document.xml")
    marks = bookmarks(body)
    assert len(marks) == len(anchors) and len(set(marks.values())) == len(anchors)
    for name in marks:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name), name
    targets = [link.get(w("anchor")) for link in body.iterfind(".//w:hyperlink", NS)]
    assert targets == list(marks)


def test_an_anchor_used_twice_is_an_error(tmp_path):
    blocks = (heading(1, "A", "same"), heading(2, "B", "same"))
    with pytest.raises(ValueError, match="same"):
        writer.write(Document(Meta("t"), blocks), tmp_path / "d.docx", THEME)


def test_level_one_headings_start_pages_without_blank_ones(built):
    doc = docx.Document(built)
    assert doc.styles["Heading 1"].paragraph_format.page_break_before is True
    body = part(built, "word/document.xml")
    assert body.find(".//w:br[@w:type='page']", NS) is None
    assert all(p.text or p._p.xpath(".//w:drawing|.//w:fldChar") for p in doc.paragraphs)
    # the explicit PageBreak after the cover moves the contents title to a new page
    assert by_text(doc, "Contents").paragraph_format.page_break_before is True


def test_header_and_footer_skip_the_cover(built):
    section = docx.Document(built).sections[0]
    assert section.different_first_page_header_footer is True
    sect = part(built, "word/document.xml").find(".//w:body/w:sectPr", NS)
    assert sect.find("w:titlePg", NS) is not None
    [footer] = parts(built, "word/footer")
    assert [t.strip() for t in footer.xpath(".//w:instrText/text()", namespaces=NS)] == [
        "PAGE", "NUMPAGES"
    ]
    assert "".join(footer.xpath(".//w:t/text()", namespaces=NS)) == "Page  of "
    [header] = parts(built, "word/header")
    assert "".join(header.xpath(".//w:t/text()", namespaces=NS)) == "Plan evaluation"
    assert header.xpath(".//w:instrText/text()", namespaces=NS)[0].strip() == 'STYLEREF "Heading 1"'


@pytest.mark.parametrize(("style", "fields", "words"), [("plain", ["PAGE"], ""),
                                                         ("fraction", ["PAGE", "NUMPAGES"], " / ")])
def test_the_theme_chooses_the_footers_folio(tmp_path, image, style, fields, words):
    path = tmp_path / "report.docx"
    writer.write(sample(image), path, load_theme(overrides={"page_numbers": style}))
    [footer] = parts(path, "word/footer")
    assert [t.strip() for t in footer.xpath(".//w:instrText/text()", namespaces=NS)] == fields
    assert "".join(footer.xpath(".//w:t/text()", namespaces=NS)) == words


# -- tables and figures ----------------------------------------------------------------------


def test_table_head_repeats_rows_do_not_split(built):
    doc = docx.Document(built)
    [table] = doc.tables
    assert table.style.name == word_styles.TABLE_STYLE
    rows = table._tbl.findall(w("tr"))
    assert len(rows) == ROWS + 1
    assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows] == [True] + [False] * ROWS
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    # the head is shaded and bold by the table style's header row, not cell by cell
    assert table._tbl.find(".//w:shd", NS) is None and table._tbl.find(".//w:b", NS) is None
    assert [c.paragraphs[0].style.name for c in table.rows[1].cells] == [
        word_styles.CELL_STYLES[a] for a in ("left", "center", "right")
    ]
    widths = [col.width for col in table.columns]
    text_width = Mm(THEME.wide_width_mm)  # tables take the wide width, into the margins
    # as wide as the theme's tables; the measure column (long names) wider than the rest
    assert close(sum(widths), text_width, 3 * TWIP) and widths[0] > widths[1]
    # the caption is the paragraph right before the table
    previous = table._tbl.getprevious()
    assert "".join(previous.xpath(".//w:t/text()")) == "Table 1. Measures by status"


def test_figure_has_alt_text_width_and_caption(built):
    body = part(built, "word/document.xml")
    [doc_pr] = body.iterfind(".//wp:docPr", NS)
    assert doc_pr.get("descr") == "A red rectangle"
    extent = body.find(".//wp:inline/wp:extent", NS)
    text_width = Mm(210 - THEME.margins_mm.left - THEME.margins_mm.right)
    assert abs(int(extent.get("cx")) - text_width * 0.5) < 2
    holder = doc_pr.xpath("ancestor::w:p", namespaces=NS)[0]
    caption = holder.getnext()
    assert caption.find("w:pPr/w:pStyle", NS).get(w("val")) == "Caption"
    assert "".join(caption.xpath(".//w:t/text()", namespaces=NS)) == "Figure 1. A red box"


# -- captions and lists of tables and figures ---------------------------------------------------


def counts_table(caption: Caption, anchor: str, widths=(2, 1, 1), rows: int = 3) -> Table:
    return Table(
        head=((Cell((Inline("Region"),)), Cell((Inline("Cases"),), "right"),
               Cell((Inline("Share"),), "right")),),
        body=tuple((Cell((Inline(f"Region {i}"),)), Cell((Inline(str(10 * i)),), "right"),
                    Cell((Inline(f"{i}.5 %"),), "right")) for i in range(rows)),
        widths=widths, caption=caption, anchor=anchor,
    )


def captioned(image: Path) -> Document:
    """Lists of tables and figures before two tables, a figure and an annex table."""
    tables = (ContentsEntry(1, "Table 1. Cases by region", "table-1"),
              ContentsEntry(1, "Table 2. Counts", "table-2"))
    figures = (ContentsEntry(1, "Figure 1. A red box", "figure-1"),)
    return Document(Meta("Captions"), (
        ListOf("table", "List of Tables", tables),
        ListOf("figure", "List of Figures", figures),
        heading(1, "Results", "results"),
        counts_table(Caption("Table", (Inline("Cases by region"),), 1), "table-1", rows=40),
        para(Inline("Between the tables.")),
        counts_table(Caption("Table", (Inline("Counts"),), 2), "table-2", widths=(1, 1, 2)),
        Figure(image, Caption("Figure", (Inline("A red box"),), 1), alt="A red rectangle",
               width=0.4, anchor="figure-1"),
        counts_table(Caption("Annex table", (Inline("Extra"),), 1), "annex-table-1"),
    ))


@pytest.fixture(scope="module")
def with_lists(tmp_path_factory, image) -> Path:
    path = tmp_path_factory.mktemp("lists") / "lists.docx"
    writer.write(captioned(image), path, THEME)
    return path


def fields(paragraph) -> list[tuple[str, str]]:
    """The (instruction, cached result) of each complex field in a paragraph element."""
    found, instruction, result, state = [], "", "", None
    for node in paragraph.iter(w("fldChar"), w("instrText"), w("t")):
        if node.tag == w("fldChar"):
            state = node.get(w("fldCharType"))
            if state == "begin":
                instruction, result = "", ""
            elif state == "end":
                found.append((instruction.strip(), result))
        elif node.tag == w("instrText") and state == "begin":
            instruction += node.text
        elif node.tag == w("t") and state == "separate":
            result += node.text
    return found


def test_captions_number_themselves_with_seq_fields(with_lists):
    doc = docx.Document(with_lists)
    captions = [p for p in doc.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == [
        "Table 1. Cases by region", "Table 2. Counts", "Figure 1. A red box",
        "Annex table 1. Extra",
    ]
    assert [fields(p._p) for p in captions] == [
        [("SEQ Table \\* ARABIC", "1")], [("SEQ Table \\* ARABIC", "2")],
        [("SEQ Figure \\* ARABIC", "1")], [("SEQ Annex_table \\* ARABIC", "1")],
    ]
    assert writer.seq_identifier("Annex table") == "Annex_table"
    # table captions sit above their table and keep with it; figure captions below the picture
    for caption in (captions[0], captions[1], captions[3]):
        assert caption._p.getnext().tag == w("tbl")
        assert caption.paragraph_format.keep_with_next is True
    assert captions[2]._p.getprevious().find(".//wp:docPr", NS) is not None


def test_list_entries_link_to_the_caption_bookmarks(with_lists):
    doc = docx.Document(with_lists)
    body = part(with_lists, "word/document.xml")
    instructions = [t.text.strip() for t in body.iterfind(".//w:instrText", NS)]
    assert instructions.count('TOC \\h \\z \\c "Table"') == 1
    assert instructions.count('TOC \\h \\z \\c "Figure"') == 1
    links = body.findall(".//w:hyperlink", NS)
    assert len(links) == 3
    for link in links:
        entry = link.getparent()
        assert entry.find("w:pPr/w:pStyle", NS).get(w("val")) == "TableofFigures"
        target = link.get(w("anchor"))
        [start] = body.xpath(f".//w:bookmarkStart[@w:name='{target}']", namespaces=NS)
        caption = start.getparent()
        assert caption.find("w:pPr/w:pStyle", NS).get(w("val")) == "Caption"
        # the entry shows the caption's text, then a tab and an empty page reference
        shown = "".join(link.xpath("w:r/w:t/text()", namespaces=NS))
        assert shown == "".join(caption.xpath(".//w:t/text()", namespaces=NS))
        assert link.find("w:r/w:tab", NS) is not None
        assert fields(link) == [(f"PAGEREF {target} \\h", "")]
    entries = [p for p in doc.paragraphs if p._p.find(".//w:hyperlink", NS) is not None]
    assert [p.text.rstrip("\t") for p in entries] == [
        "Table 1. Cases by region", "Table 2. Counts", "Figure 1. A red box"
    ]
    style = doc.styles["table of figures"]
    assert entries[0].style.name == style.name and style.style_id == "TableofFigures"
    assert style.base_style.name == "Normal"
    [stop] = style.paragraph_format.tab_stops
    text_width = Mm(210 - THEME.margins_mm.left - THEME.margins_mm.right)
    assert close(stop.position, text_width) and stop.leader == WD_TAB_LEADER.DOTS
    title = by_text(doc, "List of Tables")
    assert title.style.name == "TOC Heading" and not title.paragraph_format.page_break_before
    # each list's TOC field opens on its first entry and closes on its last
    kinds = [c.get(w("fldCharType")) for c in body.iterfind(".//w:fldChar", NS)]
    assert kinds.count("begin") == kinds.count("end") == 2 + 3 + 4


def test_list_field_collects_the_lists_caption_label(tmp_path):
    entries = (ContentsEntry(1, "Annex table 1. Extra", "annex-1"),)
    blocks = (ListOf("table", "Annex tables", entries, label="Annex table"),
              counts_table(Caption("Annex table", (Inline("Extra"),), 1), "annex-1"))
    path = tmp_path / "annex.docx"
    writer.write(Document(Meta("t"), blocks), path, THEME)
    body = part(path, "word/document.xml")
    assert body.find(".//w:instrText", NS).text.strip() == 'TOC \\h \\z \\c "Annex_table"'


def test_empty_list_is_a_closed_field_with_a_placeholder(tmp_path):
    path = tmp_path / "e.docx"
    writer.write(Document(Meta("t"), (ListOf("figure", "List of Figures"),)), path, THEME)
    body = part(path, "word/document.xml")
    [entry] = [p for p in body.iterfind(".//w:body/w:p", NS)
               if p.find(".//w:fldChar", NS) is not None]
    assert fields(entry) == [('TOC \\h \\z \\c "Figure"', "No entries.")]
    assert entry.find("w:pPr/w:pStyle", NS).get(w("val")) == "TableofFigures"


def test_unknown_list_kind_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="map"):
        writer.write(Document(Meta("t"), (ListOf("map", "Maps"),)), tmp_path / "m.docx", THEME)


def test_table_widths_are_fixed_in_grid_and_cells(with_lists, image):
    """The columns are as wide as the PDF sets them (measured from their words, the
    table as wide as the theme's tables), fixed in the grid and in every cell."""
    from hrap_report.writers.pdf.flowables import column_widths
    from hrap_report.writers.pdf.styles import build_styles

    doc = docx.Document(with_lists)
    wide = Mm(THEME.wide_width_mm)
    blocks = [b for b in captioned(image).blocks if isinstance(b, Table)]
    for table, block in zip(doc.tables, blocks, strict=True):
        tbl = table._tbl
        assert tbl.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
        grid = [int(c.get(w("w"))) for c in tbl.iterfind("w:tblGrid/w:gridCol", NS)]
        want = [20 * x for x in column_widths(block, build_styles(THEME, "en-GB"), wide.pt)]
        assert all(abs(g - x) <= 1 for g, x in zip(grid, want)), (grid, want)
        assert abs(sum(grid) - wide.twips) <= len(grid)
        table_width = tbl.find("w:tblPr/w:tblW", NS)
        assert table_width.get(w("type")) == "dxa" and int(table_width.get(w("w"))) == sum(grid)
        for row in tbl.iterfind("w:tr", NS):
            cells = [c.find("w:tcPr/w:tcW", NS) for c in row.iterfind("w:tc", NS)]
            assert [int(c.get(w("w"))) for c in cells] == grid
            assert {c.get(w("type")) for c in cells} == {"dxa"}
        rows = tbl.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
        body_row = table.rows[1]
        assert [c.paragraphs[0].style.name for c in body_row.cells] == [
            word_styles.CELL_STYLES[a] for a in ("left", "right", "right")
        ]
        assert [c.paragraphs[0].alignment for c in body_row.cells] == [None] * 3  # the style's


def test_touching_tables_stay_apart_and_text_after_a_table_gets_space(tmp_path):
    table = counts_table(None, None)
    path = tmp_path / "t.docx"
    writer.write(Document(Meta("t"), (table, table, para(Inline("After.")))), path, THEME)
    body = part(path, "word/document.xml").find("w:body", NS)
    assert [c.tag for c in body][:3] == [w("tbl"), w("p"), w("tbl")]
    after = by_text(docx.Document(path), "After.")
    assert after.paragraph_format.space_before == Pt(THEME.style("body").space_after)


def test_figure_alt_text_and_title_with_a_caption(with_lists):
    body = part(with_lists, "word/document.xml")
    [doc_pr] = body.iterfind(".//wp:docPr", NS)
    assert (doc_pr.get("descr"), doc_pr.get("title")) == ("A red rectangle", "Figure 1. A red box")


# -- document properties and paper ------------------------------------------------------------


def test_core_properties_come_from_meta_and_stay_deterministic(built):
    props = docx.Document(built).core_properties
    assert (props.title, props.author, props.subject, props.keywords, props.language) == (
        "Evaluation of the Plan", "Jane Roe", "Human rights", "NHRAP, evaluation", "en-GB"
    )
    # undated (Meta.date is None): neither the clock's date nor python-docx's template's
    assert (props.created, props.modified, props.revision) == (None, None, 1)
    assert docx.Document().core_properties.created is not None
    assert props.comments == ""


@pytest.mark.parametrize("paper, size", [("a4", (Mm(210), Mm(297))),
                                         ("letter", (Inches(8.5), Inches(11)))])
def test_paper_and_margins(tmp_path, paper, size):
    path = tmp_path / f"{paper}.docx"
    theme = load_theme(paper=paper)
    writer.write(Document(Meta("t"), (para(Inline("x")),)), path, theme)
    section = docx.Document(path).sections[0]
    assert close(section.page_width, size[0]) and close(section.page_height, size[1])
    margins = theme.margins_mm
    for got, want in ((section.top_margin, margins.top), (section.bottom_margin, margins.bottom),
                      (section.left_margin, margins.left), (section.right_margin, margins.right)):
        assert close(got, Mm(want))


# -- LibreOffice renders it ------------------------------------------------------------------


@needs_soffice
@needs_poppler
def test_libreoffice_renders_the_document(built, tmp_path):
    pages = pdftotext(soffice_to_pdf(built, tmp_path), "-layout").split("\f")[:-1]
    text = "\n".join(pages)
    for expected in ("Introduction & aims", "Scope <and> limits", "Sources", "Findings",
                     "Table 1. Measures by status", "Figure 1. A red box", "{{ var }}",
                     "Fish & chips <b>not bold</b> * _ | #", "€ÅçØ"):
        assert expected in text, expected
    assert re.search(r"Page 2 of \d", text)
    contents = pages[1]
    assert "Contents" in contents
    assert re.search(r"^\s*Introduction & aims\.{5,}", contents, re.M)
    assert re.search(r"^\s+Scope <and> limits\.{5,}", contents, re.M)
    assert "Plan evaluation" not in pages[0] and "Page" not in pages[0]
    # the long table spans pages and its head row repeats on each of them
    table_pages = [p for p in pages if "Measure number" in p]
    assert len(table_pages) >= 2
    assert all("Measure name" in p for p in table_pages)


@needs_soffice
@needs_poppler
def test_libreoffice_renders_lists_and_captions(with_lists, tmp_path):
    pages = pdftotext(soffice_to_pdf(with_lists, tmp_path), "-layout").split("\f")[:-1]
    text = "\n".join(pages)
    for expected in ("List of Tables", "List of Figures", "Table 1. Cases by region",
                     "Table 2. Counts", "Figure 1. A red box", "Annex table 1. Extra"):
        assert expected in text, expected
    # the list's entries come first, with dot leaders, before the captions themselves
    assert re.search(r"^\s*Table 2\. Counts\s*\.{5,}", pages[0], re.M)
    assert text.index("List of Tables") < text.index("Table 1. Cases by region")


CHINESE_TITLE = "国家人权行动计划评估"
CHINESE_TEXT = "本报告评估了国家人权行动计划的执行情况"


@needs_soffice
@needs_poppler
def test_libreoffice_renders_chinese_text(tmp_path):
    path = tmp_path / "zh.docx"
    table = Table(
        head=((Cell((Inline("措施"),)), Cell((Inline("状态"),), "center")),),
        body=((Cell((Inline("措施一"),)), Cell((Inline("已完成"),), "center")),),
        widths=(3, 1),
        caption=Caption("表", (Inline("措施状态"),), 1, pattern="{label}{number}\u3000"),
    )
    writer.write(Document(Meta(CHINESE_TITLE, language="zh", header="评估报告"), (
        para(Inline(CHINESE_TITLE), style="title"),
        heading(1, "第一章　引言", "intro"),
        para(Inline(CHINESE_TEXT + "，"), Inline("draft text", lang="en", fallback=True),
             Inline("。")),
        table,
    )), path, THEME)
    pdf = soffice_to_pdf(path, tmp_path)
    text = re.sub(r"\s+", "", pdftotext(pdf))
    for expected in (CHINESE_TITLE, "第一章", "引言", CHINESE_TEXT + "，drafttext。", "措施状态",
                     "已完成", "评估报告"):
        assert expected in text, expected
    # the Chinese characters are drawn in a Chinese font standing in for SimSun/SimHei
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert re.search(r"CJK|Sim|Song|Hei|Ming|Droid", fonts), fonts


def test_a_body_written_out_as_it_is_made_is_the_body_held_whole(tmp_path, image, monkeypatch):
    """A large report's body goes to a temporary file every `KEPT` elements: the saved
    document part is the same, drawings still get ids of their own, and no namespace is
    declared again on the elements written out."""
    from hrap_report.writers.docx import body

    figures = tuple(Figure(image, Caption("Figure", (Inline(f"Box {n} & <more>"),), n), alt=f"Box {n}",
                           width=0.3, anchor=f"figure-{n}") for n in (2, 3))
    document = sample(image)
    document = Document(document.meta, document.blocks + figures)
    whole = tmp_path / "whole.docx"
    writer.write(document, whole, THEME)
    monkeypatch.setattr(body, "KEPT", 2)
    streamed = tmp_path / "streamed.docx"
    writer.write(document, streamed, THEME)
    with zipfile.ZipFile(whole) as a, zipfile.ZipFile(streamed) as b:
        xml = b.read("word/document.xml")
        assert xml == a.read("word/document.xml")
    assert xml.count(f'xmlns:w="{W}"'.encode()) == 1 and b"hrap-report body" not in xml
    root = etree.fromstring(xml)
    ids = root.xpath("//wp:docPr/@id", namespaces=NS)
    assert len(ids) == 3 and len(set(ids)) == 3
    assert "id" not in root.find(f"{{{W}}}body/{{{W}}}sectPr").attrib
    assert len(docx.Document(str(streamed)).tables[0].rows) == ROWS + 1


def test_a_group_row_spans_the_table_in_a_bold_style_kept_with_the_next_row(tmp_path):
    groups = (Cell((Inline("Chapter I & <more>", strong=True),)), Cell(()), Cell(()))
    table = Table(head=(tuple(Cell((Inline(h),)) for h in ("No.", "Indicator", "Status")),),
                  body=(groups, *counts_table(Caption("Table", (Inline("x"),), 1), "t").body),
                  widths=(1, 4, 1), groups=frozenset({0}))
    path = tmp_path / "groups.docx"
    writer.write(Document(Meta(title="Groups"), (table,)), path, THEME)
    [grid] = docx.Document(str(path)).tables
    first = grid._tbl.findall(w("tr"))[1]
    [cell] = first.findall(w("tc"))
    assert cell.find("w:tcPr/w:gridSpan", NS).get(w("val")) == "3"
    paragraph = docx.Document(str(path)).tables[0].rows[1].cells[0].paragraphs[0]
    assert paragraph.style.name == word_styles.TABLE_GROUP and paragraph.text == "Chapter I & <more>"
    assert paragraph.style.font.bold and paragraph.style.paragraph_format.keep_with_next
    assert cell.find(".//w:b", NS) is None  # bold by the style, not run by run

