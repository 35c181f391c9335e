"""A report written as a dataset in another format: a workbook, a CSV folder or YAML."""
from __future__ import annotations

import os
from pathlib import Path

from .atomic import write_file, write_folder
from .csvfolder import write_csv_folder
from .dataset import save_report
from .errors import InputError
from .model import Report
from .workbook import write_workbook

FORMATS = ("xlsx", "csv", "yaml")


def export_dataset(report: Report, fmt: str, target: Path) -> list[Path]:
    """Write `report` as a dataset in `fmt` (xlsx, csv, yaml) at `target`, whole or not at
    all (an existing folder is replaced); returns the files written."""
    target = Path(target)
    if fmt == "xlsx":
        write_file(target, lambda tmp: write_workbook(report, tmp))
        return [target]
    writers = {"csv": write_csv_folder, "yaml": save_report}
    if fmt not in writers:
        raise InputError(f"unknown dataset format {fmt!r}: use one of {', '.join(FORMATS)}")
    return write_folder(target, lambda tmp: [target / p.name for p in writers[fmt](report, tmp)])


def check_target(target: Path, fmt: str, source: Path) -> None:
    """An export never replaces its own input, nor a folder holding files it did not write."""
    if _same(target, source):
        raise InputError("is the dataset being exported; export to another place", target)
    if fmt == "xlsx" and target.is_dir():
        raise InputError("is a folder; give the workbook's file name", target)
    if fmt != "xlsx" and target.is_dir():
        others = sorted(p.name for p in target.iterdir() if p.suffix != f".{fmt}")
        if others:
            raise InputError(f"holds other files ({', '.join(others[:3])}{' …' if len(others) > 3 else ''}); "
                             "export into a new folder", target)


def _same(target: Path, source: Path) -> bool:
    """Whether both paths are the same file or folder; not if either is not there or cannot
    be reached (a looping link): the reader of the source names that."""
    try:
        return os.path.samefile(target, source)
    except OSError:
        return False
