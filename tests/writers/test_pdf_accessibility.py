"""The PDF is tagged (PDF/UA-1) and archival (PDF/A-2b) in every edition: read back with
pikepdf, `pdfinfo` and the `pdfua` checker, the structure tree holds every piece of text
in reading order, in its language, with table heads, figure descriptions and link
descriptions; decoration is an artifact; the metadata claims both standards.

There is no veraPDF here (it needs Java): `pdfua` checks the machine-checkable rules it
implements, and these tests check what the writer promises beyond them."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pdfua import Severity, validate
from PIL import ImageCms
from pypdf import PdfReader

from conftest import run_cli, struct_elements
from hrap_report.compose.templates import compose
from hrap_report.document.blocks import (
    Caption,
    Cell,
    Contents,
    Document,
    Figure,
    Heading,
    Inline,
    ListOf,
    Meta,
    Paragraph,
    Table,
    plain,
)
from hrap_report.pipeline.build import BuildOptions, load
from hrap_report.pipeline.build_date import build_date
from hrap_report.writers.pdf.writer import write
from hrap_report.writers.theme import load_theme

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils missing")

EDITIONS = ("en", "zh", "en+zh", "side-by-side")
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def editions(default_build, tmp_path_factory) -> dict[str, Path]:
    """The PDF of each edition: the default report (en), Chinese, both languages in turn
    and side by side."""
    made = {"en": default_build["pdf"]}
    for name, options in (("zh", ["--lang", "zh"]), ("en+zh", ["--lang", "en+zh"]),
                          ("side-by-side", ["--lang", "en+zh", "--bilingual", "side-by-side"])):
        out = tmp_path_factory.mktemp(name.replace("+", "-"))
        run_cli("build", "--quiet", "--format", "pdf", "--out", str(out), *options)
        made[name] = next(out.glob("*.pdf"))
    return made


@dataclass
class Sequence:
    """A marked-content sequence of a page: its tag, MCID (None for none) and what it draws."""

    tag: str
    mcid: int | None
    operators: list[str]


def sequences(page: pikepdf.Page) -> tuple[list[Sequence], list[str]]:
    """The outermost marked-content sequences of a page, and the drawing operators outside
    any. A sequence inside another is an error of the writer: the assertion says so."""
    found, outside, depth = [], [], 0
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            if depth == 0:
                properties = operands[1] if name == "BDC" else {}
                mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                found.append(Sequence(str(operands[0])[1:], None if mcid is None else int(mcid), []))
            else:
                assert name == "BMC" or "/MCID" not in operands[1], "a sequence with an MCID inside another"
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif depth:
            found[-1].operators.append(name)
        elif name in TEXT_SHOWING | PAINTING | {"Do", "sh"}:
            outside.append(name)
    assert depth == 0, "a marked-content sequence is not closed on its page"
    return found, outside


def content(element: pikepdf.Dictionary) -> list[tuple[int, int]]:
    """The marked content (page object number, MCID) an element holds itself."""
    kids = element.get("/K")
    held = []
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, int):
            held.append((element.Pg.objgen[0], int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            held.append((kid.Pg.objgen[0], int(kid.MCID)))
    return held


def struct_text(pdf: Path) -> list[tuple[str, str]]:
    """Each structure element's type and the text `pdfinfo -struct-text` gives it, in the
    tree's order (elements without text of their own have "")."""
    output = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True,
                            check=True).stdout
    found = []
    for line in output.splitlines():
        if role := re.fullmatch(r"\s*([A-Za-z][A-Za-z0-9]*)(?: \((?:block|inline)\))?:?", line):
            found.append([role.group(1), ""])
        elif text := re.fullmatch(r'\s*"(.*)"', line):
            found[-1][1] += text.group(1)
    return [tuple(pair) for pair in found[1:]]  # without the Document element


def squeezed(text: str) -> str:
    """Text without spaces and hyphens: a line's end joins words, or breaks one with a hyphen."""
    return re.sub(r"[\s\-\u00ad]", "", text)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_edition_is_tagged_and_passes_pdfua(editions, edition):
    pdf = editions[edition]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    report = validate(str(pdf))
    serious = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings
               if f.severity >= Severity.WARNING]
    assert not serious, "\n".join(serious)
    assert not report.skipped, [(o.rule_id, o.skipped_reason) for o in report.skipped]


@pytest.mark.parametrize("edition", EDITIONS)
def test_everything_drawn_is_tagged_content_or_an_artifact(editions, edition):
    """No text, path or image outside a marked-content sequence; sequences never nest
    with numbers; the only real content that paints paths is a figure (a chart), so box
    backgrounds, table grids and shading are artifacts; each page numbers its sequences
    0, 1, 2 … and its running head and footer are artifacts."""
    with pikepdf.open(editions[edition]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            found, outside = sequences(page)
            assert not outside, f"page {number}: {outside} outside any marked content"
            marked = [s for s in found if s.mcid is not None]
            assert [s.mcid for s in marked] == list(range(len(marked))), f"page {number}"
            assert all(s.tag == "Artifact" for s in found if s.mcid is None)
            painted = {s.tag for s in marked if PAINTING & set(s.operators)}
            assert painted <= {"Figure"}, f"page {number}: {painted} paint paths as content"
            if number > 1:  # the cover has no footer
                assert any(s.tag == "Artifact" and TEXT_SHOWING | {"Do"} & set(s.operators) for s in found)


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_tree_and_the_pages_point_at_each_other(editions, edition):
    """Every numbered sequence of a page is the content of the element the parent tree
    names for it, which holds it; every element's content is drawn; every link
    annotation belongs to a Link element, says where it leads, prints, and the pages
    order their annotations by structure."""
    with pikepdf.open(editions[edition]) as pdf:
        root = pdf.Root.StructTreeRoot
        parents = dict(zip(root.ParentTree.Nums[::2], root.ParentTree.Nums[1::2]))
        drawn = set()
        for page in pdf.pages:
            found, _ = sequences(page)
            mcids = [s.mcid for s in found if s.mcid is not None]
            if not mcids:
                continue
            owners = parents[int(page.obj.StructParents)]
            assert len(owners) == len(mcids)
            for mcid, owner in zip(mcids, owners):
                assert (page.obj.objgen[0], mcid) in content(owner)
                drawn.add((page.obj.objgen[0], mcid))
        held = [item for element in struct_elements(root) for item in content(element)]
        assert sorted(held) == sorted(drawn), "content held by elements but not drawn, or twice"
        annotations = 0
        for page in pdf.pages:
            assert page.obj.Tabs == "/S"
            for annotation in page.obj.get("/Annots", []):
                annotations += 1
                link = parents[int(annotation.StructParent)]
                assert link.S == "/Link" and link.K.Obj.objgen == annotation.objgen
                assert str(annotation.Contents).strip() and int(annotation.F) & 4
        assert annotations > 100  # the contents and the index link to every indicator
        assert int(root.ParentTreeNextKey) == len(pdf.pages) + annotations


@pytest.mark.parametrize("edition", EDITIONS)
def test_tables_have_heads_figures_descriptions_and_headings_no_gaps(editions, edition):
    with pikepdf.open(editions[edition]) as pdf:
        tree = list(struct_elements(pdf.Root.StructTreeRoot))
        tables = [e for e in tree if e.S == "/Table"]
        assert len(tables) >= 8
        for table in tables:
            rows = [e for e in struct_elements(table) if e.S == "/TR"]
            head = [cell for cell in rows[0].K]
            assert head and all(c.S == "/TH" and c.A.Scope == "/Column" for c in head)
            for row in rows[1:]:
                cells = list(row.K) if isinstance(row.K, pikepdf.Array) else [row.K]
                spans = [int(c.A.ColSpan) if "/A" in c else 1 for c in cells]
                assert sum(spans) == len(head), "a row without a cell for each column"
        figures = [e for e in tree if e.S == "/Figure"]
        assert len(figures) == 2  # the two charts
        for figure in figures:
            assert len(str(figure.Alt)) > 40
            x0, y0, x1, y1 = (float(v) for v in figure.A.BBox)
            assert 0 <= x0 < x1 <= 596 and 0 <= y0 < y1 <= 842 and (x1 - x0) * (y1 - y0) > 100 * 100
        levels = [int(str(e.S)[2]) for e in tree if re.fullmatch(r"/H\d", str(e.S))]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_the_tree_reads_in_the_documents_order(default_build):
    """The headings and paragraphs of the structure tree, read in order, are the document
    model's, block by block (with the titles of its contents and lists; their entries are
    paragraphs in TOCI elements); the cells of Table 1 read its head, then its rows."""
    report, plan = load(BuildOptions())
    document = compose(report, None, language="en", plan=plan, date=build_date(report.meta.date))
    expected, entries = [], []
    for block in document.blocks:
        if isinstance(block, (Heading, Paragraph)):
            expected.append(plain(block.inlines))
        elif isinstance(block, (Contents, ListOf)):
            expected += [block.title] if block.title else []
            entries += [e.text for e in block.entries if not isinstance(block, Contents) or e.level <= block.depth]
    tagged = struct_text(default_build["pdf"])
    listed = {n + 1: None for n, (role, _) in enumerate(tagged) if role == "TOCI"}  # in order
    assert len(listed) == len(entries) and all(tagged[n][0] == "P" for n in listed)
    for n, entry in zip(listed, entries):  # the entry's words, then its leader and page number
        assert re.fullmatch(re.escape(squeezed(entry)) + r"[ .]*\d+", squeezed(tagged[n][1])), tagged[n][1]
    read = [text for n, (role, text) in enumerate(tagged) if re.fullmatch(r"H\d|P", role) and n not in listed]
    assert [squeezed(t) for t in read] == [squeezed(t) for t in expected]
    cells = [squeezed(text) for role, text in tagged if role in ("TH", "TD")]
    first = cells.index("Chapter")
    assert cells[first:first + 3] == ["Chapter", "Indicators", "Achieved"]
    assert first < cells.index(squeezed("I. Economic, Social and Cultural Rights")) < cells.index("Total")


def marked_texts(pdf: Path) -> dict[tuple[int, int], str]:
    """The text each marked-content sequence draws, by (page object number, MCID), as
    pypdf extracts it (poppler's `-struct-text` takes a minute for the zh edition)."""
    texts: dict[tuple[int, int], str] = {}
    for page in PdfReader(pdf).pages:
        open_sequences: list[int | None] = []
        number = page.indirect_reference.idnum

        def before(operator, arguments, *_):
            if operator in (b"BDC", b"BMC"):
                properties = arguments[1] if operator == b"BDC" else {}
                mcid = properties.get("/MCID") if hasattr(properties, "get") else None
                open_sequences.append(None if mcid is None else int(mcid))
            elif operator == b"EMC":
                open_sequences.pop()

        def text(shown, *_):
            if open_sequences and open_sequences[0] is not None:
                key = (number, open_sequences[0])
                texts[key] = texts.get(key, "") + shown

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


@pytest.mark.parametrize("edition", ["zh", "en+zh", "side-by-side"])
def test_passages_in_another_language_say_so(editions, edition):
    """A heading or paragraph mostly in Chinese is in Chinese, one in Latin letters only
    is in English: the document's language (the catalog's) or the element's own `/Lang`.
    The bilingual editions' Chinese halves say so."""
    texts = marked_texts(editions[edition])
    with pikepdf.open(editions[edition]) as pdf:
        document = str(pdf.Root.Lang)
        other = 0
        for element in struct_elements(pdf.Root.StructTreeRoot):
            text = "".join(texts.get(item, "") for item in content(element))
            if not re.fullmatch(r"/H\d|/P", str(element.S)) or not text:
                continue
            language = str(element.get("/Lang", document))
            other += "/Lang" in element
            if len(CJK.findall(text)) > len(LATIN.findall(text)):
                assert language == "zh-CN", text
            elif not CJK.search(text):
                assert language.startswith("en-"), text
        assert other > 100 or edition == "zh"


def test_an_english_paragraph_in_a_chinese_document_says_so(tmp_path):
    """A paragraph whose text is in English (an untranslated finding) in a Chinese
    document is an element in English; a Chinese paragraph with an English name in it
    stays Chinese."""
    blocks = (Paragraph((Inline("The finding, in English only.", lang="en"),)),
              Paragraph((Inline("中文段落，其中提到"), Inline("CERD", lang="en"), Inline("委员会。"))))
    path = tmp_path / "zh.pdf"
    write(Document(Meta(title="混合", language="zh", locales=(("zh", "zh-CN"),)), blocks), path, load_theme())
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "zh-CN"
        english, chinese = [e for e in struct_elements(pdf.Root.StructTreeRoot) if e.S == "/P"]
        assert str(english.Lang).startswith("en-") and "/Lang" not in chinese
        assert pdf.open_metadata()["dc:language"] == {"zh-CN", str(english.Lang)}


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_metadata_claims_pdfa_and_pdfua_with_an_output_intent(editions, edition):
    """XMP equal to the document information, claiming PDF/A-2b and PDF/UA-1 (the
    pdfuaid property described by an extension schema, as PDF/A asks); an sRGB output
    intent with a valid ICC profile; every font embedded with a ToUnicode map; the title
    shown; no encryption, no JavaScript."""
    with pikepdf.open(editions[edition]) as pdf:
        xmp = pdf.open_metadata()
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"], xmp["pdfuaid:part"]) == ("2", "B", "1")
        assert xmp["dc:title"] == str(pdf.docinfo.Title) and xmp["pdf:Producer"] == str(pdf.docinfo.Producer)
        passages = {str(e.Lang) for e in struct_elements(pdf.Root.StructTreeRoot) if "/Lang" in e}
        assert xmp["dc:language"] == {str(pdf.Root.Lang)} | passages  # every language it is in
        raw = pdf.Root.Metadata.read_bytes()
        assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in raw
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3
        profile = ImageCms.ImageCmsProfile(io.BytesIO(intent.DestOutputProfile.read_bytes()))
        assert "sRGB" in ImageCms.getProfileDescription(profile)
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True and pdf.Root.MarkInfo.Marked is True
        assert "/Encrypt" not in pdf.trailer and "/OpenAction" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.get("/Names", {})
        fonts = {font.objgen: font for page in pdf.pages for font in page.Resources.Font.values()}
        assert fonts and all("/ToUnicode" in f and "/FontFile2" in f.FontDescriptor for f in fonts.values())


def test_a_paragraph_over_pages_is_one_element_and_a_repeated_head_an_artifact(tmp_path):
    """A paragraph split over three pages is one P holding content on each; a long
    table's head is tagged once, its repeats on later pages are artifacts."""
    long = Paragraph((Inline("A sentence of a very long paragraph. " * 700),))
    head = (tuple(Cell((Inline(word),)) for word in ("Number", "Square")),)
    body = tuple((Cell((Inline(str(n)),)), Cell((Inline(str(n * n)),))) for n in range(200))
    table = Table(head, body, (1, 1))
    path = tmp_path / "long.pdf"
    pages = write(Document(Meta(title="Long"), (long, table)), path, load_theme())
    with pikepdf.open(path) as pdf:
        tree = list(struct_elements(pdf.Root.StructTreeRoot))
        (paragraph,) = [e for e in tree if e.S == "/P"]
        assert len({page for page, _ in content(paragraph)}) >= 3
        head_cells = [e for e in tree if e.S == "/TH"]
        assert len(head_cells) == 2 and all(len(content(c)) == 1 for c in head_cells)
        heads = 0
        for page in pdf.pages:
            found, _ = sequences(page)
            heads += sum(1 for s in found if s.tag == "Artifact" and "Tj" in s.operators) > 1
    assert pages >= 6 and heads >= 3  # a footer and a repeated head, as artifacts, on later pages


def test_an_image_is_a_figure_described_by_its_alt_text_or_caption(tmp_path):
    """An image with alternative text is a Figure with it as `/Alt`; one without, its
    caption's text; one with neither only decorates the page, an artifact."""
    from PIL import Image

    image = tmp_path / "box.png"
    Image.new("RGB", (40, 20), "red").save(image)
    blocks = (Figure(image, Caption("Figure", (Inline("A red box"),), 1), "a red rectangle", width=0.5),
              Figure(image, Caption("Figure", (Inline("Another box"),), 2), "", width=0.5),
              Figure(image, None, "", width=0.2))
    path = tmp_path / "figures.pdf"
    write(Document(Meta(title="Figures"), blocks), path, load_theme())
    with pikepdf.open(path) as pdf:
        figures = [e for e in struct_elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == ["a red rectangle", "Figure 2. Another box"]
        drawn = [s for page in pdf.pages for s in sequences(page)[0] if "Do" in s.operators]
        assert [s.tag for s in drawn] == ["Figure", "Figure", "Artifact"]
        x0, y0, x1, y1 = (float(v) for v in figures[0].A.BBox)
        assert x1 - x0 == pytest.approx(0.5 * 126 / 25.4 * 72, rel=0.01)  # half the 126 mm measure
