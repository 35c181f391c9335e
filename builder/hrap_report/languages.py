"""Language tags: their form, their fallbacks, which languages are East Asian and which right-to-left."""
from __future__ import annotations

import functools
import re

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


EAST_ASIAN_LANGUAGES = frozenset({"zh", "ja", "ko"})

#: What may not start or end a line of Chinese (W3C clreq 3.1.7, GB/T 15834): closing
#: marks and punctuation; opening marks.
CHINESE_CANNOT_START = "!%),.:;?]}¢°’†‡›℃∶、。〃〆〕〗〞﹚﹜！％＇），．：；？］｝～，」』】〉》”…—‰·"
CHINESE_CANNOT_END = "$(£¥‘〈《「『【〔〖〝﹙﹛＄（［｛￡￥“"


def is_east_asian(language: str | None) -> bool:
    """Whether a language tag is Chinese, Japanese or Korean (fonts, line breaking)."""
    return bool(language) and language.split("-")[0].lower() in EAST_ASIAN_LANGUAGES


@functools.cache
def is_right_to_left(language: str | None) -> bool:
    """Whether a language is written right to left (Arabic, Hebrew, Persian, Urdu), by
    its CLDR locale data (Babel): its pages, tables and paragraphs are mirrored."""
    from babel import Locale, UnknownLocaleError

    try:
        return bool(language) and Locale.parse(language.replace("-", "_")).text_direction == "rtl"
    except (ValueError, UnknownLocaleError):
        return False


def language_chain(language: str) -> list[str]:
    """The tags to try for a language, most specific first: zh-Hans-CN, zh-Hans, zh."""
    parts = language.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def region_tag(language: str, preferred: dict[str, str] | None = None) -> str:
    """A language as a full tag with its region, the form Word and LibreOffice know. A tag
    with a region stays as it is; else the tag `preferred` gives its language (the locale
    of a report's label catalog: en -> en-GB), else CLDR's most likely region by Babel
    (zh -> zh-CN, zh-Hant -> zh-TW, ar -> ar-EG)."""
    tag = language.strip().replace("_", "-")
    parts = tag.split("-")
    if any(len(p) == 2 and p.isalpha() or len(p) == 3 and p.isdigit() for p in parts[1:]):
        return tag
    if preferred and len(parts) == 1 and parts[0].lower() in preferred:
        return preferred[parts[0].lower()]
    return _likely(tag)


@functools.cache
def _likely(tag: str) -> str:
    """A tag without a region with CLDR's most likely one (Babel); once per tag, as the
    DOCX writer asks for every run in another language."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        language = Locale.parse(tag, sep="-").language
    except (UnknownLocaleError, ValueError):
        return tag
    subtags = get_global("likely_subtags")
    likely = subtags.get(tag.replace("-", "_")) or subtags.get(tag.split("-")[0].lower())
    territory = likely.split("_")[-1] if likely and likely.split("_")[-1].isupper() else None
    return f"{language}-{territory}" if territory else tag
