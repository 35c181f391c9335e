"""The dataset as a folder of CSV files, one `<sheet>.csv` per table of `sheet_layout`.

Written as UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; read
back with the line of every row (`data/indicators.csv:57`, line 1 the header). A folder
is a CSV dataset when it holds `indicators.csv`.
"""
from __future__ import annotations

import csv
from pathlib import Path

from .model import Report
from .problems import Problem
from .rawdata import RawDataset
from .sheet_layout import Sheet, as_text
from .sheet_reader import raw_from_tables
from .sheet_writer import report_tables

ENCODING = "utf-8-sig"


def write_csv_folder(report: Report, folder: Path) -> list[Path]:
    """Write a report as one CSV file per table into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in report_tables(report).items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding=ENCODING, newline="") as file:
            writer = csv.writer(file)
            writer.writerow(table.columns)
            writer.writerows([as_text(value) for value in row] for row in table.rows)  # None: empty
        written.append(path)
    return written


def read_csv_folder(folder: Path) -> RawDataset:
    """Read a folder of CSV files into a raw dataset, each value placed as `file:line`."""
    folder = Path(folder)
    tables: dict[str, Sheet] = {}
    lines: dict[str, list[int]] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.csv")):
        try:
            tables[path.stem], lines[path.stem] = _read(path)
        except (UnicodeDecodeError, csv.Error, OSError) as error:
            problems.append(Problem(str(path), f"cannot be read as CSV: {error}",
                                    "save it as CSV in UTF-8 (Excel: “CSV UTF-8 (comma delimited)”)"))

    def place(sheet: str, row: int | None, column: str | None) -> str:
        if sheet not in lines:
            return str(folder / f"{sheet}.csv")
        return f"{folder / f'{sheet}.csv'}:{1 if row is None else lines[sheet][row]}"

    raw = raw_from_tables(tables, place, folder)
    raw.problems[:0] = problems
    return raw


def _read(path: Path) -> tuple[Sheet, list[int]]:
    """A CSV file's header and rows, and the line each row starts on."""
    with path.open(encoding=ENCODING, newline="") as file:
        reader = csv.reader(file)
        header = [c.strip() for c in next(reader, [])]
        while header and not header[-1]:
            header.pop()
        rows, starts, line = [], [], reader.line_num
        for row in reader:
            starts.append(line + 1)
            line = reader.line_num
            rows.append(row[:len(header)] + [""] * (len(header) - len(row)))
    return Sheet(header, rows), starts
