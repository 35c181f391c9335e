"""A dataset as read from disk, before validation, and the readers that make one.

A reader knows a file format, not a report: it returns the parts of a dataset as plain
values (the shape of the YAML files) with the place of every value, plus the problems
that kept it from reading a part. `checks.check` turns that into a `Report` or a list
of every problem. Readers are chosen by what the path is: a folder holding
`report.yaml` (or that file), a workbook (`.xlsx`), or a folder of CSV files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
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
    if not path.exists():
        raise InputError("no such file or folder", path)
    if path.is_dir():
        if (path / REPORT_FILE).is_file():
            return "yaml"
        if (path / CSV_MARKER).is_file():
            return "csv"
        raise InputError(f"not a dataset: the folder holds neither {REPORT_FILE} nor {CSV_MARKER}", path)
    suffix = path.suffix.lower()
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
