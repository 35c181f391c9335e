"""The layout of a dataset as flat tables, one row per thing, whatever the file format:
the sheets workbooks and CSV folders share, their columns, the values a column may take
(for drop-down lists), and the conversion of cell values.

Texts in the dataset's language (`meta.language`) fill the sheets; their translations sit
in the `translations` sheet, one row per text, keyed by sheet, row and column.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args

from hrap_report.model.report import Basis, Comparator, Indicator, Metric, Report

#: Where a cell is, for messages: `place(sheet, row, column)`; row is the index of a data
#: row (None: the header), column None means the whole row (or sheet).
Place = Callable[[str, int | None, str | None], str]


@dataclass(frozen=True)
class Column:
    """A column of the layout: its name, the kind of its cells, whether a sheet must have
    it, and whether it holds long text."""

    name: str
    kind: str = "plain"  # plain | text (translatable) | key (a whole number naming a row) | int | float | bool
    required: bool = False
    wide: bool = False


def _columns(spec: str) -> tuple[Column, ...]:
    """Columns from `name[:kind][!]` words: `!` marks a required column, kind `wide` a long
    translatable text."""
    out = []
    for word in spec.split():
        name, _, kind = word.rstrip("!").partition(":")
        out.append(Column(name, {"": "plain", "wide": "text"}.get(kind, kind), word.endswith("!"), kind == "wide"))
    return tuple(out)


LAYOUT: dict[str, tuple[Column, ...]] = {
    "report": _columns("field! value:wide"),
    "chapters": _columns("number:key! title:wide! short_title:wide"),
    "chapter_texts": _columns("chapter:key! kind! text:wide!"),
    "sections": _columns("chapter:key! number:key! title:wide!"),
    "indicators": _columns("number:key! chapter:key! section:key title:wide! target:wide! status basis:wide "
                           "basis_method binding:bool kind horizon shortfall:wide"),
    "findings": _columns("indicator:key! text:wide!"),
    "responsible": _columns("indicator:key! text:wide!"),
    "metrics": _columns("indicator:key! metric:key! label:wide! unit:text direction! baseline_value:float "
                        "baseline_year:int target_value:float! target_year:int comparator!"),
    "outcomes": _columns("indicator:key! metric:key! value:float! year:int quote:wide source:wide"),
    "sources": _columns("indicator:key! organisation:wide! title:wide year:int locator:text"),
    "statuses": _columns("list! id! label:text! definition:wide! rollup"),
    "tables": _columns("name! caption:wide! columns filter group_by"),
    "translations": _columns("sheet! key! field!"),  # then one column per language
}
REQUIRED_SHEETS = ("report", "chapters", "sections", "indicators")
SCALE_LISTS = ("rollup", "qualitative", "quantitative")
TEXT_KINDS = ("overview", "shortfall")
REPORT_LISTS = ("authors", "keywords", "chapter_counts", "introduction.paragraphs")
INDICATOR_SHEETS = ("findings", "responsible", "metrics", "outcomes", "sources")  # rows of an indicator
UNTRANSLATED = ("plan", "date", "language", "translation_notes.", "metric_rules.")
YES, NO = "yes", "no"


def _literal(annotation: Any) -> list[str]:
    """The values of a `Literal[...]` (or `Literal[...] | None`) annotation."""
    args = get_args(annotation)
    return [a for a in args if isinstance(a, str)] or [v for a in args for v in get_args(a)]


def choices(report: Report) -> dict[tuple[str, str], list[str]]:
    """The values a column may take, by (sheet, column): for drop-down lists."""
    fields = Indicator.model_fields
    return {
        ("indicators", "status"): report.scale.indicator_statuses,
        ("indicators", "basis_method"): _literal(Basis.model_fields["method"].annotation),
        ("indicators", "binding"): [YES, NO],
        ("indicators", "kind"): _literal(fields["kind"].annotation),
        ("indicators", "horizon"): _literal(fields["horizon"].annotation),
        ("metrics", "direction"): _literal(Metric.model_fields["direction"].annotation),
        ("metrics", "comparator"): list(get_args(Comparator)),
        ("chapter_texts", "kind"): list(TEXT_KINDS),
        ("statuses", "list"): list(SCALE_LISTS),
        ("statuses", "rollup"): [level.id for level in report.scale.rollup],
    }


@dataclass
class Sheet:
    """A table: its column names and its data rows of cell values (None: empty)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BOOLEANS = {"yes": True, "true": True, "no": False, "false": False}


def as_text(value: Any) -> Any:
    """A cell as text: numbers and dates written as a person would type them (other
    values are left for the validator to name)."""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value) if isinstance(value, (int, float)) else value


def typed(value: Any, kind: str) -> Any:
    """A non-empty cell converted to its column's kind where it can be; else as it is,
    for the validator to name."""
    if kind in ("plain", "text"):
        return as_text(value)
    if kind == "bool":
        return BOOLEANS.get(value.strip().lower(), value) if isinstance(value, str) else value
    if kind == "date":
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str) and ISO_DATE.match(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:  # no such day, such as 2021-02-30
                return value
        return value
    if isinstance(value, bool):
        return value
    if kind == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and INTEGER.match(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python converts: the validator names it
            return value
    return value

