"""Hostile text from the data, through the whole pipeline, into both writers and back.

Generated texts (characters of every Unicode plane, the markup characters of Markdown,
XML and Jinja, entity-like strings, line breaks and odd spaces, right-to-left scripts,
words longer than a line, 100 000-character paragraphs, empty optional fields) go into a
YAML dataset at several places: the cover title, a chapter title (a heading, and a cell
of the status table), an indicator's title (a cell of the index table), its target, a
finding, a shortfall and the subtitle. The dataset is read and checked, composed with
the built-in templates and written by both writers in this process; the files are read
back. The DOCX must hold every text exactly. The PDF must show every text its fonts can
draw, and stop at any other character with one line that names it. Control characters
and noncharacters must be refused by the checks, at their file and line.
"""
from __future__ import annotations

import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import docx
import pytest
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import needs_poppler, pdftotext, run_cli
from hrap_report.compose.templates import compose
from hrap_report.datasets.formats import read_dataset
from hrap_report.datasets.yaml_files import dump_yaml
from hrap_report.errors import InputError
from hrap_report.model.localized import CONTROL, NONCHARACTER
from hrap_report.validation.checks import check
from hrap_report.writers.docx import writer as docx_writer
from hrap_report.writers.pdf import writer as pdf_writer
from hrap_report.writers.pdf.fonts import FACES, visual
from hrap_report.writers.theme import load_theme

THEME = load_theme()
# Fixed seed, few examples, no deadline: each example writes two files (about half a second).
SETTINGS = dict(derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- what the PDF's fonts draw -------------------------------------------------------------

def _cmap(name: str) -> set[str]:
    return set(map(chr, TTFont(THEME.font_path(name)).getBestCmap()))


def _faces() -> list[set[str]]:
    """The characters of each face the PDF may set a text in: a Latin face of the body or
    heading family together with the East Asian face of the same role."""
    faces = []
    for role in (THEME.fonts.body, THEME.fonts.heading):
        for face in FACES:
            faces.append(_cmap(getattr(role.pdf, face)) | _cmap(getattr(role.east_asian.pdf, face)))
    return faces


FACE_CHARACTERS = _faces()
DRAWN_EVERYWHERE = set.intersection(*FACE_CHARACTERS)
DRAWN_SOMEWHERE = set.union(*FACE_CHARACTERS)
#: Explicit bidirectional formatting (embeddings, overrides, isolates, marks): the PDF lays
#: out right-to-left text by the implicit rules only, so these stay out of `printable`.
BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def _printable(char: str) -> bool:
    """Whether a character is no line break, control, noncharacter or bidi control."""
    return (unicodedata.category(char) not in ("Cc", "Cs", "Zl", "Zp") and not NONCHARACTER.match(char)
            and unicodedata.bidirectional(char) not in BIDI_CONTROLS and char not in "\u200e\u200f")


PRINTABLE = sorted(c for c in DRAWN_EVERYWHERE if _printable(c))  # every face draws them
LETTERS = [c for c in PRINTABLE if unicodedata.category(c).startswith("L")]
HEBREW = [c for c in PRINTABLE if "HEBREW" in unicodedata.name(c, "")]


# -- generated texts -------------------------------------------------------------------------

MARKUP = ("&", "<", ">", "*", "_", "|", "#", "{", "}", "{{", "}}", "{%", "%}", "{#", "#}", "[", "]", "(", ")",
          "\\", "`", '"', "'", "&amp;", "&#x41;", "&#65;", "&lt;", "&nbsp;", "&bogus;", "<b>", "</p>",
          '<p class="title">', "<!--", "-->", "<![CDATA[", "]]>", "**bold**", "_em_", "# Heading", "| a | b |",
          "[link](http://x)", "{{ report.meta.title }}", "{% if x %}", "{title}", "{0}", "%s", "$x$")
SPACES = (" ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "\u2028", "\u2029", "\u00a0", "\u3000", "\u2009", "\u200b")
#: One character of each plane that has any (BMP, SMP emoji and Linear B, SIP CJK extension
#: B, TIP, SSP tags, the private use planes) and of scripts the fonts lack (Arabic, Devanagari).
PLANES = ("é", "😀", "𐀀", "𠀀", "\U00030000", "\U000e0041", "\U000f0000", "\U00100000", "ب", "क", "⠓")

printable_char = st.sampled_from(PRINTABLE)
words = st.text(printable_char, min_size=1, max_size=10)
long_word = st.text(st.sampled_from(LETTERS), min_size=120, max_size=400)  # longer than a line
hebrew = st.text(st.sampled_from(HEBREW), min_size=1, max_size=8)
printable_piece = (printable_char | words | st.sampled_from(MARKUP) | st.sampled_from(SPACES)
                   | hebrew | long_word)
printable_text = st.lists(printable_piece, max_size=8).map("".join)
# Any character a dataset may hold: every plane, but none that the checks refuse.
any_char = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")).filter(
    lambda c: not NONCHARACTER.match(c))
any_text = st.lists(any_char | st.sampled_from(PLANES) | printable_piece, max_size=10).map("".join)


# -- a dataset, built in this process ---------------------------------------------------------

FIELDS = ("title", "subtitle", "chapter", "indicator", "target", "finding", "shortfall")
REQUIRED = ("title", "chapter", "indicator", "target", "finding")  # may not be empty


def write_dataset(folder: Path, texts: dict[str, str]) -> Path:
    """A one-chapter dataset holding `texts` at their places."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.yaml").write_text(dump_yaml({
        "meta": {"title": texts["title"], "short_title": "Short", "subtitle": texts["subtitle"],
                 "plan": "2016-2020"},
        "introduction": {"paragraphs": ["Introduction."]},
        "chapters": ["chapter-1.yaml"],
    }), encoding="utf-8")
    (folder / "chapter-1.yaml").write_text(dump_yaml({
        "number": 1, "title": texts["chapter"],
        "shortfall": [texts["shortfall"]] if texts["shortfall"].strip() else [],
        "indicators": [{"number": 1, "title": texts["indicator"], "target": texts["target"],
                        "findings": [texts["finding"]], "status": "in_progress"}],
    }), encoding="utf-8")
    return folder


def build(folder: Path, texts: dict[str, str]) -> InputError | None:
    """Check, compose and write both formats; the PDF writer's error, if it refused."""
    report, problems = check(read_dataset(write_dataset(folder / "data", texts)))
    assert report is not None, [str(p) for p in problems if p.severity == "error"]
    document = compose(report, None)
    docx_writer.write(document, folder / "report.docx", THEME)
    try:
        pdf_writer.write(document, folder / "report.pdf", THEME)
    except InputError as error:
        return error
    return None


# -- reading the files back --------------------------------------------------------------------

def line_breaks(text: str) -> str:
    """A data text as both writers set it: every spelling of a line break (Windows, old
    Mac, Unicode's separators) is the one line break "\\n" (see `markup.to_markup`)."""
    return re.sub("\r\n?|[\u2028\u2029]", "\n", text)


def docx_texts(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """The (style, text) of every paragraph, and the text of every table cell."""
    document = docx.Document(str(path))
    return ([(p.style.name, p.text) for p in document.paragraphs],
            [cell.text for table in document.tables for row in table.rows for cell in row.cells])


def assert_docx_holds(path: Path, texts: dict[str, str]) -> None:
    """Every text exactly, in its paragraph or cell."""
    paragraphs, cells = docx_texts(path)
    expect = {key: line_breaks(value) for key, value in texts.items()}
    assert ("Title", expect["title"]) in paragraphs
    assert ("Subtitle", expect["subtitle"]) in paragraphs if expect["subtitle"] else \
        not any(style == "Subtitle" for style, _ in paragraphs)
    assert ("Heading 1", f"I. {expect['chapter']}") in paragraphs
    assert ("Indicator", f"Indicator 1: {expect['target']}") in paragraphs
    assert ("Normal", expect["finding"]) in paragraphs
    assert expect["indicator"] in cells and f"I. {expect['chapter']}" in cells
    if expect["shortfall"].strip():  # a shortfall is a paragraph that must say something
        assert ("Normal", expect["shortfall"]) in paragraphs


def pdf_body_text(path: Path) -> str:
    """The text of the PDF's text frames, in the order it is drawn (`-raw`): the running
    header and footer are cropped away, as they would cut into a paragraph that runs over
    a page and shorten long titles."""
    points = 72 / 25.4
    margins = THEME.margins_mm
    return pdftotext(path, "-raw", "-x", "0", "-y", str(int(margins.top * points)), "-W", "1000",
                     "-H", str(int((297 - margins.top - margins.bottom) * points)))


def right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text)


def squashed(text: str) -> str:
    """Text without whitespace, which is compared in the DOCX only. The PDF's line breaks
    come from its layout (between words, inside a word longer than a line, between
    Chinese characters) and pdftotext writes each as a line end; reportlab sets every run
    of whitespace (its list, which adds U+200B ZERO WIDTH SPACE to Python's) between two
    words as one word space, and none at the start or end of a line."""
    return "".join(text.replace("\u200b", " ").split())


def pdf_pattern(text: str) -> str:
    """A pattern for a data text in the PDF's squashed text. A soft hyphen is invisible,
    or a "-" where the PDF breaks a line at it."""
    return "".join("-?" if c == "\u00ad" else re.escape(c) for c in squashed(text))


def mirrored(text: str) -> Counter:
    """The characters of a text, counted with the brackets a right-to-left run mirrors as one."""
    return Counter(re.sub(r"[()\[\]{}<>«»‹›]", "()", text))


def assert_pdf_shows(pdf_text: str, texts: dict[str, str], sentinels: dict[str, tuple[str, str]]) -> None:
    """Every required text in the PDF. Right-to-left text is drawn in visual order and
    pdftotext guesses the logical order back by its own rules (reversing the letters of
    each word, inserting U+202B/U+202C), so for such a text the characters between its
    two sentinel words are compared as counts; `test_right_to_left_runs_read_in_order`
    checks the order."""
    body = squashed(pdf_text)
    for key, (start, end) in sentinels.items():
        text = line_breaks(texts[key])
        if not right_to_left(text):
            assert re.search(pdf_pattern(text), body), f"{key} {text!r} is not in the PDF"
            continue
        found = re.search(re.escape(start) + "(.*?)" + re.escape(end), body, re.S)
        assert found, f"{key}: its sentinels are not in the PDF"
        drawn = re.sub("[\u202a-\u202e]", "", start + found.group(1) + end)
        expected, got = mirrored(squashed(text).replace("\u00ad", "")), mirrored(drawn)
        extra = got - expected  # a "-" where a line breaks at a soft hyphen
        assert not expected - got and (not extra or "\u00ad" in text and set(extra) == {"-"}), key


def with_sentinels(raw: dict[str, str]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Required texts between two words of Latin letters that name their field, so that
    each can be found in the PDF even when the PDF reorders it (right-to-left runs)."""
    sentinels = {key: (f"Qa{key}", f"{key}Qz") for key in REQUIRED}
    texts = dict(raw)
    for key, (start, end) in sentinels.items():
        texts[key] = f"{start}{raw[key]}{end}"
    return texts, sentinels


# -- the properties ----------------------------------------------------------------------------

@needs_poppler
@settings(max_examples=20, **SETTINGS)
@given(st.fixed_dictionaries({key: printable_text for key in FIELDS}))
@example({key: "R&D <b>x</b> *y* _z_ |p| #h {{ j }} {% t %} &amp; &#x41; \\ `c` \"q\"" for key in FIELDS})
@example({**{key: "" for key in FIELDS}, "finding": "Hello שלום עולם (Hebrew) 2024, ok."})
def test_printable_text_reaches_both_writers_unchanged(raw):
    texts, sentinels = with_sentinels(raw)
    with tempfile.TemporaryDirectory() as folder:
        error = build(Path(folder), texts)
        assert error is None, str(error)
        assert_docx_holds(Path(folder) / "report.docx", texts)
        assert_pdf_shows(pdf_body_text(Path(folder) / "report.pdf"), texts, sentinels)


@settings(max_examples=15, **SETTINGS)
@given(any_text, any_text)
@example("😀 emoji and Linear B 𐀀", "CJK extension B 𠀀")
def test_any_character_reaches_the_docx_and_the_pdf_names_what_it_cannot_draw(first, second):
    raw = dict.fromkeys(FIELDS, "") | {"title": "Title", "target": "Target", "chapter": f"C{first}",
                                       "indicator": f"I{second}", "finding": f"F{first}{second}"}
    with tempfile.TemporaryDirectory() as folder:
        error = build(Path(folder), raw)
        assert_docx_holds(Path(folder) / "report.docx", raw)
        used = set(line_breaks(first + second)) - set("\n\t")  # set as line breaks and spaces
        if used <= DRAWN_EVERYWHERE:
            assert error is None, str(error)
        elif not used <= DRAWN_SOMEWHERE:
            assert error is not None, "the PDF was written with characters no font has"
        if error is not None:
            message = str(error)
            assert "\n" not in message and "none of the theme's fonts" in message
            named = re.search(r"\(U\+([0-9A-F]{4,6})", message)
            assert named and chr(int(named.group(1), 16)) in used - DRAWN_EVERYWHERE, message


def in_order(text: str, body: str) -> bool:
    """Whether the characters of `text` are in `body` in the same order, others between."""
    rest = iter(body)
    return all(char in rest for char in text)


def test_huge_paragraphs_long_words_and_long_table_cells(tmp_path):
    words = " ".join(f"word{i} R&D <x> {{{{ y }}}} שלום" for i in range(4000))[:100_000]
    texts = dict.fromkeys(FIELDS, "") | {
        "title": "Title", "target": "Target",
        "finding": f"Qafinding{words}findingQz",  # a paragraph over many pages
        "indicator": "".join(f"人权{i} rights " for i in range(600)),  # a table cell over pages
        "chapter": "Long" + "w" * 3000,  # a word of many lines: heading, table cell, running header
        "shortfall": "x" * 5000,
    }
    assert build(tmp_path, texts) is None
    assert_docx_holds(tmp_path / "report.docx", texts)
    pdf_text = pdf_body_text(tmp_path / "report.pdf")
    assert_pdf_shows(pdf_text, texts, {"finding": ("Qafinding", "findingQz")})
    body = squashed(pdf_text)
    for key in ("chapter", "shortfall"):
        assert squashed(texts[key]) in body, key
    # A row over several pages is drawn in parts, with its other cells and the repeated
    # head row between them: the cell's text must be there in order.
    assert in_order(squashed(texts["indicator"]), body)


# -- right-to-left text ---------------------------------------------------------------------

@pytest.mark.parametrize("logical, shown", [
    ("Hello אבג דה world", "Hello הד גבא world"),  # words and their order reversed
    ("x (אבג) y", "x (גבא) y"),  # brackets between left-to-right text stay
    ("אבג 123 דה", "הד 123 גבא"),  # numbers keep their order
    ("א(ב", "ב)א"),  # a bracket inside a right-to-left run is mirrored
    ("a בְּג b", "a גבְּ b"),  # points stay on their letter
    ("عدد 45", "45 ددع"),  # digits after Arabic are Arabic numbers
    ("plain text", "plain text"),
])
def test_right_to_left_runs_are_drawn_in_visual_order(logical, shown):
    """(Arabic letters are drawn in their joined presentation forms, which NFKC undoes.)"""
    assert unicodedata.normalize("NFKC", visual(logical, rtl=False)) == shown


@settings(max_examples=200, **SETTINGS)
@given(st.text(st.sampled_from(PRINTABLE) | st.sampled_from(HEBREW + list("()[]0123 "))))
def test_visual_order_keeps_every_character(text):
    shown = visual(text)
    assert mirrored(shown) == mirrored(text)
    assert shown == text or right_to_left(text)


@needs_poppler
def test_right_to_left_runs_read_in_order(tmp_path):
    """pdftotext (without -raw) reads a line in logical order when its right-to-left
    words are drawn right to left: before they were, it read each Hebrew word backwards."""
    finding = "Hello שלום עולם world"
    texts = dict.fromkeys(FIELDS, "") | {"title": "T", "chapter": "C", "indicator": "I", "target": "G",
                                         "finding": finding}
    assert build(tmp_path, texts) is None
    read = re.sub("[\u202a-\u202e]", "", squashed(pdftotext(tmp_path / "report.pdf")))
    assert squashed(finding) in read


# -- characters the checks refuse -------------------------------------------------------------

PLACEHOLDER = "PLACEHOLDER"
#: Where a text can go: the file and the field holding it.
PLACES = {"title": "report.yaml", "subtitle": "report.yaml", "chapter": "chapter-1.yaml",
          "indicator": "chapter-1.yaml", "target": "chapter-1.yaml", "finding": "chapter-1.yaml",
          "shortfall": "chapter-1.yaml"}
# YAML files cannot hold surrogates, even escaped (libyaml refuses them); the rest can.
unprintable = st.characters(max_codepoint=0x9F).filter(CONTROL.match) | st.sampled_from(
    [c for c in map(chr, [*range(0xFDD0, 0xFDF0), *(p << 16 | 0xFFFE for p in range(17)),
                          *(p << 16 | 0xFFFF for p in range(17))])])


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, every character that is not printable escaped."""
    def escaped(char: str) -> str:
        code = ord(char)
        if char in '"\\':
            return "\\" + char
        if char.isprintable():
            return char
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return '"' + "".join(map(escaped, text)) + '"'


def plant(folder: Path, key: str, text: str) -> str:
    """A dataset with `text` at the place `key` and plain words elsewhere; its file:line."""
    texts = dict.fromkeys(FIELDS, "Words") | {key: PLACEHOLDER}
    write_dataset(folder, texts)
    path = folder / PLACES[key]
    lines = path.read_text(encoding="utf-8").splitlines()
    (line,) = [n for n, content in enumerate(lines, 1) if PLACEHOLDER in content]
    lines[line - 1] = lines[line - 1].replace(PLACEHOLDER, yaml_quoted(text))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"{path}:{line}"


@settings(max_examples=40, **SETTINGS)
@given(st.sampled_from(sorted(PLACES)), printable_text, unprintable, st.integers(min_value=0))
def test_control_characters_and_noncharacters_are_refused_at_their_place(key, text, bad, at):
    text = text[:at % (len(text) + 1)] + bad + text[at % (len(text) + 1):]
    with tempfile.TemporaryDirectory() as folder:
        place = plant(Path(folder), key, text)
        report, problems = check(read_dataset(Path(folder)))
    assert report is None
    refused = [p for p in problems if p.severity == "error" and f"U+{ord(bad):04X} in the text" in p.message]
    assert [p.place for p in refused] == [place], [str(p) for p in problems]


def test_validate_exits_2_naming_the_place_of_a_control_character(tmp_path):
    place = plant(tmp_path / "data", "finding", "a bell \a rings")
    result = run_cli("validate", "--data", str(tmp_path / "data"), check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{place}: error: " in result.stderr and "control character U+0007 in the text" in result.stderr


def test_a_character_no_font_has_stops_the_pdf_with_one_line(tmp_path):
    """The PDF cannot show an emoji (no bundled font has one): the build stops before
    writing anything, with one line naming it and its place in the data; the DOCX, where
    Word picks a font, keeps it."""
    texts = dict.fromkeys(FIELDS, "Words") | {"finding": "Smile 😀 please"}
    write_dataset(tmp_path / "data", texts)
    pdf = run_cli("build", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "pdf"), "--format", "pdf",
                  check=False)
    assert pdf.returncode == 2 and "Traceback" not in pdf.stderr
    *_, first, last = pdf.stderr.splitlines()  # after the dataset's warnings
    assert first.startswith(f"{tmp_path / 'data' / 'chapter-1.yaml'}:10: error: indicators.0.findings.0: ")
    assert first.endswith("the character '😀' (U+1F600 GRINNING FACE) is in none of the theme's fonts, so the PDF "
                          "cannot show it — remove it, or add a font that has it to the theme")
    assert last == "hrap-report: error: 1 error in the data; nothing was written"
    assert not (tmp_path / "pdf").exists()
    run_cli("build", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "docx"), "--format", "docx")
    (written,) = (tmp_path / "docx").glob("*.docx")
    assert ("Normal", "Smile 😀 please") in docx_texts(written)[0]
