"""Charts are drawn from the data, at print resolution, with captions and alt text."""
from __future__ import annotations

import logging
import warnings

import pytest
from PIL import Image

from conftest import REPO, placed_by
from hrap_report.compose.charts import DPI, MAX_BARS, chart_function
from hrap_report.compose.labels import load_labels
from hrap_report.document.blocks import Figure, plain
from hrap_report.errors import InputError
from hrap_report.validation.checks import load_report


@pytest.fixture(scope="module")
def report():
    return load_report(REPO / "data")


EN = load_labels("en")
ZH = load_labels("zh")


@pytest.mark.parametrize("name", ["status_by_chapter", "quantitative_targets"])
def test_chart_is_a_print_resolution_figure_with_alt_text(report, tmp_path, name):
    (figure,) = placed_by(chart_function, report, tmp_path, None, EN)(name)
    assert isinstance(figure, Figure) and figure.image == tmp_path / f"{name}-en.png"
    image = Image.open(figure.image)
    assert image.info["dpi"][0] == pytest.approx(DPI, abs=1) and image.width >= 1000
    assert plain(figure.caption.text) and len(figure.alt) > 40


def test_status_chart_alt_text_counts_each_chapter(report, tmp_path):
    (figure,) = placed_by(chart_function, report, tmp_path, None, EN)("status_by_chapter")
    counts = [sum(1 for i in c.all_indicators() if report.scale.rollup_of(i) == "achieved") for c in report.chapters]
    assert f"chapter I: {counts[0]} achieved" in figure.alt
    assert f"chapter V: {counts[4]} achieved" in figure.alt


def test_unknown_chart(report, tmp_path):
    with pytest.raises(InputError, match="unknown chart"):
        placed_by(chart_function, report, tmp_path, None, EN)("pie")


@pytest.mark.parametrize("name", ["status_by_chapter", "quantitative_targets"])
def test_chinese_chart_draws_every_glyph_beside_the_english_one(report, tmp_path, caplog, name):
    (english,) = placed_by(chart_function, report, tmp_path, None, EN)(name)
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        (chinese,) = placed_by(chart_function, report, tmp_path, None, ZH)(name)
    assert not [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")]
    assert chinese.image == tmp_path / f"{name}-zh.png" and english.image == tmp_path / f"{name}-en.png"
    assert chinese.image.read_bytes() != english.image.read_bytes()
    assert plain(chinese.caption.text) in (ZH("chart_status_caption"), ZH("chart_targets_caption"))


def test_chinese_status_chart_alt_text_is_chinese(report, tmp_path):
    (figure,) = placed_by(chart_function, report, tmp_path, None, ZH)("status_by_chapter")
    achieved = report.scale.rollup[0].label
    counts = [sum(1 for i in c.all_indicators() if report.scale.rollup_of(i) == "achieved") for c in report.chapters]
    assert figure.alt.startswith("堆积条形图，每章一条")
    assert f"第一章：{achieved}{counts[0]}项" in figure.alt
    assert f"第五章：{achieved}{counts[4]}项" in figure.alt
    assert "；第二章：" in figure.alt and figure.alt.endswith("。")


def test_a_chart_of_many_metrics_shows_those_furthest_from_their_targets(report, tmp_path):
    """Labels 5 points high leave room for MAX_BARS bars; past that the chart would be an
    illegible smear (and took minutes to draw at 100 times the default data)."""
    doubled = report.model_copy(update={"chapters": report.chapters * 2})  # 2 x 50 metrics
    (figure,) = placed_by(chart_function, doubled, tmp_path, None, EN)("quantitative_targets")
    assert plain(figure.caption.text) == ("Share of target reached by the 60 of 100 quantitative targets "
                                          "furthest from it")
    shares = sorted(m.share for i in doubled.all_indicators() for m in i.metrics if m.share is not None)
    met = sum(share >= 1 for share in shares[:MAX_BARS])
    assert figure.alt.startswith(f"Horizontal bars for {MAX_BARS} metrics") and f"{met} reach" in figure.alt
    (chinese,) = placed_by(chart_function, doubled, tmp_path, None, ZH)("quantitative_targets")
    assert plain(chinese.caption.text) == "距目标最远的60项量化目标（共100项）的完成比例"


def test_a_dollar_in_a_metric_label_is_a_dollar(report, tmp_path):
    """matplotlib reads `$…$` as a formula: `$\\frac{a}$` failed to draw, `$x$` came out as math."""
    indicator = next(i for i in report.all_indicators() if any(m.share is not None for m in i.metrics))
    metric = next(m for m in indicator.metrics if m.share is not None)
    labelled = metric.model_copy(update={"label": "Spending of $\\frac{a}$ per $x$"})
    changed = indicator.model_copy(update={"metrics": [labelled if m is metric else m for m in indicator.metrics]})
    chapter = report.chapters[0].model_copy(update={"indicators": [changed], "sections": []})
    (figure,) = placed_by(chart_function, report.model_copy(update={"chapters": [chapter]}), tmp_path, None, EN)(
        "quantitative_targets")
    assert Image.open(figure.image).width >= 1000
