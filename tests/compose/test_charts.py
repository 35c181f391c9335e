"""Charts are described from the data (categories, series, words, alt text), for each
writer to draw natively; every number in them is counted from the model."""
from __future__ import annotations

import re
import sys

import pytest

from conftest import REPO, placed_by
from hrap_report.compose.charts import MAX_BARS, SHARE_CAP, chart_function
from hrap_report.compose.labels import load_labels
from hrap_report.document.blocks import CHART_KINDS, Chart, plain
from hrap_report.errors import InputError
from hrap_report.validation.checks import load_report


@pytest.fixture(scope="module")
def report():
    return load_report(REPO / "data")


EN = load_labels("en")
ZH = load_labels("zh")


@pytest.mark.parametrize("name", ["status_by_chapter", "quantitative_targets"])
def test_a_chart_is_a_description_with_caption_and_alt_text(report, name):
    (chart,) = placed_by(chart_function, report, EN)(name)
    assert isinstance(chart, Chart) and chart.kind in CHART_KINDS and chart.lang == "en"
    assert plain(chart.caption.text) and len(chart.alt) > 40 and chart.axis_title
    assert all(len(s.values) == len(chart.categories) for s in chart.series)


def test_the_status_chart_holds_each_chapter_s_shares(report):
    (chart,) = placed_by(chart_function, report, EN)("status_by_chapter")
    assert chart.categories == ("I", "II", "III", "IV", "V")
    assert [s.name for s in chart.series] == [level.label for level in report.scale.rollup]
    for k, chapter in enumerate(report.chapters):
        counts = list(report.rollup_counts(chapter.all_indicators()).values())
        assert [s.values[k] for s in chart.series] == pytest.approx([100 * n / sum(counts) for n in counts])
    assert (chart.axis_max, chart.percent, chart.reference) == (100, True, None)
    counts = [sum(1 for i in c.all_indicators() if report.scale.rollup_of(i) == "achieved") for c in report.chapters]
    assert f"chapter I: {counts[0]} achieved" in chart.alt and f"chapter V: {counts[4]} achieved" in chart.alt


def test_the_targets_chart_splits_met_from_not_met_by_the_model(report):
    (chart,) = placed_by(chart_function, report, EN)("quantitative_targets")
    metrics = sorted(((f"{i.number}: {m.label}", m) for i in report.all_indicators() for m in i.metrics
                      if m.share is not None), key=lambda item: item[1].share)
    assert chart.categories == tuple(name for name, _ in metrics)  # in full: nothing cut with "…"
    met, not_met = chart.series
    assert (met.name, not_met.name) == ("Met", "Not met")
    for k, (_, metric) in enumerate(metrics):
        shown = min(metric.share * 100, SHARE_CAP)
        assert (met.values[k], not_met.values[k]) == ((shown, 0) if metric.met else (0, shown))
    assert chart.reference == 100 and chart.percent
    for name, _ in metrics:
        assert name in chart.alt  # the alt text names every bar


def test_unknown_chart_and_bad_width(report):
    with pytest.raises(InputError, match="unknown chart"):
        placed_by(chart_function, report, EN)("pie")
    with pytest.raises(InputError, match="width"):
        placed_by(chart_function, report, EN)("status_by_chapter", width=3)


def test_the_chinese_chart_is_in_chinese(report):
    (chart,) = placed_by(chart_function, report, ZH)("status_by_chapter")
    achieved = report.scale.rollup[0].label
    counts = [sum(1 for i in c.all_indicators() if report.scale.rollup_of(i) == "achieved") for c in report.chapters]
    assert chart.lang == "zh" and chart.categories[0] == "一"
    assert chart.alt.startswith("堆积条形图，每章一条")
    assert f"第一章：{achieved}{counts[0]}项" in chart.alt and chart.alt.endswith("。")


def test_a_chart_of_many_metrics_shows_those_furthest_from_their_targets(report):
    doubled = report.model_copy(update={"chapters": report.chapters * 2})  # 2 x 50 metrics
    (chart,) = placed_by(chart_function, doubled, EN)("quantitative_targets")
    assert len(chart.categories) == MAX_BARS
    assert plain(chart.caption.text) == ("Share of target reached by the 60 of 100 quantitative targets "
                                         "furthest from it")
    (chinese,) = placed_by(chart_function, doubled, ZH)("quantitative_targets")
    assert plain(chinese.caption.text) == "距目标最远的60项量化目标（共100项）的完成比例"


def test_describing_a_chart_imports_no_plotting_library(report):
    placed_by(chart_function, report, EN)("quantitative_targets")
    assert "matplotlib" not in sys.modules


def test_a_chinese_bar_is_named_with_a_full_width_colon(report):
    """A bar of the targets chart is named by the catalog's pattern: "56：单位…" in
    Chinese (GB/T 15834), "56: …" in English."""
    (chinese,) = placed_by(chart_function, report, ZH)("quantitative_targets")
    (english,) = placed_by(chart_function, report, EN)("quantitative_targets")
    assert all(re.fullmatch(r"\d+：\S.*", name) for name in chinese.categories)
    assert all(re.fullmatch(r"\d+: \S.*", name) for name in english.categories)
