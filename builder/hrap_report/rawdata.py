"""A dataset as read from disk, before validation, and the readers that make one.

A reader knows a file format, not a report: it returns the parts of a dataset as plain
values (the shape of the YAML files) with the place of every value, plus the problems
that kept it from reading a part. `checks.check` turns that into a `Report` or a list
of every problem. Readers are chosen by what the path is: a folder holding
`report.yaml` (or that file), a workbook (`.xlsx`), or a folder of CSV files.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .inputs import status
from .problems import Problem
from .yamlio import Located

REPORT_FILE = "report.yaml"
CSV_MARKER = "indicators.csv"  # the file that makes a folder a CSV dataset


@dataclass
class RawDataset:
    """The parts of a dataset, each with the place of its values."""

    source: Path
    head: Located | None  # meta, introduction, tables: report.yaml without its file list
    chapters: list[Located] = field(default_factory=list)  # in reading order
    scale: Located | None = None  # None: the built-in status scale
    problems: list[Problem] = field(default_factory=list)  # parts that could not be read


def dataset_kind(path: Path) -> str:
    """Which reader a dataset path needs: "yaml", "xlsx" or "csv"."""
    path = Path(path)
    folder = stat.S_ISDIR(status(path, "no such file or folder").st_mode)
    suffix = path.suffix.lower()
    if folder:
        # a marker that is there but not a file is named by the reader, not passed over
        if os.path.lexists(path / REPORT_FILE):
            return "yaml"
        if os.path.lexists(path / CSV_MARKER):
            return "csv"
        if suffix in (".yaml", ".yml", ".xlsx"):
            raise InputError("is a folder, not a file", path)
        raise InputError(f"not a dataset: the folder holds neither {REPORT_FILE} nor {CSV_MARKER}", path)
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".xlsx":
        return "xlsx"
    raise InputError("not a dataset: give a folder with report.yaml, a .xlsx workbook "
                     "or a folder of CSV files", path)


def read_dataset(path: Path) -> RawDataset:
    """Read a dataset in whichever format `path` is."""
    kind = dataset_kind(path)
    if kind == "xlsx":
        from .workbook import read_workbook

        return read_workbook(Path(path))
    if kind == "csv":
        from .csvfolder import read_csv_folder

        return read_csv_folder(Path(path))
    from .dataset import read_yaml_dataset

    return read_yaml_dataset(Path(path))
