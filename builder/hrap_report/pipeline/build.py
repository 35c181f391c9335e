"""A build from options to files: load, compose, write each format atomically."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hrap_report.compose.templates import compose
from hrap_report.datasets.files import check_file
from hrap_report.datasets.formats import read_dataset
from hrap_report.datasets.plan_files import find_plan, load_plan
from hrap_report.document.bilingual import Layout, check_layout, pair
from hrap_report.document.blocks import Document, Figure
from hrap_report.errors import InputError, Problems
from hrap_report.model.localized import LocalText
from hrap_report.model.plan import Plan
from hrap_report.model.report import Report
from hrap_report.pipeline.atomic import refuse_overwrite, write_file
from hrap_report.pipeline.build_date import build_date
from hrap_report.pipeline.drawable import check_drawable, undrawable
from hrap_report.pipeline.jobs import Jobs
from hrap_report.pipeline.progress import QUIET, Progress
from hrap_report.resources import DATA
from hrap_report.validation.checks import check
from hrap_report.writers import DEFAULT_FORMATS, WRITERS
from hrap_report.writers.theme import Theme, load_theme

DEFAULT_OUTPUT_NAME = "evaluation-report-{plan}-{lang}"


@dataclass(frozen=True)
class BuildOptions:
    """What `hrap-report build` was asked to do."""

    data: Path = DATA
    templates: Path | None = None
    formats: tuple[str, ...] = DEFAULT_FORMATS
    out: Path = Path("output")
    paper: str | None = None
    force: bool = False
    language: str | None = None  # "en", "zh" or "en+zh"; default: the dataset's own
    bilingual: Layout = "parallel"
    mark_fallbacks: bool = False
    strict: bool = False  # warnings (and missing translations) stop the build
    plan: str | None = None  # a plan profile id or file; default: the one the data names
    output_name: str = DEFAULT_OUTPUT_NAME  # with {plan} and {lang}
    title: LocalText | None = None  # replaces the data's meta.title
    logo: Path | None = None  # an image for the cover
    theme: dict | None = None  # overrides of the house style (a project's [theme] table)
    config: Path | None = None  # the project file the options came from, for messages
    suffix: str = ""  # appended to the file names: which report of a batch this is


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    pages: int | None  # known where the writer lays out pages itself (PDF)
    approximate: bool = False  # pages as another format has them; a word processor may differ a little

    def describe(self) -> str:
        """Its page count and size, for the line that says it was written."""
        about = "about " if self.approximate else ""
        pages = f"{about}{self.pages} page{'s' * (self.pages != 1)}, " if self.pages else ""
        return f"{pages}{self.size / 1024:,.0f} KiB"


def output_name(plan: str, language: str, fmt: str, layout: Layout = "parallel",
                pattern: str = DEFAULT_OUTPUT_NAME, suffix: str = "") -> str:
    """The file name of a built report, e.g. `evaluation-report-2016-2020-en.pdf`; a
    bilingual one names both languages (`en+zh`) and a side-by-side layout, and one
    report of a batch ends in its `suffix` (`…-en-chapter-3.pdf`)."""
    layout_suffix = "-side-by-side" if "+" in language and layout == "side-by-side" else ""
    return f"{pattern.format(plan=plan, lang=language)}{layout_suffix}{suffix}{WRITERS[fmt].suffix}"


def targets(report: Report, options: BuildOptions) -> dict[str, Path]:
    """The file each requested format of a build is written to, each directly in `--out`
    (names come from checked values; this is the last guard)."""
    language = options.language or report.meta.language
    paths = {fmt: options.out / output_name(report.meta.plan, language, fmt, options.bilingual,
                                            options.output_name, options.suffix) for fmt in options.formats}
    for path in paths.values():
        if Path(os.path.normpath(path)).parent != Path(os.path.normpath(options.out)) or path.name.startswith("."):
            raise InputError(f"the report's file name {path.name!r} would leave the output folder; give the plan "
                             "a plain id and output_name a plain name", options.out)
    return paths


def languages(spec: str) -> list[str]:
    """The languages of a `--lang` value: `en`, `zh`, or two joined by `+` (bilingual)."""
    from hrap_report.languages import LANGUAGE_TAG

    tags = spec.split("+")
    if len(tags) > 2 or not all(LANGUAGE_TAG.match(t) for t in tags) or len(set(tags)) != len(tags):
        raise InputError(f"--lang {spec!r}: give a language tag (en, zh) or two joined by + (en+zh)")
    return tags


def run(options: BuildOptions, warn=lambda message: None, progress: Progress = QUIET) -> list[Written]:
    """Build the report in every requested format; returns the files written. Warnings
    (problems in the data, labels missing from a catalog) go to `warn`; a build with
    errors in its data raises `Problems` before writing anything."""
    with Jobs() as jobs:
        if options.formats[1:]:  # the worker's formats set up while the data is loaded and composed
            theme = load_theme(paper=options.paper, overrides=options.theme, source=options.config)
            tags = tuple(languages(options.language)) if options.language else ("en",)
            for fmt in options.formats[1:]:
                jobs.submit(WRITERS[fmt].prepare, theme, tags)
        report, plan = load(options, warn, progress)
        return produce(report, plan, options, warn, progress, jobs)


def produce(report: Report, plan: Plan | None, options: BuildOptions, warn=lambda message: None,
            progress: Progress = QUIET, jobs: Jobs | None = None) -> list[Written]:
    """Compose a loaded report and write it in every requested format (`run` after `load`);
    the formats after the first are written by `jobs`' worker (by a new one without)."""
    if jobs is None:
        with Jobs() as jobs:
            return produce(report, plan, options, warn, progress, jobs)
    tags = languages(options.language or report.meta.language)
    check_layout(options.bilingual)  # before the work of composing, not after
    theme = load_theme(paper=options.paper, overrides=options.theme, source=options.config)
    paths = targets(report, options)
    refuse_overwrite(list(paths.values()), options.force)
    with progress.phase("render", len(tags) + 1) as step:
        documents = []
        for tag in tags:
            documents.append(compose(report, options.templates, language=tag,
                                     mark_fallbacks=options.mark_fallbacks, warn=warn, plan=plan,
                                     logo=options.logo, date=build_date(report.meta.date),
                                     assessments=theme.assessments))
            step()
        document = documents[0] if len(documents) == 1 else pair(*documents, options.bilingual,
                                                                 keep_fallbacks=options.mark_fallbacks)
        check_images(document)
        if any(WRITERS[fmt].embeds_fonts for fmt in paths):
            check_drawable(document, theme)
        step()
    with progress.phase("write", len(paths)) as step:
        (first, first_path), *others = paths.items()
        futures = {fmt: jobs.submit(write_format, fmt, document, path, theme) for fmt, path in others}
        pages = {first: write_format(first, document, first_path, theme)}
        step()
        for fmt, future in futures.items():
            pages[fmt] = future.result()
            step()
    # a format whose client lays out pages itself (a word processor) has about as many
    # pages as a format laid out here
    laid_out = next((pages[fmt] for fmt in paths if WRITERS[fmt].lays_out_pages), None)
    return [Written(path, path.stat().st_size, pages[fmt] or laid_out, approximate=pages[fmt] is None)
            for fmt, path in paths.items()]


def load(options: BuildOptions, warn=lambda message: None, progress: Progress = QUIET) -> tuple[Report, Plan | None]:
    """The checked report of a build and its plan profile; every problem of the data is
    raised at once (`Problems`), warnings go to `warn`. With `strict`, a warning or a text
    without a translation into a language of the build stops it."""
    with progress.phase("load", 1) as step:
        raw = read_dataset(options.data)
        step()
    with progress.phase("validate", 1) as step:
        plan = load_plan(options.plan) if options.plan else None
        report, problems = check(raw, plan)
        if report is not None and any(WRITERS[fmt].embeds_fonts for fmt in options.formats):
            theme = load_theme(paper=options.paper, overrides=options.theme, source=options.config)
            if drawn := undrawable(raw, theme):  # found before any file is written
                report, problems = None, problems + drawn
        step()
    if report is None:
        raise Problems(problems)
    for problem in problems:
        warn(problem)
    if options.strict and problems:
        raise InputError(f"{len(problems)} warning{'s' if len(problems) > 1 else ''} in the data (--strict)")
    if options.strict:
        from hrap_report.validation.coverage import require_translations

        for tag in languages(options.language or report.meta.language):
            require_translations(raw, report, tag)
    if options.title:
        report = report.model_copy(update={"meta": report.meta.model_copy(update={"title": options.title})})
    return report, plan or find_plan(report.meta.plan)


def write_format(fmt: str, document: Document, path: Path, theme: Theme) -> int | None:
    """Write one format atomically; the page count where the writer knows it."""
    write = WRITERS[fmt].write
    return write_file(path, lambda tmp: write(document, tmp, theme))


def check_images(document: Document) -> None:
    """Every figure's image is there, and is an image, before a writer needs it."""
    for block in document.blocks:
        if isinstance(block, Figure):
            check_image(block.image)


#: The pixels of an image a build takes, read from its header before anything is decoded:
#: a writer holds an image decoded, 3 or 4 bytes a pixel and in copies (a 64-megapixel logo
#: of 8 KB took a build 0.8 GB), while a whole A4 page at 600 dpi is 35 megapixels.
MAX_IMAGE_PIXELS = 50_000_000


def check_image(path: Path) -> None:
    """That `path` is an image file the writers can place (PNG, JPEG, GIF …), of at most
    `MAX_IMAGE_PIXELS`."""
    from PIL import Image, UnidentifiedImageError

    check_file(path)
    # Pillow's own check of the size (a warning from 89 megapixels, from 179 an error that
    # keeps the size to itself) is off while the image is checked: ours is lower, and names it
    pillow_limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise InputError(f"is an image of {width:,} × {height:,} pixels, more than the "
                                 f"{MAX_IMAGE_PIXELS:,} pixels the report takes: scale it down", path)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):  # what damaged images raise
        raise InputError("is not an image the report can show (PNG, JPEG or GIF)", path) from None
    finally:
        Image.MAX_IMAGE_PIXELS = pillow_limit
