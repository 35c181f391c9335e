"""The validated model of an evaluation report: metadata, chapters, sections, indicators.

Counts and look-ups are derived here, never stored twice in the data.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import Field, field_validator

from hrap_report.model.base import Frozen
from hrap_report.model.localized import LocalText, OptionalText, Text
from hrap_report.model.scale import StatusScale

Number = Annotated[int, Field(ge=1)]


#: The dates a built file can record: a DOCX is a zip, whose dates run from 1980 to 2107.
FIRST_DATE, LAST_DATE = datetime.date(1980, 1, 1), datetime.date(2107, 12, 31)
#: The largest amount a metric may have: beyond it a share or a change of it overflows,
#: and no count of people or money in a plan comes near it.
MAX_AMOUNT = 1e15


#: An amount of a metric: a finite number no larger than `MAX_AMOUNT` either way.
Quantity = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
#: A year a target, baseline or outcome is for: four digits.
Year = Annotated[int, Field(ge=1000, le=9999)]


class Meta(Frozen):
    """What the cover and the document properties say."""

    title: Text
    short_title: Text
    subtitle: OptionalText = ""
    #: The plan's id, which output file names hold: letters, digits, `.`, `_` and `-`.
    plan: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$")
    authors: list[Text] = []
    date: datetime.date | str = ""  # a date is written the output language's way
    publisher: OptionalText = ""  # shown on the cover with `place` and `date`
    place: OptionalText = ""  # of publication
    #: The chapters whose overview opens with their count of indicators ("There are a
    #: total of seven indicators under …"), a sentence the templates write from the data.
    chapter_counts: list[Number] = []
    language: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    keywords: list[Text] = []
    #: Per output language, a note on where its texts come from (shown on the cover).
    translation_notes: dict[str, Annotated[str, Field(min_length=1)]] = {}

    @field_validator("date")
    @classmethod
    def _storable(cls, value: datetime.date | str) -> datetime.date | str:
        if isinstance(value, datetime.date) and not FIRST_DATE <= value <= LAST_DATE:
            raise ValueError(f"{value} is not between {FIRST_DATE} and {LAST_DATE}, the dates a report's files "
                             "can store")
        return value


class Source(Frozen):
    """A publication that findings or outcomes cite."""

    organisation: Text
    title: OptionalText = ""
    year: Year | None = None
    locator: OptionalText = ""


Comparator = Literal["at_least", "at_most", "reduce_by_percent", "increase_by_percent", "reach"]
_TOLERANCE = 1e-9


class Amount(Frozen):
    """A value in a year; either may be unknown (a base year without a value, say)."""

    value: Quantity | None = None
    year: Year | None = None


class Target(Frozen):
    value: Quantity
    year: Year | None = None
    comparator: Comparator


class Outcome(Frozen):
    """A reported value, with the words of the findings it was read from."""

    value: Quantity
    year: Year | None = None
    quote: OptionalText = ""
    source: OptionalText = ""


class Metric(Frozen):
    """A quantitative target of an indicator and the outcomes reported for it.

    For `reduce_by_percent` / `increase_by_percent` targets the outcomes are the change
    reached, in percent; for the others they are values of the measure itself.
    """

    label: Text
    unit: OptionalText = ""
    direction: Literal["increase", "decrease"]
    baseline: Amount | None = None
    target: Target
    outcomes: list[Outcome] = []

    @property
    def latest(self) -> Outcome | None:
        """The outcome of the latest year (the last listed among equals)."""
        if not self.outcomes:
            return None
        return max(reversed(self.outcomes), key=lambda o: o.year or 0)

    @property
    def met(self) -> bool | None:
        """Whether the latest outcome meets the target; None without an outcome."""
        if (latest := self.latest) is None:
            return None
        value, target = latest.value, self.target.value
        if self.target.comparator in ("at_least", "reduce_by_percent", "increase_by_percent") or (
                self.target.comparator == "reach" and self.direction == "increase"):
            return value >= target - _TOLERANCE
        return value <= target + _TOLERANCE

    @property
    def share(self) -> float | None:
        """The share of the target reached: (outcome - baseline) / (target - baseline)
        where a baseline value exists, else outcome / target (inverted for ceilings)."""
        if (latest := self.latest) is None:
            return None
        value, target = latest.value, self.target.value
        if self.target.comparator.endswith("_by_percent"):
            return value / target if target else None
        base = self.baseline.value if self.baseline else None
        if base is not None and abs(target - base) > _TOLERANCE:
            return (value - base) / (target - base)
        upward = self.target.comparator == "at_least" or (
            self.target.comparator == "reach" and self.direction == "increase")
        if upward:
            return value / target if target else None
        return target / value if value else None


class Basis(Frozen):
    """What a status rests on: a line quoted from the findings, and who decided."""

    quote: Text
    method: Literal["judged", "computed"] = "judged"


class Indicator(Frozen):
    """One objective of the plan: its target text, the findings, and their assessment."""

    number: Number
    title: Text
    target: Text
    findings: list[Text] = []
    status: str | None = None
    basis: Basis | None = None
    binding: bool | None = None
    kind: Literal["quantitative", "qualitative"] | None = None
    horizon: Literal["periodic", "long-term"] | None = None
    metrics: list[Metric] = []
    shortfall: OptionalText = ""
    sources: list[Source] = []
    responsible: list[Text] = []

    @property
    def anchor(self) -> str:
        """The link destination of the indicator's paragraph, which an index's page refers to."""
        return f"indicator-{self.number}"

    @property
    def nature(self) -> str:
        """quantitative or qualitative: as recorded, else by whether it has metrics."""
        return self.kind or ("quantitative" if self.metrics else "qualitative")


class Section(Frozen):
    number: Number
    title: Text
    indicators: list[Indicator] = []


class Chapter(Frozen):
    """A chapter: its overview, the shortfalls it names, and sections or direct indicators."""

    number: Number
    title: Text
    short_title: OptionalText = ""  # the running head's words where the title is long
    overview: list[Text] = []
    shortfall: list[Text] = []
    sections: list[Section] = []
    indicators: list[Indicator] = []

    def all_indicators(self) -> Iterator[Indicator]:
        """The chapter's indicators in reading order."""
        yield from self.indicators
        for section in self.sections:
            yield from section.indicators

    @property
    def indicator_count(self) -> int:
        return sum(1 for _ in self.all_indicators())


class Introduction(Frozen):
    title: Text = LocalText("Introduction")
    paragraphs: list[Text] = []


#: Indicator fields a table defined in the report configuration may show, filter or group by.
IndicatorField = Literal["number", "title", "target", "chapter", "section", "status", "rollup",
                         "binding", "nature", "shortfall"]


class TableSpec(Frozen):
    """A table defined in `report.yaml` without Python: indicator rows with chosen columns,
    kept by a filter; with `group_by`, the count of those indicators per group and status."""

    caption: Text
    columns: list[IndicatorField] = ["number", "title", "status"]
    filter: dict[IndicatorField, list[str | int | bool | None]] = {}
    group_by: IndicatorField | None = None


class Report(Frozen):
    """The whole dataset of one evaluation report."""

    meta: Meta
    introduction: Introduction
    chapters: list[Chapter]
    scale: StatusScale
    tables: dict[str, TableSpec] = {}

    def all_indicators(self) -> Iterator[Indicator]:
        """Every indicator of the report in reading order."""
        for chapter in self.chapters:
            yield from chapter.all_indicators()

    @property
    def indicator_count(self) -> int:
        return sum(1 for _ in self.all_indicators())

    @property
    def section_count(self) -> int:
        return sum(len(c.sections) for c in self.chapters)

    def rollup_counts(self, indicators: Iterable[Indicator] | None = None) -> dict[str, int]:
        """How many indicators (all, or those given) roll up to each level of the scale, in order."""
        counts = {level.id: 0 for level in self.scale.rollup}
        for indicator in self.all_indicators() if indicators is None else indicators:
            counts[self.scale.rollup_of(indicator)] += 1
        return counts

    @property
    def metric_count(self) -> int:
        return sum(len(i.metrics) for i in self.all_indicators())

    @property
    def classifies_binding(self) -> bool:
        """Whether any indicator is classified as binding or expected."""
        return any(i.binding is not None for i in self.all_indicators())
