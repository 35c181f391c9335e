"""Label patterns: the small language of the fixed words in label catalogs and plans.

A pattern is text with fields: `{name}` puts in a value, `{name:style}` puts it in a
style — `roman` (IV), `hanzi` (四), `words` (four), `lower`, `upper`, `number`,
`percent`, `percent0` (by the locale), or `plural:one|other` (the form for the value's
count). `{{` and `}}` are braces. Nothing else: no attribute or index access, no widths,
so a catalog or plan from someone else can neither reach into the program nor make it
build a text of any size. Patterns are checked when they are loaded.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from hrap_report.model.localized import unprintable

STYLES = ("roman", "hanzi", "words", "lower", "upper", "number", "percent", "percent0")
#: Catalog entries that are not patterns: the Babel locale and the CLDR date pattern.
NOT_PATTERNS = frozenset({"locale", "date"})
#: Far beyond the longest built-in pattern (about 200 characters).
MAX_LENGTH = 2_000
#: Patterns the writers fill themselves (`str.format`), with only these fields and no style.
WRITER_PATTERNS = {"caption": {"label", "number"}, "page": {"page", "pages"}}
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
_PLURAL = re.compile(r"plural:[^{}|]*(\|[^{}|]*)+")


@dataclass(frozen=True)
class Field:
    """A field of a pattern: the value's name and its style ("" for none)."""

    name: str
    style: str = ""


@functools.cache
def parse(pattern: str) -> tuple[str | Field, ...]:
    """A pattern's pieces, texts and fields in order; ValueError saying what is wrong.
    Parsed once per pattern: a report formats the same labels thousands of times."""
    if len(pattern) > MAX_LENGTH:
        raise ValueError(f"a pattern of {len(pattern):,} characters is longer than {MAX_LENGTH:,}")
    pieces: list[str | Field] = []
    at = 0
    for token in _TOKEN.finditer(pattern):
        if token.start() > at:
            pieces.append(pattern[at:token.start()])
        at = token.end()
        text = token.group()
        if text in ("{{", "}}"):
            pieces.append(text[0])
            continue
        if token.group(1) is None:
            raise ValueError(f"a lone {text!r}: write {text * 2!r} for a brace")
        pieces.append(_field(token.group(1)))
    if at < len(pattern):
        pieces.append(pattern[at:])
    return tuple(pieces)


def _field(inside: str) -> Field:
    name, colon, style = inside.partition(":")
    if not _NAME.fullmatch(name):
        raise ValueError(f"{{{inside}}}: a field is a plain name such as {{number}} (no dots, brackets or "
                         "spaces)")
    if colon and style not in STYLES and not _PLURAL.fullmatch(style):
        raise ValueError(f"{{{inside}}}: unknown style {style!r}; use one of {', '.join(STYLES)} or "
                         "plural:one|other")
    return Field(name, style)


def fields(pattern: str) -> set[str]:
    """The names of the fields a pattern uses."""
    return {piece.name for piece in parse(pattern) if isinstance(piece, Field)}


def check_label(key: str, pattern: str) -> str | None:
    """What is wrong with a catalog entry, if anything: a character no report prints, a
    pattern outside the pattern language, or a field a writer does not fill."""
    if problem := unprintable(pattern):
        return problem
    if key in NOT_PATTERNS:
        return None if len(pattern) <= MAX_LENGTH else f"longer than {MAX_LENGTH:,} characters"
    try:
        used = parse(pattern)
    except ValueError as error:
        return str(error)
    if key in WRITER_PATTERNS:
        wrong = [p for p in used if isinstance(p, Field) and (p.style or p.name not in WRITER_PATTERNS[key])]
        if wrong:
            return (f"{{{wrong[0].name}{':' + wrong[0].style if wrong[0].style else ''}}}: this pattern takes "
                    f"only {', '.join('{' + f + '}' for f in sorted(WRITER_PATTERNS[key]))}, without a style")
    return None
