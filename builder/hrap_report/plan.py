"""Plan profiles: a plan's chapters and sections and which indicators each holds."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .errors import InputError
from .resources import PLANS
from .yamlio import load_yaml, validate


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanSection(_Model):
    number: int
    title: str
    indicators: tuple[int, int] | None = None  # first and last indicator number

    def holds(self, indicator: int) -> bool:
        """Whether this section (or chapter) holds the indicator of that number."""
        return self.indicators is not None and self.indicators[0] <= indicator <= self.indicators[1]


class PlanChapter(PlanSection):
    sections: list[PlanSection] = []


class Period(_Model):
    start: int
    end: int


class Plan(_Model):
    """A plan profile as shipped in `plans/` or written by a team."""

    id: str
    title: str
    period: Period
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
    path = Path(name_or_path)
    if not path.suffix:
        if str(name_or_path) not in builtin_plans():
            raise InputError(
                f"unknown plan {name_or_path!r}; built-in plans: {', '.join(builtin_plans())}"
            )
        path = PLANS / f"{name_or_path}.yaml"
    return validate(load_yaml(path), Plan)
