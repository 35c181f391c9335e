"""Read what the templates write — a small HTML-like vocabulary — into document blocks.

Templates write `<h1>`..`<h3>`, `<p class="...">`, `<strong>`, `<em>`, `<span lang>`,
`<contents/>`, `<pagebreak/>`, `<table>` and `<figure>`. Values from data pass through
`to_markup`, which escapes markup characters and writes the whitespace of the data as
character references, so data text arrives in the document exactly as it was (every
spelling of a line break as "\n"), while the whitespace of the template source itself is
folded as in HTML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.entities import name2codepoint
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup, escape

from hrap_report.document.blocks import (
    PARAGRAPH_STYLES,
    Block,
    Caption,
    Cell,
    Contents,
    Figure,
    Heading,
    Inline,
    ListOf,
    Outline,
    PageBreak,
    Paragraph,
    Table,
)
from hrap_report.errors import InputError

_DATA_WHITESPACE = re.compile(r"\s{2,}|^\s|\s$|[^\S ]")
_EDGES = re.compile(r"(\s*)(.*?)(\s*)$", re.S)
_SPACES = re.compile(r"\s+")
#: Line breaks as Windows and old Macs write them, and Unicode's line and paragraph
#: separators: each is one "\n", the line break both writers set (no font draws U+2028).
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029]")


# A data text shown in another language than the document's (a missing translation) is
# wrapped in these private-use characters with its language, so that the reader can tag
# its inlines; the data's own private-use characters arrive as character references.
_LANG_OPEN, _LANG_END, _LANG_CLOSE = "\ue000", "\ue001", "\ue002"
_LANG_MARKS = re.compile(f"{_LANG_OPEN}([^{_LANG_END}]*){_LANG_END}|{_LANG_CLOSE}")
_ESCAPED = re.compile(rf"{_DATA_WHITESPACE.pattern}|[{_LANG_OPEN}-{_LANG_CLOSE}]")


def to_markup(value: object) -> Markup:
    """Jinja's `finalize`: data text becomes markup that reads back as the same text."""
    if isinstance(value, Markup):
        return value
    text = _LINE_BREAKS.sub("\n", str(value))
    escaped = _ESCAPED.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), str(escape(text)))
    lang = getattr(value, "lang", None)
    return Markup(f"{_LANG_OPEN}{lang}{_LANG_END}{escaped}{_LANG_CLOSE}" if lang else escaped)


def data_inlines(value: object, mark_fallbacks: bool = False) -> tuple[Inline, ...]:
    """A data value as the inlines it reads back as through `to_markup`: its text exactly
    (every spelling of a line break as "\n"), tagged with its language where it is a text
    shown untranslated (marked as such with `mark_fallbacks`)."""
    text = _LINE_BREAKS.sub("\n", str(value))
    if not text:
        return ()
    lang = getattr(value, "lang", None)
    return (Inline(text, lang=lang, fallback=bool(lang) and mark_fallbacks),)


def placeholder(number: int) -> Markup:
    """The markup standing for a block that `table()` or `chart()` made: the reader puts
    the block itself in its place (see `read_markup`'s `placed`)."""
    return Markup(f'<placed ref="{number}"/>')


@dataclass(frozen=True)
class Defaults:
    """The words the reader supplies where the markup names none, from the label catalog."""

    table: str = "Table"
    figure: str = "Figure"
    caption: str = "{label} {number}. "
    contents: str = "Contents"
    empty: str = "No entries."
    mark_fallbacks: bool = False  # tag text shown in another language as a fallback


class Placed:
    """The blocks that generated content (`table()`, `chart()`) hands to the document model
    while the templates run: each is kept here and a placeholder goes into the markup."""

    def __init__(self, defaults: Defaults):
        self.defaults = defaults
        self.blocks: list[Block] = []

    def __call__(self, block: Block) -> Markup:
        """Keep `block`; the placeholder the template writes where it goes."""
        self.blocks.append(block)
        return placeholder(len(self.blocks) - 1)

    def inlines(self, value: object) -> tuple[Inline, ...]:
        """A data value as inlines, fallbacks marked as the build asks."""
        return data_inlines(value, self.defaults.mark_fallbacks)

    def caption(self, kind: str, text: object) -> Caption:
        """A caption of a table or figure (`kind`) in the catalog's words and pattern."""
        label = self.defaults.table if kind == "table" else self.defaults.figure
        return Caption(label, self.inlines(text), pattern=self.defaults.caption)


_INLINE = {"strong": "strong", "b": "strong", "em": "emph", "i": "emph"}
_ALIGN = ("left", "center", "right", "justify")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}


@dataclass
class _Piece:
    text: str
    soft: bool  # whitespace from the template source, which folds
    strong: bool
    emph: bool
    lang: str | None
    fallback: bool = False


@dataclass
class _Open:
    """A block being read: its tag, attributes and text pieces."""

    tag: str
    attrs: dict[str, str]
    line: int
    pieces: list[_Piece] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, source: str, defaults: Defaults, placed: list[Block]):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.defaults = defaults
        self.placed = placed
        self.data_lang: str | None = None  # the language of a fallback text being read
        self.blocks: list[Block] = []
        self.block: _Open | None = None
        self.inline: list[tuple[str, dict[str, str]]] = []
        self.table: dict | None = None
        self.figure: dict | None = None
        self.ids: set[str] = set()

    # -- errors ---------------------------------------------------------------
    def fail(self, message: str) -> None:
        raise InputError(message, self.source, self.getpos()[0])

    # -- events ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = _attributes(attrs)
        if attributes.get("id"):
            if attributes["id"] in self.ids:
                self.fail(f"id {attributes['id']!r} is used twice")
            self.ids.add(attributes["id"])
        if tag in _INLINE or tag == "span":
            if self.block is None:
                self.fail(f"<{tag}> outside a paragraph or heading")
            self.inline.append((tag, attributes))
        elif tag in ("p", "caption", "th", "td", *_HEADINGS):
            if self.block is not None:
                self.fail(f"<{tag}> inside <{self.block.tag}>")
            if tag in ("th", "td") and (self.table is None or self.table["row"] is None):
                self.fail(f"<{tag}> outside a table row")
            if tag == "caption" and self.table is None and self.figure is None:
                self.fail("<caption> outside a table or figure")
            self.block = _Open(tag, attributes, self.getpos()[0])
        elif tag == "table":
            self.table = {"attrs": attributes, "head": [], "body": [], "caption": None, "part": "body",
                          "row": None}
        elif tag in ("thead", "tbody") and self.table is not None:
            self.table["part"] = "head" if tag == "thead" else "body"
        elif tag == "tr" and self.table is not None:
            self.table["row"] = []
        elif tag == "figure":
            self.figure = {"attrs": attributes, "caption": None}
        elif tag in ("contents", "pagebreak", "listof", "placed"):
            self.handle_startendtag(tag, attrs)
        else:
            self.fail(f"unknown element <{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = _attributes(attrs)
        if tag == "contents":
            self.blocks.append(Contents(title=attributes.get("title", self.defaults.contents),
                                        depth=self._int(attributes.get("depth", "2"), "depth")))
        elif tag == "pagebreak":
            self.blocks.append(PageBreak())
        elif tag == "placed":
            if self.block is not None or self.table is not None or self.figure is not None:
                self.fail(f"a table or chart inside <{self.block.tag if self.block else 'table'}>: "
                          "place it between paragraphs")
            ref = attributes.get("ref", "")
            if not ref.isdigit() or int(ref) >= len(self.placed):
                self.fail(f"<placed ref={ref!r}> names no table or chart")
            self.blocks.append(self.placed[int(ref)])
        elif tag == "listof":
            kind = attributes.get("kind", "")
            if kind not in ("table", "figure"):
                self.fail(f"<listof> kind must be table or figure, not {kind!r}")
            self.blocks.append(ListOf(kind, attributes.get("title", ""),
                                      empty=attributes.get("empty", self.defaults.empty)))
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE or tag == "span":
            if not self.inline or self.inline[-1][0] != tag:
                self.fail(f"</{tag}> does not close the element open here")
            self.inline.pop()
        elif tag in ("p", "caption", "th", "td", *_HEADINGS):
            if self.block is None or self.block.tag != tag:
                self.fail(f"</{tag}> does not close the element open here")
            if self.inline:
                self.fail(f"<{self.inline[-1][0]}> is not closed before </{tag}>")
            self._close_block(self.block)
            self.block = None
        elif tag == "tr" and self.table is not None:
            self.table[self.table["part"]].append(tuple(self.table["row"]))
            self.table["row"] = None
        elif tag == "table" and self.table is not None:
            self._close_table(self.table)
            self.table = None
        elif tag == "figure" and self.figure is not None:
            self._close_figure(self.figure)
            self.figure = None
        elif tag not in ("thead", "tbody", "contents", "pagebreak", "listof", "placed"):
            self.fail(f"</{tag}> closes nothing")

    def handle_data(self, data: str) -> None:
        for i, part in enumerate(_LANG_MARKS.split(data)):
            if i % 2:  # a language mark: the language opened, or None where one closes
                self.data_lang = part
            elif part:
                self._data(part)

    def _data(self, data: str) -> None:
        if self.block is None:
            if data.strip():
                self.fail(f"text outside a paragraph: {data.strip()[:40]!r}")
            return
        lead, middle, trail = _EDGES.match(data).groups()
        if lead:
            self._add(" ", soft=True)
        if middle:
            self._add(_SPACES.sub(" ", middle), soft=False)
        if trail:
            self._add(" ", soft=True)

    def handle_charref(self, name: str) -> None:
        code = int(name[1:], 16) if name[:1] in "xX" else int(name)
        self._text(chr(code))

    def handle_entityref(self, name: str) -> None:
        if name not in name2codepoint:
            self.fail(f"unknown entity &{name};")
        self._text(chr(name2codepoint[name]))

    # -- building -------------------------------------------------------------
    def _text(self, text: str) -> None:
        if self.block is None:
            self.fail(f"text outside a paragraph: {text!r}")
        self._add(text, soft=False)

    def _add(self, text: str, soft: bool) -> None:
        kinds = {_INLINE.get(t) for t, _ in self.inline}
        lang = self.data_lang or next((a["lang"] for t, a in reversed(self.inline) if "lang" in a), None)
        fallback = bool(self.data_lang) and self.defaults.mark_fallbacks
        self.block.pieces.append(_Piece(text, soft, "strong" in kinds, "emph" in kinds, lang, fallback))

    def _close_block(self, block: _Open) -> None:
        inlines = _inlines(block.pieces)
        attrs = block.attrs
        anchor = attrs.get("id") or None
        outline = None
        if "outline" in attrs:
            level = self._int(attrs["outline-level"], "outline-level") if "outline-level" in attrs else 0
            outline = Outline(level, attrs["outline"])
        if block.tag in _HEADINGS:
            self.blocks.append(Heading(_HEADINGS[block.tag], inlines, anchor,
                                       contents=attrs.get("contents", "yes") != "no", outline=outline,
                                       running=attrs.get("running") or None))
        elif block.tag == "p":
            style = attrs.get("class", "body")
            if style not in PARAGRAPH_STYLES:
                self.fail(f"unknown paragraph class {style!r}; one of: {', '.join(sorted(PARAGRAPH_STYLES))}")
            self.blocks.append(Paragraph(inlines, style, anchor, outline))
        elif block.tag == "caption":
            holder, label = ((self.table, self.defaults.table) if self.table is not None
                             else (self.figure, self.defaults.figure))
            holder["caption"] = Caption(holder["attrs"].get("label", label), inlines,
                                        pattern=self.defaults.caption)
        else:
            align = attrs.get("align", "left")
            if align not in _ALIGN:
                self.fail(f"align must be one of {', '.join(_ALIGN)}, not {align!r}")
            self.table["row"].append(Cell(inlines, align))

    def _close_table(self, table: dict) -> None:
        rows = table["head"] + table["body"]
        columns = max((len(r) for r in rows), default=0)
        if not columns or any(len(r) != columns for r in rows):
            self.fail("a table needs rows of the same number of cells")
        widths = table["attrs"].get("widths", "")
        weights = tuple(self._number(w, "widths") for w in widths.split()) if widths else (1.0,) * columns
        if len(weights) != columns:
            self.fail(f"widths gives {len(weights)} columns, the rows have {columns}")
        self.blocks.append(Table(tuple(table["head"]), tuple(table["body"]), weights,
                                 table["caption"], table["attrs"].get("id") or None))

    def _close_figure(self, figure: dict) -> None:
        attrs = figure["attrs"]
        if not attrs.get("src"):
            self.fail("<figure> needs a src")
        self.blocks.append(Figure(Path(attrs["src"]), figure["caption"], attrs.get("alt", ""),
                                  self._number(attrs.get("width", "1"), "width"), attrs.get("id") or None))

    def _number(self, value: str, what: str) -> float:
        try:
            number = float(value)
        except ValueError:
            number = 0
        if not number > 0:
            self.fail(f"{what}: {value!r} is not a positive number")
        return number

    def _int(self, value: str, what: str) -> int:
        if not value.isdigit():
            self.fail(f"{what} must be a whole number, not {value!r}")
        return int(value)


def _inlines(pieces: list[_Piece]) -> tuple[Inline, ...]:
    """Fold template whitespace (runs to one space, none at the ends) and merge runs."""
    kept: list[_Piece] = []
    for piece in pieces:
        if piece.soft and (not kept or kept[-1].text[-1:].isspace()):
            continue
        kept.append(piece)
    while kept and kept[-1].soft:
        kept.pop()
    merged: list[Inline] = []
    for p in kept:
        if merged and (merged[-1].strong, merged[-1].emph, merged[-1].lang, merged[-1].fallback) == (
                p.strong, p.emph, p.lang, p.fallback):
            merged[-1] = replace(merged[-1], text=merged[-1].text + p.text)
        else:
            merged.append(Inline(p.text, p.strong, p.emph, p.lang, p.fallback))
    return tuple(merged)


def _attributes(attrs: list[tuple[str, str | None]]) -> dict[str, str]:
    """A tag's attributes; language marks of fallback texts are dropped from their values."""
    return {k: _LANG_MARKS.sub("", v or "") for k, v in attrs}


def read_markup(text: str, source: str = "template output", defaults: Defaults = Defaults(),
                placed: list[Block] | None = None) -> list[Block]:
    """The blocks that a template's output describes; `placed` holds the blocks that
    generated content (`table()`, `chart()`) made, which its placeholders stand for."""
    reader = _Reader(source, defaults, placed or [])
    reader.feed(text)
    reader.close()
    if reader.block is not None or reader.table is not None or reader.figure is not None:
        reader.fail("an element is not closed at the end of the output")
    return reader.blocks
