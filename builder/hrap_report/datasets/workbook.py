"""The dataset as an Excel workbook (.xlsx): one sheet per table of `sheet_layout`.

Written for people to edit: a bold, frozen header row, wide wrapped columns for long
texts, and drop-down lists where a column takes one of a few values. Read back with
the place of every cell (`data.xlsx:indicators!D57`) for the validator's messages.
"""
from __future__ import annotations

import datetime
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hrap_report.datasets.files import opened
from hrap_report.datasets.raw import RawDataset
from hrap_report.datasets.sheets.layout import LAYOUT, Sheet, choices
from hrap_report.datasets.sheets.reader import raw_from_tables
from hrap_report.datasets.sheets.writer import report_tables
from hrap_report.errors import InputError
from hrap_report.model.report import Report

WIDE = 60  # characters, for long texts (wrapped)
NARROW_MAX = 30
LAST_ROW = 1_048_576  # Excel's; drop-down lists cover rows added later
INLINE_LIST_MAX = 255  # characters Excel allows in a list written into the rule itself
#: A workbook is refused, before anything is unpacked, if its parts would unpack to more
#: than this: the built-in dataset's unpacks to 0.8 MB, and openpyxl holds what it reads.
MAX_UNPACKED_BYTES = 100 * 2**20
#: ... or if a part larger than RATIO_FREE_BYTES is compressed more than this: a sheet's
#: XML compresses 5 to 20 times, a zip bomb's a thousand (deflate's limit is 1032).
MAX_RATIO = 200
RATIO_FREE_BYTES = 2**20  # a small part may compress well (a sheet of empty cells) and harms nothing
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # the signature of .xls files, and of encrypted .xlsx ones
#: A sheet is read to this many rows and columns, counted as its rows come (a sheet may
#: declare any extent, and a value at row 1,048,576 makes a million empty rows of a few
#: bytes of XML): the built-in dataset's longest sheet has 401 rows, a 100 times larger
#: one 35,301; its widest sheet has 12 columns.
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARACTERS = 32_767  # Excel's own limit: no workbook Excel saved holds a longer cell
#: The characters of all cells of a workbook: a text stored once as a shared string may
#: fill any number of cells, each a copy for the validator. The built-in dataset holds
#: 0.4 million, a 100 times larger one 40.5 million.
MAX_CHARACTERS = 64_000_000
#: The cells of a workbook, each row counted to its last cell: a row with one value far
#: to the right costs a few bytes of XML and a cell for each column to its left. The
#: built-in dataset has 6,142, a 100 times larger one 555,790.
MAX_CELLS = 10_000_000


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
    for row, values in enumerate(table.rows, 2):
        sheet.append(values)
        # each cell by its place: `sheet[sheet.max_row]` looks at every cell of the sheet,
        # which made a large workbook take time in the square of its rows
        for cell in (sheet.cell(row, column) for column in range(1, len(values) + 1)):
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
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(len(table.rows) + 1, 2)}"


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
    with opened(path) as file, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on parts of Excel's it leaves out
        _check_archive(file, path)
        try:
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
            try:
                sheets = _Sheets(path)
                tables = {sheet.title: sheets.table(sheet) for sheet in book.worksheets}
            finally:
                book.close()
        except (OSError, InputError):
            raise  # the file could not be read (`opened` says so), or holds too much
        except Exception as error:  # openpyxl fails on a damaged part with whatever its parser meets
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise InputError(f"not an Excel workbook (.xlsx): {reason}", path) from None

    def place(sheet: str, row: int | None, column: str | None) -> str:
        if sheet not in tables:
            return str(path)
        columns = tables[sheet].columns
        letter = get_column_letter(columns.index(column) + 1) if column in columns else "A"
        return f"{path}:{sheet}!{letter}{1 if row is None else row + 2}"

    return raw_from_tables(tables, place, Path(path))


def _check_archive(file: BinaryIO, path: Path) -> None:
    """Refuse a file that is no zip archive, and a zip bomb, from the archive's directory:
    before anything is unpacked. (Python's zipfile unpacks no more of a member than the
    directory says it holds, so its sizes are a bound that can be trusted.)"""
    head = file.read(len(OLE2))
    file.seek(0)
    if head == OLE2:
        raise InputError("is an old Excel workbook (.xls) or a password-protected one: save it as an "
                         "Excel Workbook (.xlsx) without a password", path)
    try:
        members = zipfile.ZipFile(file).infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        what = "a damaged zip archive (cut short?)" if head.startswith(b"PK") else "not a zip archive"
        raise InputError(f"not an Excel workbook (.xlsx): it is {what}", path) from None
    finally:
        file.seek(0)
    if (total := sum(m.file_size for m in members)) > MAX_UNPACKED_BYTES:
        raise InputError(f"unpacks to {total / 2**20:,.0f} MB, more than the {MAX_UNPACKED_BYTES // 2**20} MB "
                         "a workbook is read to (a zip bomb?); not read", path)
    for member in members:
        if member.file_size > RATIO_FREE_BYTES and member.file_size > MAX_RATIO * member.compress_size:
            raise InputError(f"its part {member.filename} is compressed "
                             f"{member.file_size // max(member.compress_size, 1):,} to 1, more than the "
                             f"{MAX_RATIO} to 1 of a spreadsheet (a zip bomb?); not read", path)


class _Sheets:
    """The sheets of one workbook, read within bounds checked as the rows come: the rows
    and columns of a sheet, the characters of a cell, and the cells and characters of the
    whole workbook."""

    def __init__(self, path: Path):
        self.path = path
        self.cells = 0
        self.characters = 0

    def table(self, sheet) -> Sheet:
        """A sheet's header (row 1, up to its last heading) and rows, cells as values, each
        row up to its last cell (the sheet's reader pairs cells with columns). A sheet not
        in the layout is not read: only its name is used, to warn of it."""
        if sheet.title not in LAYOUT:
            return Sheet([])
        rows = self._rows(sheet)
        header = self._kept(sheet, *next(rows, (1, ())), MAX_COLUMNS)
        while header and header[-1] in (None, ""):
            header.pop()
        columns = [str(c).strip() if c is not None else "" for c in header]
        return Sheet(columns, [self._kept(sheet, number, row, len(columns)) for number, row in rows])

    def _rows(self, sheet) -> Iterator[tuple[int, tuple]]:
        """A sheet's rows with their numbers, each as long as its last cell."""
        sheet.reset_dimensions()  # the extent a sheet declares may be anything: read the cells it has
        for number, row in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), 1):
            if number > MAX_ROWS:
                raise InputError(f"the sheet goes on past row {MAX_ROWS:,}, the last a sheet is read to "
                                 "(a value far below the data?); not read", self._place(sheet, 1, number))
            if len(row) > MAX_COLUMNS:
                raise InputError(f"the row goes on to column {get_column_letter(len(row))}, past the "
                                 f"{MAX_COLUMNS} columns a sheet is read to (a value far right of the "
                                 "data?); not read", self._place(sheet, len(row), number))
            yield number, row

    def _kept(self, sheet, number: int, row: tuple, width: int) -> list:
        """The cells of a row up to `width`, counted into the workbook's cells and characters."""
        kept = list(row[:width])
        self.cells += len(kept)
        if self.cells > MAX_CELLS:
            raise InputError(f"the workbook holds more than {MAX_CELLS:,} cells (counted to the last of "
                             "each row), the most a workbook is read to; not read",
                             self._place(sheet, len(kept), number))
        for column, value in enumerate(kept, 1):
            if isinstance(value, str):
                self.characters += len(value)
                if len(value) > MAX_CELL_CHARACTERS:
                    raise InputError(f"the cell holds {len(value):,} characters, more than the "
                                     f"{MAX_CELL_CHARACTERS:,} Excel allows in a cell; not read",
                                     self._place(sheet, column, number))
                if self.characters > MAX_CHARACTERS:
                    raise InputError(f"the workbook holds more than {MAX_CHARACTERS:,} characters of "
                                     "text, the most a workbook is read to; not read",
                                     self._place(sheet, column, number))
        return kept

    def _place(self, sheet, column: int, row: int) -> str:
        return f"{self.path}:{sheet.title}!{get_column_letter(column)}{row}"
