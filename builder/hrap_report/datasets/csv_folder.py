"""The dataset as a folder of CSV files, one `<sheet>.csv` per table of `sheet_layout`.

Written as UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; read
back with the line of every row (`data/indicators.csv:57`, line 1 the header). A folder
is a CSV dataset when it holds `indicators.csv`.

A spreadsheet takes a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
for a formula, so such a text is written after an apostrophe, which marks a text in a
spreadsheet and which reading takes off again. A text that itself starts with an
apostrophe followed by one of those characters (or another apostrophe) gets one too, so
that every text reads back as it was; an apostrophe before anything else is left alone
("'s-Hertogenbosch").
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from hrap_report.datasets.files import read_text
from hrap_report.datasets.raw import RawDataset
from hrap_report.datasets.sheets.layout import Sheet, as_text
from hrap_report.datasets.sheets.reader import raw_from_tables
from hrap_report.datasets.sheets.writer import report_tables
from hrap_report.errors import InputError, Problem
from hrap_report.model.report import Report

ENCODING = "utf-8-sig"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula
TEXT_MARK = "'"


def write_csv_folder(report: Report, folder: Path) -> list[Path]:
    """Write a report as one CSV file per table into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in report_tables(report).items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding=ENCODING, newline="") as file:
            writer = csv.writer(file)
            writer.writerow(table.columns)
            writer.writerows([_cell(value) for value in row] for row in table.rows)
        written.append(path)
    return written


def _cell(value: Any) -> Any:
    """A value as a CSV cell (None: empty); a text a spreadsheet would take for a formula,
    or that reading would take a mark off, marked as text."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or _unmarked(value) != value):
        return TEXT_MARK + value
    return as_text(value)  # a number stays a number: -5 is not a formula to a spreadsheet


def _unmarked(cell: str) -> str:
    """A cell's text without the apostrophe that marks it as text, where it has one."""
    if cell.startswith(TEXT_MARK) and cell[1:2] in (*FORMULA_STARTS, TEXT_MARK):
        return cell[1:]
    return cell


def read_csv_folder(folder: Path) -> RawDataset:
    """Read a folder of CSV files into a raw dataset, each value placed as `file:line`."""
    folder = Path(folder)
    tables: dict[str, Sheet] = {}
    lines: dict[str, list[int]] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.csv")):
        try:
            tables[path.stem], lines[path.stem] = _read(path, problems)
        except InputError as error:
            problems.append(Problem.of(error, "save it as CSV in UTF-8 (Excel: “CSV UTF-8 (comma delimited)”)"))

    def place(sheet: str, row: int | None, column: str | None) -> str:
        if sheet not in lines:
            return str(folder / f"{sheet}.csv")
        return f"{folder / f'{sheet}.csv'}:{1 if row is None else lines[sheet][row]}"

    raw = raw_from_tables(tables, place, folder)
    raw.problems[:0] = problems
    return raw


def _read(path: Path, problems: list[Problem]) -> tuple[Sheet, list[int]]:
    """A CSV file's header and rows, and the line each row starts on; a row with more
    cells than the header has headings is a problem."""
    # strict: a quote left open is an error, not a cell that swallows the rest of the file
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    rows, starts, start = [], [], 1  # start: the line the row being read begins on
    try:
        header = [c.strip() for c in next(reader, [])]
        while header and not header[-1]:
            header.pop()
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row[len(header):]):
                problems.append(Problem(f"{path}:{start}", f"{len(row)} cells in a row under {len(header)} "
                                        "headings: the cells after the last heading are not read",
                                        "put a text holding a comma in quotes, or give the column a heading"))
            rows.append([_unmarked(cell) for cell in row[:len(header)]] + [""] * (len(header) - len(row)))
            starts.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"is not valid CSV: {error} (is a quote left open?)", path, start) from None
    return Sheet(header, rows), starts
