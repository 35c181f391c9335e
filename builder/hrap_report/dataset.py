"""The YAML dataset on disk: `report.yaml` plus one file per chapter, read and written.

`report.yaml` holds the metadata, the introduction and the list of chapter files in
reading order; each chapter file holds its overview, sections and indicators.
"""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .errors import InputError
from .model import Chapter, Introduction, Meta, Report
from .yamlio import Located, dump_yaml, load_yaml, validate

REPORT_FILE = "report.yaml"


class _ReportFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    meta: Meta
    introduction: Introduction
    chapters: list[str]


def load_report(path: Path) -> Report:
    """Read a dataset folder (or its `report.yaml`) into a validated `Report`."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", path)
    report_path = path / REPORT_FILE if path.is_dir() else path
    located = load_yaml(report_path)
    head = validate(located, _ReportFile)
    chapters = []
    seen: dict[int, str] = {}
    for i, name in enumerate(head.chapters):
        chapter_path = report_path.parent / name
        if not chapter_path.is_file():
            raise InputError(f"chapter file {name!r} not found", report_path, located.line_of(("chapters", i)))
        chapter_file = load_yaml(chapter_path)
        chapter = validate(chapter_file, Chapter)
        _check_unique_numbers(chapter, chapter_file, seen)
        chapters.append(chapter)
    return Report(meta=head.meta, introduction=head.introduction, chapters=chapters)


def _check_unique_numbers(chapter: Chapter, located: Located, seen: dict[int, str]) -> None:
    places = [(("indicators", j), ind) for j, ind in enumerate(chapter.indicators)]
    for s, section in enumerate(chapter.sections):
        places += [(("sections", s, "indicators", j), ind) for j, ind in enumerate(section.indicators)]
    for loc, indicator in places:
        where = f"{located.path}:{located.line_of(loc + ('number',))}"
        if indicator.number in seen:
            raise InputError(
                f"indicator {indicator.number} appears twice (first at {seen[indicator.number]})",
                located.path, located.line_of(loc + ("number",)),
            )
        seen[indicator.number] = where


def save_report(report: Report, folder: Path) -> list[Path]:
    """Write a report as a dataset folder; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"chapter-{c.number}.yaml" for c in report.chapters]
    files = {REPORT_FILE: {
        "meta": report.meta.model_dump(exclude_defaults=True),
        "introduction": report.introduction.model_dump(),
        "chapters": names,
    }}
    for name, chapter in zip(names, report.chapters):
        files[name] = chapter.model_dump(exclude_defaults=True)
    for name, content in files.items():
        (folder / name).write_text(dump_yaml(content), encoding="utf-8")
    return [folder / name for name in files]
