"""Language tags: their form, their fallbacks, and which languages are East Asian."""
from __future__ import annotations

import re

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


EAST_ASIAN_LANGUAGES = frozenset({"zh", "ja", "ko"})


def is_east_asian(language: str | None) -> bool:
    """Whether a language tag is Chinese, Japanese or Korean (fonts, line breaking)."""
    return bool(language) and language.split("-")[0].lower() in EAST_ASIAN_LANGUAGES


def language_chain(language: str) -> list[str]:
    """The tags to try for a language, most specific first: zh-Hans-CN, zh-Hans, zh."""
    parts = language.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
