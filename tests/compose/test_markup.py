"""Template output to document blocks: data text arrives exactly as it was."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrap_report.compose.markup import read_markup, to_markup
from hrap_report.document.blocks import Caption, Heading, Inline, PageBreak, Paragraph, Table
from hrap_report.errors import InputError

SPECIAL = "R&D <b>not bold</b> *stars* _under_ |pipe| #hash {{ jinja }} {% tag %} &amp; “quotes” — 人权 é"


def test_markup_characters_in_data_are_text():
    (paragraph,) = read_markup(f"<p>{to_markup(SPECIAL)}</p>")
    assert paragraph.inlines == (Inline(SPECIAL),)


# Text a dataset can hold: any characters but the C0/C1 controls that `validate` rejects.
data_text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\u2028\u2029")
                    | st.sampled_from(" \n\t\u00a0\u3000"), max_size=200)


@settings(max_examples=300, derandomize=True)
@given(data_text, data_text)
def test_any_data_text_round_trips(first, second):
    markup = f"<p>\n  <strong>{to_markup(first)}</strong>\n  {to_markup(second)}\n</p>"
    (paragraph,) = read_markup(markup)
    text = "".join(i.text for i in paragraph.inlines)
    assert text in (first + " " + second, first + second)
    assert "".join(i.text for i in paragraph.inlines if i.strong) == first


def test_template_whitespace_folds_and_inline_styles_nest():
    blocks = read_markup("""
        <h2 id="s1">  (1)
            Right to <em>work</em> </h2>
        <p class="indicator"><strong>Indicator 1:</strong> Jobs <em lang="zh"><strong>人权</strong></em></p>
        <pagebreak/>
    """)
    heading, paragraph, page_break = blocks
    assert heading == Heading(2, (Inline("(1) Right to "), Inline("work", emph=True)), "s1")
    assert paragraph.style == "indicator"
    assert paragraph.inlines == (Inline("Indicator 1:", strong=True), Inline(" Jobs "),
                                 Inline("人权", strong=True, emph=True, lang="zh"))
    assert page_break == PageBreak()


def test_table_markup():
    (table,) = read_markup("""<table widths="1 3"><caption>Counts</caption>
        <thead><tr><th>Chapter</th><th>Indicators</th></tr></thead>
        <tbody><tr><td>I</td><td align="right">58</td></tr></tbody></table>""")
    assert isinstance(table, Table) and table.widths == (1.0, 3.0)
    assert table.caption == Caption("Table", (Inline("Counts"),))
    assert table.body[0][1].align == "right" and table.head[0][0].inlines == (Inline("Chapter"),)


@pytest.mark.parametrize("markup, message", [
    ("<p>open", "not closed"),
    ("<blink>x</blink>", "unknown element <blink>"),
    ("loose text", "text outside a paragraph"),
    ("<p class='fancy'>x</p>", "unknown paragraph class 'fancy'"),
    ("<p><strong>x</p>", "<strong> is not closed"),
    ("<table><tr><td>a</td></tr><tr><td>b</td><td>c</td></tr></table>", "same number of cells"),
    ('<h1 id="a">x</h1><p id="a">y</p>', "id 'a' is used twice"),
    ('<table><tr><td align="middle">a</td></tr></table>', "align must be one of"),
    ('<figure alt="x"><caption>c</caption></figure>', "needs a src"),
    ('<table widths="1 wide"><tr><td>a</td><td>b</td></tr></table>', "widths: .wide. is not a positive number"),
    ('<figure src="a.png" width="-1"><caption>c</caption></figure>', "width: .-1. is not a positive number"),
])
def test_malformed_template_output_is_an_input_error(markup, message):
    with pytest.raises(InputError, match=message):
        read_markup(markup)


def test_paragraph_outline_without_level():
    (paragraph,) = read_markup('<p id="i1" outline="Indicator 1">x</p>')
    assert isinstance(paragraph, Paragraph) and paragraph.outline.title == "Indicator 1"
    assert paragraph.outline.level == 0  # nested below its heading by the transforms


def test_generated_blocks_arrive_whole_where_their_placeholder_stands():
    """table() and chart() hand their blocks over as they are: a text from the data never
    goes through markup, so nothing in it can be read as markup."""
    from hrap_report.compose.markup import Defaults, Placed
    from hrap_report.document.blocks import Cell, Table

    placed = Placed(Defaults())
    cell = Cell(placed.inlines("<b>&amp; {{ x }}</b>"))
    table = Table(head=(), body=((cell,),), widths=(1.0,), caption=placed.caption("table", "A & B"))
    blocks = read_markup(f"<p>before</p>{placed(table)}<p>after</p>", placed=placed.blocks)
    assert blocks[1] is table
    assert blocks[1].body[0][0].inlines[0].text == "<b>&amp; {{ x }}</b>"
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]


def test_a_table_inside_a_paragraph_is_a_located_error():
    from hrap_report.compose.markup import Defaults, Placed
    from hrap_report.document.blocks import Table

    placed = Placed(Defaults())
    marker = placed(Table(head=(), body=(), widths=(1.0,)))
    with pytest.raises(InputError, match="inside <p>"):
        read_markup(f"<p>text\n{marker}</p>", placed=placed.blocks)
    with pytest.raises(InputError, match="names no table or chart"):
        read_markup('<placed ref="7"/>', placed=placed.blocks)
