"""Filters templates use to format values."""


def roman(number: int) -> str:
    """Upper-case Roman numeral of a positive whole number ("IV")."""
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        count, number = divmod(number, value)
        out += letters * count
    return out


def words(number: int, language: str = "en") -> str:
    """A whole number in words ("seven"), in digits where num2words lacks the language."""
    from num2words import num2words

    try:
        return num2words(number, lang=language)
    except NotImplementedError:
        return str(number)
