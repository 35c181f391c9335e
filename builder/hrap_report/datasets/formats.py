"""The dataset formats, the one place their names live: how to tell which a path is, and
the reader and writer of each. A format's module is imported only when it is used, so
reading YAML never loads openpyxl.

Adding a format is one module with a reader (path -> `RawDataset`) and a writer (report,
path -> files written), plus its entry here.
"""
from __future__ import annotations

import importlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hrap_report.datasets.files import status
from hrap_report.errors import InputError

if TYPE_CHECKING:  # kept out at run time: the command line reads the names without it
    from hrap_report.datasets.raw import RawDataset
    from hrap_report.model.report import Report

REPORT_FILE = "report.yaml"  # the file that makes a folder a YAML dataset
CSV_MARKER = "indicators.csv"  # the file that makes a folder a CSV dataset


@dataclass(frozen=True)
class DatasetFormat:
    """A dataset format: its name, whether it is a folder or one file, and where its reader
    and writer are (`module:function`)."""

    name: str
    folder: bool
    reader: str
    writer: str
    suffixes: tuple[str, ...] = ()  # the file suffixes that name it (a file format's)

    def read(self, path: Path) -> RawDataset:
        """The raw dataset at `path`, read in this format."""
        return _function(self.reader)(Path(path))

    def write(self, report: Report, target: Path) -> list[Path]:
        """Write `report` at `target` (a file, or a folder to fill); the files written."""
        written = _function(self.writer)(report, Path(target))
        return written if isinstance(written, list) else [Path(target)]


FORMATS: dict[str, DatasetFormat] = {f.name: f for f in (
    DatasetFormat("xlsx", False, "hrap_report.datasets.workbook:read_workbook",
                  "hrap_report.datasets.workbook:write_workbook", (".xlsx",)),
    DatasetFormat("csv", True, "hrap_report.datasets.csv_folder:read_csv_folder",
                  "hrap_report.datasets.csv_folder:write_csv_folder"),
    DatasetFormat("yaml", True, "hrap_report.datasets.yaml_folder:read_yaml_dataset",
                  "hrap_report.datasets.yaml_folder:save_report", (".yaml", ".yml")),
)}


def _function(name: str) -> Callable:
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def dataset_kind(path: Path) -> str:
    """The name of the format a dataset path is in (a key of `FORMATS`)."""
    path = Path(path)
    folder = stat.S_ISDIR(status(path, "no such file or folder").st_mode)
    suffix = path.suffix.lower()
    if folder:
        # a marker that is there but not a file is named by the reader, not passed over
        if os.path.lexists(path / REPORT_FILE):
            return "yaml"
        if os.path.lexists(path / CSV_MARKER):
            return "csv"
        if any(suffix in f.suffixes for f in FORMATS.values()):
            raise InputError("is a folder, not a file", path)
        raise InputError(f"not a dataset: the folder holds neither {REPORT_FILE} nor {CSV_MARKER}", path)
    for name, format_ in FORMATS.items():
        if suffix in format_.suffixes:
            return name
    raise InputError("not a dataset: give a folder with report.yaml, a .xlsx workbook "
                     "or a folder of CSV files", path)


def read_dataset(path: Path) -> RawDataset:
    """Read a dataset in whichever format `path` is."""
    return FORMATS[dataset_kind(path)].read(Path(path))
