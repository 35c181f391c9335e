"""Two documents of one report, in two languages, paired into one bilingual document.

Both come from the same templates and data, so their headings correspond one to one;
between two headings the blocks are paired by kind in order. *parallel* puts each block
of the first language before its counterpart; *side-by-side* sets paragraphs in two
columns. Headings, tables and figures are never put in columns: a heading is followed by
its translation, a table or figure by its translated version. The contents and lists
show both languages in one entry.
"""
from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher
from typing import Literal

from hrap_report.document.blocks import (
    Block,
    Columns,
    Contents,
    ContentsEntry,
    Document,
    Heading,
    Inline,
    ListOf,
    PageBreak,
    Paragraph,
)
from hrap_report.errors import InputError

Layout = Literal["parallel", "side-by-side"]
LAYOUTS = ("parallel", "side-by-side")


def check_layout(layout: str) -> None:
    """A bilingual layout is one of `LAYOUTS`, or a one-line error."""
    if layout not in LAYOUTS:
        raise InputError(f"unknown bilingual layout {layout!r}; one of {', '.join(LAYOUTS)}")


def _segments(blocks: tuple[Block, ...]) -> list[list[Block]]:
    """The blocks cut before every heading (the first segment may have none)."""
    segments: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, Heading):
            segments.append([])
        segments[-1].append(block)
    return segments


def _kind(block: Block) -> str:
    return type(block).__name__ + (f"-{block.style}" if isinstance(block, Paragraph) else "")


def _tagged(inlines: tuple[Inline, ...], lang: str) -> tuple[Inline, ...]:
    return tuple(i if i.lang else replace(i, lang=lang) for i in inlines)


def _translation(block: Block, lang: str) -> Block:
    """The second language's block: tagged with its language, out of contents and outline."""
    if isinstance(block, Heading):
        return replace(block, inlines=_tagged(block.inlines, lang), anchor=None, contents=False,
                       outline=None, translation=True)
    if isinstance(block, Paragraph):
        return replace(block, inlines=_tagged(block.inlines, lang), anchor=None, outline=None)
    return block


def _only_fallback(block: Block, first: str) -> bool:
    """Whether a translated paragraph holds only text in the first language (no translation)."""
    return isinstance(block, Paragraph) and all(
        i.lang == first or not i.text.strip() for i in block.inlines)


def _joined_entries(a: tuple[ContentsEntry, ...], b: tuple[ContentsEntry, ...]) -> tuple[ContentsEntry, ...]:
    if len(a) != len(b):
        return a
    return tuple(replace(x, text=x.text if x.text == y.text else f"{x.text} / {y.text}") for x, y in zip(a, b))


def _merged(a: Block, b: Block) -> Block:
    """One block standing for both: a page break, or a list with both languages' words."""
    if isinstance(a, (Contents, ListOf)) and type(a) is type(b):
        title = a.title if a.title == b.title else f"{a.title} / {b.title}"
        return replace(a, title=title, entries=_joined_entries(a.entries, b.entries))
    return a


def pair(first: Document, second: Document, layout: Layout = "parallel",
         keep_fallbacks: bool = False) -> Document:
    """The bilingual document of two documents of the same report. A translated paragraph
    that only repeats the first language (its translation is missing) is left out unless
    `keep_fallbacks` (draft marks wanted)."""
    check_layout(layout)
    lang_a, lang_b = first.meta.language, second.meta.language
    segments_a, segments_b = _segments(first.blocks), _segments(second.blocks)
    if [len(s) and _kind(s[0]) for s in segments_a] != [len(s) and _kind(s[0]) for s in segments_b]:
        raise InputError(f"the {lang_a} and {lang_b} documents have different headings; "
                         "templates must give both languages the same structure")
    blocks: list[Block] = []
    for seg_a, seg_b in zip(segments_a, segments_b):
        pending: list[tuple[Block | None, Block | None]] = []
        matcher = SequenceMatcher(None, [_kind(b) for b in seg_a], [_kind(b) for b in seg_b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                pending += zip(seg_a[i1:i2], seg_b[j1:j2])
            else:
                pending += [(block, None) for block in seg_a[i1:i2]]
                pending += [(None, block) for block in seg_b[j1:j2]]
        blocks += _layout(pending, lang_a, lang_b, layout, keep_fallbacks)
    locales = tuple(dict(second.meta.locales + first.meta.locales).items())
    return replace(first, blocks=tuple(blocks), meta=replace(first.meta, locales=locales))


def _layout(pairs: list[tuple[Block | None, Block | None]], lang_a: str, lang_b: str, layout: Layout,
            keep_fallbacks: bool) -> list[Block]:
    blocks: list[Block] = []
    rows: list[tuple[Paragraph | None, Paragraph | None]] = []

    def flush() -> None:
        if rows:
            blocks.append(Columns(tuple(rows)))
            rows.clear()

    for a, b in pairs:
        if b is not None:
            b = _translation(b, lang_b)
            if _only_fallback(b, lang_a) and not keep_fallbacks and a is not None:
                b = None
        if layout == "side-by-side" and isinstance(a or b, Paragraph):
            rows.append((a, b))
            continue
        flush()
        if a is not None and b is not None and isinstance(a, (Contents, ListOf, PageBreak)):
            blocks.append(_merged(a, b))
        else:
            blocks += [x for x in (a, b) if x is not None]
    flush()
    return blocks
