"""Synthetic datasets for the benchmarks: the built-in report with every section's (and
chapter's) indicators repeated `factor` times and numbered through, so a 100x dataset has
16 800 indicators in the same chapters and sections, with their findings and metrics."""
from __future__ import annotations

import itertools
from pathlib import Path

from hrap_report.datasets.yaml_folder import save_report
from hrap_report.model.report import Indicator, Report
from hrap_report.resources import DATA
from hrap_report.validation.checks import load_report


def scaled(report: Report, factor: int) -> Report:
    """`report` with each list of indicators repeated `factor` times, renumbered 1, 2, 3 …"""
    numbers = itertools.count(1)

    def repeat(indicators: list[Indicator]) -> list[Indicator]:
        return [i.model_copy(update={"number": next(numbers)}) for _ in range(factor) for i in indicators]

    chapters = []
    for chapter in report.chapters:
        direct = repeat(chapter.indicators)
        sections = [s.model_copy(update={"indicators": repeat(s.indicators)}) for s in chapter.sections]
        chapters.append(chapter.model_copy(update={"indicators": direct, "sections": sections}))
    # a plan id of its own: the 2016-2020 profile would place indicators 169+ nowhere
    meta = report.meta.model_copy(update={"plan": f"synthetic-{factor}x"})
    return report.model_copy(update={"chapters": chapters, "meta": meta})


def write_dataset(folder: Path, factor: int) -> Path:
    """The built-in dataset scaled by `factor`, written as a YAML dataset in `folder`."""
    save_report(scaled(load_report(DATA), factor), folder)
    return folder
