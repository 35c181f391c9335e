"""Whether a number stands in the words it was read from: an outcome's value in its quote."""
from __future__ import annotations

import functools
import math
import re

#: A number as findings write it: 27,412 · 4.2 · 0.027, with the Chinese units of ten
#: thousand and a hundred million after it (5000万, 2.7亿) or the English scale words.
_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万|亿|thousand|million|billion|trillion)?", re.IGNORECASE)
_SCALES = {"万": 1e4, "亿": 1e8, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
#: The scales a value may be given in when its unit names one (22.72 in 万人 for 227,200 people).
_SHIFTS = (1, 1e3, 1e4, 1e6, 1e8, 1e9, 1e12)


def numbers_in(text: str) -> list[float]:
    """The numbers written in `text`, each as written and as scaled by its scale word;
    English numbers up to a hundred written out ("six pilot areas") too."""
    words = _written_out()
    found = [float(words[word]) for word in re.findall(r"[a-z]+(?:-[a-z]+)?", text.lower()) if word in words]
    for digits, scale in _NUMBER.findall(text):
        number = float(digits.replace(",", ""))
        found.append(number)
        if scale:
            found.append(number * _SCALES[scale.lower()])
    return found


@functools.cache
def _written_out() -> dict[str, int]:
    """English numbers written out, zero to a hundred, by num2words."""
    from num2words import num2words

    return {num2words(n, lang="en"): n for n in range(101)}


def quotes(text: str, value: float) -> bool:
    """Whether `text` writes `value`, in the same or another scale (a value in millions
    quoted in full), to the precision the text gives."""
    for number in numbers_in(text):
        for shift in _SHIFTS:
            for a, b in ((value * shift, number), (number * shift, value)):
                if math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9):
                    return True
    return False
