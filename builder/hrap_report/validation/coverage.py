"""How much of a dataset is translated into a language, part by part, with the place
(file and line, or sheet and cell) of the first missing translation."""
from __future__ import annotations

from dataclasses import dataclass

from hrap_report.datasets.raw import RawDataset
from hrap_report.errors import InputError
from hrap_report.model.localized import missing_translations
from hrap_report.model.report import Report


@dataclass(frozen=True)
class PartCoverage:
    """One part of the dataset (the front matter, a chapter, the status scale)."""

    name: str
    total: int
    missing: tuple[tuple, ...]
    first_place: str | None  # where the first missing translation is

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


def coverage(raw: RawDataset, report: Report, language: str) -> list[PartCoverage]:
    """The translation coverage of each part of a dataset, as read (`raw`) and checked (`report`)."""
    own = report.meta.language
    front = report.model_copy(update={"chapters": [], "scale": None})
    parts = [("front matter", raw.head, front)]
    parts += [(f"chapter {c.number}", located, c) for c, located in zip(report.chapters, raw.chapters)]
    parts.append(("status scale", raw.scale, report.scale))
    result = []
    for name, located, model in parts:
        total, missing = missing_translations(model, language, own)
        place = None
        if missing:
            place = located.place_of(missing[0]) if located else "the built-in status scale"
        result.append(PartCoverage(name, total, tuple(missing), place))
    return result


def require_translations(raw: RawDataset, report: Report, language: str) -> None:
    """Fail on the first text field without a `language` text (`--strict`)."""
    for part in coverage(raw, report, language):
        if part.missing:
            where = ".".join(map(str, part.missing[0]))
            raise InputError(f"{part.first_place}: {part.name}: {len(part.missing)} of {part.total} texts "
                             f"have no {language} translation, the first at {where} (--strict)")
