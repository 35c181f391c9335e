"""A build from options to files: load, compose, write each format atomically."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from .atomic import refuse_overwrite, write_file
from .compose import compose
from .document import Document, Figure
from .errors import InputError
from .jobs import Jobs
from .dataset import load_report
from .resources import DATA
from .theme import Theme, load_theme
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
    with tempfile.TemporaryDirectory(prefix="hrap-report-") as workdir, Jobs() as jobs:
        document = compose(report, options.templates, Path(workdir), jobs)
        jobs.wait()  # the chart images
        check_images(document)
        (first, first_path), *others = targets.items()
        futures = {fmt: jobs.submit(write_format, fmt, document, path, theme) for fmt, path in others}
        pages = {first: write_format(first, document, first_path, theme)}
        jobs.wait()
        pages.update({fmt: future.result() for fmt, future in futures.items()})
    return [Written(path, path.stat().st_size, pages[fmt]) for fmt, path in targets.items()]


def write_format(fmt: str, document: Document, path: Path, theme: Theme) -> int | None:
    """Write one format atomically; the page count where the writer knows it."""
    write = writer(fmt)
    return write_file(path, lambda tmp: write(document, tmp, theme))


def check_images(document: Document) -> None:
    """Every figure's image exists before a writer needs it."""
    for block in document.blocks:
        if isinstance(block, Figure) and not block.image.is_file():
            raise InputError("figure image not found", block.image)
