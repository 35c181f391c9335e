"""A report written as a dataset in another format: a workbook, a CSV folder or YAML."""
from __future__ import annotations

import os
from pathlib import Path

from hrap_report.datasets.formats import FORMATS
from hrap_report.errors import InputError
from hrap_report.model.report import Report
from hrap_report.pipeline.atomic import write_file, write_folder


def export_dataset(report: Report, fmt: str, target: Path) -> list[Path]:
    """Write `report` as a dataset in `fmt` (xlsx, csv, yaml) at `target`, whole or not at
    all (an existing folder is replaced); returns the files written."""
    target = Path(target)
    if fmt not in FORMATS:
        raise InputError(f"unknown dataset format {fmt!r}: use one of {', '.join(FORMATS)}")
    format_ = FORMATS[fmt]
    if not format_.folder:
        write_file(target, lambda tmp: format_.write(report, tmp))
        return [target]
    return write_folder(target, lambda tmp: [target / p.name for p in format_.write(report, tmp)])


def check_target(target: Path, fmt: str, source: Path) -> None:
    """An export never replaces its own input, nor a folder holding files it did not write."""
    if _same(target, source):
        raise InputError("is the dataset being exported; export to another place", target)
    if not FORMATS[fmt].folder and target.is_dir():
        raise InputError("is a folder; give the file's name", target)
    if FORMATS[fmt].folder and target.is_dir():
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
