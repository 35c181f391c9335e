"""Plan profiles: a plan's structure as data. Its chapters and sections and which
indicators each holds, the classifications it gives every indicator, and the words and
numbering its report uses (label overrides per language)."""
from __future__ import annotations

import functools
import os
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import InputError
from .localized import Text
from .resources import PLANS
from .yamlio import load_yaml, validate


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanSection(_Model):
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


class Period(_Model):
    start: int
    end: int


#: Indicator fields a plan may require of every indicator.
Classification = Literal["binding", "kind", "horizon"]


class Plan(_Model):
    """A plan profile as shipped in `plans/` or written by a team."""

    id: str
    title: Text
    period: Period
    introduction: Text = "Introduction"  # the title of the plan's introduction
    classifications: list[Classification] = []
    #: Per language, label catalog entries this plan's report uses instead of the
    #: built-in ones, e.g. `indicator: "Objective {number}:"` or the chapter numbering.
    labels: dict[str, dict[str, str]] = {}
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


def builtin_plans() -> list[str]:
    """The ids of the plan profiles that ship with hrap-report."""
    return sorted(p.stem for p in PLANS.glob("*.yaml"))


def load_plan(name_or_path: str | Path) -> Plan:
    """A built-in plan by id (e.g. "2016-2020") or a plan profile file by path."""
    name = str(name_or_path)
    if name in builtin_plans():
        return _builtin_plan(name)
    if not Path(name).suffix and not os.path.lexists(name):  # a path without .yaml is read too
        raise InputError(f"unknown plan {name!r}; built-in plans: {', '.join(builtin_plans())}")
    return validate(load_yaml(Path(name)), Plan)


def find_plan(plan_id: str) -> Plan | None:
    """The built-in plan profile of that id, if there is one."""
    return _builtin_plan(plan_id) if plan_id in builtin_plans() else None


@functools.cache
def _builtin_plan(plan_id: str) -> Plan:
    """A shipped profile, read once however many checks and builds ask for it."""
    return validate(load_yaml(PLANS / f"{plan_id}.yaml"), Plan)
