"""The PDF writer, checked on what a reader of the file gets: text, fonts, outline, links."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import needs_poppler, pdftotext
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
    Outline,
    PageBreak,
    Paragraph,
    Table,
)
from hrap_report.writers.pdf.writer import write
from hrap_report.writers.theme import load_theme

LITERAL = "A&B <tag> *star* _under_ |pipe| #hash {{ brace }}"
UNICODE = "Café Müller Ørsted “quoted” — dash"
HEAD = ("Measure", "Result")
ENORMOUS = " ".join(f"w{i:04d}" for i in range(3000))
META = Meta(title="Report Title", author="The Author", subject="Evaluation",
            keywords="rights, plan", language="fr", header="Running Header")
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


def text(s: str, **kw) -> tuple[Inline, ...]:
    return (Inline(s, **kw),)


def cell(s: str) -> Cell:
    return Cell(text(s))


def heading(level: int, title: str, anchor: str) -> Heading:
    return Heading(level, text(title), anchor=anchor, outline=Outline(level, title))


def sample_document(image: Path) -> Document:
    """A cover, contents, two chapters with long text, a long table, an enormous cell, a figure."""
    chapters = [("1 Introduction", "intro"), ("1.1 Scope", "scope"),
                ("2 Findings", "findings"), ("2.1 Details", "details")]
    entries = tuple(ContentsEntry(title.count(".") + 1, title, anchor) for title, anchor in chapters)
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 40
    long_table = Table(
        head=(tuple(cell(h) for h in HEAD),),
        body=tuple((cell(f"row {i:02d}"), cell(f"value {i} " * 4)) for i in range(70)),
        widths=(1, 2), caption=Caption("Table", text("Measures"), 1), anchor="table-1",
    )
    enormous = Table(
        head=(tuple(cell(h) for h in HEAD),),
        body=((cell("before"), cell("short")), (cell("huge"), cell(ENORMOUS)), (cell("after"), cell("end"))),
        widths=(1, 4),
    )
    return Document(META, (
        Paragraph(text("Report Title"), "title"),
        Paragraph(text("A subtitle"), "subtitle"),
        PageBreak(),
        Contents("Contents", 2, entries),
        heading(1, "1 Introduction", "intro"),
        Paragraph((Inline("Plain "), Inline("bold words", strong=True), Inline(" then "),
                   Inline("italic words", emph=True), Inline(" and "),
                   Inline("bold italic", strong=True, emph=True), Inline(f". {LITERAL} {UNICODE}"))),
        Paragraph(text("Indicator 1: a target of the plan."), "indicator"),
        Paragraph(text(filler)),
        heading(2, "1.1 Scope", "scope"),
        long_table,
        heading(1, "2 Findings", "findings"),
        Paragraph(text(filler)),
        heading(2, "2.1 Details", "details"),
        enormous,
        Figure(image, Caption("Figure", text("A red box"), 1), "a red box", width=0.5),
        Paragraph(text("The last words."), "note"),
    ))


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("img") / "box.png"
    Image.new("RGB", (40, 20), (200, 40, 40)).save(path)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory, image) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    # the footer in the label catalog's words, which the document's meta gives
    return path, write(sample_document(image), path, load_theme(overrides={"page_numbers": "label"}))


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext extracts it."""
    return pdftotext(pdf).split("\f")[:-1]


def first_page_with_line(pages: list[str], line: str) -> int:
    """The 1-based number of the first page with `line` as a line of its own."""
    return next(n for n, page in enumerate(pages, 1) if line in page.splitlines())


def in_order(haystack: str, needles: list[str]) -> bool:
    pos = 0
    for needle in needles:
        pos = haystack.find(needle, pos)
        if pos < 0:
            return False
        pos += len(needle)
    return True


def test_returns_the_page_count(built):
    path, pages = built
    assert pages == len(PdfReader(path).pages) > 5


@needs_poppler
def test_text_is_literal_and_in_order(built):
    pages = page_texts(built[0])
    body = " ".join(" ".join(p.split()) for p in pages)
    assert in_order(body, ["Report Title", "Contents", "1 Introduction", "Plain bold words then italic words",
                           "bold italic", LITERAL, UNICODE, "Indicator 1: a target", "1.1 Scope",
                           "Table 1. Measures", "row 00", "row 69", "2 Findings", "2.1 Details",
                           "Figure 1. A red box", "The last words."])


@needs_poppler
def test_every_font_is_embedded_and_none_is_base14(built):
    out = subprocess.run(["pdffonts", str(built[0])], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    names = [row[0].split("+")[-1] for row in rows]
    assert rows and all(row[-5] == "yes" for row in rows), out  # the "emb" column
    assert not [n for n in names if n.startswith(BASE14)], out
    # strong, emph and both select the bold, italic and bold-italic faces of the family
    assert {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
            "LiberationSerif-BoldItalic", "LiberationSans-Bold"} <= set(names), out


@needs_poppler
def test_outline_nests_headings_and_points_at_their_pages(built):
    reader = PdfReader(built[0])
    pages = page_texts(built[0])

    def tree(items):
        return [tree(i) if isinstance(i, list) else i.title for i in items]

    assert tree(reader.outline) == ["1 Introduction", ["1.1 Scope"], "2 Findings", ["2.1 Details"]]
    flat = [i for i in reader.outline if not isinstance(i, list)] + \
        [j for i in reader.outline if isinstance(i, list) for j in i]
    for item in flat:
        assert reader.get_destination_page_number(item) + 1 == first_page_with_line(pages, item.title)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert reader.outline[0]["/Count"] < 0  # opens collapsed to level 1


@needs_poppler
def test_contents_lists_true_page_numbers_and_links_to_them(built):
    reader = PdfReader(built[0])
    pages = page_texts(built[0])
    listed = {}
    for line in pages[1].splitlines():
        if match := re.fullmatch(r"(.+?)[ .]+ (\d+)", line):
            listed[match[1]] = int(match[2])
    titles = ["1 Introduction", "1.1 Scope", "2 Findings", "2.1 Details"]
    assert listed == {t: first_page_with_line(pages[2:], t) + 2 for t in titles}
    page_of = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, 1)}
    targets = {page_of[a.get_object()["/Dest"][0].idnum] for a in reader.pages[1]["/Annots"]}
    assert targets == set(listed.values())


@needs_poppler
def test_level1_headings_start_pages_and_fill_the_running_header(built):
    pages = page_texts(built[0])
    findings = first_page_with_line(pages, "2 Findings")
    assert pages[findings - 1].split("2 Findings")[0].strip() == "Running Header"  # header, then heading
    assert "1 Introduction" in pages[findings - 2] and "2 Findings" in pages[-1]


@needs_poppler
def test_heading_and_caption_stay_with_a_long_table_without_leaving_a_gap(built):
    pages = page_texts(built[0])
    page = first_page_with_line(pages, "1.1 Scope")
    assert page == first_page_with_line(pages, "1 Introduction")  # no jump to a fresh page
    assert in_order(pages[page - 1], ["1.1 Scope", "Table 1. Measures", HEAD[0], "row 00", "row 01"])


@needs_poppler
def test_headings_and_captions_are_never_parted_from_what_follows(tmp_path):
    table = Table(head=((cell("Head"),),), body=tuple((cell(f"row {i:02d}"),) for i in range(3)),
                  widths=(1,), caption=Caption("Table", text("The caption")))
    after = (Heading(2, text("The heading")), Paragraph(text("First words of the section.")), table)
    for lines in range(15, 45):  # moves the blocks through the bottom of the first page
        path = tmp_path / f"{lines}.pdf"
        filler = tuple(Paragraph(text(f"line {i}")) for i in range(lines))
        write(Document(META, (*filler, *after)), path, load_theme())
        pages = page_texts(path)
        on = {line: first_page_with_line(pages, line) for line in
              ("The heading", "First words of the section.", "The caption", "row 00")}
        assert on["The heading"] == on["First words of the section."], lines
        assert on["The caption"] == on["row 00"], lines


@needs_poppler
def test_cover_has_no_header_or_footer_and_later_pages_count(built):
    """Every page but the cover is numbered; the running head starts with the first
    chapter, not on the contents."""
    pages = page_texts(built[0])
    total = len(pages)
    assert "Page" not in pages[0] and "Running Header" not in pages[0]
    assert pages[1].startswith("Contents") and "Running Header" not in pages[1]
    for n, page in enumerate(pages[1:], 2):
        assert f"Page {n} of {total}" in page
        assert ("Running Header" in page) == (n > 2)


@needs_poppler
@pytest.mark.parametrize(("style", "folio"), [("plain", "{n}"), ("fraction", "{n} / {total}")])
def test_the_theme_chooses_the_footers_folio(tmp_path, image, style, folio):
    path = tmp_path / "report.pdf"
    total = write(sample_document(image), path, load_theme(overrides={"page_numbers": style}))
    pages = page_texts(path)
    for n, page in enumerate(pages[1:], 2):
        # (pdftotext leaves out the spaces around the slash)
        assert page.rstrip().splitlines()[-1].replace(" ", "") == folio.format(n=n, total=total).replace(" ", "")
        assert "Page" not in page


@needs_poppler
def test_table_head_repeats_on_continuation_pages(built):
    pages = page_texts(built[0])
    with_rows = [p for p in pages if re.search(r"^row \d\d$", p, re.M)]
    assert len(with_rows) >= 2
    assert all(HEAD[0] in p and HEAD[1] in p for p in with_rows)


@needs_poppler
def test_enormous_cell_is_split_over_pages_without_losing_text(built):
    pages = page_texts(built[0])
    holding = [p for p in pages if re.search(r"\bw\d{4}\b", p)]
    assert len(holding) >= 3
    assert all(HEAD[0] in p for p in holding)
    assert re.findall(r"\bw\d{4}\b", "".join(pages)) == ENORMOUS.split()
    assert in_order("".join(pages), ["before", "huge", "w0000", "w2999", "after", "end"])


@needs_poppler
def test_figure_is_scaled_to_its_share_of_the_width(built):
    out = subprocess.run(["pdfimages", "-list", str(built[0])], capture_output=True, text=True,
                         check=True).stdout
    row = out.splitlines()[2].split()
    theme = load_theme()
    text_width_in = (210 - theme.margins_mm.left - theme.margins_mm.right) / 25.4
    assert (int(row[3]), int(row[4])) == (40, 20)
    assert int(row[12]) == int(row[13]) == round(40 / (0.5 * text_width_in))  # x-ppi, y-ppi
    pages = page_texts(built[0])
    assert in_order(pages[int(row[0]) - 1], ["Figure 1. A red box"])


def test_metadata_and_language(built):
    reader = PdfReader(built[0])
    info = reader.metadata
    assert (info.title, info.author, info.subject) == ("Report Title", "The Author", "Evaluation")
    assert info["/Keywords"] == "rights, plan"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"  # the language with its usual region


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.28, 841.89)), ("letter", (612, 792))])
def test_paper_size(tmp_path, paper, size):
    path = tmp_path / "p.pdf"
    write(Document(META, (Paragraph(text("x")),)), path, load_theme(paper=paper))
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == size


@needs_poppler
def test_page_breaks_never_leave_blank_pages(tmp_path):
    path = tmp_path / "b.pdf"
    blocks = (Heading(1, text("First")), Paragraph(text("one")), PageBreak(), PageBreak(),
              Heading(1, text("Second")), PageBreak(), Paragraph(text("two")), PageBreak())
    assert write(Document(META, blocks), path, load_theme()) == 3
    assert [p.split() for p in page_texts(path)][0] == ["First", "one"]
    assert all(p.strip() for p in page_texts(path))


def test_outline_levels_never_jump(tmp_path):
    path = tmp_path / "o.pdf"
    blocks = (Heading(1, text("Top"), outline=Outline(1, "Top")),
              Paragraph(text("deep"), outline=Outline(3, "Deep")),
              Heading(1, text("Next"), outline=Outline(1, "Next")))
    write(Document(META, blocks), path, load_theme())
    outline = PdfReader(path).outline
    assert [o if isinstance(o, list) else o.title for o in outline][0::2] == ["Top", "Next"]
    assert [o.title for o in outline[1]] == ["Deep"]


@needs_poppler
def test_every_paragraph_style_renders(tmp_path):
    path = tmp_path / "s.pdf"
    blocks = tuple(Paragraph(text(f"style {name}"), name) for name in sorted(PARAGRAPH_STYLES))
    write(Document(META, blocks), path, load_theme())
    assert in_order(" ".join(page_texts(path)), [f"style {n}" for n in sorted(PARAGRAPH_STYLES)])


def test_unknown_paragraph_style_is_named(tmp_path):
    with pytest.raises(ValueError, match="'sidebar'"):
        write(Document(META, (Paragraph(text("x"), "sidebar"),)), tmp_path / "u.pdf", load_theme())


@needs_poppler
def test_list_of_tables_lists_true_page_numbers_and_links_to_them(tmp_path):
    def numbered(n: int) -> Table:
        rows = tuple((cell(f"t{n} row {i:02d}"),) for i in range(30))
        return Table(head=((cell("Head"),),), body=rows, widths=(1,),
                     caption=Caption("Table", text(f"Rows {n}"), n), anchor=f"table-{n}")
    tables = [numbered(n) for n in (1, 2, 3)]
    entries = tuple(ContentsEntry(1, f"Table {n}. Rows {n}", f"table-{n}") for n in (1, 2, 3))
    path = tmp_path / "l.pdf"
    write(Document(META, (ListOf("table", "List of Tables", entries), PageBreak(), *tables,
                          ListOf("figure", "List of Figures", empty="No figures."))), path, load_theme())
    pages = page_texts(path)
    listed = dict(re.fullmatch(r"(.+?)[ .]+ (\d+)", line).groups() for line in pages[0].splitlines()
                  if line.startswith("Table "))
    assert {t: int(n) for t, n in listed.items()} == {e.text: first_page_with_line(pages, e.text)
                                                       for e in entries}
    assert len(set(listed.values())) > 1
    assert "No figures." in pages[-1]
    reader = PdfReader(path)
    page_of = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, 1)}
    targets = {page_of[a.get_object()["/Dest"][0].idnum] for a in reader.pages[0]["/Annots"]}
    assert targets == {int(n) for n in listed.values()}


def test_unknown_list_kind_is_named(tmp_path):
    with pytest.raises(ValueError, match="'chart'"):
        write(Document(META, (ListOf("chart", "Charts"),)), tmp_path / "k.pdf", load_theme())


def test_contents_entry_without_target_is_an_error(tmp_path):
    contents = Contents("Contents", 2, (ContentsEntry(1, "Ghost", "ghost"),))
    with pytest.raises(ValueError, match="ghost"):
        write(Document(META, (contents,)), tmp_path / "c.pdf", load_theme())


def test_a_cff_font_is_refused_with_a_clear_message(tmp_path):
    from hrap_report.errors import InputError
    from hrap_report.writers.pdf.fonts import register

    font = tmp_path / "NotoSansCJK.otf"
    font.write_bytes(b"OTTO" + bytes(60))
    with pytest.raises(InputError, match="CFF .* outlines, which reportlab cannot embed") as error:
        register(font)
    assert error.value.path == font


def test_a_character_no_font_has_stops_the_build(tmp_path):
    from hrap_report.errors import InputError

    document = Document(Meta(title="t"), (Paragraph((Inline("Braille ⠓ here"),)),))
    with pytest.raises(InputError, match=r"U\+2813.* none of the theme's fonts"):
        write(document, tmp_path / "x.pdf", load_theme())


@needs_poppler
def test_a_long_table_keeps_every_row_in_order_with_its_head_on_each_page(tmp_path):
    from hrap_report.writers.pdf.flowables import ROWS_AT_A_TIME

    count = 5 * ROWS_AT_A_TIME  # given to reportlab a few rows at a time
    rows = tuple((cell(f"r{i:03d}"), cell(ENORMOUS if i == count // 2 else f"value {i}")) for i in range(count))
    table = Table(head=(tuple(cell(h) for h in HEAD),), body=rows, widths=(1, 4),
                  caption=Caption("Table", text("Many rows"), 1), anchor="table-1")
    entries = (ContentsEntry(1, "Table 1. Many rows", "table-1"),)
    path = tmp_path / "long.pdf"
    pages_written = write(Document(META, (ListOf("table", "List of Tables", entries), PageBreak(),
                                          Paragraph(text("Before the table.")), table,
                                          Paragraph(text("After the table.")))), path, load_theme())
    pages = page_texts(path)
    assert pages_written == len(pages) and all(p.strip() for p in pages)
    whole = "".join(pages)
    assert re.findall(r"^r(\d{3})$", whole, re.M) == [f"{i:03d}" for i in range(count)]
    assert re.findall(r"\bw\d{4}\b", whole) == ENORMOUS.split()  # a row split inside itself
    assert in_order(whole, ["Before the table.", "Table 1. Many rows", HEAD[0], "r000", "After the table."])
    with_rows = [p for p in pages if re.search(r"^r\d{3}$|\bw\d{4}\b", p, re.M)]
    assert len(with_rows) > count // 40 and all(HEAD[0] in p and HEAD[1] in p for p in with_rows)
    listed = re.search(r"Table 1\. Many rows[ .]+ (\d+)", pages[0])
    assert int(listed[1]) == first_page_with_line(pages, "Table 1. Many rows") == 2


@pytest.mark.parametrize("inlines", [
    (Inline("  two  spaces,\ta tab\u00a0and a no-break space  "),),
    (Inline("A&B <tag> &amp; >"), Inline(" strong", strong=True), Inline(" emph", emph=True)),
    (Inline("soft\u00adhyphen and 中文 mixed with English", lang="en"), Inline(" 中文", lang="zh")),
    (Inline("עברית and English"), Inline("missing", fallback=True)),
    (Inline(""),),
    (),
])
@pytest.mark.parametrize("kind", ["body", "heading", "cell", "east-asian"])
def test_fragments_made_directly_are_those_reportlab_parses(inlines, kind):
    from reportlab.platypus import Paragraph as RLParagraph

    from hrap_report.writers.pdf.styles import build_styles

    styles = build_styles(load_theme(), "en")
    style = {"body": styles.paragraph("body"), "heading": styles.headings[0],
             "cell": styles.cell_style("right", True),
             "east-asian": styles.wrapping(styles.paragraph("body"), "中")}[kind]
    parsed = RLParagraph(styles.markup(inlines, style), style).frags
    assert [f.__dict__ for f in styles.fragments(inlines, style)] == [f.__dict__ for f in parsed]


def test_a_text_with_a_line_break_is_parsed():
    from hrap_report.writers.pdf.styles import build_styles

    styles = build_styles(load_theme(), "en")
    assert styles.fragments((Inline("two\nlines"),), styles.paragraph("body")) is None


def test_the_characters_read_from_a_cmap_alone_are_those_reportlab_reads():
    from hrap_report.writers.pdf.fonts import FACES, _cmap, _file_cmap, register

    theme = load_theme()
    fonts = [theme.fonts.body, theme.fonts.heading]
    files = {getattr(files, face) for font in fonts for files in (font.pdf, font.east_asian.pdf) for face in FACES}
    for name in sorted(files):
        path = Path(theme.font_path(name)).resolve()
        assert _file_cmap(path) == _cmap(register(path)), name
