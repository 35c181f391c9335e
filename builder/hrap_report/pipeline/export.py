"""A report written as a dataset in another format: a workbook, a CSV folder or YAML."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from hrap_report.datasets.formats import FORMATS
from hrap_report.datasets.raw import RawDataset
from hrap_report.datasets.yaml_folder import SCHEMA_FOLDER
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
    return write_folder(target, lambda tmp: [target / p.relative_to(tmp) for p in format_.write(report, tmp)])


def check_target(target: Path, fmt: str, dataset: RawDataset) -> None:
    """An export replaces only what an earlier export wrote: a regular file for a file
    format, a folder of nothing but files in its format (and a YAML dataset's schemas) for
    a folder format. Never the dataset being exported, a place inside it or a folder
    holding any file it was read from."""
    target = Path(target)
    for source in _inputs(dataset):
        _refuse_overlap(target, source)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as error:  # a part of the path that is a file, a loop of links …
        raise InputError(f"cannot be used ({error.strerror}); export to another place", target) from None
    if stat.S_ISLNK(mode):  # replacing it would drop the link, not write where it leads
        raise InputError("is a symbolic link; export to the path it leads to, or to another place", target)
    if not FORMATS[fmt].folder:
        if stat.S_ISDIR(mode):
            raise InputError("is a folder; give the file's name", target)
        if not stat.S_ISREG(mode):
            raise InputError("is not a regular file (a device, pipe or socket); export to a file", target)
        return
    if not stat.S_ISDIR(mode):
        raise InputError(f"is not a folder; export --to {fmt} writes a folder: give a new folder's name",
                         target)
    try:
        others = _others(target, fmt)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror}); export into a new folder", target) from None
    if others:
        raise InputError(f"holds other files ({', '.join(others[:3])}{' …' if len(others) > 3 else ''}); "
                         "export into a new folder", target)


def _others(folder: Path, fmt: str) -> list[str]:
    """The names in a folder that an export in `fmt` did not write: anything but its files
    and, for YAML, a `schemas/` folder of JSON Schemas alone."""
    def written(entry: os.DirEntry, ending: str) -> bool:
        return entry.is_file(follow_symlinks=False) and entry.name.endswith(ending)

    def schemas(entry: os.DirEntry) -> bool:
        return (fmt == "yaml" and entry.name == SCHEMA_FOLDER and entry.is_dir(follow_symlinks=False)
                and all(written(inner, ".schema.json") for inner in os.scandir(entry.path)))

    return sorted(entry.name for entry in os.scandir(folder) if not (written(entry, f".{fmt}") or schemas(entry)))


def _inputs(dataset: RawDataset) -> list[Path]:
    """The dataset's path and every file it was read from (a YAML dataset named by its
    report.yaml has its chapter files beside that file, not under it)."""
    parts = [dataset.head, dataset.scale, *dataset.chapters]
    return [Path(dataset.source), *(part.path for part in parts if part is not None)]


def _refuse_overlap(target: Path, source: Path) -> None:
    """Refuse a target that is `source`, lies inside it or holds it, links followed."""
    if _same(target, source):
        raise InputError("is the dataset being exported; export to another place", target)
    # realpath, not resolve: it does not raise on a loop of links, which the reader names
    real_target, real_source = Path(os.path.realpath(target)), Path(os.path.realpath(source))
    if real_source in real_target.parents:
        raise InputError(f"lies inside the dataset being exported ({source}); export to a place outside it",
                         target)
    if real_target in real_source.parents:
        raise InputError(f"holds the dataset being exported ({source}); export to a place outside it", target)


def _same(target: Path, source: Path) -> bool:
    """Whether both paths are the same file or folder; not if either is not there or cannot
    be reached (a looping link): the reader of the source names that."""
    try:
        return os.path.samefile(target, source)
    except OSError:
        return False
