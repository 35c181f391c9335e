"""Text fields that carry their translations, and the report seen in one language.

A text field of the data is either a plain string, in the dataset's own language, or a
mapping of language tags to texts (`{en: Right to work, zh: 工作权利}`). Both read into
`LocalText`, a `str` holding the dataset-language text, so code that does not care about
languages sees the words it always did. `localize` turns a whole report into one
language, falling back to the dataset's language where a translation is missing.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ValidationInfo, WithJsonSchema
from pydantic_core import core_schema

from hrap_report.languages import LANGUAGE_TAG, language_chain

#: Characters no text of a report may hold: control characters, which nothing prints, and
#: code points that are not characters (XML, and so a DOCX, refuses U+FFFE, U+FFFF and
#: surrogates; no font draws them).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NONCHARACTER = re.compile("[\ud800-\udfff\ufdd0-\ufdef"
                          + "".join(chr(plane << 16 | 0xfffe) + chr(plane << 16 | 0xffff) for plane in range(17))
                          + "]")


def unprintable(text: str) -> str | None:
    """What is wrong with a text that holds a character no report can print, if it does:
    "control character U+0007 in the text"."""
    for pattern, kind in ((CONTROL, "control character"), (NONCHARACTER, "noncharacter")):
        if match := pattern.search(text):
            return f"{kind} U+{ord(match.group()):04X} in the text"
    return None


class LocalText(str):
    """A text in the dataset's language (the string itself) with its translations."""

    translations: dict[str, str]

    def __new__(cls, text: str, translations: dict[str, str] | None = None):
        self = super().__new__(cls, text)
        self.translations = dict(translations or {})
        return self

    def __reduce__(self):
        return LocalText, (str(self), self.translations)

    def text_in(self, language: str) -> str | None:
        """The translation for a language (or a broader tag of it), if there is one."""
        for tag in language_chain(language):
            if tag in self.translations:
                return self.translations[tag]
        return None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(
            cls._validate, serialization=core_schema.plain_serializer_function_ser_schema(_dump))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: Any) -> dict[str, Any]:
        return text_schema(filled=False)

    @classmethod
    def _validate(cls, value: Any, info: ValidationInfo) -> LocalText:
        if isinstance(value, LocalText):
            return value
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, dict) and value:
            for tag, text in value.items():
                if not isinstance(tag, str) or not LANGUAGE_TAG.match(tag):
                    raise ValueError(f"{tag!r} is not a language tag (such as en, zh or zh-Hant)")
                if not isinstance(text, str):
                    raise ValueError(f"the {tag} text must be a string, not {type(text).__name__}")
            own = (info.context or {}).get("language", "en")
            texts = dict(value)
            return cls(texts.pop(own) if own in texts else next(iter(texts.values())), value)
        raise ValueError("must be a text, or a mapping of language tags to texts (en: …, zh: …)")


def text_schema(filled: bool) -> dict[str, Any]:
    """The JSON Schema of a text field: a string, or a mapping of language tags to strings;
    `filled`, every string with something besides spaces in it."""
    text = {"type": "string", "pattern": r"\S"} if filled else {"type": "string"}
    return {"anyOf": [text, {"type": "object", "minProperties": 1, "additionalProperties": text,
                             "propertyNames": {"pattern": LANGUAGE_TAG.pattern}}]}


def _dump(value: str) -> str | dict[str, str]:
    """A text field as written in the data: a string, or its language mapping."""
    translations = getattr(value, "translations", None)
    return dict(translations) if translations else str(value)


def _not_empty(value: LocalText) -> LocalText:
    if not value.strip() or any(not t.strip() for t in value.translations.values()):
        raise ValueError("must not be empty")
    return value


#: A text field that must say something; `OptionalText` may be empty.
Text = Annotated[LocalText, AfterValidator(_not_empty), WithJsonSchema(text_schema(filled=True))]
OptionalText = LocalText


class Fallback(str):
    """A text shown in another language than the one asked for, and that language."""

    def __new__(cls, text: str, lang: str):
        self = super().__new__(cls, text)
        self.lang = lang
        return self

    def __reduce__(self):
        return Fallback, (str(self), self.lang)


def _resolve(text: LocalText, language: str, own: str) -> str:
    """The text in `language`, else in the dataset's language marked as a fallback."""
    found = text.text_in(language)
    if found is not None:
        return found
    if not text.translations and own in language_chain(language):
        return str(text)
    tag = own if not text.translations or own in text.translations else next(iter(text.translations))
    return Fallback(str(text), tag)


def _localized(value: Any, language: str, own: str) -> Any:
    if isinstance(value, LocalText):
        return _resolve(value, language, own)
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _localized(getattr(value, name), language, own)
                                        for name in type(value).model_fields})
    if isinstance(value, list):
        return [_localized(v, language, own) for v in value]
    if isinstance(value, dict):
        return {k: _localized(v, language, own) for k, v in value.items()}
    return value


def localize(model: BaseModel, language: str, own: str) -> Any:
    """A copy of a model whose text fields are in `language`; a field without that
    translation keeps its text in the dataset's language `own`, as a `Fallback`."""
    return _localized(model, language, own)


def text_fields(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, LocalText]]:
    """Every non-empty text field in a model, with its place (`("sections", 0, "title")`)."""
    if isinstance(value, LocalText):
        if value.strip():
            yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from text_fields(getattr(value, name), (*loc, name))
    elif isinstance(value, (list, dict)):
        for key, item in enumerate(value) if isinstance(value, list) else value.items():
            yield from text_fields(item, (*loc, key))


def in_words(text: str) -> bool:
    """Whether a text has words to translate: letters of some script. One of symbols and
    digits alone ("%", "‰", "2020") reads the same in every language."""
    return any(char.isalpha() for char in text)


def missing_translations(model: BaseModel, language: str, own: str) -> tuple[int, list[tuple]]:
    """How many text fields a model has, and the places of those without a text in
    `language` (a text without words needs none)."""
    total, missing = 0, []
    for loc, text in text_fields(model):
        total += 1
        if in_words(text) and isinstance(_resolve(text, language, own), Fallback):
            missing.append(loc)
    return total, missing
