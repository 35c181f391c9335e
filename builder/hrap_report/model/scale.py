"""The status vocabulary (a data file) and the rules that compute statuses from it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from hrap_report.model.base import Frozen
from hrap_report.model.localized import Text

if TYPE_CHECKING:
    from hrap_report.model.report import Indicator, Metric


#: The form of a level's id, and so of every status the data gives.
STATUS_ID = r"^[a-z][a-z0-9_]*$"


class Level(Frozen):
    """A level of the scale: the id the data uses, its words, and the roll-up level it counts as."""

    id: str = Field(pattern=STATUS_ID, description="The id the data uses: lower-case letters, digits and _.")
    label: Text = Field(description="Its name in the report.")
    definition: Text = Field(description="What it means, as the methodology annex defines it.")
    rollup: str | None = Field(None, description="The id of the roll-up level it counts as (a roll-up level has "
                                                 "none).")


class MetricRules(Frozen):
    """Where a metric's computed status changes, by the share of its target reached."""

    exceeded_above: float = Field(1.0, description="A met target is exceeded when more than this share of it "
                                                   "was reached (1.0: more than 100 %), else achieved.")
    progressing_from: float = Field(0.5, description="An unmet target is progressing from this share of the way "
                                                     "on, limited below it.")


#: The outcome classes `metric_status` computes; a scale's `quantitative` levels name them.
METRIC_CLASSES = ("exceeded", "achieved", "progressing", "limited", "deteriorated", "no_data")


class StatusScale(Frozen):
    """The status scale (status-scale.yaml): roll-up levels, the judged (qualitative) and
    computed (quantitative) levels."""

    rollup: list[Level] = Field(min_length=1, description="The levels the overview tables count, from best to "
                                                          "worst; the last means unknown.")
    qualitative: list[Level] = Field(description="The levels evaluators judge an indicator's status to be at.")
    quantitative: list[Level] = Field(description="The levels computed for a metric: exceeded, achieved, "
                                                  "progressing, limited, deteriorated, no_data (rename their "
                                                  "labels, not their ids).")
    metric_rules: MetricRules = Field(MetricRules(), description="How a metric's status is computed.")

    @model_validator(mode="after")
    def _consistent(self) -> StatusScale:
        rollups = {level.id for level in self.rollup}
        for level in self.qualitative + self.quantitative:
            if level.rollup not in rollups:
                raise ValueError(f"level {level.id!r} rolls up to {level.rollup!r}, "
                                 f"not one of {', '.join(sorted(rollups))}")
        missing = set(METRIC_CLASSES) - {level.id for level in self.quantitative}
        if missing:
            raise ValueError(f"quantitative levels must include {', '.join(sorted(missing))}")
        return self

    @property
    def achieved(self) -> Level:
        """The roll-up level that means the commitment was met: the first, as `rollup` runs
        from best to worst."""
        return self.rollup[0]

    def level(self, status: str) -> Level:
        """The level of a status id from any of the three lists."""
        for level in self.qualitative + self.quantitative + self.rollup:
            if level.id == status:
                return level
        raise KeyError(status)

    def rolled_up(self, rollup: str) -> Level:
        """The roll-up level of an id: a metric's level may share its id (achieved) and
        not its words (已达到 a target, 已实现 an indicator)."""
        for level in self.rollup:
            if level.id == rollup:
                return level
        raise KeyError(rollup)

    @property
    def indicator_statuses(self) -> list[str]:
        """The ids an indicator's `status` may take: the judged (qualitative) levels; the
        computed ones are its metrics'."""
        return [level.id for level in self.qualitative]

    def metric_status(self, metric: Metric) -> str:
        """The computed status of a metric: from met / not met and the share reached."""
        met, share, rules = metric.met, metric.share, self.metric_rules
        if met is None:
            return "no_data"
        if met:
            return "exceeded" if share is not None and share > rules.exceeded_above + 1e-9 else "achieved"
        if share is None:
            return "limited"
        if share >= rules.progressing_from:
            return "progressing"
        return "limited" if share > 0 else "deteriorated"

    def rollup_of(self, indicator: Indicator) -> str:
        """An indicator's roll-up: from its judged status, else from its metrics' worst."""
        if indicator.status:
            return self.level(indicator.status).rollup
        order = [level.id for level in self.rollup]
        known = [self.level(self.metric_status(m)).rollup for m in indicator.metrics]
        known = [r for r in known if r != order[-1]]
        return max(known, key=order.index) if known else order[-1]
