"""Layout decided once on the document model: numbering, lists, contents, outline."""
from __future__ import annotations

from hrap_report.compose.markup import read_markup
from hrap_report.document.blocks import Document, ListOf, Meta, Table
from hrap_report.document.transforms import apply_transforms

MARKUP = """
<listof kind="table" title="List of Tables"/>
<listof kind="figure" title="List of Figures"/>
<h1 id="c1">One</h1>
<table><caption>First</caption><tr><td>a</td></tr></table>
<figure src="{png}" alt="bars"><caption>A chart</caption></figure>
<table id="mine" label="Annex table"><caption>Annex</caption><tr><td>b</td></tr></table>
<table label="Annex table"><caption>Annex two</caption><tr><td>b</td></tr></table>
<table><caption>Second</caption><tr><td>c</td></tr></table>
<table><tr><td>uncaptioned</td></tr></table>
"""


def test_captions_are_numbered_per_label_and_listed(tmp_path):
    png = tmp_path / "chart.png"
    png.write_bytes(b"\x89PNG")
    document = apply_transforms(Document(Meta("t"), tuple(read_markup(MARKUP.format(png=png)))))
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert [(t.caption.number, t.anchor) for t in tables[:2]] == [(1, "table-1"), (1, "mine")]
    assert (tables[3].caption.number, tables[3].anchor) == (2, "table-2")
    assert (tables[2].caption.number, tables[2].anchor) == (2, "annex-table-2")
    assert tables[4].caption is None and tables[4].anchor is None
    table_list, figure_list = (b for b in document.blocks if isinstance(b, ListOf))
    assert [(e.text, e.anchor) for e in table_list.entries] == [
        ("Table 1. First", "table-1"), ("Annex table 1. Annex", "mine"),
        ("Annex table 2. Annex two", "annex-table-2"), ("Table 2. Second", "table-2")]
    assert [(e.text, e.anchor) for e in figure_list.entries] == [("Figure 1. A chart", "figure-1")]
    assert (table_list.label, figure_list.label) == ("Table", "Figure")  # the first entry's label


def test_an_empty_list_still_names_its_label():
    (listof,) = apply_transforms(Document(Meta("t"), tuple(read_markup('<listof kind="figure"/>')))).blocks
    assert (listof.entries, listof.label) == ((), "Figure")
