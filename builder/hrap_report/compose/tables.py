"""Tables computed from the model, which templates place by name.

`{{ table("status_by_chapter") }}` in a template writes the table's markup; every
number in it is counted from the indicators, so the tables always agree with the data.
Captions, headers and fixed words come from the label catalog of the report's language
(`labels`), numbers are written the locale's way; the report itself is already in that
language.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from markupsafe import Markup

from hrap_report.compose.labels import Labels
from hrap_report.compose.markup import Placed
from hrap_report.document.blocks import Cell, Table
from hrap_report.errors import InputError
from hrap_report.model.report import Chapter, Report, TableSpec


@dataclass(frozen=True)
class GeneratedTable:
    """A table ready to print: caption, column headers, rows of texts, relative widths,
    alignment, group rows: (the index of the row a group starts at, its title), and the
    column whose values are anchors, each shown as the number of its page."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    numeric: frozenset[str] = frozenset()  # columns set flush right
    groups: tuple[tuple[int, str], ...] = ()
    page_column: str | None = None

    def records(self) -> list[dict[str, str]]:
        """The rows as mappings of column to value."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def column(self, name: str) -> list[str]:
        """The values of the column `name`, top to bottom."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def block(self, placed: Placed) -> Table:
        """The table as a block of the document model, every value a text, without the
        columns empty in every row; a group row is its title in bold in the first cell."""
        every = range(len(self.columns))
        kept = [k for k in every if any(row[k] for row in self.rows)] or every  # no rows: the head alone
        aligns = ["right" if self.columns[k] in self.numeric or self.columns[k] == self.page_column else "left"
                  for k in kept]

        def row(values, head: bool = False) -> tuple[Cell, ...]:
            return tuple(Cell((), "right", page_of=values[k]) if self.columns[k] == self.page_column and not head
                         else Cell(placed.inlines(values[k]), a) for k, a in zip(kept, aligns))

        def group(title: str) -> tuple[Cell, ...]:
            bold = tuple(replace(i, strong=True) for i in placed.inlines(title))
            return (Cell(bold),) + (Cell(()),) * (len(kept) - 1)

        titles: dict[int, list[str]] = {}
        for n, title in self.groups:
            titles.setdefault(n, []).append(title)
        body, groups = [], set()
        for n, values in enumerate(self.rows):
            for title in titles.get(n, ()):
                groups.add(len(body))
                body.append(group(title))
            body.append(row(values))
        return Table(head=(row(self.columns, head=True),), body=tuple(body), widths=tuple(self.widths[k] for k in kept),
                     caption=placed.caption("table", self.caption), groups=frozenset(groups))


def _text(value: object) -> str:
    """A value as a cell's text; a text stays itself (a `Fallback` keeps its language)."""
    return value if isinstance(value, str) else str(value)


def _rows(rows: Iterable[Iterable[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_text(v) for v in row) for row in rows)


BINDING = {True: "binding", False: "expected", None: "not_classified"}  # catalog keys
MET = {True: "met", False: "not_met", None: "no_data"}


def indicator_rows(report: Report, labels: Labels) -> list[dict]:
    """One mapping per indicator with its place, status and roll-up; `*_id`/`*_value` keys
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
                    "anchor": indicator.anchor,
                    "chapter": chapter.number, "chapter_title": chapter.title,
                    "chapter_label": heading, "section": place,
                    "status": scale.level(indicator.status).label if indicator.status else "",
                    "status_id": indicator.status,
                    "rollup": rollup, "rollup_label": scale.rolled_up(rollup).label,
                    "binding": labels(BINDING[indicator.binding]), "binding_value": indicator.binding,
                    "nature": labels(indicator.nature), "nature_id": indicator.nature,
                    "shortfall": indicator.shortfall,
                })
    return rows


def _group_order(rows: list[dict], by: str, report: Report, labels: Labels) -> list:
    """The groups of a count table in a meaningful order, not sorted by their words (which
    in Chinese would put 三 before 二): a scale's or a fixed order, else reading order."""
    scale = report.scale
    fixed = {
        "status": [scale.level(s).label for s in scale.indicator_statuses],
        "rollup_label": [level.label for level in scale.rollup],
        "binding": [labels(key) for key in BINDING.values()],
        "nature": [labels("quantitative"), labels("qualitative")],
    }.get(by, [])
    present = list(dict.fromkeys(row[by] for row in rows))
    return [v for v in dict.fromkeys(fixed) if v in present] + [v for v in present if v not in fixed]


def _count_table(caption: str, header: str, rows: list[dict], by: str, report: Report, labels: Labels,
                 first: float, rest: float) -> GeneratedTable:
    """Indicators per group (a column headed `header`) and roll-up level, with totals and
    the share achieved. Chapters have their rows in reading order, those holding no
    indicators (a chapter of text alone, one not filled in yet) none."""
    scale = report.scale
    if by == "chapter_label":
        groups = [labels("chapter_heading", number=c.number, title=c.title) for c in report.chapters
                  if c.indicator_count]
    else:
        groups = _group_order(rows, by, report, labels)
    levels = [level.id for level in scale.rollup]
    tally = Counter((row[by], row["rollup"]) for row in rows)
    counts = [(group, [tally[group, level] for level in levels]) for group in groups]
    counts.append((labels("total"), [sum(c[i] for _, c in counts) for i in range(len(levels))]))
    achieved = levels.index(scale.achieved.id)
    table = []
    for group, c in counts:
        whole = sum(c)
        table.append((group, whole, *c, labels.percent(c[achieved] / whole, 1) if whole else ""))
    columns = (header, labels("col_indicators"), *(level.label for level in scale.rollup),
               labels("col_share", level=scale.achieved.label))
    return GeneratedTable(caption, columns, _rows(table), (first,) + (rest,) * (len(columns) - 1),
                          frozenset(columns[1:]))


def status_by_chapter(report: Report, labels: Labels) -> GeneratedTable:
    """Indicators per chapter and roll-up level."""
    return _count_table(labels("table_status_by_chapter"), labels("col_chapter"),
                        indicator_rows(report, labels), "chapter_label", report, labels, 4, 1.45)


def binding_vs_expected(report: Report, labels: Labels) -> GeneratedTable:
    """Indicators per kind of target (binding, expected, not classified) and roll-up level."""
    return _count_table(labels("table_binding"), labels("col_kind_of_target"), indicator_rows(report, labels),
                        "binding", report, labels, 3, 1.2)


def sections_by_status(report: Report, labels: Labels, chapter: Chapter) -> GeneratedTable:
    """Indicators of one chapter per section and roll-up level."""
    rows = [row for row in indicator_rows(report, labels) if row["chapter"] == chapter.number]
    return _count_table(labels("table_sections", chapter=chapter.number, title=chapter.title),
                        labels("col_section"), rows, "section", report, labels, 4, 1.3)


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
    """Every metric with its baseline, target, outcome, share of target and status."""
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
    columns = tuple(labels(key) for key in keys)
    return GeneratedTable(labels("table_quantitative"), columns, _rows(rows),
                          (0.8, 3.4, 1.6, 1.4, 1.6, 1.6, 1.2, 1.2, 1.6),
                          frozenset(columns[i] for i in (0, 3, 4, 5, 6)))


def further_efforts(report: Report, labels: Labels) -> GeneratedTable:
    """The indicators not achieved, with their status and the shortfall named."""
    achieved = report.scale.achieved.id
    number = labels("col_no")
    columns = (number, labels("col_indicator"), labels("col_status"), labels("col_shortfall_named"))
    rows = [(row["number"], row["title"], row["status"], row["shortfall"])
            for row in indicator_rows(report, labels) if row["rollup"] != achieved]
    return GeneratedTable(labels("table_further"), columns, _rows(rows), (0.8, 5, 1.8, 3),
                          frozenset({number}))


def indicator_index(report: Report, labels: Labels) -> GeneratedTable:
    """Every indicator with its status, under the titles of its chapter and section."""
    number = labels("col_no")
    rows = indicator_rows(report, labels)
    columns = (number, labels("col_indicator"), labels("col_status"), labels("col_page"))
    shown = _rows((row["number"], row["title"], row["status"], row["anchor"]) for row in rows)
    return GeneratedTable(labels("table_index"), columns, shown, (0.8, 5, 1.8, 0.8), frozenset({number}),
                          _groups(rows, ("chapter_label", "section")), page_column=columns[-1])


def _groups(rows: list[dict], keys: Sequence[str]) -> tuple[tuple[int, str], ...]:
    """The group rows of indicator rows in reading order: a title wherever the value of
    one of `keys` (places, outermost first) changes, each title once (an indicator right
    under its chapter has the chapter's title as its section)."""
    groups, above = [], ()
    for n, row in enumerate(rows):
        titles = tuple(dict.fromkeys(row[key] for key in keys))
        groups += [(n, title) for title in titles if title not in above]
        above = titles
    return tuple(groups)


def methodology(report: Report, labels: Labels) -> GeneratedTable:
    """The status scale: each level with its definition and the level it rolls up to."""
    scale = report.scale
    rows = [[labels(name), level.label, level.definition,
             scale.rolled_up(level.rollup).label if level.rollup else ""]
            for name, levels in (("scale_rollup", scale.rollup), ("scale_judged", scale.qualitative),
                                 ("scale_computed", scale.quantitative)) for level in levels]
    columns = tuple(labels(key) for key in ("col_scale", "col_status", "col_definition", "col_rolls_up"))
    return GeneratedTable(labels("table_methodology"), columns, _rows(rows), (1.2, 1.8, 6, 1.8))


# A configured table's fields: (row key filtered on, row key shown, header key, width).
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

#: The fields of a configured table shown as group rows, not columns, outermost first.
PLACES = ("chapter", "section")


def configured(report: Report, spec: TableSpec, labels: Labels) -> GeneratedTable:
    """A table defined in the report configuration: filtered rows (under the titles of
    their chapters or sections, where it shows those), or counts per group."""
    rows = indicator_rows(report, labels)
    for field, values in spec.filter.items():
        if field in ("status", "rollup"):
            known = report.scale.indicator_statuses if field == "status" else [lv.id for lv in report.scale.rollup]
            unknown = [v for v in values if v not in known]
            if unknown:
                raise InputError(f"table {spec.caption!r}: filter {field} has unknown values "
                                 f"{', '.join(map(str, unknown))}; one of {', '.join(known)}")
        rows = [row for row in rows if row[FIELDS[field][0]] in values]
    if spec.group_by:
        shown, header = FIELDS[spec.group_by][1], labels(FIELDS[spec.group_by][2])
        return _count_table(spec.caption, header, rows, shown, report, labels, 4, 1.3)
    fields = [f for f in spec.columns if f not in PLACES] or spec.columns  # a place alone stays a column
    places = [FIELDS[f][1] for f in PLACES if f in spec.columns and f not in fields]
    columns = tuple(labels(FIELDS[f][2]) for f in fields)
    shown = _rows([row[FIELDS[f][1]] for f in fields] for row in rows)
    return GeneratedTable(spec.caption, columns, shown, tuple(FIELDS[f][3] for f in fields),
                          frozenset({labels("col_no")}) & set(columns), _groups(rows, places))


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
            generated = replace(generated, caption=caption)
        return placed(generated.block(placed))
    return table
