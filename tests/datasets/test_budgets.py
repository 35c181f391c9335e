"""Budgets: small hostile files, each made to exhaust the machine (a value at Excel's last
row, a 1 MB shared string in 2,000 cells, a 1 MB YAML text repeated by 400 aliases, a
logo of hundreds of megapixels), are refused with one located line naming the limit and
exit 2, without a traceback, without writing anything, in little time and memory.

Each command runs in a process of its own, so that its time and peak memory are its own
(`os.wait4`), under a cap of address space and processor time that keeps a regression
from exhausting the machine the tests share. The bounds are sanity checks, not
benchmarks: `benchmarks/hostile_inputs.py` measures the same files.
"""
from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from conftest import CLI
from hrap_report.datasets.plan_files import load_plan
from hrap_report.datasets.workbook import (
    MAX_CELL_CHARACTERS,
    MAX_CELLS,
    MAX_CHARACTERS,
    MAX_COLUMNS,
    MAX_ROWS,
)
from hrap_report.datasets.yaml_files import MAX_REPEATED_CHARACTERS, load_yaml
from hrap_report.errors import InputError
from hrap_report.pipeline.build import MAX_IMAGE_PIXELS, check_image
from hrap_report.pipeline.export import export_dataset
from hrap_report.project.scaffold import init_project
from hrap_report.validation.checks import load_report

WALL_SECONDS = 10
PEAK_MIB = 1024
CAP_BYTES = 4 * 2**30  # address space of a child: beyond the bound, short of the machine
CAP_SECONDS = 60  # processor time of a child
BIG_TEXT = ("All persons are equal before the law and are entitled without any discrimination "
            "to the equal protection of the law. " * 9_000)[:1_000_000]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
WORKBOOK = "book.xlsx"
CHAPTER = "data/chapter-1.yaml"


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str
    wall: float  # seconds
    peak: float  # MiB


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CAP_SECONDS, CAP_SECONDS))


def measured(*args: str, cwd: Path) -> Outcome:
    """`hrap-report ARGS` in a fresh process, with its time and peak memory; its output
    goes to files, which cannot fill and block the child as pipes can."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen([str(CLI), *args], cwd=cwd, stdout=out, stderr=errors, preexec_fn=_capped)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        errors.seek(0)
        return Outcome(child.returncode, out.read().decode(errors="replace"),
                       errors.read().decode(errors="replace"), wall, usage.ru_maxrss / 1024)


def _files(folder: Path) -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in folder.rglob("*") if p.is_file()}


def refused(*args: str, cwd: Path, first: str) -> str:
    """Run a command on a hostile input: exit 2, a first line matching the pattern `first`,
    no traceback or warning, nothing written, within the bounds. Returns stderr."""
    before = _files(cwd)
    outcome = measured(*args, cwd=cwd)
    lines = outcome.stderr.splitlines()
    assert outcome.status == 2, outcome.stderr[:2000]
    assert "Traceback" not in outcome.stderr and "Warning" not in outcome.stderr, outcome.stderr[:2000]
    assert lines and re.match(first, lines[0]), lines[:3]
    assert _files(cwd) == before, "a file was written"
    assert outcome.wall < WALL_SECONDS, f"{outcome.wall:.1f} s"
    assert outcome.peak < PEAK_MIB, f"{outcome.peak:.0f} MiB"
    return outcome.stderr


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A small valid project (the 2021-2025 skeleton), its data also as a workbook."""
    root = tmp_path_factory.mktemp("base")
    init_project(root / "project", load_plan("2021-2025"))
    export_dataset(load_report(root / "project" / "data"), "xlsx", root / WORKBOOK)
    return root


@pytest.fixture
def work(base, tmp_path) -> Path:
    """A copy of the project, with the workbook beside its data, to spoil."""
    shutil.copytree(base / "project", tmp_path, dirs_exist_ok=True)
    shutil.copy(base / WORKBOOK, tmp_path)
    return tmp_path


def _findings(book: Path, edit) -> None:
    """Change the workbook's findings sheet with openpyxl: `edit(sheet)`."""
    workbook = openpyxl.load_workbook(book)
    edit(workbook["findings"])
    workbook.save(book)


def _in_2000_findings(book: Path, text: str) -> None:
    """`text` in 2,000 findings (of indicator 1)."""
    def fill(sheet) -> None:
        for row in range(2, 2_002):
            sheet.cell(row=row, column=1, value=1)
            sheet.cell(row=row, column=2, value=text)
    _findings(book, fill)


def _parts(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _pack(book: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


def _findings_part(book: Path) -> str:
    """The archive's part of the findings sheet (openpyxl numbers them in sheet order)."""
    names = openpyxl.load_workbook(book, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index('findings') + 1}.xml"


def validate(work: Path, first: str) -> str:
    return refused("validate", "--data", WORKBOOK, cwd=work, first=rf"hrap-report: error: {first}")


# --- Workbooks -----------------------------------------------------------------------

def test_a_value_at_excel_s_last_row(work):
    """One value at row 1,048,576, a million empty rows read and kept before: refused at
    the limit, counted as the rows come (the extent a sheet declares is not trusted)."""
    _findings(work / WORKBOOK, lambda sheet: sheet.cell(row=1_048_576, column=1, value=1))
    assert (work / WORKBOOK).stat().st_size < 50_000
    validate(work, rf"{WORKBOOK}:findings!A{MAX_ROWS + 1}: the sheet goes on past row {MAX_ROWS:,}, ")


def test_a_value_at_excel_s_last_column(work):
    _findings(work / WORKBOOK, lambda sheet: sheet.cell(row=5, column=16_384, value=1))
    validate(work, rf"{WORKBOOK}:findings!XFD5: the row goes on to column XFD, past the {MAX_COLUMNS} "
                   "columns ")


def _shared(book: Path, text: str) -> None:
    """The findings of `_in_2000_findings(book, "HOSTILE")` made to point to one shared
    string, `text`: openpyxl writes texts inline (and cuts them at 32,767 characters), so
    the archive's XML is edited, with a table of shared strings and its entries."""
    parts = _parts(book)
    findings = _findings_part(book)
    parts[findings] = parts[findings].replace(b't="inlineStr"><is><t>HOSTILE</t></is>', b't="s"><v>0</v>')
    assert parts[findings].count(b"<v>0</v>") == 2_000
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}"><si><t>{text}</t></si></sst>'.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
        "</Types>".encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Type="{STRINGS_RELATION}" Target="sharedStrings.xml" '
        'Id="rIdStrings"/></Relationships>'.encode())
    _pack(book, parts)


def test_a_1_mb_shared_string_in_2000_cells(work):
    """Stored once in the file (38 KB), a copy in each cell for the validator: over 120 s
    and 2 GB before."""
    _in_2000_findings(work / WORKBOOK, "HOSTILE")
    _shared(work / WORKBOOK, BIG_TEXT)
    assert (work / WORKBOOK).stat().st_size < 100_000
    validate(work, rf"{WORKBOOK}:findings!B2: the cell holds 1,000,000 characters, more than the "
                   rf"{MAX_CELL_CHARACTERS:,} Excel allows")


def test_the_longest_cells_excel_allows_in_2000_cells(work):
    """Each cell within Excel's limit, together more than a workbook is read to: refused
    at the cell that passes it."""
    _in_2000_findings(work / WORKBOOK, BIG_TEXT[:MAX_CELL_CHARACTERS])
    validate(work, rf"{WORKBOOK}:findings!B\d+: the workbook holds more than {MAX_CHARACTERS:,} characters ")


def test_cells_far_right_of_the_data_in_many_rows(work):
    """A heading and a value in the last column a sheet may have, in row after row: a few
    bytes of XML each, a cell for every column to their left."""
    findings = _findings_part(work / WORKBOOK)
    parts = _parts(work / WORKBOOK)
    last = openpyxl.utils.get_column_letter(MAX_COLUMNS)
    rows = MAX_CELLS // MAX_COLUMNS + 1
    data = "".join(f'<row r="{r}"><c r="{last}{r}"><v>{r}</v></c></row>' for r in range(2, rows + 2))
    header = (f'<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c>'
              f'<c r="{last}1" t="inlineStr"><is><t>far</t></is></c></row>')
    parts[findings] = f'<worksheet xmlns="{MAIN}"><sheetData>{header}{data}</sheetData></worksheet>'.encode()
    _pack(work / WORKBOOK, parts)
    validate(work, rf"{WORKBOOK}:findings!{last}\d+: the workbook holds more than {MAX_CELLS:,} cells ")


def test_a_sheet_the_layout_has_not_is_not_read(work):
    """Only its name is used, for the warning: its cells, however far, are not read."""
    book = openpyxl.load_workbook(work / WORKBOOK)
    book.create_sheet("notes").cell(row=1_048_576, column=16_384, value=BIG_TEXT[:100])
    book.save(work / WORKBOOK)
    outcome = measured("validate", "--data", WORKBOOK, cwd=work)
    assert outcome.status == 0, outcome.stderr
    assert f"{WORKBOOK}:notes!A1: warning: the sheet 'notes' is not read" in outcome.stderr
    assert outcome.wall < WALL_SECONDS and outcome.peak < PEAK_MIB


def test_the_built_in_dataset_exported_as_a_workbook_still_reads(tmp_path):
    export = measured("export", "--to", "xlsx", WORKBOOK, cwd=tmp_path)
    assert export.status == 0, export.stderr
    outcome = measured("validate", "--data", WORKBOOK, cwd=tmp_path)
    assert outcome.status == 0, outcome.stderr
    assert outcome.stdout.startswith(f"{WORKBOOK}: valid, "), outcome.stdout + outcome.stderr
    assert outcome.wall < WALL_SECONDS and outcome.peak < PEAK_MIB


# --- YAML ----------------------------------------------------------------------------

def test_a_1_mb_text_repeated_by_400_aliases(work):
    """Few values, each a 1 MB text: within MAX_VALUES, and 19 s before."""
    chapter = work / CHAPTER
    overview = "overview:\n  - &big " + BIG_TEXT + "\n" + "  - *big\n" * 399 + "  - *big"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(re.sub(r"^overview: \[\].*$", overview, text, flags=re.M), encoding="utf-8")
    line = chapter.read_text(encoding="utf-8").splitlines().index("overview:") + 2  # the list's first item
    refused("validate", "--data", "data", cwd=work,
            first=rf"{CHAPTER}:{line}: error: holds more than {MAX_REPEATED_CHARACTERS:,} characters "
                  "repeated ")


@pytest.mark.parametrize("times,refuse", [(1, False), (2, True)])
def test_repeated_characters_are_counted_each_time(tmp_path, times, refuse):
    """The text an alias repeats counts each time it is repeated, a mapping's keys too;
    the text where the anchor is does not."""
    half = "x" * (MAX_REPEATED_CHARACTERS // 2)
    path = tmp_path / "a.yaml"
    path.write_text(f"a: &a\n  ? {half}\n  : {half}\n" + "".join(f"b{i}: *a\n" for i in range(times)),
                    encoding="utf-8")
    if not refuse:
        assert load_yaml(path).value[f"b{times - 1}"] == {half: half}
        return
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    assert caught.value.message.startswith(f"holds more than {MAX_REPEATED_CHARACTERS:,} characters")


# --- Images --------------------------------------------------------------------------

@pytest.mark.parametrize("width,height", [(8_000, 8_000), (17_000, 10_000), (20_000, 10_000)],
                         ids=["over-ours", "over-pillow-s-warning", "over-pillow-s-error"])
def test_a_logo_of_too_many_pixels(work, width, height):
    """Blank 1-bit PNGs of a few KB: 64 megapixels took a build 0.8 GB, 170 gave Pillow's
    warning and 2 GB, 200 its error as a traceback. Each is refused from its header."""
    Image.new("1", (width, height)).save(work / "logo.png")
    assert (work / "logo.png").stat().st_size < 50_000
    settings = work / "hrap.toml"
    settings.write_text('logo = "logo.png"\n' + settings.read_text(encoding="utf-8"), encoding="utf-8")
    refused("build", "--format", "pdf", cwd=work,
            first=rf"hrap-report: error: \S*logo\.png: is an image of {width:,} × {height:,} pixels, "
                  rf"more than the {MAX_IMAGE_PIXELS:,} pixels")


def test_checking_an_image_leaves_pillow_s_own_limit_as_it_was(tmp_path):
    limit = Image.MAX_IMAGE_PIXELS
    Image.new("RGB", (20, 10)).save(tmp_path / "small.png")
    check_image(tmp_path / "small.png")
    Image.new("1", (10_000, 10_000)).save(tmp_path / "large.png")
    with pytest.raises(InputError):
        check_image(tmp_path / "large.png")
    assert Image.MAX_IMAGE_PIXELS == limit
