"""One house style: the DOCX's named styles and the PDF's paragraph styles are both built
from the style table of theme.yaml, so the two formats agree, and a change to the table
(a project's [theme]) reaches both."""
from __future__ import annotations

import docx
import pytest
from docx.shared import Pt
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT

from hrap_report.document.blocks import PARAGRAPH_STYLES, Document, Heading, Inline, Meta, Paragraph
from hrap_report.errors import InputError
from hrap_report.writers.docx.writer import write as write_docx
from hrap_report.writers.pdf.styles import build_styles
from hrap_report.writers.theme import STYLE_NAMES, load_theme

#: Word style, PDF style, theme style
PAIRS = [("Normal", "body", "body"), ("Title", "title", "title"), ("Subtitle", "subtitle", "subtitle"),
         ("Cover", "cover", "cover"), ("Indicator", "indicator", "indicator"), ("Caption", "caption", "caption"),
         ("Note", "note", "note"), ("TOC Heading", "contents-title", "contents_title"),
         ("Heading 1", 1, "heading1"), ("Heading 2", 2, "heading2"), ("Heading 3", 3, "heading3")]
PDF_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def _docx_styles(tmp_path, theme):
    """The styles of a DOCX using every paragraph style (the writer keeps only those used)."""
    path = tmp_path / "styles.docx"
    headings = tuple(Heading(level, (Inline("H"),)) for level in (1, 2, 3))
    paragraphs = tuple(Paragraph((Inline("p"),), style=style) for style in PARAGRAPH_STYLES)
    write_docx(Document(Meta(title="T"), headings + paragraphs), path, theme)
    return docx.Document(str(path)).styles


def _pdf_style(styles, name):
    return styles.headings[name - 1] if isinstance(name, int) else styles.paragraph(name)


@pytest.mark.parametrize("overrides", [None, {"styles": {"heading2": {"space_before": 30, "size": 17},
                                                         "caption": {"align": "center", "italic": True},
                                                         "body": {"space_after": 9, "line_spacing": 1.5}}}])
def test_both_writers_draw_every_style_as_the_theme_says(tmp_path, overrides):
    theme = load_theme(overrides=overrides)
    word, pdf = _docx_styles(tmp_path, theme), build_styles(theme)
    for word_name, pdf_name, name in PAIRS:
        house, w, p = theme.style(name), word[word_name], _pdf_style(pdf, pdf_name)
        w_format = w.paragraph_format
        # the DOCX: what the style itself says, or what it inherits from Normal
        size = w.font.size or word["Normal"].font.size
        assert (size, w_format.space_before or Pt(0), w_format.space_after) == (
            Pt(house.size), Pt(house.space_before), Pt(house.space_after)), word_name
        assert w_format.alignment == {"left": 0, "center": 1, "right": 2, "justify": 3}[house.align], word_name
        assert str(w.font.color.rgb or word["Normal"].font.color.rgb) == house.color, word_name
        # the PDF
        assert (p.fontSize, p.spaceBefore, p.spaceAfter, p.leading) == (
            house.size, house.space_before, house.space_after, house.leading), pdf_name
        assert p.alignment == PDF_ALIGN[house.align], pdf_name
        assert p.textColor.hexval()[2:].upper() == house.color, pdf_name
        assert bool(w.font.bold) == house.bold == ("Bold" in p.fontName), name
    if overrides:
        assert theme.style("heading2").space_before == 30 and theme.style("caption").italic


def test_the_indicator_box_is_shaded_in_both_formats(tmp_path):
    theme = load_theme()
    shading = theme.style("indicator").shading
    word = _docx_styles(tmp_path, theme)["Indicator"].element
    fills = [e.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill")
             for e in word.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}shd")]
    assert fills == [shading]
    assert build_styles(theme).paragraph("indicator").backColor.hexval()[2:].upper() == shading


def test_every_style_is_in_the_table():
    theme = load_theme()
    assert sorted(theme.styles) == sorted(STYLE_NAMES)


@pytest.mark.parametrize("overrides, message", [
    ({"styles": {"caption": {"size": "huge"}}}, "styles.caption.size: 'huge' is not one of sizes"),
    ({"styles": {"note": {"color": "red"}}}, "styles.note.color: 'red' is neither one of colors"),
    ({"styles": {"sidebar": {"size": 9}}}, "unknown sidebar"),
])
def test_a_wrong_style_is_a_one_line_error(overrides, message):
    with pytest.raises(InputError) as caught:
        load_theme(overrides=overrides)
    assert message in str(caught.value) and "\n" not in str(caught.value)
