"""Charts are drawn from the data, at print resolution, with captions and alt text."""
from __future__ import annotations

import pytest
from PIL import Image

from conftest import REPO
from hrap_report.charts import DPI, chart_function
from hrap_report.dataset import load_report
from hrap_report.document import Figure, plain
from hrap_report.errors import InputError
from hrap_report.markup import read_markup


@pytest.fixture(scope="module")
def report():
    return load_report(REPO / "data")


@pytest.mark.parametrize("name", ["status_by_chapter", "quantitative_targets"])
def test_chart_is_a_print_resolution_figure_with_alt_text(report, tmp_path, name):
    (figure,) = read_markup(chart_function(report, tmp_path)(name))
    assert isinstance(figure, Figure) and figure.image == tmp_path / f"{name}.png"
    image = Image.open(figure.image)
    assert image.info["dpi"][0] == pytest.approx(DPI, abs=1) and image.width >= 1000
    assert plain(figure.caption.text) and len(figure.alt) > 40


def test_status_chart_alt_text_counts_each_chapter(report, tmp_path):
    (figure,) = read_markup(chart_function(report, tmp_path)("status_by_chapter"))
    counts = [sum(1 for i in c.all_indicators() if report.scale.rollup_of(i) == "achieved") for c in report.chapters]
    assert f"chapter I: {counts[0]} achieved" in figure.alt
    assert f"chapter V: {counts[4]} achieved" in figure.alt


def test_unknown_chart(report, tmp_path):
    with pytest.raises(InputError, match="unknown chart"):
        chart_function(report, tmp_path)("pie")
