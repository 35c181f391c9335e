"""Notes for the evaluators (`validate --review`): judgements that their own numbers do
not bear out. The judgement stays theirs; these are never errors or warnings."""
from __future__ import annotations

from hrap_report.datasets.raw import RawDataset
from hrap_report.errors import Problem
from hrap_report.model.report import Report
from hrap_report.validation.checks import indicator_places


def review(raw: RawDataset, report: Report) -> list[Problem]:
    """A note at the status of each indicator whose judged status rolls up to another
    level than every one of its metrics computes (metrics without an outcome aside):
    "largely completed" while its only target was exceeded."""
    scale = report.scale
    places = {indicator.get("number"): part.place_of(loc + ("status",))
              for part in raw.chapters for loc, indicator in indicator_places(part.value)}
    notes = []
    for indicator in report.all_indicators():
        computed = [(metric, scale.metric_status(metric)) for metric in indicator.metrics]
        computed = [(metric, status) for metric, status in computed if status != "no_data"]
        if not indicator.status or not computed:
            continue
        judged = scale.level(indicator.status)
        if all(scale.level(status).rollup != judged.rollup for _, status in computed):
            metrics = "; ".join(f"{metric.label}: {scale.level(status).label.lower()}"
                                + (f" ({metric.share:.0%})" if metric.share is not None else "")
                                for metric, status in computed)
            notes.append(Problem(places.get(indicator.number, "the data"),
                                 f"indicator {indicator.number} is judged {judged.label.lower()} "
                                 f"({scale.rolled_up(judged.rollup).label.lower()}), but its metrics compute "
                                 f"otherwise: {metrics}",
                                 "check the judgement against the numbers, or say in the basis why it differs",
                                 "note"))
    return notes
