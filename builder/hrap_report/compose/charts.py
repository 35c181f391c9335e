"""Charts drawn from the model with matplotlib, which templates place by name.

`{{ chart("status_by_chapter") }}` draws the chart as a 200 dpi PNG into the build's
working folder and writes a `<figure>` with its caption and alternative text. Colours are
the Okabe-Ito palette, told apart by colour-blind readers, with hatching and distinct
lightness so they also survive greyscale printing. The words come from the label catalog
of the report's language; Chinese characters are drawn with the bundled Noto CJK font,
which matplotlib falls back to glyph by glyph where its own font has none.
"""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from hrap_report.compose.labels import Labels
from hrap_report.compose.markup import Placed
from hrap_report.document.blocks import Figure
from hrap_report.errors import InputError
from hrap_report.languages import is_east_asian
from hrap_report.model.report import Report
from hrap_report.resources import ASSETS

DPI = 200
PALETTE = ("#0072B2", "#56B4E9", "#E69F00", "#BBBBBB", "#D55E00")
HATCHES = ("", "//", "..", "xx", "\\\\")
#: The bars a chart of metrics has room for (labels 5 points high); with more metrics it
#: shows those furthest from their targets, and says so.
MAX_BARS = 60
#: The bundled CJK fonts (file, family name in its name table); the first is the fallback
#: of the charts' regular text, the weight all their text has, as in the PDF's body text.
CJK_FONTS = (("NotoSerifCJKsc-Regular-subset.ttf", "Noto Serif CJK SC"),
             ("NotoSansCJKsc-Bold-subset.ttf", "Noto Sans CJK SC"))


@dataclass(frozen=True)
class Chart:
    caption: str
    alt: str
    draw: Callable  # draws on a matplotlib Figure


@functools.cache
def _register_fonts() -> None:
    """Make the bundled CJK fonts known to matplotlib (once per process)."""
    from matplotlib import font_manager

    for file, _ in CJK_FONTS:
        font_manager.fontManager.addfont(str(ASSETS / "fonts" / file))


def _font_family() -> list[str]:
    """matplotlib's font families, then the CJK fallback for the glyphs they lack."""
    import matplotlib

    families = list(matplotlib.rcParams["font.family"])
    fallback = CJK_FONTS[0][1]
    return families if fallback in families else [*families, fallback]


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    figure.set_facecolor("white")
    return figure


def _shorten(text: str, width: int = 48) -> str:
    """A text cut to at most `width` columns with an ellipsis; a Chinese character takes two."""
    def columns(c: str) -> int:
        return 2 if unicodedata.east_asian_width(c) in "WF" else 1
    if sum(map(columns, text)) <= width:
        return text
    used, kept = 0, []
    for c in text:
        used += columns(c)
        if used > width - 1:
            break
        kept.append(c)
    return "".join(kept) + "…"


def status_by_chapter(report: Report, labels: Labels) -> Chart:
    scale = report.scale
    ticks = [labels("chapter_number", number=c.number) for c in report.chapters]
    counts = [list(report.rollup_counts(chapter.all_indicators()).values()) for chapter in report.chapters]
    shares = [[100 * n / (sum(row) or 1) for n in row] for row in counts]

    def draw(figure):
        axes = figure.add_subplot()
        left = [0.0] * len(ticks)
        for k, level in enumerate(scale.rollup):
            values = [row[k] for row in shares]
            axes.barh(ticks, values, left=left, label=level.label, color=PALETTE[k % len(PALETTE)],
                      hatch=HATCHES[k % len(HATCHES)], edgecolor="white", linewidth=0.5)
            left = [a + b for a, b in zip(left, values)]
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel(labels("chart_status_axis"))
        axes.legend(ncols=len(scale.rollup), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
        axes.spines[["top", "right"]].set_visible(False)

    summary = labels("item_separator").join(
        labels("chart_status_alt_chapter", chapter=tick, counts=labels("list_separator").join(
            labels("chart_status_alt_count", count=n, level=level.label)
            for n, level in zip(row, scale.rollup) if n))
        for tick, row in zip(ticks, counts))
    return Chart(labels("chart_status_caption"), labels("chart_status_alt", summary=summary), draw)


def quantitative_targets(report: Report, labels: Labels) -> Chart:
    metrics = [(f"{i.number}: {m.label}", m.share, m.met) for i in report.all_indicators() for m in i.metrics
               if m.share is not None]
    metrics.sort(key=lambda item: item[1])
    count, metrics = len(metrics), metrics[:MAX_BARS]  # the furthest from their targets

    def draw(figure):
        axes = figure.add_subplot()
        names = [_shorten(name) for name, _, _ in metrics]
        values = [min(share * 100, 300) for _, share, _ in metrics]
        colours = [PALETTE[0] if met else PALETTE[2] for _, _, met in metrics]
        hatches = ["" if met else "//" for _, _, met in metrics]
        bars = axes.barh(names, values, color=colours, edgecolor="white", linewidth=0.3)
        for bar, hatch in zip(bars, hatches):
            bar.set_hatch(hatch)
        axes.axvline(100, color="black", linewidth=1, linestyle="--")
        axes.set_xlabel(labels("chart_targets_axis"))
        axes.tick_params(axis="y", labelsize=5)
        axes.spines[["top", "right"]].set_visible(False)

    met = sum(1 for _, _, met in metrics if met)
    caption = (labels("chart_targets_caption") if count <= MAX_BARS else
               labels("chart_targets_caption_some", shown=MAX_BARS, count=count))
    return Chart(caption, labels("chart_targets_alt", count=len(metrics), met=met), draw)


CHARTS: dict[str, Callable[[Report, Labels], Chart]] = {
    "status_by_chapter": status_by_chapter, "quantitative_targets": quantitative_targets,
}
SIZES = {"status_by_chapter": (6.3, 2.8), "quantitative_targets": (6.3, 7.5)}


def draw_chart(report: Report, name: str, path: Path, labels: Labels) -> None:
    """Draw one chart into a PNG file, in the language of `labels`."""
    import matplotlib

    east_asian = is_east_asian(labels.language)
    if east_asian:  # parsing the CJK fonts costs a second: only for charts that need them
        _register_fonts()
    # Every text of the figure takes its font family when it is made or drawn: in here.
    # a "$" in a label is a dollar, not the start of a formula (which fails or is drawn as math)
    style = {"text.parse_math": False, **({"font.family": _font_family()} if east_asian else {})}
    with matplotlib.rc_context(style):
        figure = _figure(*SIZES[name])
        CHARTS[name](report, labels).draw(figure)
        figure.savefig(path, dpi=DPI, metadata={"Software": None})


def chart_function(report: Report, folder: Path, jobs: Executor | None, labels: Labels,
                   placed: Placed) -> Callable[..., Markup]:
    """The `chart(name, caption=None, width=1.0)` function templates call. With `jobs`, the
    image is drawn in the background: wait for the jobs before reading it. The image's file
    is named with the language, so charts of several languages can share the folder."""
    def chart(name: str, caption: str | None = None, width: float = 1.0) -> Markup:
        if name not in CHARTS:
            raise InputError(f"unknown chart {name!r}; charts: {', '.join(CHARTS)}")
        spec = CHARTS[name](report, labels)
        path = folder / f"{name}-{labels.language}.png"
        if jobs is None:
            draw_chart(report, name, path, labels)
        else:
            jobs.submit(draw_chart, report, name, path, labels)
        return placed(Figure(path, placed.caption("figure", caption or spec.caption), str(spec.alt), width))
    return chart
