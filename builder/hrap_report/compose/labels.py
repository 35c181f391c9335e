"""The fixed words of a report, one catalog per language, and numbers and dates by Babel.

A catalog is `templates/labels/<language>.yaml`: keys to patterns such as
`indicator: "Indicator {number}:"`. A `labels/<language>.yaml` in the user's templates
folder overrides single keys. A key missing for `zh-Hans` is looked up for `zh`, then in
English, with a warning. Patterns are Python format strings whose fields may take a
style after a colon: `roman` (IV), `hanzi` (四), `words` (four / 四; "Four" where it
begins a sentence: at the start of the pattern or after a full stop), `lower`, `upper`,
`number` and `percent` (by Babel, in the catalog's locale), and `plural:one|other`,
which gives the word for the value's count by the locale's plural rules
(`{count} {count:plural:indicator|indicators}`); a language with more forms names them
by their CLDR categories, `other` the default
(`{count:plural:one=индикатор|few=индикатора|many=индикаторов|other=индикатора}`).
"""
from __future__ import annotations

import datetime
import os
import re
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup

from hrap_report.compose.filters import roman, words
from hrap_report.datasets.files import inside
from hrap_report.errors import InputError
from hrap_report.languages import language_chain
from hrap_report.model.localized import Fallback
from hrap_report.model.patterns import check_label, parse
from hrap_report.resources import TEMPLATES

FALLBACK_LANGUAGE = "en"
#: Where a sentence begins: the start of a pattern, or after a full stop (and spaces).
_SENTENCE_START = re.compile(r"(^|[.!?]\s)\s*$")


class Labels:
    """The catalog of one language: `labels("key", name=value)` formats a pattern."""

    def __init__(self, language: str, entries: dict[str, str], warnings: list[str]):
        self.language = language
        self.entries = entries
        self.warnings = warnings

    @cached_property
    def locale(self):
        from babel import Locale, UnknownLocaleError

        for tag in language_chain(self.entries.get("locale", self.language).replace("_", "-")):
            try:
                return Locale.parse(tag, sep="-")
            except (UnknownLocaleError, ValueError):
                continue
        return Locale.parse(FALLBACK_LANGUAGE)

    @property
    def locale_tag(self) -> str:
        """The catalog's locale as a language tag with its region where it has one ("en-GB")."""
        locale = self.locale
        return "-".join(p for p in (locale.language, locale.territory) if p)

    def pattern(self, key: str) -> str:
        try:
            return self.entries[key]
        except KeyError:
            raise InputError(f"no label {key!r} in the {self.language} catalog or its fallbacks") from None

    def __call__(self, key: str, **values: Any) -> str:
        """A label as plain text."""
        return self._format(key, values, markup=False)

    def markup(self, key: str, **values: Any) -> Markup:
        """A label as template markup: the catalog's words kept exactly, values escaped."""
        return Markup(self._format(key, values, markup=True))

    def _format(self, key: str, values: dict[str, Any], markup: bool) -> str:
        from hrap_report.compose.markup import to_markup

        parts = []
        written = ""  # the plain text so far: where a sentence begins
        for piece in parse(self.pattern(key)):  # checked when loaded: this cannot fail
            if isinstance(piece, str):
                parts.append(str(to_markup(piece)) if markup else piece)
                written += piece
                continue
            if piece.name not in values:
                raise InputError(f"label {key!r} ({self.language}): {{{piece.name}}} is not one of the values "
                                 f"it is given ({', '.join('{' + v + '}' for v in values) or 'none'})")
            value = values[piece.name]
            if markup and isinstance(value, Markup) and not piece.style:
                parts.append(str(value))  # a label inside a label
                written += value.striptags()
                continue
            try:
                text = self.styled(value, piece.style)
            except (TypeError, ValueError) as error:
                raise InputError(f"label {key!r} ({self.language}): cannot put {value!r} in the style "
                                 f"{piece.style!r}: {error}") from None
            if piece.style == "words" and _SENTENCE_START.search(written):
                text = text[:1].upper() + text[1:]
            written += text
            lang = getattr(value, "lang", None)
            parts.append(str(to_markup(Fallback(text, lang) if lang else text)) if markup else text)
        return "".join(parts)

    def styled(self, value: Any, style: str) -> str:
        """A value in one of the pattern styles (see the module docstring)."""
        if style == "roman":
            return roman(int(value))
        if style == "hanzi":
            import cn2an

            return cn2an.an2cn(int(value))
        if style == "words":
            return self.words(int(value))
        if style in ("lower", "upper"):
            return getattr(str(value), style)()
        if style == "number":
            return self.number(value)
        if style == "percent":
            return self.percent(value)
        if style == "percent0":
            return self.percent(value, 0)
        if style.startswith("plural:"):
            forms = style.removeprefix("plural:").split("|")
            category = self.locale.plural_form(value)
            if any("=" in form for form in forms):  # few=индикатора|many=индикаторов|…
                named = dict(form.split("=", 1) for form in forms if "=" in form)
                return named.get(category, named.get("other", forms[-1]))
            return forms[0] if category == "one" else forms[-1]
        return str(value)

    def words(self, number: int) -> str:
        """A whole number in words in this language; digits where no speller knows it."""
        if self.language.split("-")[0] == "zh":
            return self.styled(number, "hanzi")
        return words(number, self.language.replace("-", "_"))

    def number(self, value: float, digits: int | None = None) -> str:
        """A number written the locale's way (grouping, decimal sign)."""
        from babel.numbers import format_decimal

        pattern = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, pattern, locale=self.locale)

    def percent(self, share: float, digits: int = 1) -> str:
        """A share (0.482) as a percentage the locale's way ("48.2%")."""
        from babel.numbers import format_percent

        return format_percent(share, "#,##0" + ("." + "0" * digits if digits else "") + "%",
                              locale=self.locale)

    def date(self, value: datetime.date | str) -> str:
        """A date in the catalog's `date` pattern (CLDR, e.g. "MMMM y"); text passes through."""
        if not isinstance(value, datetime.date):
            return value
        from babel.dates import format_date

        return format_date(value, self.entries.get("date", "long"), locale=self.locale)


def _catalog(path: Path) -> dict[str, str]:
    """A catalog file's entries, each a text in the pattern language (see `patterns`)."""
    from hrap_report.datasets.yaml_files import load_yaml

    located = load_yaml(path)
    if not isinstance(located.value, dict):
        raise InputError("a label catalog must be a mapping of keys to texts", path, 1)
    for key, value in located.value.items():
        line = located.line_of((key,))
        if not isinstance(value, str):
            raise InputError(f"label {key!r} must be a text", path, line)
        if problem := check_label(str(key), value):
            raise InputError(f"label {key!r}: {problem}", path, line)
    return located.value


def catalog_languages(user_templates: Path | None = None) -> list[str]:
    """The languages that have a catalog, built in or in the user's templates folder."""
    folders = [TEMPLATES / "labels"] + ([user_templates / "labels"] if user_templates else [])
    return sorted({p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.yaml")})


def load_labels(language: str, user_templates: Path | None = None,
                plan_labels: dict[str, dict[str, str]] | None = None) -> Labels:
    """The catalog of a language, its gaps filled from broader tags and then English.
    A plan profile's `labels` come over the built-in catalogs, a user's over both."""
    chain = [*language_chain(language)]
    if FALLBACK_LANGUAGE not in chain:
        chain.append(FALLBACK_LANGUAGE)
    user = user_templates / "labels" if user_templates else None
    entries: dict[str, str] = {}
    sources: dict[str, str] = {}
    for tag in reversed(chain):  # English first, the most specific tag last
        layers = [TEMPLATES / "labels" / f"{tag}.yaml", (plan_labels or {}).get(tag),
                  user / f"{tag}.yaml" if user else None]  # built-in, the plan's, the user's
        for layer in layers:
            # a catalog that is there but is no file is named by `_catalog`, not passed over
            if isinstance(layer, Path) and user and layer.parent == user and os.path.lexists(layer):
                inside(layer, user_templates, "label catalog")  # a user's folder reads nothing outside it
            catalog = _catalog(layer) if isinstance(layer, Path) and os.path.lexists(layer) else layer
            if isinstance(catalog, dict):
                entries.update(catalog)
                sources.update(dict.fromkeys(catalog, tag))
    own = set(language_chain(language))
    if not own & set(sources.values()):
        raise InputError(f"no label catalog for language {language!r}; catalogs: "
                         f"{', '.join(catalog_languages(user_templates))} "
                         f"(add templates/labels/{language}.yaml)")
    borrowed = sorted(k for k, tag in sources.items() if tag not in own)
    warnings = [f"{len(borrowed)} labels missing for {language}, English used: {', '.join(borrowed[:8])}"
                + (" …" if len(borrowed) > 8 else "")] if borrowed and language != FALLBACK_LANGUAGE else []
    return Labels(language, entries, warnings)
