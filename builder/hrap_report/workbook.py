"""The dataset as an Excel workbook (.xlsx): one sheet per table of `sheet_layout`.

Written for people to edit: a bold, frozen header row, wide wrapped columns for long
texts, and drop-down lists where a column takes one of a few values. Read back with
the place of every cell (`data.xlsx:indicators!D57`) for the validator's messages.
"""
from __future__ import annotations

import datetime
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from .errors import InputError
from .model import Report
from .rawdata import RawDataset
from .sheet_layout import LAYOUT, Sheet, choices
from .sheet_reader import raw_from_tables
from .sheet_writer import report_tables

WIDE = 60  # characters, for long texts (wrapped)
NARROW_MAX = 30
LAST_ROW = 1_048_576  # Excel's; drop-down lists cover rows added later
INLINE_LIST_MAX = 255  # characters Excel allows in a list written into the rule itself


def write_workbook(report: Report, path: Path) -> None:
    """Write a report as an .xlsx workbook at `path`."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheets = report_tables(report)
    lists = choices(report)
    for name, table in sheets.items():
        sheet = book.create_sheet(name)
        _fill(sheet, name, table)
        for column, values in ((c, v) for (s, c), v in lists.items() if s == name):
            _drop_down(sheet, table.columns.index(column) + 1, values)
    book.save(path)


def _fill(sheet, name: str, table: Sheet) -> None:
    """The rows, a frozen bold header, column widths, long texts wrapped."""
    sheet.append(table.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    wide = {c.name for c in LAYOUT[name] if c.wide} if name != "translations" else set(table.columns[3:])
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in table.rows:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a text, not a formula
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            if table.columns[cell.column - 1] in wide:
                cell.alignment = wrap
    for i, column in enumerate(table.columns, 1):
        longest = max((len(str(row[i - 1])) for row in table.rows if row[i - 1] is not None), default=0)
        width = WIDE if column in wide else min(NARROW_MAX, max(len(column), longest)) + 2
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(sheet.max_row, 2)}"


def _drop_down(sheet, column: int, values: list[str]) -> None:
    """A list of allowed values for a column, below its header; none for a list longer than
    Excel allows (the validator still checks the values)."""
    inline = f'"{",".join(values)}"'
    if len(inline) > INLINE_LIST_MAX:
        return
    letter = get_column_letter(column)
    rule = DataValidation(type="list", formula1=inline, allow_blank=True, showErrorMessage=True,
                          errorTitle="Not in the list", error=f"Choose one of: {', '.join(values)}")
    rule.add(f"{letter}2:{letter}{LAST_ROW}")
    sheet.add_data_validation(rule)


def read_workbook(path: Path) -> RawDataset:
    """Read a workbook into a raw dataset, each value placed as `path:sheet!cell`."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            tables = {sheet.title: _table(sheet) for sheet in book.worksheets}
        finally:
            book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, EOFError,
            zlib.error, ParseError) as error:
        raise InputError(f"not an Excel workbook (.xlsx): {error}", path) from None
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror or error}", path) from None

    def place(sheet: str, row: int | None, column: str | None) -> str:
        if sheet not in tables:
            return str(path)
        columns = tables[sheet].columns
        letter = get_column_letter(columns.index(column) + 1) if column in columns else "A"
        return f"{path}:{sheet}!{letter}{1 if row is None else row + 2}"

    return raw_from_tables(tables, place, Path(path))


def _table(sheet) -> Sheet:
    """A sheet's header (row 1, up to its last heading) and rows, cells as values."""
    rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
    header = list(next(rows, ()))
    while header and header[-1] in (None, ""):
        header.pop()
    columns = [str(c).strip() if c is not None else "" for c in header]
    width = len(columns)
    return Sheet(columns, [list(row[:width]) + [None] * (width - len(row)) for row in rows])
