"""Which way a text runs: what both writers need to lay out right-to-left scripts."""
from __future__ import annotations

import re
import unicodedata

#: Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo, ..., their presentation
#: forms) and Arabic digits: a text without them is laid out as it is stored.
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                           "\U0001e800-\U0001efff\u200f\u061c]")


def has_right_to_left(text: str) -> bool:
    """Whether `text` holds any right-to-left character."""
    return RIGHT_TO_LEFT.search(text) is not None


def right_to_left(text: str) -> bool:
    """Whether a paragraph of `text` runs right to left: its first letter of a strong
    direction is right-to-left (UAX #9 rules P2-P3, as HTML's `dir="auto"`), so that an
    Arabic caption is set from the right and an English text quoting Arabic from the left."""
    if not has_right_to_left(text):
        return False
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return False
