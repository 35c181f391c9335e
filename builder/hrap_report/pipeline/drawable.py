"""Characters of a dataset that the PDF cannot draw, found by `validate` and before a
build writes anything: not when the PDF writer meets them, with the DOCX already written."""
from __future__ import annotations

import unicodedata

from hrap_report.datasets.raw import RawDataset
from hrap_report.errors import Problem
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
