"""Plan profiles: a plan's structure as data. Its chapters and sections and which
indicators each holds, the classifications it gives every indicator, and the words and
numbering its report uses (label overrides per language).

Which indicators a chapter or section holds (`indicators`) is written as a number (`3`),
a range (`[3, 5]` or `"3-5"`), or a list of numbers and ranges (`[1, [3, 5], 9]`,
`[1, "3-5", 9]`). A list of exactly two plain numbers is a range, as the built-in plans
write it; `ids: [3, 5]` lists numbers one by one.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from hrap_report.model.base import Frozen
from hrap_report.model.localized import Text
from hrap_report.model.patterns import WRITER_PATTERNS, check_label

_RANGE = re.compile(r"^\s*([0-9]+)\s*[-–]\s*([0-9]+)\s*$")  # "3-5", "3–5"


def _pattern(pattern: str) -> str:
    """A label of the plan in the pattern language, checked at its own line."""
    if problem := check_label("", pattern):
        raise ValueError(problem)
    return pattern


def _plain_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def claim_items(value: Any) -> list:
    """The items of an `indicators` value, each a number or a range: a number, a string
    or a list of two plain numbers is one item."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) == 2 and all(map(_plain_number, value)):
        return [value]
    return value


def claim_range(item: Any) -> tuple[int, int]:
    """The first and last indicator number of one item of `indicators` (3, [3, 5], "3-5")."""
    if _plain_number(item):
        first = last = item
    elif isinstance(item, str) and (match := _RANGE.fullmatch(item)):
        first, last = int(match[1]), int(match[2])
    elif isinstance(item, list) and len(item) == 2 and all(map(_plain_number, item)):
        first, last = item
    else:
        shown = "" if isinstance(item, (str, int, float)) else f" ({_shown(item)})"  # a scalar is shown as found
        raise PydanticCustomError("indicator_numbers", "not an indicator number or range{shown}", {"shown": shown})
    if first < 1:
        raise PydanticCustomError("indicator_numbers", "indicator numbers start at 1, not {first}",
                                  {"first": first})
    if first > last:
        raise PydanticCustomError("indicator_range", "the range {first}-{last} runs backwards",
                                  {"first": first, "last": last})
    return first, last


def number_ranges(ranges: list[tuple[int, int]]) -> str:
    """Ranges of indicator numbers as a text writes them, merged where they meet: "5–8, 10"."""
    merged: list[list[int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in merged)


def _shown(item: Any) -> str:
    text = repr(item)
    return text if len(text) <= 40 else f"{text[:40]}…"


_Number = Annotated[int, Field(ge=1)]
_Item = _Number | Annotated[str, Field(pattern=_RANGE.pattern)] | Annotated[
    list[_Number], Field(min_length=2, max_length=2)]
#: The ranges of indicators a chapter or section holds, one per item as written; a JSON
#: Schema shows the forms it is written in.
Ranges = Annotated[tuple[Annotated[tuple[int, int], BeforeValidator(claim_range)], ...],
                   BeforeValidator(claim_items, json_schema_input_type=_Item | list[_Item] | None)]


class PlanSection(Frozen):
    """A section of a chapter, and the indicators it holds."""

    number: int = Field(description="The section's number within its chapter, as the plan numbers it.")
    title: Text = Field(description="The section's title, one text or one per language (en: …, zh: …).")
    indicators: Ranges = Field((), description=(
        'The indicators it holds: a number (3), a range ([3, 5] or "3-5"), or a list of numbers and ranges '
        '([1, [3, 5], 9] or [1, "3-5", 9]); a list of exactly two numbers is a range. Left out or [], it '
        'holds none.'))
    ids: list[_Number] = Field([], description=(
        "More indicators it holds, listed one by one (ids: [3, 5] is indicators 3 and 5 alone)."))

    def ranges(self) -> list[tuple[int, int]]:
        """The first and last number of each range of indicators it holds (one listed
        under `ids` is a range of its own)."""
        return [*self.indicators, *((number, number) for number in self.ids)]

    def holds(self, indicator: int) -> bool:
        """Whether this section (or chapter) holds the indicator of that number."""
        return any(first <= indicator <= last for first, last in self.ranges())

    def first_indicator(self) -> int | None:
        """The lowest number it holds, if it holds any."""
        return min((first for first, _ in self.ranges()), default=None)


class PlanChapter(PlanSection):
    """A chapter of the plan: the indicators it holds itself, and its sections."""

    number: int = Field(description="The chapter's number, as the plan numbers it.")
    title: Text = Field(description="The chapter's title, one text or one per language (en: …, zh: …).")
    sections: list[PlanSection] = Field([], description="Its sections in order; none for a chapter without.")

    def places(self) -> Iterator[PlanSection]:
        """Itself, then its sections: where its indicators may stand, in reading order."""
        yield self
        yield from self.sections


class Period(Frozen):
    """The years the plan runs."""

    start: int = Field(description="The plan's first year.")
    end: int = Field(description="The plan's last year.")


#: Indicator fields a plan may require of every indicator.
Classification = Literal["binding", "kind", "horizon"]


class Plan(Frozen):
    """A plan profile as shipped in `plans/` or written by a team."""

    id: str = Field(description='The plan\'s id, as a dataset\'s meta.plan names it (e.g. "2021-2025").')
    title: Text = Field(description="The plan's title, one text or one per language (en: …, zh: …).")
    period: Period = Field(description="The years the plan runs: {start: 2021, end: 2025}.")
    introduction: Text = Field("Introduction", description="The title of the report's introduction.")
    classifications: list[Classification] = Field([], description=(
        "The indicator fields the plan gives every indicator (binding, kind, horizon); validate warns "
        "where one is left empty."))
    labels: dict[str, dict[str, Annotated[str, AfterValidator(_pattern)]]] = Field({}, description=(
        "Per language, label catalog entries this plan's report uses instead of the built-in ones, "
        'e.g. en: {indicator: "Objective {number}:"} or the chapter numbering.'))
    chapters: list[PlanChapter] = Field(min_length=1, description="The plan's chapters in order.")

    def place_of(self, indicator: int) -> tuple[PlanChapter, PlanSection | None] | None:
        """The chapter and (if any) section that hold an indicator number."""
        for chapter in self.chapters:
            for section in chapter.sections:
                if section.holds(indicator):
                    return chapter, section
            if chapter.holds(indicator):
                return chapter, None
        return None

    def places_indicators(self) -> bool:
        """Whether any chapter or section says which indicators it holds (a plan that says
        none, like 2021-2025's, leaves them anywhere)."""
        return any(place.ranges() for chapter in self.chapters for place in chapter.places())

    @field_validator("labels")
    @classmethod
    def _patterns(cls, labels: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        """The patterns the writers fill take only their own fields (every label is in the
        pattern language already: `_pattern`)."""
        for language, entries in labels.items():
            for key in WRITER_PATTERNS.keys() & entries.keys():
                if problem := check_label(key, entries[key]):
                    raise ValueError(f"labels.{language}.{key}: {problem}")
        return labels
