"""Pairing two language versions of a document into one bilingual document."""
from __future__ import annotations

import pytest

from hrap_report.document.bilingual import pair
from hrap_report.document.blocks import (
    Caption,
    Cell,
    Chart,
    Columns,
    Contents,
    ContentsEntry,
    Document,
    Heading,
    Inline,
    ListOf,
    Meta,
    PageBreak,
    Paragraph,
    Series,
    Table,
    plain,
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


def _table(lang: str, caption: str, head: str, cell: str) -> Table:
    return Table(((Cell((Inline(head),)),),), ((Cell((Inline(cell),)),),), (1.0,),
                 Caption("Table" if lang == "en" else "表", (Inline(caption),), 1))


def _chart(caption: str, series: str, axis: str) -> Chart:
    return Chart(("I",), (Series(series, (1.0,)),), Caption("Figure", (Inline(caption),), 1), "alt",
                 axis_title=axis)


@pytest.mark.parametrize("layout", ["parallel", "side-by-side"])
def test_tables_and_charts_once_with_both_languages_words(layout):
    en = doc("en", ListOf("table", "List of Tables"), Heading(1, (Inline("Work"),), "a"),
             _table("en", "Status", "Chapter", "I. Work"), _chart("Shares", "Achieved", "Share"))
    zh = doc("zh", ListOf("table", "表格目录"), Heading(1, (Inline("工作"),), "a"),
             _table("zh", "状态", "章", "一、工作"), _chart("比例", "已实现", "比例"))
    blocks = pair(en, zh, layout).blocks
    (table,) = [b for b in blocks if isinstance(b, Table)]
    (chart,) = [b for b in blocks if isinstance(b, Chart)]
    assert table.caption.plain() == "Table 1. Status / 状态"
    assert plain(table.head[0][0].inlines) == "Chapter / 章" and table.head[0][0].inlines[-1].lang == "zh"
    assert plain(table.body[0][0].inlines) == "I. Work"
    assert chart.caption.plain() == "Figure 1. Shares / 比例"
    assert (chart.series[0].name, chart.axis_title) == ("Achieved / 已实现", "Share / 比例")
    assert blocks[0].title == "List of Tables / 表格目录"
    assert [e.text for e in blocks[0].entries] == ["Table 1. Status / 状态"]


def test_a_translation_leaves_out_its_untranslated_texts():
    opening = "From 2016 to 2020, much was done."
    en = doc("en", Heading(1, (Inline("IV"),), "a"), p("There are seven. " + opening),
             p("Lead: " + opening), Paragraph((Inline("Indicator 1:", strong=True), Inline(" Target."))))
    zh = doc("zh", Heading(1, (Inline("四"),), "a"), Paragraph((Inline("本章共有7项指标。"), Inline(opening, lang="en"))),
             Paragraph((Inline("四、", strong=True), Inline(opening, lang="en"))),
             Paragraph((Inline("指标1：", strong=True), Inline("Target.", lang="en"))))
    texts = [plain(b.inlines) for b in pair(en, zh).blocks if isinstance(b, Paragraph)]
    assert texts == ["There are seven. " + opening, "本章共有7项指标。", "Lead: " + opening, "Indicator 1: Target."]
    kept = [plain(b.inlines) for b in pair(en, zh, keep_fallbacks=True).blocks if isinstance(b, Paragraph)]
    assert sum(opening in t for t in kept) == 4  # draft marks wanted: every fallback stays


def test_the_titles_translation_follows_it_as_a_subtitle():
    en, zh = doc("en", p("Report", style="title")), doc("zh", p("报告", style="title"))
    assert [b.style for b in pair(en, zh).blocks] == ["title", "subtitle"]
    assert [r for r in pair(en, zh, "side-by-side").blocks[0].rows][0][1].style == "title"
