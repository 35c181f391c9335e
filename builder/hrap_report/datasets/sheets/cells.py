"""Reading sheets cell by cell, for `sheet_reader`: the non-empty rows of a sheet, cells
converted to their column's kind, and values put into the documents being built with the
place of each; a sheet or column the layout lacks or does not know is a problem.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hrap_report.datasets.sheets.layout import LAYOUT, REQUIRED_SHEETS, Place, Sheet, typed
from hrap_report.datasets.yaml_files import Loc, Located
from hrap_report.errors import Problem
from hrap_report.languages import LANGUAGE_TAG


@dataclass
class Row:
    """A data row of a sheet, its cells by column name."""

    sheet: str
    index: int
    cells: dict[str, Any]
    key: str = ""  # its identity in the translations sheet


class Part:
    """A document being built (the head, a chapter, the scale) with the place of each value."""

    def __init__(self, value: dict):
        self.value = value
        self.lines: dict[Loc, str] = {}

    def located(self, source: Path) -> Located:
        """The document with its places, as read from `source`."""
        return Located(source, self.value, self.lines)


class CellReader:
    """The sheets being read, the problems found, and where each text read went (for its
    translations)."""

    def __init__(self, tables: dict[str, Sheet], place: Place, source: Path):
        self.tables, self.place, self.source = tables, place, source
        self.problems: list[Problem] = []
        self.kinds = {sheet: {c.name: c.kind for c in columns} for sheet, columns in LAYOUT.items()}
        #: (sheet, key, column) → where the text is: its part, loc, container and name
        self.texts: dict[tuple[str, str, str], tuple[Part, Loc, Any, Any]] = {}
        #: (sheet, key) of rows left out after a problem, whose translations are then ignored
        self.unread: set[tuple[str, str]] = set()

    def at(self, row: Row, column: str | None = None) -> str:
        """The place of a row's cell (of the row, if the sheet has no such column)."""
        present = column is not None and column in self.tables[row.sheet].columns
        return self.place(row.sheet, row.index, column if present else None)

    def problem(self, place: str, message: str, hint: str, severity: str = "error") -> None:
        """Note a problem."""
        self.problems.append(Problem(place, message, hint, severity))

    def check_sheets(self) -> None:
        """A warning for each sheet the layout does not have."""
        for sheet in [name for name in self.tables if name not in LAYOUT]:
            self.problem(self.place(sheet, None, None), f"the sheet {sheet!r} is not read",
                         f"the sheets are {', '.join(LAYOUT)}; correct its name or remove it", "warning")

    def rows(self, sheet: str) -> Iterator[Row]:
        """The non-empty rows of a sheet; a missing sheet or column is a problem."""
        table = self.tables.get(sheet)
        if table is None:
            if sheet in REQUIRED_SHEETS:
                self.problem(self.place(sheet, None, None), f"the {sheet} sheet is missing",
                             f"add a sheet named {sheet} with the columns "
                             f"{', '.join(c.name for c in LAYOUT[sheet])}")
            return
        self._check_columns(sheet, table)
        for index, cells in enumerate(table.rows):
            values = dict(zip(table.columns, cells))
            if any(v not in (None, "") for v in values.values()):
                yield Row(sheet, index, {k: v for k, v in values.items() if v not in (None, "")})

    def _check_columns(self, sheet: str, table: Sheet) -> None:
        known = {c.name for c in LAYOUT[sheet]}
        for column in LAYOUT[sheet]:
            if column.name not in table.columns:
                self.problem(self.place(sheet, None, None), f"the {sheet} sheet has no {column.name} column",
                             f"add a column headed {column.name} in the first row"
                             + ("" if column.required else "; until then its cells count as empty"),
                             "error" if column.required else "warning")
        for name in sorted({c for c in table.columns if c and table.columns.count(c) > 1}):
            self.problem(self.place(sheet, None, name), f"the {sheet} sheet has {table.columns.count(name)} "
                         f"columns headed {name}", "keep one of them: only the last is read")
        for name in table.columns:
            if sheet == "translations" and name not in known and LANGUAGE_TAG.match(str(name)):
                continue
            if name not in known:
                self.problem(self.place(sheet, None, name), f"the {sheet} sheet's column {name!r} is not read",
                             f"its columns are {', '.join(c.name for c in LAYOUT[sheet])}"
                             + (" and one per language tag" if sheet == "translations" else "")
                             + "; correct the heading or remove the column", "warning")

    def value(self, row: Row, column: str, kind: str | None = None) -> Any:
        """A cell converted to `kind` (by default its column's), None when empty."""
        value = row.cells.get(column)
        return None if value is None else typed(value, kind or self.kinds[row.sheet][column])

    def key(self, row: Row, column: str, needed: bool = True) -> int | None:
        """A whole number naming a row (chapter, section, indicator, metric), or None with a
        problem if it is not one."""
        value = self.value(row, column)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if value is None and not needed:
            return None
        what = "is empty" if value is None else f"{value!r} is not a whole number"
        self.problem(self.at(row, column), f"{row.sheet}: the {column} {what}",
                     f"write the {column} number, such as 3; the row is not read until then")
        return None

    def put(self, part: Part, loc: Loc, target: dict, name: str, row: Row, column: str,
            kind: str | None = None) -> None:
        """Set `target[name]` from a cell (left out when empty) and note the cell's place;
        a text cell is also where its translations go."""
        part.lines[loc + (name,)] = self.at(row, column)
        value = self.value(row, column, kind)
        if value is not None:
            target[name] = value
        if (kind or self.kinds[row.sheet][column]) == "text":
            self.texts.setdefault((row.sheet, row.key, column), (part, loc + (name,), target, name))

    def item(self, part: Part, loc: Loc, items: list, row: Row, column: str = "text") -> None:
        """Append a row's text to a list (an empty cell as "", for the validator to name)."""
        part.lines[loc + (len(items),)] = self.at(row, column)
        self.texts.setdefault((row.sheet, row.key, column), (part, loc + (len(items),), items, len(items)))
        items.append(self.value(row, column) or "")
