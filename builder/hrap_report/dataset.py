"""The YAML dataset on disk: `report.yaml` plus one file per chapter, read and written.

`report.yaml` holds the metadata, the introduction and the list of chapter files in
reading order; each chapter file holds its overview, sections and indicators.
"""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .errors import InputError
from .model import Chapter, Introduction, Meta, Report, TableSpec
from .resources import DATA
from .scale import StatusScale
from .yamlio import Located, dump_yaml, load_yaml, validate

REPORT_FILE = "report.yaml"
SCALE_FILE = "status-scale.yaml"


class _ReportFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    meta: Meta
    introduction: Introduction
    chapters: list[str]
    status_scale: str | None = None  # a file beside report.yaml; default: the built-in scale
    tables: dict[str, TableSpec] = {}


def load_scale(path: Path | None = None, language: str = "en") -> StatusScale:
    """A status vocabulary file (the built-in one by default)."""
    return validate(load_yaml(path or DATA / SCALE_FILE), StatusScale, language=language)


def report_files(path: Path) -> dict:
    """The files of a dataset: `report.yaml`, its chapter files, its status scale file."""
    path = Path(path)
    report_path = path / REPORT_FILE if path.is_dir() else path
    located = load_yaml(report_path)
    head = validate(located, _ReportFile, language=_own_language(located))
    return {REPORT_FILE: report_path, "chapters": [report_path.parent / name for name in head.chapters],
            "status_scale": report_path.parent / head.status_scale if head.status_scale else DATA / SCALE_FILE}


def load_report(path: Path) -> Report:
    """Read a dataset folder (or its `report.yaml`) into a validated `Report`."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", path)
    report_path = path / REPORT_FILE if path.is_dir() else path
    located = load_yaml(report_path)
    language = _own_language(located)
    head = validate(located, _ReportFile, language=language)
    scale = load_scale(report_path.parent / head.status_scale if head.status_scale else None, language)
    chapters = []
    seen: dict[int, str] = {}
    for i, name in enumerate(head.chapters):
        chapter_path = report_path.parent / name
        if not chapter_path.is_file():
            raise InputError(f"chapter file {name!r} not found", report_path, located.line_of(("chapters", i)))
        chapter_file = load_yaml(chapter_path)
        chapter = validate(chapter_file, Chapter, language=language)
        _check_indicators(chapter, chapter_file, seen, scale)
        chapters.append(chapter)
    return Report(meta=head.meta, introduction=head.introduction, chapters=chapters, scale=scale,
                  tables=head.tables)


def _own_language(located: Located) -> str:
    """The dataset's language (`meta.language`), which its plain text fields are in."""
    meta = located.value.get("meta") if isinstance(located.value, dict) else None
    language = meta.get("language") if isinstance(meta, dict) else None
    return language if isinstance(language, str) else "en"


def _check_indicators(chapter: Chapter, located: Located, seen: dict[int, str], scale: StatusScale) -> None:
    """Indicator numbers are unique across chapters; statuses come from the scale."""
    places = [(("indicators", j), ind) for j, ind in enumerate(chapter.indicators)]
    for s, section in enumerate(chapter.sections):
        places += [(("sections", s, "indicators", j), ind) for j, ind in enumerate(section.indicators)]
    for loc, indicator in places:
        line = located.line_of(loc + ("number",))
        if indicator.number in seen:
            raise InputError(
                f"indicator {indicator.number} appears twice (first at {seen[indicator.number]})",
                located.path, line)
        seen[indicator.number] = f"{located.path}:{line}"
        if indicator.status and indicator.status not in scale.indicator_statuses:
            raise InputError(
                f"indicator {indicator.number}: unknown status {indicator.status!r}; "
                f"one of {', '.join(scale.indicator_statuses)}", located.path, located.line_of(loc + ("status",)))


def save_report(report: Report, folder: Path) -> list[Path]:
    """Write a report as a dataset folder; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"chapter-{c.number}.yaml" for c in report.chapters]
    files = {REPORT_FILE: {
        "meta": report.meta.model_dump(exclude_defaults=True),
        "introduction": report.introduction.model_dump(),
        "chapters": names,
        "status_scale": SCALE_FILE,
        **({"tables": {k: v.model_dump(exclude_defaults=True) for k, v in report.tables.items()}}
           if report.tables else {}),
    }, SCALE_FILE: report.scale.model_dump(exclude_none=True)}
    for name, chapter in zip(names, report.chapters):
        files[name] = chapter.model_dump(exclude_defaults=True)
    for name, content in files.items():
        (folder / name).write_text(dump_yaml(content), encoding="utf-8")
    return [folder / name for name in files]
