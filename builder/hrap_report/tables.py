"""Tables computed from the model with pandas, which templates place by name.

`{{ table("status_by_chapter") }}` in a template writes the table's markup; every
number in it is counted from the indicators, so the tables always agree with the data.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from .compose_filters import roman
from .errors import InputError
from .markup import to_markup
from .model import Chapter, Report, TableSpec


@dataclass(frozen=True)
class GeneratedTable:
    """A table ready to print: caption, a frame of strings, relative widths, alignment."""

    caption: str
    frame: pd.DataFrame
    widths: tuple[float, ...]
    numeric: frozenset[str] = frozenset()  # columns set flush right

    def markup(self) -> Markup:
        """The table in the template vocabulary, every value escaped as text."""
        def row(values, cell, columns):
            aligns = [' align="right"' if c in self.numeric else "" for c in columns]
            return "<tr>" + "".join(f"<{cell}{a}>{to_markup(v)}</{cell}>"
                                    for a, v in zip(aligns, values)) + "</tr>"
        columns = list(self.frame.columns)
        head = row(columns, "th", columns)
        body = "".join(row(values, "td", columns) for values in self.frame.itertuples(index=False))
        widths = " ".join(f"{w:g}" for w in self.widths)
        return Markup(f'<table widths="{widths}"><caption>{to_markup(self.caption)}</caption>'
                      f"<thead>{head}</thead><tbody>{body}</tbody></table>")


def indicator_frame(report: Report) -> pd.DataFrame:
    """One row per indicator with its place, status and roll-up."""
    scale = report.scale
    rows = []
    for chapter in report.chapters:
        sections = [(None, chapter.indicators), *((s, s.indicators) for s in chapter.sections)]
        for section, indicators in sections:
            for indicator in indicators:
                rollup = scale.rollup_of(indicator)
                rows.append({
                    "number": indicator.number, "title": indicator.title, "target": indicator.target,
                    "chapter": chapter.number, "chapter_title": chapter.title,
                    "chapter_label": f"{roman(chapter.number)}. {chapter.title}",
                    "section": f"{roman(chapter.number)}.({section.number}) {section.title}"
                               if section else f"{roman(chapter.number)}. {chapter.title}",
                    "status": scale.level(indicator.status).label if indicator.status else "",
                    "status_id": indicator.status,
                    "rollup": rollup, "rollup_label": scale.level(rollup).label,
                    "binding": {True: "Binding", False: "Expected", None: "Not classified"}[indicator.binding],
                    "binding_value": indicator.binding,
                    "nature": indicator.nature, "shortfall": indicator.shortfall,
                })
    return pd.DataFrame(rows)


def _percent(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (100 * part / whole).map(lambda x: f"{x:.1f} %")


def _counts(frame: pd.DataFrame, by: str, report: Report) -> pd.DataFrame:
    """Indicators per group and roll-up level, with totals and the share achieved."""
    levels = [level.id for level in report.scale.rollup]
    counts = pd.crosstab(frame[by], frame["rollup"]).reindex(columns=levels, fill_value=0)
    counts.loc["Total"] = counts.sum()
    counts.insert(0, "Indicators", counts.sum(axis=1))
    achieved = _percent(counts[levels[0]], counts["Indicators"])
    counts = counts.rename(columns={level.id: level.label for level in report.scale.rollup})
    counts[f"{report.scale.rollup[0].label} (%)"] = achieved
    return counts.astype(str)


def status_by_chapter(report: Report) -> GeneratedTable:
    frame = indicator_frame(report)
    frame["group"] = frame["chapter"].map(lambda n: f"{roman(n)}. {report.chapters[n - 1].title}"
                                          if n <= len(report.chapters) else str(n))
    counts = _counts(frame, "group", report).reset_index(names="Chapter")
    return GeneratedTable("Indicators by chapter and status", counts,
                          (4,) + (1.3,) * (len(counts.columns) - 1), frozenset(counts.columns[1:]))


def binding_vs_expected(report: Report) -> GeneratedTable:
    counts = _counts(indicator_frame(report), "binding", report).reset_index(names="Kind of target")
    return GeneratedTable("Binding and expected targets by status", counts,
                          (3,) + (1.2,) * (len(counts.columns) - 1), frozenset(counts.columns[1:]))


def sections_by_status(report: Report, chapter: Chapter) -> GeneratedTable:
    frame = indicator_frame(report)
    frame = frame[frame["chapter"] == chapter.number]
    counts = _counts(frame, "section", report).reset_index(names="Section")
    return GeneratedTable(f"{roman(chapter.number)}. {chapter.title}: sections by status", counts,
                          (4,) + (1.3,) * (len(counts.columns) - 1), frozenset(counts.columns[1:]))


def _amount(value: float | None, year: int | None) -> str:
    text = "" if value is None else f"{value:,g}"
    return f"{text} ({year})" if year and text else text


def quantitative(report: Report) -> GeneratedTable:
    comparators = {"at_least": "≥", "at_most": "≤", "reach": "", "reduce_by_percent": "−",
                   "increase_by_percent": "+"}
    rows = []
    for indicator in report.all_indicators():
        for metric in indicator.metrics:
            latest, share = metric.latest, metric.share
            target = metric.target
            rows.append({
                "No.": str(indicator.number), "Metric": metric.label, "Unit": metric.unit,
                "Baseline": _amount(metric.baseline.value, metric.baseline.year) if metric.baseline else "",
                "Target": comparators[target.comparator] + _amount(target.value, target.year),
                "Outcome": _amount(latest.value, latest.year) if latest else "",
                "Share of target": "" if share is None else f"{100 * share:.0f} %",
                "Met": {True: "Met", False: "Not met", None: "No data"}[metric.met],
                "Status": report.scale.level(report.scale.metric_status(metric)).label,
            })
    frame = pd.DataFrame(rows, columns=["No.", "Metric", "Unit", "Baseline", "Target", "Outcome",
                                        "Share of target", "Met", "Status"])
    return GeneratedTable("Quantitative targets and outcomes", frame,
                          (0.8, 3.4, 1.6, 1.4, 1.6, 1.6, 1.2, 1.2, 1.6),
                          frozenset({"No.", "Baseline", "Target", "Outcome", "Share of target"}))


def further_efforts(report: Report) -> GeneratedTable:
    frame = indicator_frame(report)
    achieved = report.scale.rollup[0].id
    open_items = frame[frame["rollup"] != achieved]
    notes = {i.number: i.shortfall for i in report.all_indicators()}
    table = pd.DataFrame({
        "No.": open_items["number"].astype(str), "Indicator": open_items["title"],
        "Status": open_items["status"], "Shortfall named by the chapter": open_items["number"].map(notes),
    })
    return GeneratedTable("Indicators not fully achieved", table, (0.8, 5, 1.8, 3), frozenset({"No."}))


def indicator_index(report: Report) -> GeneratedTable:
    frame = indicator_frame(report)
    table = pd.DataFrame({"No.": frame["number"].astype(str), "Indicator": frame["title"],
                          "Section": frame["section"], "Status": frame["status"]})
    return GeneratedTable("Index of indicators", table, (0.8, 5, 3, 1.8), frozenset({"No."}))


def methodology(report: Report) -> GeneratedTable:
    scale = report.scale
    rows = [{"Scale": name, "Status": level.label, "Definition": level.definition,
             "Rolls up to": scale.level(level.rollup).label if level.rollup else ""}
            for name, levels in (("Roll-up", scale.rollup), ("Judged", scale.qualitative),
                                 ("Computed", scale.quantitative)) for level in levels]
    return GeneratedTable("Status vocabulary", pd.DataFrame(rows), (1.2, 1.8, 6, 1.8))


# A configured table's fields: (frame column filtered on, frame column shown, header, width).
FIELDS = {
    "number": ("number", "number", "No.", 0.8), "title": ("title", "title", "Indicator", 5),
    "target": ("target", "target", "Target", 7), "chapter": ("chapter", "chapter_label", "Chapter", 3),
    "section": ("section", "section", "Section", 3), "status": ("status_id", "status", "Status", 1.8),
    "rollup": ("rollup", "rollup_label", "Roll-up", 1.8),
    "binding": ("binding_value", "binding", "Binding", 1.5), "nature": ("nature", "nature", "Kind", 1.5),
    "shortfall": ("shortfall", "shortfall", "Shortfall", 3),
}


def configured(report: Report, spec: TableSpec) -> GeneratedTable:
    """A table defined in the report configuration: filtered rows, or counts per group."""
    frame = indicator_frame(report)
    for field, values in spec.filter.items():
        if field in ("status", "rollup"):
            known = report.scale.indicator_statuses if field == "status" else [lv.id for lv in report.scale.rollup]
            unknown = [v for v in values if v not in known]
            if unknown:
                raise InputError(f"table {spec.caption!r}: filter {field} has unknown values "
                                 f"{', '.join(map(str, unknown))}; one of {', '.join(known)}")
        frame = frame[frame[FIELDS[field][0]].isin(values)]
    if spec.group_by:
        shown, header = FIELDS[spec.group_by][1], FIELDS[spec.group_by][2]
        counts = _counts(frame, shown, report).reset_index(names=header)
        return GeneratedTable(spec.caption, counts, (4,) + (1.3,) * (len(counts.columns) - 1),
                              frozenset(counts.columns[1:]))
    table = pd.DataFrame({FIELDS[f][2]: frame[FIELDS[f][1]].astype(str) for f in spec.columns},
                         columns=[FIELDS[f][2] for f in spec.columns])
    return GeneratedTable(spec.caption, table, tuple(FIELDS[f][3] for f in spec.columns),
                          frozenset({"No."}) & set(table.columns))


TABLES: dict[str, Callable[..., GeneratedTable]] = {
    "status_by_chapter": status_by_chapter, "binding_vs_expected": binding_vs_expected,
    "sections_by_status": sections_by_status, "quantitative": quantitative,
    "further_efforts": further_efforts, "indicator_index": indicator_index, "methodology": methodology,
}


def table_function(report: Report) -> Callable[..., Markup]:
    """The `table(name, caption=None, **arguments)` function templates call."""
    def table(name: str, caption: str | None = None, **arguments) -> Markup:
        if name in report.tables:
            generated = configured(report, report.tables[name])
        elif name in TABLES:
            generated = TABLES[name](report, **arguments)
        else:
            raise InputError(f"unknown table {name!r}; tables: {', '.join([*TABLES, *report.tables])}")
        if caption is not None:
            generated = GeneratedTable(caption, generated.frame, generated.widths, generated.numeric)
        return generated.markup()
    return table
