"""The validated model of an evaluation report: metadata, chapters, sections, indicators.

Counts and look-ups are derived here, never stored twice in the data.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from hrap_report.model.base import Frozen
from hrap_report.model.localized import LocalText, OptionalText, Text
from hrap_report.model.scale import STATUS_ID, StatusScale

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
    """What the cover and the document properties say (`meta` in report.yaml)."""

    title: Text = Field(description="The report's title, on the cover and in the document properties.")
    short_title: Text = Field(description="A shorter title, for the running heads.")
    subtitle: OptionalText = Field("", description="A line under the title on the cover.")
    plan: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$",
                      description="The id of the plan profile (such as 2016-2020), which output file names "
                                  "hold: letters, digits, `.`, `_` and `-`.")
    authors: list[Text] = Field([], description="The bodies that conducted the evaluation, as the cover "
                                                "names them.")
    date: datetime.date | str = Field("", description="The publication date as YYYY-MM-DD, written the report "
                                                      "language's way; or a text, printed as it is.")
    publisher: OptionalText = Field("", description="The publisher, shown on the cover with `place` and `date`.")
    place: OptionalText = Field("", description="The place of publication.")
    chapter_counts: list[Number] = Field(
        [], description="The numbers of the chapters whose overview opens with their count of indicators "
                        "(\"There are a total of seven indicators under …\"), written from the data.")
    language: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                          description="The language of the plain (untranslated) texts of the dataset: en, zh …")
    keywords: list[Text] = Field([], description="Keywords, for the document properties.")
    translation_notes: dict[str, Annotated[str, Field(min_length=1)]] = Field(
        {}, description="Per language (zh: …), a note on the cover on where that language's texts come from.")

    @field_validator("date")
    @classmethod
    def _storable(cls, value: datetime.date | str) -> datetime.date | str:
        if isinstance(value, datetime.date) and not FIRST_DATE <= value <= LAST_DATE:
            raise ValueError(f"{value} is not between {FIRST_DATE} and {LAST_DATE}, the dates a report's files "
                             "can store")
        return value


class Source(Frozen):
    """A publication that findings or outcomes cite."""

    organisation: Text = Field(description="The body that published it.")
    title: OptionalText = Field("", description="Its title.")
    year: Year | None = Field(None, description="The year it was published.")
    locator: OptionalText = Field("", description="Where in it: a page, a section, a web address.")


Comparator = Literal["at_least", "at_most", "reduce_by_percent", "increase_by_percent", "reach"]
_TOLERANCE = 1e-9


class Amount(Frozen):
    """A value in a year; either may be unknown (a base year without a value, say)."""

    value: Quantity | None = Field(None, description="The value, in the metric's unit.")
    year: Year | None = Field(None, description="The year it is for.")


class Target(Frozen):
    """What a metric should reach, by when, and how an outcome is compared with it."""

    value: Quantity = Field(description="The value the plan sets, in the metric's unit; for a `…_by_percent` "
                                        "comparator, the change in percent.")
    year: Year | None = Field(None, description="The year it is due.")
    comparator: Comparator = Field(
        description="How an outcome meets it: at_least or at_most the value, reach it (in the metric's "
                    "direction), or reduce_by_percent / increase_by_percent (a change of that many percent from "
                    "the baseline). See \"Comparators\" in docs/data-format.md.")


class Outcome(Frozen):
    """A reported value, with the words of the findings it was read from."""

    value: Quantity = Field(description="The value reported, in the metric's unit: for a `…_by_percent` target "
                                        "with the unit `%` the change reached in percent, in any other unit the "
                                        "level reached (the change is computed from the baseline).")
    year: Year | None = Field(None, description="The year it is for.")
    quote: OptionalText = Field("", description="The words of the findings it was read from.")
    source: OptionalText = Field("", description="Where it was reported.")


class Metric(Frozen):
    """A quantitative target of an indicator and the outcomes reported for it.

    The outcomes are values of the measure itself, in its unit. A `reduce_by_percent` /
    `increase_by_percent` target is a change from the baseline: with the unit `%` the
    outcomes are that change itself ("down 38.8% compared to 2015"), in any other unit
    levels, the change computed from the baseline's value (25.5 to 22.2 million tonnes:
    down 12.9%).
    """

    label: Text = Field(description="What is measured, as the tables name it.")
    unit: OptionalText = Field("", description="The unit of its values: %, people, yuan …")
    direction: Literal["increase", "decrease"] = Field(description="The way the measure should move.")
    baseline: Amount | None = Field(None, description="The value before the plan, and its year.")
    target: Target = Field(description="The target the plan sets.")
    outcomes: list[Outcome] = Field([], description="The values the findings report. Whether the target was met, "
                                                    "and the share of it reached, are computed from the latest.")

    @model_validator(mode="after")
    def _change_computable(self) -> Metric:
        if self.target.comparator.endswith("_by_percent") and self.outcomes and not self.outcomes_are_change and (
                self.baseline is None or not self.baseline.value):
            raise ValueError(
                f"a target of {self.target.comparator} with outcomes in {self.unit!r} needs the baseline's value to "
                "compute the change from — give baseline.value, or give the outcomes as the change itself with "
                "unit '%'")
        return self

    @property
    def outcomes_are_change(self) -> bool:
        """Whether the outcomes of a `…_by_percent` target are the change itself in
        percent (the unit `%`), rather than levels to compute it from."""
        return self.unit.strip() == "%"

    def achieved(self, outcome: Outcome) -> float:
        """What an outcome achieved, comparable with the target's value: the outcome
        itself, or for a `…_by_percent` target of levels the change from the baseline in
        percent (a reduction counted positive for `reduce_by_percent`)."""
        if not self.target.comparator.endswith("_by_percent") or self.outcomes_are_change:
            return outcome.value
        base = self.baseline.value
        change = 100 * (outcome.value - base) / abs(base)
        return -change if self.target.comparator == "reduce_by_percent" else change

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
        value, target = self.achieved(latest), self.target.value
        if self.target.comparator in ("at_least", "reduce_by_percent", "increase_by_percent") or (
                self.target.comparator == "reach" and self.direction == "increase"):
            return value >= target - _TOLERANCE
        return value <= target + _TOLERANCE

    @property
    def share(self) -> float | None:
        """The share of the target reached: (outcome - baseline) / (target - baseline)
        where a baseline value exists, else outcome / target (inverted for ceilings); for
        a `…_by_percent` target, the change achieved / the change set (`achieved`)."""
        if (latest := self.latest) is None:
            return None
        value, target = latest.value, self.target.value
        if self.target.comparator.endswith("_by_percent"):
            return self.achieved(latest) / target if target else None
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

    quote: Text = Field(description="The sentence of the findings the status rests on, word for word.")
    method: Literal["judged", "computed"] = Field("judged", description="Judged by the evaluators, or computed "
                                                                        "from the metrics.")


class Indicator(Frozen):
    """One objective of the plan: its target text, the findings, and their assessment."""

    number: Number = Field(description="The plan's number of the objective, unique in the report.")
    title: Text = Field(description="A short name, for the outline, the contents and the tables.")
    target: Text = Field(description="The plan's own words for the objective, in full.")
    findings: list[Text] = Field([], description="What the evaluation found, one paragraph per item.")
    # its schema checks the form every level's id has; `validate`, that the dataset's scale has it
    status: str | None = Field(None, description="The evaluators' judgement: the id of a qualitative (judged) "
                                                 "level of the status scale, such as completed.",
                               json_schema_extra={"pattern": STATUS_ID})
    basis: Basis | None = Field(None, description="What the status rests on.")
    binding: bool | None = Field(None, description="true: binding (obligatory); false: expected (non-binding).")
    kind: Literal["quantitative", "qualitative"] | None = Field(
        None, description="Whether its target is a number; unset, an indicator with metrics is quantitative.")
    horizon: Literal["periodic", "long-term"] | None = Field(
        None, description="periodic: due within the plan's period; long-term: beyond it.")
    metrics: list[Metric] = Field([], description="Each number of the target, with the outcomes reported for it.")
    shortfall: OptionalText = Field("", description="What remains to be done; listed in the annex of further "
                                                    "efforts.")
    sources: list[Source] = Field([], description="The publications the findings cite.")
    responsible: list[Text] = Field([], description="The bodies in charge of the objective.")

    @property
    def anchor(self) -> str:
        """The link destination of the indicator's paragraph, which an index's page refers to."""
        return f"indicator-{self.number}"

    @property
    def nature(self) -> str:
        """quantitative or qualitative: as recorded, else by whether it has metrics."""
        return self.kind or ("quantitative" if self.metrics else "qualitative")


class Section(Frozen):
    """A section of a chapter, with its indicators."""

    number: Number = Field(description="Its number within the chapter: 1, 2, 3 …")
    title: Text = Field(description="Its heading.")
    indicators: list[Indicator] = Field([], description="Its indicators, in the plan's order.")


class Chapter(Frozen):
    """A chapter: its overview, the shortfalls it names, and sections or direct indicators."""

    number: Number = Field(description="Its number in the report: 1, 2, 3 …")
    title: Text = Field(description="Its heading.")
    short_title: OptionalText = Field("", description="The running head's words, where the title is long.")
    overview: list[Text] = Field([], description="How the chapter's objectives were implemented, one paragraph "
                                                 "per item.")
    shortfall: list[Text] = Field([], description="The shortfalls the chapter names, one paragraph per item.")
    sections: list[Section] = Field([], description="Its sections, each with its indicators.")
    indicators: list[Indicator] = Field([], description="Indicators directly under the chapter (before any "
                                                        "section): those of a chapter without sections.")

    def all_indicators(self) -> Iterator[Indicator]:
        """The chapter's indicators in reading order."""
        yield from self.indicators
        for section in self.sections:
            yield from section.indicators

    @property
    def indicator_count(self) -> int:
        return sum(1 for _ in self.all_indicators())


class Introduction(Frozen):
    """The report's introduction, before the chapters."""

    title: Text = Field(LocalText("Introduction"), description="Its heading.")
    paragraphs: list[Text] = Field([], description="Its text, one paragraph per item.")


#: Indicator fields a table defined in the report configuration may show, filter or group by.
IndicatorField = Literal["number", "title", "target", "chapter", "section", "status", "rollup",
                         "binding", "nature", "shortfall"]


class TableSpec(Frozen):
    """A table defined in `report.yaml` without Python: indicator rows with chosen columns,
    kept by a filter; with `group_by`, the count of those indicators per group and status."""

    caption: Text = Field(description="The table's caption.")
    columns: list[IndicatorField] = Field(["number", "title", "status"], description=(
        "The indicator fields shown, a column each in this order; chapter and section become group rows."))
    filter: dict[IndicatorField, list[str | int | bool | None]] = Field(
        {}, description="Only the indicators whose field has one of the values listed (status: [completed]).")
    group_by: IndicatorField | None = Field(None, description="Instead of a row per indicator, the count of "
                                                              "indicators per value of this field and status.")


class Report(Frozen):
    """The whole dataset of one evaluation report."""

    meta: Meta = Field(description="What the cover and the document properties say.")
    introduction: Introduction = Field(description="The introduction, before the chapters.")
    chapters: list[Chapter] = Field(description="The chapters, in reading order.")
    scale: StatusScale = Field(description="The status scale: the levels an indicator's or a metric's status "
                                           "takes, and those they roll up to.")
    tables: dict[str, TableSpec] = Field({}, description='Tables defined without Python, by the name a template '
                                                         'places them with: table("name").')

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
