"""The YAML dataset on disk: `report.yaml` plus one file per chapter, read and written.

`report.yaml` holds the metadata, the introduction and the list of chapter files in
reading order; each chapter file holds its overview, sections and indicators. A folder
written here carries the JSON Schema of each kind of file in `schemas/`, and each file's
first line names its schema for editors (yaml-language-server's `$schema` comment).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from pydantic import Field

from hrap_report.datasets.files import inside
from hrap_report.datasets.formats import REPORT_FILE
from hrap_report.datasets.raw import RawDataset
from hrap_report.datasets.yaml_files import Located, dump_yaml, load_yaml, validate
from hrap_report.errors import InputError, Problem
from hrap_report.model.base import Frozen, json_schema
from hrap_report.model.report import Chapter, Introduction, Meta, Report, TableSpec
from hrap_report.model.scale import StatusScale
from hrap_report.resources import DATA

SCALE_FILE = "status-scale.yaml"
SCHEMA_FOLDER = "schemas"  # beside the files, which name their schemas by a path relative to themselves


class ReportFile(Frozen):
    """`report.yaml`: what the cover says, the introduction, the chapter files in reading
    order and the status scale's file."""

    meta: Meta = Field(description=Report.model_fields["meta"].description)
    introduction: Introduction = Field(description=Report.model_fields["introduction"].description)
    chapters: list[Annotated[str, Field(pattern=r"\S")]] = Field(
        min_length=1, description="The chapter files beside report.yaml, in reading order.")
    status_scale: str | None = Field(None, description="The status scale's file beside report.yaml (default: the "
                                                       "built-in scale).")
    tables: dict[str, TableSpec] = Field({}, description=Report.model_fields["tables"].description)


#: The kinds of file of a dataset folder: the model of each, and its schema's title.
SCHEMAS = {
    "report": (ReportFile, "hrap-report dataset: report.yaml"),
    "chapter": (Chapter, "hrap-report dataset: a chapter file (chapter-N.yaml)"),
    "scale": (StatusScale, "hrap-report dataset: the status scale (status-scale.yaml)"),
}


def schema_line(kind: str) -> str:
    """The first line of a YAML file of a kind (`chapter`), naming its schema in the
    `schemas/` folder beside it."""
    return f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{kind}.schema.json\n"


def schema_files() -> dict[str, str]:
    """The JSON Schemas a dataset folder carries, by their paths in it."""
    return {f"{SCHEMA_FOLDER}/{kind}.schema.json": json_schema(model, title)
            for kind, (model, title) in SCHEMAS.items()}


def load_scale(path: Path | None = None, language: str = "en") -> StatusScale:
    """A status vocabulary file (the built-in one by default)."""
    return validate(load_yaml(path or DATA / SCALE_FILE), StatusScale, language=language)


def read_yaml_dataset(path: Path) -> RawDataset:
    """Read a YAML dataset folder (or its `report.yaml`) with the line of every value."""
    report_path = path / REPORT_FILE if path.is_dir() else path
    raw = RawDataset(source=path, head=None)
    head = _parse(report_path, raw.problems)
    if head is None:
        return raw
    value = head.value if isinstance(head.value, dict) else {}
    files = value.get("chapters", [])
    raw.head = Located(head.path, {k: v for k, v in value.items() if k not in ("chapters", "status_scale")}
                       if isinstance(head.value, dict) else head.value, head.lines)
    if not isinstance(files, list):
        raw.problems.append(Problem(head.place_of(("chapters",)), "chapters must be a list of file names",
                                    "write one chapter file name per line, each after '- '"))
        files = []
    for i, name in enumerate(files):
        if not isinstance(name, str) or not name.strip():
            raw.problems.append(Problem(head.place_of(("chapters", i)), f"{name!r} is not a file name",
                                        "write the chapter file's name, such as chapter-1.yaml"))
            continue
        chapter_path = report_path.parent / name
        if not os.path.lexists(chapter_path):  # there but unreadable: named by _parse instead
            raw.problems.append(Problem(head.place_of(("chapters", i)), f"chapter file {name!r} not found",
                                        f"create it beside {REPORT_FILE} or correct the name"))
            continue
        if not _inside(chapter_path, report_path.parent, head.place_of(("chapters", i)), raw.problems):
            continue
        if (chapter := _parse(chapter_path, raw.problems)) is not None:
            raw.chapters.append(chapter)
    scale_name = value.get("status_scale")
    if scale_name:
        scale_path = report_path.parent / str(scale_name)
        if not os.path.lexists(scale_path):
            raw.problems.append(Problem(head.place_of(("status_scale",)), f"status scale file {scale_name!r} "
                                        "not found", "create it, or remove status_scale to use the built-in scale"))
        elif _inside(scale_path, report_path.parent, head.place_of(("status_scale",)), raw.problems):
            raw.scale = _parse(scale_path, raw.problems)
    return raw


def _inside(path: Path, folder: Path, place: str, problems: list[Problem]) -> bool:
    """Whether a file the dataset names lies inside its folder; if not, a problem at the
    line naming it, which never shows what the file holds."""
    try:
        inside(path, folder)
    except InputError as error:
        problems.append(Problem(place, error.message, "a dataset reads only files in its own folder"))
        return False
    return True


def _parse(path: Path, problems: list[Problem]) -> Located | None:
    try:
        return load_yaml(path)
    except InputError as error:
        problems.append(Problem.of(error, "correct the file; see the YAML layout in data/"))
        return None


def save_report(report: Report, folder: Path) -> list[Path]:
    """Write a report as a dataset folder, with its schemas; returns the files written."""
    names = [f"chapter-{c.number}.yaml" for c in report.chapters]
    head = {
        "meta": report.meta.model_dump(exclude_defaults=True),
        "introduction": report.introduction.model_dump(),
        "chapters": names,
        "status_scale": SCALE_FILE,
        **({"tables": {k: v.model_dump(exclude_defaults=True) for k, v in report.tables.items()}}
           if report.tables else {}),
    }
    files = {REPORT_FILE: schema_line("report") + dump_yaml(head),
             SCALE_FILE: schema_line("scale") + dump_yaml(report.scale.model_dump(exclude_none=True))}
    for name, chapter in zip(names, report.chapters):
        files[name] = schema_line("chapter") + dump_yaml(chapter.model_dump(exclude_defaults=True))
    files.update(schema_files())
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]
