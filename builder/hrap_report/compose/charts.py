"""Charts described from the model, which templates place by name.

`{{ chart("status_by_chapter") }}` hands the document model a `Chart`: its data (the
categories and series), kind, words and alternative text, never a picture. Each writer
draws it natively in the document's own fonts: vectors in the PDF, a Word chart with its
data in the DOCX, which an editor can restyle and correct. The words come from the label
catalog of the report's language; every number is counted from the model.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from markupsafe import Markup

from hrap_report.compose.labels import Labels
from hrap_report.compose.markup import Placed
from hrap_report.document.blocks import Chart, Series
from hrap_report.errors import InputError
from hrap_report.model.report import Report

#: The bars a chart of metrics has room for on a page; with more metrics it shows those
#: furthest from their targets, and says so.
MAX_BARS = 60
#: A share of a target beyond this is drawn at it: one bar of 5,000 % would flatten all the others.
SHARE_CAP = 300


def status_by_chapter(report: Report, labels: Labels, placed: Placed, caption: str | None) -> Chart:
    """The share of each chapter's indicators at each roll-up level, as stacked bars (a
    chapter holding none has no bar)."""
    scale = report.scale
    chapters = [chapter for chapter in report.chapters if chapter.indicator_count]
    ticks = [labels("chapter_number", number=c.number) for c in chapters]
    counts = [list(report.rollup_counts(chapter.all_indicators()).values()) for chapter in chapters]
    shares = [[100 * n / sum(row) for n in row] for row in counts]
    series = tuple(Series(level.label, tuple(row[k] for row in shares)) for k, level in enumerate(scale.rollup))
    summary = labels("item_separator").join(
        labels("chart_status_alt_chapter", chapter=tick, counts=labels("list_separator").join(
            labels("chart_status_alt_count", count=n, level=level.label)
            for n, level in zip(row, scale.rollup) if n))
        for tick, row in zip(ticks, counts))
    return Chart(tuple(ticks), series, placed.caption("figure", caption or labels("chart_status_caption")),
                 labels("chart_status_alt", summary=summary), axis_title=labels("chart_status_axis"),
                 axis_max=100, percent=True)


def quantitative_targets(report: Report, labels: Labels, placed: Placed, caption: str | None) -> Chart:
    """The share of its target each metric with an outcome reached, met ones apart from
    the others (a series each, so a reader without colour tells them by the legend's
    pattern), against a dashed line at 100 %."""
    metrics = [(labels("chart_targets_bar", number=i.number, label=m.label), m.share, bool(m.met))
               for i in report.all_indicators() for m in i.metrics if m.share is not None]
    metrics.sort(key=lambda item: item[1])
    count, metrics = len(metrics), metrics[:MAX_BARS]  # the furthest from their targets
    values = [min(share * 100, SHARE_CAP) for _, share, _ in metrics]
    series = (Series(labels("met"), tuple(v if met else 0.0 for v, (_, _, met) in zip(values, metrics))),
              Series(labels("not_met"), tuple(0.0 if met else v for v, (_, _, met) in zip(values, metrics))))
    met = sum(1 for _, _, reached in metrics if reached)
    default = (labels("chart_targets_caption") if count <= MAX_BARS else
               labels("chart_targets_caption_some", shown=MAX_BARS, count=count))
    # the alt text names every bar in full: a chart shortens nothing, but a reader of the
    # alt text has no chart to look at
    bars = labels("item_separator").join(f"{name} {labels.percent(share, 0)}" for name, share, _ in metrics)
    alt = f"{labels('chart_targets_alt', count=len(metrics), met=met)} {bars}"
    return Chart(tuple(name for name, _, _ in metrics), series, placed.caption("figure", caption or default), alt,
                 axis_title=labels("chart_targets_axis"), axis_max=max([100.0, *values]), percent=True,
                 reference=100)


CHARTS: dict[str, Callable[[Report, Labels, Placed, str | None], Chart]] = {
    "status_by_chapter": status_by_chapter, "quantitative_targets": quantitative_targets,
}


def chart_function(report: Report, labels: Labels, placed: Placed) -> Callable[..., Markup]:
    """The `chart(name, caption=None, width=1.0)` function templates call: the chart goes
    to `placed`, the template gets its placeholder."""
    def chart(name: str, caption: str | None = None, width: float = 1.0) -> Markup:
        if name not in CHARTS:
            raise InputError(f"unknown chart {name!r}; charts: {', '.join(CHARTS)}")
        if not isinstance(width, (int, float)) or not 0 < width <= 1:
            raise InputError(f"chart {name!r}: width must be a share of the text width, above 0 and at most 1")
        described = CHARTS[name](report, labels, placed, caption)
        return placed(replace(described, width=float(width), lang=labels.language))
    return chart
