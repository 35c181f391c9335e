"""The dataset as an Excel workbook (.xlsx): one sheet per table of `sheet_layout`.

Written for people to edit: a bold, frozen header row, wide wrapped columns for long
texts, and drop-down lists where a column takes one of a few values. Read back with
the place of every cell (`data.xlsx:indicators!D57`) for the validator's messages.
"""
from __future__ import annotations

import datetime
import warnings
import zipfile
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
    with opened(path) as file, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on parts of Excel's it leaves out
        _check_archive(file, path)
        try:
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
            try:
                tables = {sheet.title: _table(sheet) for sheet in book.worksheets}
            finally:
                book.close()
        except OSError:
            raise  # the file could not be read: `opened` says so
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


def _table(sheet) -> Sheet:
    """A sheet's header (row 1, up to its last heading) and rows, cells as values."""
    rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
    header = list(next(rows, ()))
    while header and header[-1] in (None, ""):
        header.pop()
    columns = [str(c).strip() if c is not None else "" for c in header]
    width = len(columns)
    return Sheet(columns, [list(row[:width]) + [None] * (width - len(row)) for row in rows])
