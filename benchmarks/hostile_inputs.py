"""Wall time and peak memory of `hrap-report` on small hostile input files, each against
the targets of the issue "Safe to run on a project someone sent you": refused in under
10 s and 1 GiB, with exit status 2.

The files are the ones a red team sent: a workbook with one value at Excel's last row, a
workbook whose 1 MB shared string fills 2,000 cells (and one whose 32,767-character
string, the longest Excel allows, does), a YAML file repeating a 1 MB string
through 400 aliases, and logos of 64, 170 and 200 megapixels that compress to a few
kilobytes. They are written from a fresh project (`hrap-report init`) into a temporary
folder; each command runs in a fresh process, as a user would run it, under a cap of
4 GiB of address space and 120 s of processor time, so that a regression shows as a
failed case instead of exhausting a shared machine.
Run: .venv/bin/python benchmarks/hostile_inputs.py
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from PIL import Image

CLI = Path(sys.executable).with_name("hrap-report")
TARGET_SECONDS = 10
TARGET_PEAK_MIB = 1024
CAP_BYTES = 4 * 2**30  # address space of each run: well above the target, well below the machine
CAP_SECONDS = 120  # processor time of each run
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
BIG_TEXT = ("All persons are equal before the law and are entitled without any discrimination "
            "to the equal protection of the law. " * 9_000)[:1_000_000]


@dataclass
class Run:
    status: int
    wall: float  # seconds
    peak: float  # MiB
    first_line: str  # of stderr


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CAP_SECONDS, CAP_SECONDS))


def measure(*args: str, cwd: Path) -> Run:
    """One command in a fresh process; stderr goes to a file (a pipe could fill and block)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen([str(CLI), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors,
                                   preexec_fn=_capped)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        errors.seek(0)
        lines = errors.read().decode(errors="replace").splitlines()
    code = os.waitstatus_to_exitcode(status)
    return Run(code, wall, usage.ru_maxrss / 1024, lines[0] if lines else "")


def _edited_workbook(base: Path, target: Path, edit: Callable) -> Path:
    book = openpyxl.load_workbook(base)
    edit(book["findings"])
    book.save(target)
    return target


def far_row(base: Path, folder: Path) -> Path:
    """One value at row 1,048,576, Excel's last."""
    return _edited_workbook(base, folder / "far-row.xlsx",
                            lambda sheet: sheet.cell(row=1_048_576, column=1, value=1))


def _in_2000_cells(base: Path, target: Path, text: str) -> Path:
    """The workbook with `text` in 2,000 findings (of indicator 1)."""
    def fill(sheet) -> None:
        for row in range(2, 2_002):
            sheet.cell(row=row, column=1, value=1)
            sheet.cell(row=row, column=2, value=text)
    return _edited_workbook(base, target, fill)


def shared_string(base: Path, folder: Path) -> Path:
    """A 1 MB shared string in 2,000 cells. openpyxl writes texts inline, cut at Excel's
    32,767 characters, so the archive's XML is edited: each cell to point to the first
    shared string, and a table of shared strings, with its entries in the package, to hold
    it."""
    target = _in_2000_cells(base, folder / "shared-string.xlsx", "HOSTILE")
    with zipfile.ZipFile(target) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = parts[name].replace(b't="inlineStr"><is><t>HOSTILE</t></is>', b't="s"><v>0</v>')
    parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{MAIN}" count="2000" uniqueCount="1"><si><t>{BIG_TEXT}</t>'
                                     '</si></sst>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
        '</Types>'.encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Type="{STRINGS_RELATION}" Target="sharedStrings.xml" '
        'Id="rIdStrings"/></Relationships>'.encode())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return target


def longest_cells(base: Path, folder: Path) -> Path:
    """A 32,767-character text, the longest Excel allows, in 2,000 cells: 65 million
    characters, held in the file as often (openpyxl writes texts inline) and yet
    compressed to 0.3 MB."""
    return _in_2000_cells(base, folder / "longest-cells.xlsx", BIG_TEXT[:32_767])


def aliases(project: Path, folder: Path) -> Path:
    """A copy of the project's data whose chapter 1 overview is a 1 MB paragraph and 400
    aliases of it."""
    data = folder / "aliases"
    shutil.copytree(project / "data", data)
    chapter = data / "chapter-1.yaml"
    text = chapter.read_text(encoding="utf-8")
    overview = "overview:\n  - &big " + BIG_TEXT + "\n" + "  - *big\n" * 400
    chapter.write_text(text.replace("overview: []", overview.rstrip("\n")), encoding="utf-8")
    return data


def logo(project: Path, folder: Path, width: int, height: int) -> Path:
    """A copy of the project with a logo: a blank 1-bit PNG of `width` x `height` (a few KB)."""
    target = folder / f"logo-{width}x{height}"
    shutil.copytree(project, target)
    Image.new("1", (width, height)).save(target / "logo.png")
    settings = target / "hrap.toml"
    settings.write_text('logo = "logo.png"\n' + settings.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def show(case: str, size: int, run: Run) -> None:
    met = run.status == 2 and run.wall < TARGET_SECONDS and run.peak < TARGET_PEAK_MIB
    print(f"{case:<24} {size / 1024:>8,.0f} {run.status:>5} {run.wall:>8.2f} {run.peak:>9.0f}  "
          f"{'met' if met else 'MISSED'}", flush=True)
    print(f"  {run.first_line[:150]}", flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        subprocess.run([str(CLI), "init", "project", "--plan", "2021-2025"], cwd=folder, check=True,
                       capture_output=True)
        project = folder / "project"
        base = folder / "base.xlsx"
        subprocess.run([str(CLI), "export", "--to", "xlsx", "--data", str(project / "data"), str(base)],
                       check=True, capture_output=True)
        cases = [
            ("workbook, far row", far_row(base, folder)),
            ("workbook, shared string", shared_string(base, folder)),
            ("workbook, longest cells", longest_cells(base, folder)),
            ("yaml, 400 aliases", aliases(project, folder)),
        ]
        print(f"{'case':<24} {'file KiB':>8} {'exit':>5} {'wall s':>8} {'peak MiB':>9}  "
              f"targets: exit 2, < {TARGET_SECONDS} s, < {TARGET_PEAK_MIB} MiB")
        for case, data in cases:
            size = data.stat().st_size if data.is_file() else sum(f.stat().st_size for f in data.iterdir())
            show(case, size, measure("validate", "--data", str(data), cwd=folder))
        for width, height in ((8_000, 8_000), (17_000, 10_000), (20_000, 10_000)):
            target = logo(project, folder, width, height)
            show(f"logo, {width * height / 1e6:.0f} megapixels", (target / "logo.png").stat().st_size,
                 measure("build", "--out", "out", "--format", "pdf", cwd=target))


if __name__ == "__main__":
    main()
