"""Two documents of one report, in two languages, paired into one bilingual document.

Both come from the same templates and data, so their headings correspond one to one;
between two headings the blocks are paired by kind in order. *parallel* puts each block
of the first language before its counterpart; *side-by-side* sets paragraphs in two
columns. Headings, tables and figures are never put in columns: a heading is followed by
its translation (in *parallel*, the title by its translation set as a subtitle); a
table, chart or figure is shown once, its caption and column headers in both languages
("Chapter / 章"). The contents and lists show both languages in one entry. A translated
paragraph leaves out the texts it shows untranslated, which the original holds.
"""
from __future__ import annotations

import re
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Literal

from hrap_report.document.blocks import (
    Block,
    Caption,
    Chart,
    Columns,
    Contents,
    ContentsEntry,
    Document,
    Figure,
    Heading,
    Inline,
    Inlines,
    ListOf,
    PageBreak,
    Paragraph,
    Table,
    plain,
)
from hrap_report.document.transforms import list_entries
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


#: The end of a sentence, after which closing quotes or brackets may follow.
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)）]*\s*$")


def _translation(block: Block, lang: str, first: str, keep_fallbacks: bool) -> Block | None:
    """The second language's block: tagged with its language, out of contents and outline.
    Unless `keep_fallbacks`, a paragraph drops its texts in the first language (missing
    translations, shown in the original); left with no whole sentence (nothing, or only a
    lead such as "指标1："), it is None."""
    if isinstance(block, Heading):
        return replace(block, inlines=_tagged(block.inlines, lang), anchor=None, contents=False,
                       outline=None, translation=True)
    if isinstance(block, Paragraph):
        own = block.inlines if keep_fallbacks else tuple(i for i in block.inlines if i.lang != first)
        if own != block.inlines and not _SENTENCE_END.search(plain(own)):
            return None
        return replace(block, inlines=_tagged(own, lang), anchor=None, outline=None)
    return block


def _joined_entries(a: tuple[ContentsEntry, ...], b: tuple[ContentsEntry, ...]) -> tuple[ContentsEntry, ...]:
    if len(a) != len(b):
        return a
    return tuple(replace(x, text=_both(x.text, y.text)) for x, y in zip(a, b))


def _both(a: str, b: str) -> str:
    return a if a == b else f"{a} / {b}"


def _joined(a: Inlines, b: Inlines, lang: str) -> Inlines:
    """Both languages' words ("Chapter / 章"), or one where they are the same."""
    return a if plain(a) == plain(b) else a + (Inline(" / "),) + _tagged(b, lang)


def _caption(a: Caption | None, b: Caption | None, lang: str) -> Caption | None:
    return replace(a, text=_joined(a.text, b.text, lang)) if a and b else a


#: The blocks shown once for both languages.
_ONCE = (Contents, ListOf, PageBreak, Table, Chart, Figure)


def _merged(a: Block, b: Block, lang: str) -> Block:
    """One block standing for two of the same kind: a page break; contents or a list with
    both languages' words; a table, chart or figure with both languages' caption and headers
    (a list's entries are filled from those captions afterwards)."""
    if isinstance(a, (Contents, ListOf)):
        a = replace(a, title=_both(a.title, b.title))
        return replace(a, entries=_joined_entries(a.entries, b.entries)) if isinstance(a, Contents) else a
    if isinstance(a, PageBreak):
        return a
    a = replace(a, caption=_caption(a.caption, b.caption, lang))
    if isinstance(a, Table) and [len(r) for r in a.head] == [len(r) for r in b.head]:
        head = tuple(tuple(replace(x, inlines=_joined(x.inlines, y.inlines, lang)) for x, y in zip(ra, rb))
                     for ra, rb in zip(a.head, b.head))
        return replace(a, head=head)
    if isinstance(a, Chart) and len(a.series) == len(b.series):
        series = tuple(replace(x, name=_both(x.name, y.name)) for x, y in zip(a.series, b.series))
        return replace(a, series=series, axis_title=_both(a.axis_title, b.axis_title), alt=_both(a.alt, b.alt))
    if isinstance(a, Figure):
        return replace(a, alt=_both(a.alt, b.alt))
    return a


def pair(first: Document, second: Document, layout: Layout = "parallel",
         keep_fallbacks: bool = False) -> Document:
    """The bilingual document of two documents of the same report. The texts a translated
    paragraph shows untranslated are left out of it (see `_translation`) unless
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
    return list_entries(replace(first, blocks=tuple(blocks), meta=replace(first.meta, locales=locales)))


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
            b = _translation(b, lang_b, lang_a, keep_fallbacks or a is None)
        if layout == "side-by-side" and isinstance(a or b, Paragraph):
            rows.append((a, b))
            continue
        flush()
        if isinstance(b, Paragraph) and b.style == "title":
            b = replace(b, style="subtitle")  # right below the title, not a title's space down
        if a is not None and b is not None and isinstance(a, _ONCE):
            blocks.append(_merged(a, b, lang_b))
        else:
            blocks += [x for x in (a, b) if x is not None]
    flush()
    return blocks
