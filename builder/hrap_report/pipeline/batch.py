"""Many reports in one run: one per dataset (`build DATA...`) or one per value of an
indicator field (`build --each FIELD`), each built in a worker process, one per core.

A batch reads its datasets, names every file, and stops before building anything if two
reports would write the same file or one exists without `--force`. A report that then
fails (bad data) does not stop the others; the outcome of each, its files, warnings or
error, comes back in the order of the inputs. A Ctrl-C or SIGTERM interrupts the reports
being built (their files are written atomically, so none is left half-written) and starts
no other.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from hrap_report.document.bilingual import check_layout
from hrap_report.errors import InputError, Problems
from hrap_report.model.plan import Plan
from hrap_report.model.report import Report
from hrap_report.model.subset import FIELDS, cut, slug, split
from hrap_report.pipeline.atomic import refuse_overwrite
from hrap_report.pipeline.build import BuildOptions, Written, languages, load, produce, targets
from hrap_report.pipeline.jobs import Workers, quiet_interrupts, run_in_line
from hrap_report.pipeline.progress import QUIET, Progress
from hrap_report.writers.theme import load_theme


@dataclass
class Outcome:
    """What became of one report of a batch."""

    name: str  # how messages call it: the dataset as given, or `chapter=3`
    written: list[Written] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # problems in its data, labels missing …
    error: Exception | None = None

    def failure(self) -> str:
        """Why it failed, in one line: the first error in its data and how many more."""
        error = self.error
        if isinstance(error, Problems):
            more = len(error.errors) - 1
            return str(error.errors[0]) + (f" (and {more} more error{'s' * (more != 1)}; "
                                           "`hrap-report validate` lists them)" if more else "")
        if isinstance(error, InputError):
            return str(error)
        return f"internal error: {type(error).__name__}: {error}"


def build_datasets(options: BuildOptions, datasets: list[Path], workers: int | None = None,
                   warn=lambda message, source=None: None, progress: Progress = QUIET) -> list[Outcome]:
    """A report from each dataset, its files named by the dataset (`…-en-anhui.pdf`)."""
    check_options(options)
    outcomes = [Outcome(str(path)) for path in datasets]
    each_options = [replace(options, data=path, suffix=f"-{name}")
                 for path, name in zip(datasets, dataset_names(datasets))]
    with _Workers(workers, len(datasets)) as pool, progress.phase("reports", len(datasets)) as step:
        builds = []
        loads = pool.map(_load, [(item,) for item in each_options])
        for outcome, item, loaded in zip(outcomes, each_options, loads):
            if isinstance(loaded, BaseException):
                outcome.error = loaded
                step()
            else:
                report, plan, outcome.warnings = loaded
                builds.append((outcome, report, plan, item))
        _produce_all(pool, builds, step)
    _tell(outcomes, warn)
    return outcomes


def build_each(options: BuildOptions, field_name: str, workers: int | None = None,
               warn=lambda message, source=None: None, progress: Progress = QUIET) -> list[Outcome]:
    """A report for each value of an indicator field of one dataset, with only the
    indicators that have it, its files named by the value (`…-en-chapter-3.pdf`)."""
    check_options(options)
    report, plan = load(options, warn)
    parts, left_out = split(report, field_name)
    lacking = FIELDS[field_name]
    if not parts:
        raise InputError(f"--each {field_name}: no indicator has a {lacking}; there is nothing to build")
    if left_out:
        warn(f"--each {field_name}: {left_out} indicator{'s have' if left_out != 1 else ' has'} no "
             f"{lacking} and {'are' if left_out != 1 else 'is'} in none of the reports")
    outcomes = [Outcome(part.name) for part in parts]
    builds = [(outcome, cut(report, part), plan, replace(options, suffix=part.suffix))
              for outcome, part in zip(outcomes, parts)]
    with _Workers(workers, len(parts)) as pool, progress.phase("reports", len(parts)) as step:
        _produce_all(pool, builds, step)
    _tell(outcomes, warn)
    return outcomes


def check_options(options: BuildOptions) -> None:
    """Mistakes in the options every report would make, found once before any is built."""
    if options.language:
        languages(options.language)
    check_layout(options.bilingual)
    load_theme(paper=options.paper, overrides=options.theme, source=options.config)


def dataset_names(datasets: list[Path]) -> list[str]:
    """Each dataset's name in its files: its folder's (or workbook's) name, with as many
    folders above it as it takes to tell it from the others (`anhui-data` and
    `hebei-data` for `anhui/data` and `hebei/data`)."""
    resolved = [path.resolve() for path in datasets]
    for i, path in enumerate(resolved):
        if path in resolved[:i]:
            raise InputError("dataset given twice", datasets[i])
    parts = [[*path.parent.parts[1:], path.name if path.is_dir() else path.stem] for path in resolved]
    depth = [1] * len(parts)
    while True:
        names = [slug("-".join(p[-d:])) for p, d in zip(parts, depth)]
        clashes = [i for i, name in enumerate(names) if names.count(name) > 1]
        if not clashes:
            return names
        deeper = [i for i in clashes if depth[i] < len(parts[i])]
        if not deeper:
            first, second = (datasets[i] for i in clashes[:2])
            raise InputError(f"{first} and {second} would give reports of the same name "
                             f"({names[clashes[0]]!r}); rename one of them")
        for i in deeper:
            depth[i] += 1


def _produce_all(pool: _Workers, builds: list[tuple[Outcome, Report, Plan | None, BuildOptions]],
                 step: Callable[[], None]) -> None:
    """Check that no two reports share a file and none is there without `--force`, then
    build them all; each outcome gets its files and warnings, or its error."""
    owners: dict[Path, str] = {}
    for outcome, report, _, options in builds:
        paths = list(targets(report, options).values())
        for path in paths:
            if path in owners:
                raise InputError(f"{owners[path]} and {outcome.name} would both be written here", path)
            owners[path] = outcome.name
        refuse_overwrite(paths, options.force)
    results = pool.map(_produce, [(report, plan, options) for _, report, plan, options in builds], step)
    for (outcome, *_), result in zip(builds, results):
        if isinstance(result, BaseException):
            outcome.error = result
        else:
            outcome.written, warnings = result
            outcome.warnings += warnings


def _tell(outcomes: list[Outcome], warn) -> None:
    """Every distinct warning once, with the report it came from, after the progress bar:
    one that all reports share (a label missing in a catalog) is not repeated for each."""
    sources: dict[str, tuple[object, list[str]]] = {}
    for outcome in outcomes:
        for message in outcome.warnings:
            names = sources.setdefault(str(message), (message, []))[1]
            if outcome.name not in names:
                names.append(outcome.name)
    for message, names in sources.values():
        others = len(names) - 1
        warn(message, names[0] + (f" and {others} other report{'s' * (others != 1)}" if others else ""))


def _load(options: BuildOptions):
    warnings: list = []
    report, plan = load(options, warnings.append)
    return report, plan, warnings


def _produce(report: Report, plan: Plan | None, options: BuildOptions):
    warnings: list = []
    return produce(report, plan, options, warnings.append), warnings


class _Workers(Workers):
    """The worker processes of a batch, one per core (or `count`), used as a context manager."""

    def __init__(self, count: int | None, tasks: int):
        quiet_interrupts()
        super().__init__(max(1, min(count or os.cpu_count() or 1, tasks)), initializer=run_in_line)

    def map(self, function: Callable, calls: list[tuple], done: Callable[[], None] = lambda: None) -> list:
        """`function(*args)` for each of `calls` in the workers: the result of each, or the
        exception it raised, in the order of `calls`; `done()` as each one ends."""
        futures = {self.submit(function, *args): i for i, args in enumerate(calls)}
        results: list = [None] * len(calls)
        for future in as_completed(futures):
            try:
                results[futures[future]] = future.result()
            except Exception as error:  # one report's failure is its own
                results[futures[future]] = error
            done()
        return results
