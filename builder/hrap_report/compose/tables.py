"""Tables computed from the model with pandas, which templates place by name.

`{{ table("status_by_chapter") }}` in a template writes the table's markup; every
number in it is counted from the indicators, so the tables always agree with the data.
Captions, headers and fixed words come from the label catalog of the report's language
(`labels`), numbers are written the locale's way; the report itself is already in that
language.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from markupsafe import Markup

from hrap_report.compose.labels import Labels
from hrap_report.compose.markup import Placed
from hrap_report.document.blocks import Cell, Table
from hrap_report.errors import InputError
from hrap_report.model.report import Chapter, Report, TableSpec


@dataclass(frozen=True)
class GeneratedTable:
    """A table ready to print: caption, a frame of strings, relative widths, alignment."""

    caption: str
    frame: pd.DataFrame
    widths: tuple[float, ...]
    numeric: frozenset[str] = frozenset()  # columns set flush right

    def block(self, placed: Placed) -> Table:
        """The table as a block of the document model, every value a text."""
        columns = list(self.frame.columns)
        aligns = ["right" if c in self.numeric else "left" for c in columns]

        def row(values) -> tuple[Cell, ...]:
            return tuple(Cell(placed.inlines(v), a) for v, a in zip(values, aligns))
        return Table(head=(row(columns),), body=tuple(row(values) for values in self.frame.itertuples(index=False)),
                     widths=self.widths, caption=placed.caption("table", self.caption))


BINDING = {True: "binding", False: "expected", None: "not_classified"}  # catalog keys
MET = {True: "met", False: "not_met", None: "no_data"}


def indicator_frame(report: Report, labels: Labels) -> pd.DataFrame:
    """One row per indicator with its place, status and roll-up; `*_id`/`*_value` columns
    hold what filters match, the others the words shown."""
    scale = report.scale
    rows = []
    for chapter in report.chapters:
        heading = labels("chapter_heading", number=chapter.number, title=chapter.title)
        sections = [(None, chapter.indicators), *((s, s.indicators) for s in chapter.sections)]
        for section, indicators in sections:
            place = labels("section_ref", chapter=chapter.number, number=section.number,
                           title=section.title) if section else heading
            for indicator in indicators:
                rollup = scale.rollup_of(indicator)
                rows.append({
                    "number": indicator.number, "title": indicator.title, "target": indicator.target,
                    "chapter": chapter.number, "chapter_title": chapter.title,
                    "chapter_label": heading, "section": place,
                    "status": scale.level(indicator.status).label if indicator.status else "",
                    "status_id": indicator.status,
                    "rollup": rollup, "rollup_label": scale.level(rollup).label,
                    "binding": labels(BINDING[indicator.binding]), "binding_value": indicator.binding,
                    "nature": labels(indicator.nature), "nature_id": indicator.nature,
                    "shortfall": indicator.shortfall,
                })
    return pd.DataFrame(rows)


def _group_order(frame: pd.DataFrame, by: str, report: Report, labels: Labels) -> list:
    """The groups of a count table in a meaningful order, not sorted by their words (which
    in Chinese would put 三 before 二): a scale's or a fixed order, else reading order."""
    scale = report.scale
    fixed = {
        "status": [scale.level(s).label for s in scale.indicator_statuses],
        "rollup_label": [level.label for level in scale.rollup],
        "binding": [labels(key) for key in BINDING.values()],
        "nature": [labels("quantitative"), labels("qualitative")],
    }.get(by, [])
    present = list(dict.fromkeys(frame[by]))
    return [v for v in dict.fromkeys(fixed) if v in present] + [v for v in present if v not in fixed]


def _counts(frame: pd.DataFrame, by: str, report: Report, labels: Labels) -> pd.DataFrame:
    """Indicators per group and roll-up level, with totals and the share achieved. Every
    chapter has its row, one still without indicators too (a new plan's report)."""
    levels = [level.id for level in report.scale.rollup]
    counts = pd.crosstab(frame[by], frame["rollup"]).reindex(columns=levels, fill_value=0)
    if by == "chapter_label":
        groups = [labels("chapter_heading", number=c.number, title=c.title) for c in report.chapters]
    else:
        groups = [g for g in _group_order(frame, by, report, labels) if g in counts.index]
    counts = counts.reindex(groups, fill_value=0)
    counts.loc[labels("total")] = counts.sum()
    indicators = labels("col_indicators")
    counts.insert(0, indicators, counts.sum(axis=1))
    achieved = [labels.percent(part / whole, 1) if whole else ""
                for part, whole in zip(counts[report.scale.achieved.id], counts[indicators])]
    counts = counts.rename(columns={level.id: level.label for level in report.scale.rollup})
    counts[labels("col_share", level=report.scale.achieved.label)] = achieved
    return counts.astype(str)


def _count_table(caption: str, counts: pd.DataFrame, first: float, rest: float) -> GeneratedTable:
    return GeneratedTable(caption, counts, (first,) + (rest,) * (len(counts.columns) - 1),
                          frozenset(counts.columns[1:]))


def status_by_chapter(report: Report, labels: Labels) -> GeneratedTable:
    counts = _counts(indicator_frame(report, labels), "chapter_label", report, labels).reset_index(
        names=labels("col_chapter"))
    return _count_table(labels("table_status_by_chapter"), counts, 4, 1.45)


def binding_vs_expected(report: Report, labels: Labels) -> GeneratedTable:
    counts = _counts(indicator_frame(report, labels), "binding", report, labels).reset_index(
        names=labels("col_kind_of_target"))
    return _count_table(labels("table_binding"), counts, 3, 1.2)


def sections_by_status(report: Report, labels: Labels, chapter: Chapter) -> GeneratedTable:
    frame = indicator_frame(report, labels)
    frame = frame[frame["chapter"] == chapter.number]
    counts = _counts(frame, "section", report, labels).reset_index(names=labels("col_section"))
    return _count_table(labels("table_sections", chapter=chapter.number, title=chapter.title), counts, 4, 1.3)


def _number(labels: Labels, value: float) -> str:
    """A measured amount to six significant digits at most, as `:g` shows it, the locale's way."""
    rounded = Decimal(f"{value:.6g}")
    return labels.number(rounded, max(0, -rounded.as_tuple().exponent))


def _amount(labels: Labels, value: float | None, year: int | None) -> str:
    text = "" if value is None else _number(labels, value)
    return labels("amount_in_year", value=text, year=year) if year and text else text


COMPARATORS = {"at_least": "≥", "at_most": "≤", "reach": "", "reduce_by_percent": "−",
               "increase_by_percent": "+"}


def quantitative(report: Report, labels: Labels) -> GeneratedTable:
    keys = ["col_no", "col_metric", "col_unit", "col_baseline", "col_target", "col_outcome",
            "col_share_of_target", "col_met", "col_status"]
    rows = []
    for indicator in report.all_indicators():
        for metric in indicator.metrics:
            latest, share, target = metric.latest, metric.share, metric.target
            rows.append([
                str(indicator.number), metric.label, metric.unit,
                _amount(labels, metric.baseline.value, metric.baseline.year) if metric.baseline else "",
                COMPARATORS[target.comparator] + _amount(labels, target.value, target.year),
                _amount(labels, latest.value, latest.year) if latest else "",
                "" if share is None else labels.percent(share, 0),
                labels(MET[metric.met]),
                report.scale.level(report.scale.metric_status(metric)).label,
            ])
    columns = [labels(key) for key in keys]
    frame = pd.DataFrame(rows, columns=columns)
    return GeneratedTable(labels("table_quantitative"), frame,
                          (0.8, 3.4, 1.6, 1.4, 1.6, 1.6, 1.2, 1.2, 1.6),
                          frozenset(columns[i] for i in (0, 3, 4, 5, 6)))


def further_efforts(report: Report, labels: Labels) -> GeneratedTable:
    frame = indicator_frame(report, labels)
    achieved = report.scale.achieved.id
    open_items = frame[frame["rollup"] != achieved]
    notes = {i.number: i.shortfall for i in report.all_indicators()}
    number = labels("col_no")
    table = pd.DataFrame({
        number: open_items["number"].astype(str), labels("col_indicator"): open_items["title"],
        labels("col_status"): open_items["status"],
        labels("col_shortfall_named"): open_items["number"].map(notes),
    })
    return GeneratedTable(labels("table_further"), table, (0.8, 5, 1.8, 3), frozenset({number}))


def indicator_index(report: Report, labels: Labels) -> GeneratedTable:
    frame = indicator_frame(report, labels)
    number = labels("col_no")
    table = pd.DataFrame({number: frame["number"].astype(str), labels("col_indicator"): frame["title"],
                          labels("col_section"): frame["section"], labels("col_status"): frame["status"]})
    return GeneratedTable(labels("table_index"), table, (0.8, 5, 3, 1.8), frozenset({number}))


def methodology(report: Report, labels: Labels) -> GeneratedTable:
    scale = report.scale
    rows = [[labels(name), level.label, level.definition,
             scale.level(level.rollup).label if level.rollup else ""]
            for name, levels in (("scale_rollup", scale.rollup), ("scale_judged", scale.qualitative),
                                 ("scale_computed", scale.quantitative)) for level in levels]
    columns = [labels(key) for key in ("col_scale", "col_status", "col_definition", "col_rolls_up")]
    return GeneratedTable(labels("table_methodology"), pd.DataFrame(rows, columns=columns), (1.2, 1.8, 6, 1.8))


# A configured table's fields: (frame column filtered on, frame column shown, header key, width).
FIELDS = {
    "number": ("number", "number", "col_no", 0.8), "title": ("title", "title", "col_indicator", 5),
    "target": ("target", "target", "col_target", 7),
    "chapter": ("chapter", "chapter_label", "col_chapter", 3),
    "section": ("section", "section", "col_section", 3), "status": ("status_id", "status", "col_status", 1.8),
    "rollup": ("rollup", "rollup_label", "col_rollup", 1.8),
    "binding": ("binding_value", "binding", "col_binding", 1.5),
    "nature": ("nature_id", "nature", "col_kind", 1.5),
    "shortfall": ("shortfall", "shortfall", "col_shortfall", 3),
}


def configured(report: Report, spec: TableSpec, labels: Labels) -> GeneratedTable:
    """A table defined in the report configuration: filtered rows, or counts per group."""
    frame = indicator_frame(report, labels)
    for field, values in spec.filter.items():
        if field in ("status", "rollup"):
            known = report.scale.indicator_statuses if field == "status" else [lv.id for lv in report.scale.rollup]
            unknown = [v for v in values if v not in known]
            if unknown:
                raise InputError(f"table {spec.caption!r}: filter {field} has unknown values "
                                 f"{', '.join(map(str, unknown))}; one of {', '.join(known)}")
        frame = frame[frame[FIELDS[field][0]].isin(values)]
    if spec.group_by:
        shown, header = FIELDS[spec.group_by][1], labels(FIELDS[spec.group_by][2])
        counts = _counts(frame, shown, report, labels).reset_index(names=header)
        return _count_table(spec.caption, counts, 4, 1.3)
    headers = [labels(FIELDS[f][2]) for f in spec.columns]
    table = pd.DataFrame({h: frame[FIELDS[f][1]].astype(str) for f, h in zip(spec.columns, headers)},
                         columns=headers)
    return GeneratedTable(spec.caption, table, tuple(FIELDS[f][3] for f in spec.columns),
                          frozenset({labels("col_no")}) & set(table.columns))


TABLES: dict[str, Callable[..., GeneratedTable]] = {
    "status_by_chapter": status_by_chapter, "binding_vs_expected": binding_vs_expected,
    "sections_by_status": sections_by_status, "quantitative": quantitative,
    "further_efforts": further_efforts, "indicator_index": indicator_index, "methodology": methodology,
}


def table_function(report: Report, labels: Labels, placed: Placed) -> Callable[..., Markup]:
    """The `table(name, caption=None, **arguments)` function templates call; its words are
    those of `labels`, the catalog of the report's language. The table goes to `placed`,
    the template gets its placeholder."""
    def table(name: str, caption: str | None = None, **arguments) -> Markup:
        if name in report.tables:
            generated = configured(report, report.tables[name], labels)
        elif name in TABLES:
            generated = TABLES[name](report, labels, **arguments)
        else:
            raise InputError(f"unknown table {name!r}; tables: {', '.join([*TABLES, *report.tables])}")
        if caption is not None:
            generated = GeneratedTable(caption, generated.frame, generated.widths, generated.numeric)
        return placed(generated.block(placed))
    return table
