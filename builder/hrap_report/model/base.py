"""What every model read from a user's file shares: its values never change, an unknown
field is a mistake, and a validation error reads as the place, what is wrong and what to do."""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, ValidationError


class Frozen(BaseModel):
    """The base of the models of data, plans, scales, themes and projects."""

    model_config = ConfigDict(extra="forbid", frozen=True)


#: What to do about each kind of pydantic error.
HINTS = {
    "missing": "add it",
    "extra_forbidden": "remove it, or correct the spelling of its name",
    "float_parsing": "write a number such as 12.5, without units or words",
    "float_type": "write a number such as 12.5, without units or words",
    "int_parsing": "write a whole number such as 12",
    "int_type": "write a whole number such as 12",
    "int_from_float": "write a whole number such as 12",
    "bool_parsing": "write yes or no (true or false)",
    "bool_type": "write yes or no (true or false)",
    "string_too_short": "fill it in",
    "too_short": "give at least one",
    "string_type": "write it as text",
    "list_type": "give a list, one item per line",
    "dict_type": "give the fields under it, indented",
    "model_type": "give the fields under it, indented",
    "greater_than_equal": "give a number at least as large as the message says",
    "less_than_equal": "give a number no larger than the message says",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD",
    "string_pattern_mismatch": "see the allowed form in the message",
}


@dataclass(frozen=True)
class FieldError:
    """One error of a validation: the path of keys to the field, what is wrong (with the
    value found, when short), and what to do."""

    loc: tuple[str | int, ...]
    message: str
    hint: str = ""

    @property
    def dotted(self) -> str:
        """The field's path as `a.b.0.c` ("document" for the whole)."""
        return ".".join(map(str, self.loc)) or "document"


def field_errors(error: ValidationError) -> list[FieldError]:
    """Every error of a pydantic validation, in the user's terms."""
    found_errors = []
    for item in error.errors():
        found = item.get("input")
        shown = f" (found {found!r})" if isinstance(found, (str, int, float)) and item["type"] != "missing" \
            and len(str(found)) <= 40 else ""
        hint = HINTS.get(item["type"], "")
        if item["type"] == "value_error" and "must not be empty" in item["msg"]:
            hint = "fill it in, or delete the entry"
        message = item["msg"].removeprefix("Value error, ")
        found_errors.append(FieldError(tuple(item["loc"]), f"{message}{shown}", hint))
    return found_errors
