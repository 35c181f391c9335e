"""Pairing two language versions of a document into one bilingual document."""
from __future__ import annotations

import pytest

from hrap_report.document.bilingual import pair
from hrap_report.document.blocks import (
    Columns,
    Contents,
    ContentsEntry,
    Document,
    Heading,
    Inline,
    Meta,
    PageBreak,
    Paragraph,
)
from hrap_report.errors import InputError


def doc(language: str, *blocks) -> Document:
    return Document(Meta(title="t", language=language), tuple(blocks))


def p(text: str, lang: str | None = None, style: str = "body") -> Paragraph:
    return Paragraph((Inline(text, lang=lang),), style)


EN = doc("en", Contents("Contents", 2, (ContentsEntry(1, "Work", "a"),)), PageBreak(),
         Heading(1, (Inline("Work"),), "a"), p("One."), p("Two."), p("Target", style="indicator"))
ZH = doc("zh", Contents("目录", 2, (ContentsEntry(1, "工作", "a"),)), PageBreak(),
         Heading(1, (Inline("工作"),), "a"), p("一。"), p("Two.", lang="en"), p("目标", style="indicator"))


def test_parallel_puts_each_block_before_its_translation():
    blocks = pair(EN, ZH, "parallel").blocks
    contents, _, heading, translated, *rest = blocks
    assert contents.title == "Contents / 目录" and contents.entries[0].text == "Work / 工作"
    assert heading.anchor == "a" and not heading.translation
    assert translated.translation and translated.anchor is None and not translated.contents
    assert translated.inlines[0].lang == "zh"  # tagged, so writers pick its fonts and language
    texts = [b.inlines[0].text for b in rest]
    assert texts == ["One.", "一。", "Two.", "Target", "目标"]  # an untranslated "Two." once


def test_side_by_side_sets_paragraphs_in_rows_and_keeps_headings_full_width():
    blocks = pair(EN, ZH, "side-by-side").blocks
    assert isinstance(blocks[2], Heading) and isinstance(blocks[3], Heading)
    columns = blocks[4]
    assert isinstance(columns, Columns)
    rows = [(a and a.inlines[0].text, b and b.inlines[0].text) for a, b in columns.rows]
    assert rows == [("One.", "一。"), ("Two.", None), ("Target", "目标")]


def test_fallbacks_are_kept_when_marked():
    blocks = pair(EN, ZH, "parallel", keep_fallbacks=True).blocks
    assert [b.inlines[0].text for b in blocks if isinstance(b, Paragraph)].count("Two.") == 2


def test_different_structures_are_refused():
    other = doc("zh", Heading(1, (Inline("工作"),)), Heading(2, (Inline("节"),)))
    with pytest.raises(InputError, match="different headings"):
        pair(EN, other)
    with pytest.raises(InputError, match="layout"):
        pair(EN, ZH, "columns")
