"""Layout decisions made once on the document model, for every writer: outline entries
for headings, caption numbers, the entries of the contents and of lists of tables and
figures, and document properties of a length every format holds."""
from __future__ import annotations

import re
from dataclasses import replace

from hrap_report.document.blocks import (
    Chart,
    Contents,
    ContentsEntry,
    Document,
    Figure,
    Heading,
    ListOf,
    Outline,
    Paragraph,
    Table,
    plain,
)


def outline_entries(document: Document) -> Document:
    """Give every heading an outline entry, and nest paragraph entries below their heading."""
    blocks, level = [], 0
    for block in document.blocks:
        if isinstance(block, Heading):
            outline = block.outline or Outline(block.level, plain(block.inlines))
            block = replace(block, outline=replace(outline, level=outline.level or block.level))
            level = block.outline.level
        elif isinstance(block, Paragraph) and block.outline and not block.outline.level:
            block = replace(block, outline=replace(block.outline, level=level + 1))
        blocks.append(block)
    return replace(document, blocks=tuple(blocks))


def contents_entries(document: Document) -> Document:
    """Fill each contents list with the headings, down to its depth, that have anchors."""
    headings = [b for b in document.blocks if isinstance(b, Heading) and b.contents and b.anchor]
    blocks = tuple(
        replace(b, entries=tuple(ContentsEntry(h.level, plain(h.inlines), h.anchor)
                                 for h in headings if h.level <= b.depth))
        if isinstance(b, Contents) else b
        for b in document.blocks
    )
    return replace(document, blocks=blocks)


def number_captions(document: Document) -> Document:
    """Number tables and figures in reading order, one sequence per caption label, and
    give each captioned block an anchor for its list entry."""
    counters: dict[str, int] = {}
    blocks = []
    for block in document.blocks:
        if isinstance(block, (Table, Figure, Chart)) and block.caption:
            label = block.caption.label
            counters[label] = counters.get(label, 0) + 1
            slug = re.sub(r"\W+", "-", label.lower()).strip("-")
            block = replace(block, caption=replace(block.caption, number=counters[label]),
                            anchor=block.anchor or f"{slug}-{counters[label]}")
        blocks.append(block)
    return replace(document, blocks=tuple(blocks))


def list_entries(document: Document) -> Document:
    """Fill each list of tables or figures with the numbered captions of its kind."""
    captioned = {
        kind: [b for b in document.blocks if isinstance(b, cls) and b.caption and b.caption.number]
        for kind, cls in (("table", Table), ("figure", (Figure, Chart)))
    }
    default_labels = {"table": "Table", "figure": "Figure"}

    def filled(listof: ListOf) -> ListOf:
        blocks = captioned[listof.kind]
        return replace(listof, entries=tuple(ContentsEntry(1, b.caption.plain(), b.anchor) for b in blocks),
                       label=blocks[0].caption.label if blocks else default_labels[listof.kind])

    return replace(document, blocks=tuple(filled(b) if isinstance(b, ListOf) else b for b in document.blocks))


#: The most characters a document property may have: Word's limit, which python-docx enforces.
PROPERTY_LENGTH = 255


def fit_properties(document: Document) -> Document:
    """Shorten, with an ellipsis, document properties longer than Word allows (a long
    title, many authors); the document's own text keeps them whole."""
    def fit(text: str) -> str:
        return text if len(text) <= PROPERTY_LENGTH else text[:PROPERTY_LENGTH - 1] + "…"

    meta = document.meta
    return replace(document, meta=replace(meta, title=fit(meta.title), author=fit(meta.author),
                                          subject=fit(meta.subject), keywords=fit(meta.keywords)))


def apply_transforms(document: Document) -> Document:
    """Every transform, in order."""
    return fit_properties(list_entries(number_captions(contents_entries(outline_entries(document)))))
