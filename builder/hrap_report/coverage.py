"""How much of a dataset is translated into a language, part by part, with the place
(file and line) of each missing translation."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dataset import REPORT_FILE, report_files
from .errors import InputError
from .localized import missing_translations
from .model import Report
from .yamlio import load_yaml


@dataclass(frozen=True)
class PartCoverage:
    """One part of the dataset (the front matter, a chapter, the status scale)."""

    name: str
    path: Path
    total: int
    missing: tuple[tuple, ...]
    first_line: int | None  # the line of the first missing translation

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


def coverage(data: Path, report: Report, language: str) -> list[PartCoverage]:
    """The translation coverage of each part of the dataset at `data` (loaded as `report`)."""
    own = report.meta.language
    files = report_files(data)
    front = report.model_copy(update={"chapters": [], "scale": None})
    parts = [("front matter", files[REPORT_FILE], front)]
    parts += [(f"chapter {c.number}", path, c) for c, path in zip(report.chapters, files["chapters"])]
    parts.append(("status scale", files["status_scale"], report.scale))
    result = []
    for name, path, model in parts:
        total, missing = missing_translations(model, language, own)
        line = load_yaml(path).line_of(missing[0]) if missing else None
        result.append(PartCoverage(name, path, total, tuple(missing), line))
    return result


def require_translations(data: Path, report: Report, language: str) -> None:
    """Fail on the first text field without a `language` text (`--strict`)."""
    for part in coverage(data, report, language):
        if part.missing:
            where = ".".join(map(str, part.missing[0]))
            raise InputError(f"{part.name}: {len(part.missing)} of {part.total} texts have no "
                             f"{language} translation, the first at {where} (--strict)",
                             part.path, part.first_line)
