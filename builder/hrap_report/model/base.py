"""What every model read from a user's file shares: its values never change, an unknown
field is a mistake, a validation error reads as the place, what is wrong and what to do,
and its JSON Schema tells an editor the same."""
from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, ValidationError


class Frozen(BaseModel):
    """The base of the models of data, plans, scales, themes and projects."""

    model_config = ConfigDict(extra="forbid", frozen=True)


#: The JSON Schema dialect of the schemas the models give.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(model: type[BaseModel], title: str) -> str:
    """The JSON Schema of the files a model reads, as JSON text: what an editor checks such
    a file against as it is typed. Each field's description says what it means."""
    schema = model.model_json_schema(mode="validation")
    del schema["title"]  # the model's name; `title` says which file it is for
    return json.dumps({"$schema": SCHEMA_DIALECT, "title": title, **schema}, indent=2, ensure_ascii=False) + "\n"


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
    "indicator_numbers": 'write a number (3), a range ([3, 5] or "3-5") or a list of numbers and ranges '
                         '([1, [3, 5], 9]); a list of exactly two numbers is a range',
    "indicator_range": 'write the lower number first ([3, 5] or "3-5")',
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
