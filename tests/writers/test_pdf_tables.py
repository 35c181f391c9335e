"""Tables in the PDF: columns as wide as their words, rows whole on a page, the head
rows at the top of each page and nowhere else, group rows across the table."""
from __future__ import annotations

import re

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from conftest import needs_poppler, pdftotext
from hrap_report.document.blocks import Caption, Cell, Document, Inline, Meta, Paragraph, Table, plain
from hrap_report.pipeline.build import BuildOptions, run
from hrap_report.writers.pdf import flowables, writer
from hrap_report.writers.pdf.styles import build_styles
from hrap_report.writers.pdf.tagging import Tags
from hrap_report.writers.theme import load_theme

HEAD = ("Ident", "Particulars", "Verdict")
EAST_ASIAN = re.compile(r"[\u3000-\uffff]")


def cell(text: str, **kw) -> Cell:
    return Cell((Inline(text, **kw),))


def lines(paragraph) -> list[str]:
    """The lines of a wrapped paragraph as text."""
    broken = paragraph.blPara
    if broken.kind == 0:
        return [" ".join(words) for _, words in broken.lines]
    return ["".join(getattr(f, "text", "") for f in line.words).strip() for line in broken.lines]


def broken_words(paragraph, text: str) -> list[str]:
    """The line ends of a wrapped paragraph of `text` that cut a word without a hyphen:
    a line may end at a space, at a hyphen (the text's or hyphenation's) or next to a CJK
    character."""
    whole = " ".join(text.replace("\u00ad", "").split())
    at, broken = 0, []
    for line in lines(paragraph)[:-1]:
        hyphenated = line.endswith("-") and not whole.startswith(line, at)
        if not whole.startswith(line[:len(line) - hyphenated], at):
            return [f"{line!r} is not next in {whole!r}"]
        at += len(line) - hyphenated
        if whole[at:at + 1] == " ":
            at += 1
        elif not (line.endswith("-") or EAST_ASIAN.match(whole[at - 1]) or EAST_ASIAN.match(whole[at])):
            broken.append(f"{line}|{whole[at:]}")
    return broken


@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_word_of_a_table_cell_in_the_report_is_broken(tmp_path, monkeypatch, language):
    """Every cell of every table of the built report, wrapped at the width its column has
    in the PDF, breaks its lines between words (or hyphenated, or between CJK characters)."""
    made = []

    def recorded(block, styles, tags, width, height, reach=0):
        parts = flowables.table(block, styles, tags, width, height, reach)
        made.append((block, parts[-1]._table._colWidths))
        return parts

    monkeypatch.setattr(writer, "table", recorded)
    run(BuildOptions(formats=("pdf",), language=language, out=tmp_path))
    styles = build_styles(load_theme(), language)
    assert len(made) >= 5
    broken, wrapped = [], 0
    for block, widths in made:
        for head, rows in ((True, block.head), (False, block.body)):
            for n, row in enumerate(rows):
                spans = not head and n in block.groups
                for k, c in enumerate(row):
                    paragraph = flowables._cell(c, styles.cell_style(c.align, head), styles)
                    paragraph.wrap((sum(widths) if spans else widths[k]) - 2 * flowables.CELL_PADDING, 1e6)
                    wrapped += len(paragraph.blPara.lines) > 1
                    broken += broken_words(paragraph, plain(c.inlines))
    assert wrapped > 100 and broken == []


def test_the_check_finds_a_word_cut_without_a_hyphen():
    styles = build_styles(load_theme(), "en")
    paragraph = flowables._cell(cell("Reached 1234567890"), styles.cell_style("left", False), styles)
    paragraph.wrap(30, 1e6)
    assert broken_words(paragraph, "Reached 1234567890")


def test_a_column_is_no_narrower_than_its_widest_word_and_numbers_stay_narrow():
    styles = build_styles(load_theme(), "en")
    words = ("Progressing", "obstetricians", "Practitioners/assistants")
    body = tuple((cell(str(n)), cell(f"{words[n % 3]} and a longer description of the measure " * 2),
                  cell(words[n % 2])) for n in range(40))
    block = Table(head=(tuple(cell(h) for h in HEAD),), body=body, widths=(1, 1, 1))
    widths = flowables.column_widths(block, styles, 400)
    assert sum(widths) == pytest.approx(400)
    assert widths[0] < 40 < widths[2] < widths[1]  # not the even widths the block gives
    regular, bold, size = styles.body.regular, styles.body.bold, styles.cell.fontSize
    assert widths[2] >= stringWidth("obstetricians", regular, size) + 2 * flowables.CELL_PADDING
    assert widths[2] >= stringWidth("Verdict", bold, size) + 2 * flowables.CELL_PADDING
    assert widths[1] >= stringWidth("Practitioners/assistants", regular, size) + 2 * flowables.CELL_PADDING
    crowded = Table(head=block.head, body=((cell("x" * 80), cell("y" * 80), cell("z")),), widths=(1, 2, 1))
    assert flowables.column_widths(crowded, styles, 400) == pytest.approx([100, 200, 100])  # words too wide


def long_table(count: int) -> tuple[Table, list[tuple[str, ...]]]:
    """A table of `count` rows of one to nine lines, a group row before every 25th, and
    the words of each row (a group row's: its number)."""
    body, words, groups = [], [], set()
    for n in range(count):
        if n % 25 == 0:
            groups.add(len(body))
            body.append((cell(f"Group g{n:03d}", strong=True), cell(""), cell("")))
            words.append((f"g{n:03d}",))
        text = " ".join(f"r{n:03d}w{k}" for k in range(1 + (n * 7) % 80))
        body.append((cell(f"r{n:03d}"), cell(text), cell("Met" if n % 2 else "Not met")))
        words.append((f"r{n:03d}", *text.split()))
    table = Table(head=(tuple(cell(h) for h in HEAD),), body=tuple(body), widths=(1, 4, 1),
                  caption=Caption("Table", (Inline("Rows"),), 1), groups=frozenset(groups))
    return table, words


@needs_poppler
def test_a_long_table_has_its_head_at_the_top_of_each_page_only_and_keeps_rows_whole(tmp_path):
    table, words = long_table(200)
    path = tmp_path / "rows.pdf"
    filler = tuple(Paragraph((Inline(f"Line {n} before the table."),)) for n in range(12))
    pages_written = writer.write(Document(Meta(title="Rows"), (*filler, table)), path, load_theme())
    pages = pdftotext(path).split("\f")[:-1]
    assert pages_written == len(pages) > 5
    with_rows = [page for page in pages if re.search(r"\br\d{3}\b", page)]
    assert len(with_rows) == len(pages)
    for page in with_rows:
        tokens = page.split()
        assert tokens.count(HEAD[1]) == 1
        first_row = min(tokens.index(t) for t in tokens if re.fullmatch(r"r\d{3}(w\d+)?|g\d{3}", t))
        assert tokens.index(HEAD[1]) < first_row  # the head above every row of the page
    found = {word: n for n, page in enumerate(pages) for word in page.split()}
    for row in words:
        assert len({found[word] for word in row}) == 1, f"row {row[0]} is split over pages"
    groups = [row[0] for row in words if row[0].startswith("g")]
    for group in groups:  # a group row stays with the row below it
        below = words[[row[0] for row in words].index(group) + 1][0]
        assert found[group] == found[below]


@needs_poppler
def test_a_row_taller_than_a_page_is_split_under_its_group_row(tmp_path):
    enormous = " ".join(f"w{n:04d}" for n in range(3000))
    body = ((cell("The group", strong=True), cell(""), cell("")), (cell("huge"), cell(enormous), cell("Met")),
            (cell("after"), cell("end"), cell("Met")))
    path = tmp_path / "tall.pdf"
    table = Table(head=(tuple(cell(h) for h in HEAD),), body=body, widths=(1, 4, 1), groups=frozenset({0}))
    writer.write(Document(Meta(title="Tall"), (Paragraph((Inline("Before"),)), table)), path, load_theme())
    pages = pdftotext(path).split("\f")[:-1]
    assert re.findall(r"\bw\d{4}\b", "".join(pages)) == enormous.split()
    assert len(pages) >= 3 and all(page.split().count(HEAD[1]) == 1 for page in pages)
    assert pages[0].index("The group") < pages[0].index("w0000")


def test_group_rows_span_the_table_in_every_part_of_a_split_table():
    styles = build_styles(load_theme(), "en")
    table, _ = long_table(200)
    flow, parts = flowables.table(table, styles, Tags("en", {}), 400, 300)[-1], []
    while len(pieces := flow.split(400, 300)) == 2:
        parts.append(pieces[0])
        flow = pieces[1]
    parts.append(flow._table)
    titled = 0
    for part in parts:
        spanned = {start[1] for _, start, _ in part._spanCmds}
        groups = {n for n, row in enumerate(part._cellvalues) if flowables._titled(row)}
        assert groups <= spanned
        titled += len(groups)
    assert len(parts) > 10 and titled == 8
