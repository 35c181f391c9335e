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
    assert (jobs["Target"], jobs["Outcome"], jobs["Share of target"], jobs["Met"], jobs["Status"]) == (
        "≥50 (2020)", "65.64 (2020)", "131 %", "Met", "Exceeded")
    schooling = frame[frame["No."] == "35"].iloc[0]
    assert (schooling["Outcome"], schooling["Met"], schooling["Status"]) == ("10.75 (2020)", "Not met", "Progressing")
    assert set(frame["Met"]) == {"Met", "Not met", "No data"}


def test_binding_vs_expected_counts_classified_indicators(report):
    chapters = [c.model_copy(update={"indicators": [i.model_copy(update={"binding": i.number % 3 == 0})
                                                   for i in c.indicators]}) for c in report.chapters]
    classified = report.model_copy(update={"chapters": chapters})
    frame = tables.binding_vs_expected(classified).frame.set_index("Kind of target")
    binding = sum(1 for c in chapters for i in c.indicators if i.binding)
    expected = sum(1 for c in chapters for i in c.indicators if i.binding is False)
    assert (frame.loc["Binding", "Indicators"], frame.loc["Expected", "Indicators"]) == (str(binding), str(expected))
    assert frame.loc["Total", "Indicators"] == "168" and classified.classifies_binding


def test_table_markup_reads_back_as_a_table_with_text_escaped(report):
    table = tables.table_function(report)("indicator_index", caption="Index & <more>")
    (block,) = read_markup(table)
    assert isinstance(block, Table) and plain(block.caption.text) == "Index & <more>"
    assert [plain(c.inlines) for c in block.head[0]] == ["No.", "Indicator", "Section", "Status"]
    assert len(block.body) == 168 and block.body[0][0].align == "right"


def test_unknown_table_is_an_input_error(report):
    with pytest.raises(InputError, match="unknown table 'nope'"):
        tables.table_function(report)("nope")


def _with_tables(tmp_path, tables_yaml: str):
    import shutil
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    with (data / "report.yaml").open("a", encoding="utf-8") as f:
        f.write(tables_yaml)
    return data


def test_configured_table_filters_and_picks_columns(tmp_path):
    data = _with_tables(tmp_path, "tables:\n  open:\n    caption: Still in progress\n"
                                  "    columns: [number, section, status]\n    filter: {status: [in_progress]}\n")
    report = load_report(data)
    (block,) = read_markup(tables.table_function(report)("open"))
    expected = [i.number for i in report.all_indicators() if i.status == "in_progress"]
    assert [plain(row[0].inlines) for row in block.body] == [str(n) for n in expected] and expected
    assert [plain(c.inlines) for c in block.head[0]] == ["No.", "Section", "Status"]
    assert {plain(row[2].inlines) for row in block.body} == {"In progress"}


def test_configured_table_groups_into_counts(tmp_path):
    data = _with_tables(tmp_path, "tables:\n  kinds:\n    caption: By kind\n    group_by: nature\n")
    frame = tables.configured(load_report(data), load_report(data).tables["kinds"]).frame
    quantitative = sum(1 for i in load_report(data).all_indicators() if i.metrics)
    assert frame[frame["Kind"] == "quantitative"].iloc[0]["Indicators"] == str(quantitative)
    assert frame.iloc[-1]["Indicators"] == "168"


def test_configured_table_mistakes_are_located(tmp_path):
    data = _with_tables(tmp_path, "tables:\n  bad:\n    caption: x\n    columns: [number, budget]\n")
    with pytest.raises(InputError) as caught:
        load_report(data)
    lines = (data / "report.yaml").read_text(encoding="utf-8").splitlines()
    assert caught.value.line == lines.index("    columns: [number, budget]") + 1
    data = _with_tables(tmp_path / "2", "tables:\n  bad:\n    caption: x\n    filter: {status: [done]}\n")
    with pytest.raises(InputError, match="unknown values done"):
        tables.table_function(load_report(data))("bad")
