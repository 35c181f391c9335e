"""Arabic letters in their joined forms, for the PDF writer: reportlab draws a character
by its code point alone, so an Arabic word would show its letters apart, each in its
isolated form.

arabic-reshaper replaces every letter by the presentation form (Unicode's Arabic
Presentation Forms A and B) its neighbours call for, initial, medial, final or
isolated, and lam with alef by their obligatory ligature; the fonts of the theme's
fallback chain draw these forms. Optional ligatures are left out: each would read back
from the PDF as other letters than the text's. Vowel marks are kept.
"""
from __future__ import annotations

import functools
import re

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
#: The ligatures every Arabic text sets (lam with alef, its hamza and madda forms).
_OBLIGATORY = ("ARABIC LIGATURE LAM WITH ALEF", "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
               "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW", "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE")


def shape(text: str) -> str:
    """`text` with its Arabic letters in joined forms; the text itself when it has none.
    The result is still in logical order (see `fonts.visual` for the order drawn)."""
    if not _ARABIC.search(text):
        return text
    return _reshaper().reshape(text)


@functools.cache
def _reshaper():
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    configuration = {name: name in _OBLIGATORY for name, _ in LIGATURES}
    configuration.update(delete_harakat=False, shift_harakat_position=False, support_ligatures=True)
    return arabic_reshaper.ArabicReshaper(configuration=configuration)
