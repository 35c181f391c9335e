"""Generated tables agree with the data they are counted from."""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import REPO, placed_by
from hrap_report.compose import tables
from hrap_report.compose.labels import load_labels
from hrap_report.document.blocks import Table, plain
from hrap_report.errors import InputError
from hrap_report.model.localized import localize
from hrap_report.validation.checks import load_report


@pytest.fixture(scope="module")
def report():
    return load_report(REPO / "data")


EN = load_labels("en")
ZH = load_labels("zh")


def test_status_by_chapter_counts_every_indicator(report):
    records = tables.status_by_chapter(report, EN).records()
    total = records[-1]
    assert total["Chapter"] == "Total" and total["Indicators"] == "168"
    rollups = Counter(report.scale.rollup_of(i) for i in report.all_indicators())
    for level in report.scale.rollup:
        assert total[level.label] == str(rollups[level.id])
    chapter_two = records[1]
    assert chapter_two["Indicators"] == str(sum(1 for _ in report.chapters[1].all_indicators()))
    share = 100 * rollups["achieved"] / 168
    assert total["Achieved (%)"] == f"{share:.1f}%"


def test_sections_by_status_lists_the_chapters_sections(report):
    chapter = report.chapters[2]
    table = tables.sections_by_status(report, EN, chapter)
    assert table.column("Section")[:-1] == [f"III.({s.number}) {s.title}" for s in chapter.sections]
    assert table.records()[-1]["Indicators"] == "37"
    # The caption does not start with the chapter's numeral right after "Table 3. ".
    assert table.caption == "Sections of chapter III (Rights of Specific Groups) by status"


def test_quantitative_annex_computes_share_and_status(report):
    table = tables.quantitative(report, EN)
    records = table.records()
    assert len(records) == sum(len(i.metrics) for i in report.all_indicators())
    jobs = [r for r in records if r["No."] == "1" and r["Metric"] == "New urban jobs"][0]
    assert (jobs["Target"], jobs["Outcome"], jobs["Share of target"], jobs["Met"], jobs["Status"]) == (
        "≥50 (2020)", "65.64 (2020)", "131%", "Met", "Exceeded")
    schooling = [r for r in records if r["No."] == "35"][0]
    assert (schooling["Outcome"], schooling["Met"], schooling["Status"]) == ("10.75 (2020)", "Not met", "Progressing")
    assert set(table.column("Met")) == {"Met", "Not met", "No data"}


def test_binding_vs_expected_counts_classified_indicators(report):
    chapters = [c.model_copy(update={"indicators": [i.model_copy(update={"binding": i.number % 3 == 0})
                                                   for i in c.indicators]}) for c in report.chapters]
    classified = report.model_copy(update={"chapters": chapters})
    kinds = {r["Kind of target"]: r for r in tables.binding_vs_expected(classified, EN).records()}
    binding = sum(1 for c in chapters for i in c.indicators if i.binding)
    expected = sum(1 for c in chapters for i in c.indicators if i.binding is False)
    assert (kinds["Binding"]["Indicators"], kinds["Expected"]["Indicators"]) == (str(binding), str(expected))
    assert kinds["Total"]["Indicators"] == "168" and classified.classifies_binding


def test_table_markup_reads_back_as_a_table_with_text_escaped(report):
    (block,) = placed_by(tables.table_function, report, EN)("indicator_index", caption="Index & <more>")
    assert isinstance(block, Table) and plain(block.caption.text) == "Index & <more>"
    assert [plain(c.inlines) for c in block.head[0]] == ["No.", "Indicator", "Status", "Page"]
    indicators = [row for row in block.body if plain(row[1].inlines)]
    assert len(indicators) == 168 and indicators[0][0].align == "right"


def test_the_index_names_each_chapter_and_section_once_in_a_group_row(report):
    (block,) = placed_by(tables.table_function, report, EN)("indicator_index")
    groups = [block.body[n][0] for n in sorted(block.groups)]
    assert all(not any(plain(c.inlines) for c in block.body[n][1:]) for n in block.groups)
    chapter = report.chapters[0]
    expected = [EN("chapter_heading", number=c.number, title=c.title) for c in report.chapters]
    expected[1:1] = [EN("section_ref", chapter=1, number=s.number, title=s.title) for s in chapter.sections]
    titles = [plain(cell.inlines) for cell in groups]
    assert titles[:len(chapter.sections) + 2] == expected[:len(chapter.sections) + 2]
    places = len(report.chapters) + sum(len(c.sections) for c in report.chapters)
    assert len(titles) == len(set(titles)) == places
    assert all(i.strong for cell in groups for i in cell.inlines)
    assert plain(block.body[0][0].inlines) == expected[0] and plain(block.body[-1][0].inlines) == "168"


def test_a_column_empty_in_every_row_is_left_out_and_groups_go_before_their_rows():
    from hrap_report.compose.markup import Defaults, Placed

    generated = tables.GeneratedTable("Caption", ("A", "B", "C"), (("1", "", "x"), ("2", "", "y")), (1, 2, 3),
                                      groups=((0, "First"), (1, "Second")))
    block = generated.block(Placed(Defaults()))
    assert [plain(c.inlines) for c in block.head[0]] == ["A", "C"] and block.widths == (1, 3)
    assert [[plain(c.inlines) for c in row] for row in block.body] == [
        ["First", ""], ["1", "x"], ["Second", ""], ["2", "y"]]
    assert block.groups == {0, 2}
    assert generated.records()[0] == {"A": "1", "B": "", "C": "x"}  # the data keeps it


def test_unknown_table_is_an_input_error(report):
    with pytest.raises(InputError, match="unknown table 'nope'"):
        placed_by(tables.table_function, report, EN)("nope")


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
    (block,) = placed_by(tables.table_function, report, EN)("open")
    expected = [i.number for i in report.all_indicators() if i.status == "in_progress"]
    listed = [row for row in block.body if plain(row[1].inlines)]
    assert [plain(row[0].inlines) for row in listed] == [str(n) for n in expected] and expected
    assert [plain(c.inlines) for c in block.head[0]] == ["No.", "Status"]  # the section: a group row
    assert {plain(row[1].inlines) for row in listed} == {"In progress"}
    sections = {r["section"] for r in tables.indicator_rows(report, EN) if r["status_id"] == "in_progress"}
    assert {plain(row[0].inlines) for row in block.body if row not in listed} == sections


def test_configured_table_groups_into_counts(tmp_path):
    data = _with_tables(tmp_path, "tables:\n  kinds:\n    caption: By kind\n    group_by: nature\n")
    records = tables.configured(load_report(data), load_report(data).tables["kinds"], EN).records()
    quantitative = sum(1 for i in load_report(data).all_indicators() if i.metrics)
    assert [r for r in records if r["Kind"] == "quantitative"][0]["Indicators"] == str(quantitative)
    assert records[-1]["Indicators"] == "168"


def test_configured_table_mistakes_are_located(tmp_path):
    data = _with_tables(tmp_path, "tables:\n  bad:\n    caption: x\n    columns: [number, budget]\n")
    with pytest.raises(InputError) as caught:
        load_report(data)
    lines = (data / "report.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("    columns: [number, budget]") + 1
    assert str(caught.value).startswith(f"{data / 'report.yaml'}:{line}: error: tables.bad.columns.1:")
    data = _with_tables(tmp_path / "2", "tables:\n  bad:\n    caption: x\n    filter: {status: [done]}\n")
    with pytest.raises(InputError, match="unknown values done"):
        placed_by(tables.table_function, load_report(data), EN)("bad")


def test_chinese_tables_take_their_words_from_the_chinese_catalog(report):
    (block,) = placed_by(tables.table_function, report, ZH)("status_by_chapter")
    assert plain(block.caption.text) == ZH("table_status_by_chapter") == "各章指标实施状态"
    head = [plain(c.inlines) for c in block.head[0]]
    assert head[:2] == ["章", "指标数"] and head[-1] == f"{report.scale.rollup[0].label}（%）"
    rows = [[plain(c.inlines) for c in row] for row in block.body]
    # chapters in their order, not sorted by their words (三 sorts before 二)
    assert [row[0] for row in rows[:-1]] == [ZH("chapter_heading", number=c.number, title=c.title)
                                             for c in report.chapters]
    assert rows[0][0].startswith("一、") and rows[-1][0] == "合计" and rows[-1][1] == "168"
    assert rows[-1][-1] == f"{100 * int(rows[-1][2]) / 168:.1f}%"


def test_chinese_quantitative_table_writes_amounts_the_chinese_way(report):
    table = tables.quantitative(report, ZH)
    assert table.caption == "量化目标及其结果"
    assert list(table.columns)[:2] == ["序号", "数值指标"] and "序号" in table.numeric
    jobs = [r for r in table.records() if r["序号"] == "1" and r["数值指标"] == "New urban jobs"][0]
    assert (jobs["目标"], jobs["结果"], jobs["完成比例"], jobs["是否达到"]) == (
        "≥50（2020年）", "65.64（2020年）", "131%", "已达到")
    assert set(table.column("是否达到")) == {"已达到", "未达到", "无数据"}


def test_chinese_sections_and_index_name_places_in_chinese(report):
    chapter = report.chapters[2]
    table = tables.sections_by_status(report, ZH, chapter)
    assert table.caption == f"第三章（{chapter.title}）各节实施状态"
    assert table.column("节")[:-1] == [ZH("section_ref", chapter=3, number=s.number, title=s.title)
                                      for s in chapter.sections]
    assert table.column("节")[1].startswith("三（二）")
    index = tables.indicator_index(report, ZH)
    assert list(index.columns) == ["序号", "指标", "状态", "页码"]
    assert index.groups[0] == (0, ZH("chapter_heading", number=1, title=report.chapters[0].title))
    assert index.groups[1][1].startswith("一（一）")
    methodology = tables.methodology(report, ZH)
    assert list(methodology.columns) == ["类别", "状态", "定义", "汇总为"]
    assert list(dict.fromkeys(methodology.column("类别"))) == ["汇总", "判断", "计算"]


def test_configured_chinese_table_translates_headers_and_values(tmp_path):
    data = _with_tables(tmp_path, "tables:\n  kinds:\n    caption: 按类型\n    group_by: nature\n"
                                  "  quantitative:\n    caption: 定量指标\n    columns: [number, nature, binding]\n"
                                  "    filter: {nature: [quantitative]}\n")
    report = load_report(data)
    table = tables.configured(report, report.tables["kinds"], ZH)
    assert table.column("类型") == ["定量", "定性", "合计"]
    (block,) = placed_by(tables.table_function, report, ZH)("quantitative")
    assert [plain(c.inlines) for c in block.head[0]] == ["序号", "类型", "约束性"]
    assert {plain(row[1].inlines) for row in block.body} == {"定量"}
    assert {plain(row[2].inlines) for row in block.body} == {"未分类"} and block.body[0][0].align == "right"


def test_a_chapter_without_indicators_has_no_row(report):
    empty = report.chapters[1].model_copy(update={"sections": [], "indicators": []})
    table = tables.status_by_chapter(report.model_copy(update={"chapters": [empty, report.chapters[0]]}), EN)
    first = report.chapters[0]
    assert table.column(EN("col_chapter")) == [EN("chapter_heading", number=first.number, title=first.title),
                                               EN("total")]
    assert table.column(EN("col_indicators")) == [str(first.indicator_count)] * 2


def test_further_efforts_lists_the_indicators_not_achieved_with_their_shortfall(report):
    table = tables.further_efforts(report, EN)
    open_items = [i for i in report.all_indicators() if report.scale.rollup_of(i) != report.scale.achieved.id]
    assert open_items and table.column("No.") == [str(i.number) for i in open_items]
    assert table.column("Status") == [report.scale.level(i.status).label for i in open_items]
    assert [r[table.columns[-1]] for r in table.records()] == [i.shortfall or "" for i in open_items]


def test_a_roll_up_is_named_by_the_roll_up_scale_where_a_metric_level_shares_its_id(report):
    """The metric level `achieved` (已达到, a target reached) and the roll-up `achieved`
    (已实现, an indicator) share an id: the methodology table's "rolls up to" column and
    the index's roll-up name the roll-up."""
    chinese = localize(report, "zh", "en")
    table = tables.methodology(chinese, ZH)
    rolls_up = {row[1]: row[-1] for row in table.rows}
    assert rolls_up["已完成"] == "已实现" and rolls_up["已达到"] == "已实现"
