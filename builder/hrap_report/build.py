"""A build from options to files: load, compose, write each format atomically."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from .atomic import refuse_overwrite, write_file
from .compose import compose
from .dataset import load_report
from .resources import DATA
from .theme import load_theme
from .writers import writer


@dataclass(frozen=True)
class BuildOptions:
    """What `hrap-report build` was asked to do."""

    data: Path = DATA
    templates: Path | None = None
    formats: tuple[str, ...] = ("docx", "pdf")
    out: Path = Path("output")
    paper: str | None = None
    force: bool = False


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    pages: int | None  # known where the writer lays out pages itself (PDF)


def output_name(plan: str, language: str, fmt: str) -> str:
    """The file name of a built report, e.g. `evaluation-report-2016-2020-en.pdf`."""
    return f"evaluation-report-{plan}-{language}.{fmt}"


def run(options: BuildOptions) -> list[Written]:
    """Build the report in every requested format; returns the files written."""
    report = load_report(options.data)
    theme = load_theme(paper=options.paper)
    targets = {fmt: options.out / output_name(report.meta.plan, report.meta.language, fmt)
               for fmt in options.formats}
    refuse_overwrite(list(targets.values()), options.force)
    written = []
    with tempfile.TemporaryDirectory(prefix="hrap-report-") as workdir:  # chart images
        document = compose(report, options.templates, Path(workdir))
        for fmt, path in targets.items():
            write = writer(fmt)
            pages = write_file(path, lambda tmp: write(document, tmp, theme))
            written.append(Written(path, path.stat().st_size, pages))
    return written
