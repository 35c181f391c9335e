"""The validated model of an evaluation report: metadata, chapters, sections, indicators.

Counts and look-ups are derived here, never stored twice in the data.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(min_length=1)]
Number = Annotated[int, Field(ge=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Meta(_Model):
    """What the cover and the document properties say."""

    title: Text
    short_title: Text
    subtitle: str = ""
    plan: Text
    authors: list[Text] = []
    date: str = ""
    language: Text = "en"
    keywords: list[Text] = []


class Indicator(_Model):
    """One objective of the plan: its target text and the evaluators' findings."""

    number: Number
    title: Text
    target: Text
    findings: list[Text] = []


class Section(_Model):
    number: Number
    title: Text
    indicators: list[Indicator] = []


class Chapter(_Model):
    """A chapter: its overview, the shortfalls it names, and sections or direct indicators."""

    number: Number
    title: Text
    overview: list[Text] = []
    shortfall: list[Text] = []
    sections: list[Section] = []
    indicators: list[Indicator] = []

    def all_indicators(self) -> Iterator[Indicator]:
        """The chapter's indicators in reading order."""
        yield from self.indicators
        for section in self.sections:
            yield from section.indicators


class Introduction(_Model):
    title: Text = "Introduction"
    paragraphs: list[Text] = []


class Report(_Model):
    """The whole dataset of one evaluation report."""

    meta: Meta
    introduction: Introduction
    chapters: list[Chapter]

    def all_indicators(self) -> Iterator[Indicator]:
        """Every indicator of the report in reading order."""
        for chapter in self.chapters:
            yield from chapter.all_indicators()

    @property
    def indicator_count(self) -> int:
        return sum(1 for _ in self.all_indicators())
