"""The index of indicators gives each indicator's page: drawn in the PDF once the page is
known, a PAGEREF field in the DOCX that Word and LibreOffice count."""
from __future__ import annotations

import re

import docx

from conftest import needs_poppler, needs_soffice, pdftotext
from hrap_report.compose import tables
from hrap_report.compose.labels import load_labels
from hrap_report.compose.markup import Defaults, Placed
from hrap_report.resources import DATA
from hrap_report.validation.checks import load_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROW = re.compile(r"^\s*(\d{1,3})\s{2,}.*?\s(\d{1,3})\s*$")


def test_the_index_has_a_page_column_of_the_indicators_anchors():
    report = load_report(DATA)
    block = tables.indicator_index(report, load_labels("en")).block(Placed(Defaults()))
    assert [c.inlines[0].text for c in block.head[0]][-1] == "Page"
    rows = [row for n, row in enumerate(block.body) if n not in block.groups]
    assert [row[-1].page_of for row in rows] == [f"indicator-{i.number}" for i in report.all_indicators()]
    assert all(row[-1].align == "right" and not row[-1].inlines for row in rows)


def index_pages(pages: list[str]) -> dict[int, int]:
    """Indicator number -> the page the index gives, read from its table's rows (from its
    caption to the next table's)."""
    text = "\n".join(pages)
    start = text.index("Table 7. Index of indicators\n")
    found = {}
    for line in text[start:text.index("Table 8.", start)].splitlines():
        if match := ROW.match(line):
            found.setdefault(int(match.group(1)), int(match.group(2)))
    return found


def first_pages(pages: list[str]) -> dict[int, int]:
    """Indicator number -> the page its "Indicator N:" paragraph starts on."""
    found = {}
    for number, page in enumerate(pages, 1):
        for match in re.finditer(r"^\s*Indicator (\d+):", page, re.M):
            found.setdefault(int(match.group(1)), number)
    return found


@needs_poppler
def test_the_pdf_index_gives_the_page_each_indicator_is_on(default_build):
    pages = pdftotext(default_build["pdf"], "-layout").split("\f")
    given, actual = index_pages(pages), first_pages(pages)
    assert len(given) >= 160 and len(actual) == 168
    assert {n: p for n, p in given.items() if actual[n] != p} == {}


@needs_soffice
def test_the_docx_index_counts_pages_with_pageref_fields(default_build, docx_via_libreoffice):
    document = docx.Document(str(default_build["docx"]))
    index = document.tables[-2]  # the index, before the status vocabulary
    fields = [t.text.strip() for t in index._tbl.iter(f"{W}instrText")]
    bookmarks = {b.get(f"{W}name") for b in document.element.body.iter(f"{W}bookmarkStart")}
    assert len(fields) == 168 and all(f.startswith("PAGEREF ") and f.endswith(" \\h") for f in fields)
    assert {f.split()[1] for f in fields} <= bookmarks
    pages = pdftotext(docx_via_libreoffice, "-layout").split("\f")
    given, actual = index_pages(pages), first_pages(pages)
    assert len(given) >= 160
    assert {n: p for n, p in given.items() if actual.get(n) != p} == {}


@needs_poppler
def test_side_by_side_indicators_tell_the_index_their_pages(tmp_path):
    from hrap_report.pipeline.build import BuildOptions, run

    (written,) = run(BuildOptions(formats=("pdf",), language="en+zh", bilingual="side-by-side", out=tmp_path))
    pages = pdftotext(written.path, "-layout").split("\f")
    text = "\n".join(pages)
    start = text.rindex("Index of indicators / ")  # the caption, after the contents
    numbers = [m for line in text[start:].splitlines()[:400] if (m := ROW.match(line))]
    assert len(numbers) > 100
    actual = first_pages(pages)
    assert all(actual[int(m.group(1))] == int(m.group(2)) for m in numbers)
