"""Plan profiles: a plan's structure as data. Its chapters and sections and which
indicators each holds, the classifications it gives every indicator, and the words and
numbering its report uses (label overrides per language)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from hrap_report.model.base import Frozen
from hrap_report.model.localized import Text
from hrap_report.model.patterns import WRITER_PATTERNS, check_label


def _pattern(pattern: str) -> str:
    """A label of the plan in the pattern language, checked at its own line."""
    if problem := check_label("", pattern):
        raise ValueError(problem)
    return pattern


class PlanSection(Frozen):
    number: int
    title: Text
    indicators: tuple[int, int] | None = None  # first and last indicator number
    ids: list[int] = []  # or the numbers one by one, where they do not run in a range

    def holds(self, indicator: int) -> bool:
        """Whether this section (or chapter) holds the indicator of that number."""
        in_range = self.indicators is not None and self.indicators[0] <= indicator <= self.indicators[1]
        return in_range or indicator in self.ids


class PlanChapter(PlanSection):
    sections: list[PlanSection] = []


class Period(Frozen):
    start: int
    end: int


#: Indicator fields a plan may require of every indicator.
Classification = Literal["binding", "kind", "horizon"]


class Plan(Frozen):
    """A plan profile as shipped in `plans/` or written by a team."""

    id: str
    title: Text
    period: Period
    introduction: Text = "Introduction"  # the title of the plan's introduction
    classifications: list[Classification] = []
    #: Per language, label catalog entries this plan's report uses instead of the
    #: built-in ones, e.g. `indicator: "Objective {number}:"` or the chapter numbering.
    labels: dict[str, dict[str, Annotated[str, AfterValidator(_pattern)]]] = {}
    chapters: list[PlanChapter] = Field(min_length=1)

    def place_of(self, indicator: int) -> tuple[PlanChapter, PlanSection | None] | None:
        """The chapter and (if any) section that hold an indicator number."""
        for chapter in self.chapters:
            for section in chapter.sections:
                if section.holds(indicator):
                    return chapter, section
            if chapter.holds(indicator):
                return chapter, None
        return None

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
