"""Characters of a dataset that the PDF cannot draw, found by `validate` and before a
build writes anything: not when the PDF writer meets them, with the DOCX already written."""
from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator

from hrap_report.datasets.raw import RawDataset
from hrap_report.document.blocks import Document
from hrap_report.errors import InputError, Problem
from hrap_report.writers.theme import Theme


def undrawable(raw: RawDataset, theme: Theme) -> list[Problem]:
    """A problem at the place of each text holding a character that none of the theme's
    PDF fonts has (the first such character of the text)."""
    from hrap_report.writers.pdf.fonts import missing_characters

    texts = list(raw.texts())
    missing = missing_characters(theme, set().union(*(set(text) for _, _, text in texts)))
    problems = []
    for part, loc, text in texts if missing else ():
        if found := next((c for c in text if c in missing), None):
            name = unicodedata.name(found, "unnamed")
            problems.append(Problem(part.place_of(loc), f"{'.'.join(map(str, loc))}: the character {found!r} "
                                    f"(U+{ord(found):04X} {name}) is in none of the theme's fonts, so the PDF "
                                    "cannot show it", "remove it, or add a font that has it to the theme"))
    return problems


def check_drawable(document: Document, theme: Theme) -> None:
    """Refuse, before any file is written, a document with a character none of the
    theme's PDF fonts has: one of the data is found by `undrawable`, this finds those of
    the label catalogs and templates (an `ar` catalog with a theme without Arabic)."""
    from hrap_report.writers.pdf.fonts import missing_characters

    characters: set[str] = set()
    for text in _texts(document):
        characters.update(text)
    if missing := missing_characters(theme, characters):
        text = next(t for t in _texts(document) if missing & set(t))
        found = next(c for c in text if c in missing)
        raise InputError(f"the character {found!r} (U+{ord(found):04X} {unicodedata.name(found, 'unnamed')}) "
                         f"in {text[:60]!r} is in none of the theme's fonts, so the PDF cannot show it — use a "
                         "label catalog or templates without it, or add a font that has it to the theme")


def _texts(value) -> Iterator[str]:
    """Every text of the document model, its blocks' and its metadata's."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name))
    elif isinstance(value, (tuple, list, frozenset)):
        for item in value:
            yield from _texts(item)
