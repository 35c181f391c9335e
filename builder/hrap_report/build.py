"""A build from options to files: load, compose, write each format atomically."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from .atomic import refuse_overwrite, write_file
from .bilingual import Layout, check_layout, pair
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
    language: str | None = None  # "en", "zh" or "en+zh"; default: the dataset's own
    bilingual: Layout = "parallel"
    mark_fallbacks: bool = False
    strict: bool = False


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    pages: int | None  # known where the writer lays out pages itself (PDF)


def output_name(plan: str, language: str, fmt: str, layout: Layout = "parallel") -> str:
    """The file name of a built report, e.g. `evaluation-report-2016-2020-en.pdf`; a
    bilingual one names both languages (`en+zh`) and a side-by-side layout."""
    suffix = "-side-by-side" if "+" in language and layout == "side-by-side" else ""
    return f"evaluation-report-{plan}-{language}{suffix}.{fmt}"


def languages(spec: str) -> list[str]:
    """The languages of a `--lang` value: `en`, `zh`, or two joined by `+` (bilingual)."""
    from .localized import LANGUAGE_TAG

    tags = spec.split("+")
    if len(tags) > 2 or not all(LANGUAGE_TAG.match(t) for t in tags) or len(set(tags)) != len(tags):
        raise InputError(f"--lang {spec!r}: give a language tag (en, zh) or two joined by + (en+zh)")
    return tags


def run(options: BuildOptions, warn=lambda message: None) -> list[Written]:
    """Build the report in every requested format; returns the files written. Warnings
    (labels missing from a catalog) go to `warn`."""
    report = load_report(options.data)
    language = options.language or report.meta.language
    tags = languages(language)
    check_layout(options.bilingual)  # before the work of composing, not after
    if options.strict:
        from .coverage import require_translations

        for tag in tags:
            require_translations(options.data, report, tag)
    theme = load_theme(paper=options.paper)
    targets = {fmt: options.out / output_name(report.meta.plan, language, fmt, options.bilingual)
               for fmt in options.formats}
    refuse_overwrite(list(targets.values()), options.force)
    with tempfile.TemporaryDirectory(prefix="hrap-report-") as workdir, Jobs() as jobs:
        documents = [compose(report, options.templates, Path(workdir), jobs, language=tag,
                             mark_fallbacks=options.mark_fallbacks, warn=warn) for tag in tags]
        document = documents[0] if len(documents) == 1 else pair(*documents, options.bilingual,
                                                                 keep_fallbacks=options.mark_fallbacks)
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
