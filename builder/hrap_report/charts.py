"""Charts drawn from the model with matplotlib, which templates place by name.

`{{ chart("status_by_chapter") }}` draws the chart as a 200 dpi PNG into the build's
working folder and writes a `<figure>` with its caption and alternative text. Colours are
the Okabe-Ito palette, told apart by colour-blind readers, with hatching and distinct
lightness so they also survive greyscale printing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .compose_filters import roman
from .errors import InputError
from .jobs import Jobs
from .markup import to_markup
from .model import Report

DPI = 200
PALETTE = ("#0072B2", "#56B4E9", "#E69F00", "#BBBBBB", "#D55E00")
HATCHES = ("", "//", "..", "xx", "\\\\")


@dataclass(frozen=True)
class Chart:
    caption: str
    alt: str
    draw: Callable  # draws on a matplotlib Figure


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    figure.set_facecolor("white")
    return figure


def status_by_chapter(report: Report) -> Chart:
    scale = report.scale
    labels = [f"{roman(c.number)}" for c in report.chapters]
    counts = [list(report.rollup_counts(chapter.all_indicators()).values()) for chapter in report.chapters]
    shares = [[100 * n / (sum(row) or 1) for n in row] for row in counts]

    def draw(figure):
        axes = figure.add_subplot()
        left = [0.0] * len(labels)
        for k, level in enumerate(scale.rollup):
            values = [row[k] for row in shares]
            axes.barh(labels, values, left=left, label=level.label, color=PALETTE[k % len(PALETTE)],
                      hatch=HATCHES[k % len(HATCHES)], edgecolor="white", linewidth=0.5)
            left = [a + b for a, b in zip(left, values)]
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel("Share of the chapter's indicators (%)")
        axes.legend(ncols=len(scale.rollup), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
        axes.spines[["top", "right"]].set_visible(False)

    summary = "; ".join(
        f"chapter {label}: " + ", ".join(f"{n} {level.label.lower()}" for n, level in zip(row, scale.rollup) if n)
        for label, row in zip(labels, counts))
    return Chart("Status of indicators by chapter",
                 f"Stacked bars, one per chapter, of the share of indicators by status. {summary}.", draw)


def quantitative_targets(report: Report) -> Chart:
    metrics = [(f"{i.number}: {m.label}", m.share) for i in report.all_indicators() for m in i.metrics
               if m.share is not None]
    metrics.sort(key=lambda item: item[1])

    def draw(figure):
        axes = figure.add_subplot()
        names = [name if len(name) <= 48 else name[:47] + "…" for name, _ in metrics]
        values = [min(share * 100, 300) for _, share in metrics]
        colours = [PALETTE[0] if share >= 1 else PALETTE[2] for _, share in metrics]
        hatches = ["" if share >= 1 else "//" for _, share in metrics]
        bars = axes.barh(names, values, color=colours, edgecolor="white", linewidth=0.3)
        for bar, hatch in zip(bars, hatches):
            bar.set_hatch(hatch)
        axes.axvline(100, color="black", linewidth=1, linestyle="--")
        axes.set_xlabel("Share of target reached (%), capped at 300")
        axes.tick_params(axis="y", labelsize=5)
        axes.spines[["top", "right"]].set_visible(False)

    met = sum(1 for _, share in metrics if share >= 1)
    return Chart("Share of quantitative targets reached",
                 f"Horizontal bars for {len(metrics)} metrics with a reported outcome, sorted by the share "
                 f"of their target reached; {met} reach the dashed 100 % line.", draw)


CHARTS: dict[str, Callable[[Report], Chart]] = {
    "status_by_chapter": status_by_chapter, "quantitative_targets": quantitative_targets,
}
SIZES = {"status_by_chapter": (6.3, 2.8), "quantitative_targets": (6.3, 7.5)}


def draw_chart(report: Report, name: str, path: Path) -> None:
    """Draw one chart into a PNG file."""
    figure = _figure(*SIZES[name])
    CHARTS[name](report).draw(figure)
    figure.savefig(path, dpi=DPI, metadata={"Software": None})


def chart_function(report: Report, folder: Path, jobs: Jobs | None = None) -> Callable[..., Markup]:
    """The `chart(name, caption=None, width=1.0)` function templates call. With `jobs`, the
    image is drawn in the background: wait for the jobs before reading it."""
    def chart(name: str, caption: str | None = None, width: float = 1.0) -> Markup:
        if name not in CHARTS:
            raise InputError(f"unknown chart {name!r}; charts: {', '.join(CHARTS)}")
        spec = CHARTS[name](report)
        path = folder / f"{name}.png"
        if jobs is None:
            draw_chart(report, name, path)
        else:
            jobs.submit(draw_chart, report, name, path)
        return Markup(f'<figure src="{to_markup(str(path))}" alt="{to_markup(spec.alt)}" width="{width:g}">'
                      f"<caption>{to_markup(caption or spec.caption)}</caption></figure>")
    return chart
