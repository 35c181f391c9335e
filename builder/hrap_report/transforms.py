"""Layout decisions made once on the document model, for every writer: outline entries
for headings, and the entries of the contents list."""
from __future__ import annotations

from dataclasses import replace

from .document import Contents, ContentsEntry, Document, Heading, Outline, Paragraph, plain


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


def apply_transforms(document: Document) -> Document:
    """Every transform, in order."""
    return contents_entries(outline_entries(document))
