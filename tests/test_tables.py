"""Generated tables agree with the data they are counted from."""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import REPO
from hrap_report import tables
from hrap_report.dataset import load_report
from hrap_report.document import Table, plain
from hrap_report.errors import InputError
from hrap_report.markup import read_markup


@pytest.fixture(scope="module")
def report():
    return load_report(REPO / "data")


def test_status_by_chapter_counts_every_indicator(report):
    frame = tables.status_by_chapter(report).frame
    total = frame.iloc[-1]
    assert total["Chapter"] == "Total" and total["Indicators"] == "168"
    rollups = Counter(report.scale.rollup_of(i) for i in report.all_indicators())
    for level in report.scale.rollup:
        assert total[level.label] == str(rollups[level.id])
    chapter_two = frame.iloc[1]
    assert chapter_two["Indicators"] == str(sum(1 for _ in report.chapters[1].all_indicators()))
    share = 100 * rollups["achieved"] / 168
    assert total["Achieved (%)"] == f"{share:.1f} %"


def test_sections_by_status_lists_the_chapters_sections(report):
    chapter = report.chapters[2]
    frame = tables.sections_by_status(report, chapter).frame
    assert list(frame["Section"][:-1]) == [f"III.({s.number}) {s.title}" for s in chapter.sections]
    assert frame.iloc[-1]["Indicators"] == "37"


def test_quantitative_annex_computes_share_and_status(report):
    frame = tables.quantitative(report).frame
    assert len(frame) == sum(len(i.metrics) for i in report.all_indicators())
    jobs = frame[(frame["No."] == "1") & (frame["Metric"] == "New urban jobs")].iloc[0]
    assert (jobs["Target"], jobs["Outcome"], jobs["Share of target"], jobs["Status"]) == (
        "≥50 (2020)", "65.64 (2020)", "131 %", "Exceeded")


def test_table_markup_reads_back_as_a_table_with_text_escaped(report):
    table = tables.table_function(report)("indicator_index", caption="Index & <more>")
    (block,) = read_markup(table)
    assert isinstance(block, Table) and plain(block.caption.text) == "Index & <more>"
    assert [plain(c.inlines) for c in block.head[0]] == ["No.", "Indicator", "Section", "Status"]
    assert len(block.body) == 168 and block.body[0][0].align == "right"


def test_unknown_table_is_an_input_error(report):
    with pytest.raises(InputError, match="unknown table 'nope'"):
        tables.table_function(report)("nope")
