"""The `hrap-report` command: thin options parsing over `build.run`, the checks, the
readers and writers of datasets, and the project scaffold.

Options given on the command line override a project's `hrap.toml` (in the current
folder, or `--config FILE`), which overrides the built-in defaults.
"""
from __future__ import annotations

import errno
import functools
import sys
from pathlib import Path

import click

from hrap_report.datasets.formats import FORMATS as DATASET_FORMATS
from hrap_report.errors import InputError
from hrap_report.writers import DEFAULT_FORMATS, WRITERS

STATS_NAME_WIDTH = 48  # characters of a chapter title that `stats` shows
WARNINGS_SHOWN = 10  # a build lists this many warnings; `validate` lists them all


#: What a failing write means to the user, by its errno.
_OS_REASONS = {
    errno.ENOSPC: "the disk is full; nothing was written", errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "cannot be written (permission denied)", errno.EPERM: "cannot be written (permission denied)",
    errno.EROFS: "cannot be written (a read-only file system)",
    errno.EEXIST: "is a file where a folder is needed", errno.ENOTDIR: "a part of this path is a file, not a folder",
    errno.EISDIR: "is a folder where a file is needed",
}


def _user_errors(command):
    """Print a user mistake as one line (a line per problem in the data) and exit 2,
    instead of a traceback."""
    from hrap_report.errors import Problems

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except Problems as problems:
            for problem in problems.problems:
                click.echo(str(problem), err=True)
            count = len(problems.errors)
            click.echo(f"hrap-report: error: {count} error{'s' if count != 1 else ''} in {problems.where}; "
                       "nothing was written", err=True)
            sys.exit(2)
        except InputError as error:
            click.echo(f"hrap-report: error: {error}", err=True)
            sys.exit(2)
        except OSError as error:  # the disk or the folders, not the program: a full disk, a read-only --out
            where = f"{error.filename}: " if error.filename else ""
            reason = _OS_REASONS.get(error.errno, error.strerror or str(error))
            click.echo(f"hrap-report: error: {where}{reason}", err=True)
            sys.exit(2)
    return wrapper


class _Console:
    """Warnings and notes for the terminal, as `--quiet` and `--verbose` want them."""

    def __init__(self, quiet: bool = False, verbose: bool = False):
        self.quiet, self.verbose, self.held = quiet, verbose, 0

    def warn(self, message, source: str | None = None) -> None:
        """Show a warning; `source` names the report of a batch it belongs to."""
        from hrap_report.errors import Problem

        if self.quiet:
            return
        if isinstance(message, Problem) and not self.verbose:
            self.held += 1
            if self.held > WARNINGS_SHOWN:
                return
        line = str(message) if isinstance(message, Problem) else f"hrap-report: warning: {message}"
        click.echo(f"[{source}] {line}" if source else line, err=True)

    def finish(self) -> None:
        if self.held > WARNINGS_SHOWN and not self.quiet:
            click.echo(f"hrap-report: … and {self.held - WARNINGS_SHOWN} more warnings "
                       "(`hrap-report validate` lists them all)", err=True)


def _formats(ctx, param, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [n for n in names if n not in WRITERS]
    if unknown or not names:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or repr(value)}; "
                                 f"choose from {', '.join(WRITERS)}")
    return names


def _project(config_path: Path | None):
    """The project configuration: `--config FILE`, else `hrap.toml` here, else none."""
    from hrap_report.project.config import Config, find_config, load_config

    if config_path is not None:
        return load_config(config_path), config_path
    found = find_config()
    return (load_config(found), found) if found else (Config(), None)


def _pick(*values):
    """The first value that is set: the command line's, the project's, the default."""
    return next((v for v in values if v is not None), None)


_DATA_HELP = ("Dataset: a folder with report.yaml, a .xlsx workbook, or a folder of CSV files "
              "(default: the project's, else the built-in 2016-2020 evaluation).")
_CONFIG_HELP = "Project file (default: hrap.toml in the current folder, if there is one)."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hrap-report")
def main() -> None:
    """Build evaluation reports on national human rights action plans."""
    import signal
    import threading

    # A SIGTERM ends a command as a Ctrl-C does, by an exception (exit status 128 + 15): the
    # `finally` blocks remove temporary files and stop the workers. Only where the signal is the
    # command's to handle: not ignored by whoever started it, nor in a thread of a program.
    main_thread = threading.current_thread() is threading.main_thread()
    if main_thread and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
        click.get_current_context().call_on_close(lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL))


@main.command()
@click.argument("datasets", nargs=-1, type=click.Path(path_type=Path), metavar="[DATA]...")
@click.option("--data", type=click.Path(path_type=Path), default=None, help=_DATA_HELP)
@click.option("--each", "each", metavar="FIELD", default=None,
              help="One report per value of an indicator field: chapter, responsible, status, binding, "
                   "kind or horizon.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Reports of a batch built at once (default: one per core).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help=_CONFIG_HELP)
@click.option("--templates", type=click.Path(path_type=Path), default=None,
              help="Folder of templates that override the built-in ones of the same name.")
@click.option("--format", "formats", default=None, callback=_formats,
              help=f"Comma-separated output formats: {', '.join(WRITERS)} (default: all).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=True), default=None,
              help="Folder to write the reports into (default: output).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default=None,
              help="Paper size (default: the theme's, A4).")
@click.option("--plan", default=None, help="Plan profile, a built-in id or a YAML file "
                                          "(default: the one the data's meta.plan names).")
@click.option("--lang", "language", default=None, metavar="LANG",
              help="Language of the report: en, zh, or en+zh for both (default: the dataset's).")
@click.option("--bilingual", type=click.Choice(["parallel", "side-by-side"]), default=None,
              help="Layout of a bilingual report: each block then its translation (parallel, the "
                   "default), or paragraphs in two columns.")
@click.option("--mark-fallbacks", is_flag=True,
              help="Highlight texts shown in the dataset's language because a translation is missing.")
@click.option("--strict", is_flag=True,
              help="Fail on any warning in the data or any text without a translation.")
@click.option("--force", is_flag=True, help="Overwrite reports that already exist.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning and the time of each phase.")
@_user_errors
def build(datasets, data, each, jobs, config_path, templates, formats, out, paper, plan, language, bilingual,
          mark_fallbacks, strict, force, quiet, verbose) -> None:
    """Build the report as DOCX and PDF.

    Given several datasets (DATA...), a report from each; with --each FIELD, a report per
    value of that field of the indicators. The reports of such a batch are built in
    parallel, and their file names end in the dataset's name or the value."""
    from hrap_report.model.subset import check_field
    from hrap_report.pipeline.build import DEFAULT_OUTPUT_NAME, BuildOptions, check_image, run
    from hrap_report.pipeline.progress import Progress
    from hrap_report.resources import DATA

    if datasets and data is not None:
        raise InputError("give datasets as arguments or with --data, not both")
    if each is not None:
        check_field(each)
        if len(datasets) > 1:
            raise InputError("--each splits one dataset; give one DATA (or --data)")
    if len(datasets) == 1:  # one dataset is one report, named as with --data
        (data,), datasets = datasets, ()
    config, source = _project(config_path)
    templates = _pick(templates, config.templates)
    if templates is not None and not templates.is_dir():
        raise InputError("is a file, not a folder" if templates.exists() else "templates folder not found",
                         templates)
    options = BuildOptions(
        data=_pick(data, config.data, DATA), templates=templates,
        formats=_pick(formats, tuple(config.formats) if config.formats else None, DEFAULT_FORMATS),
        out=_pick(out, config.out, Path("output")), paper=paper,
        force=force, language=_pick(language, config.languages), plan=_pick(plan, config.plan),
        bilingual=_pick(bilingual, config.bilingual, "parallel"), mark_fallbacks=mark_fallbacks,
        strict=strict, output_name=config.output_name or DEFAULT_OUTPUT_NAME, title=config.title or None,
        logo=config.logo, theme=config.theme, config=source)
    if options.logo is not None:
        check_image(options.logo)
    console = _Console(quiet, verbose)
    if verbose and source:
        click.echo(f"project: {source}", err=True)
    progress = Progress(bars=not quiet, verbose=verbose)
    if each is None and not datasets:
        written, failed = run(options, warn=console.warn, progress=progress), []
    else:
        from hrap_report.pipeline.batch import build_datasets, build_each

        outcomes = (build_each(options, each, jobs, console.warn, progress) if each is not None
                    else build_datasets(options, list(datasets), jobs, console.warn, progress))
        written = [item for outcome in outcomes for item in outcome.written]
        failed = [outcome for outcome in outcomes if outcome.error is not None]
    console.finish()
    if not quiet:
        for item in written:
            click.echo(f"wrote {_shown(item.path)} ({item.describe()})")
    for outcome in failed:
        click.echo(f"hrap-report: error: [{outcome.name}] {outcome.failure()}", err=True)
    if failed:
        sys.exit(2)


def _shown(path: Path) -> Path:
    """A path as the user would type it here: relative to the current folder if inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=None, help=_DATA_HELP)
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help=_CONFIG_HELP)
@_user_errors
def stats(data, config_path) -> None:
    """Print the overview table: indicators per chapter by status."""
    from hrap_report.compose.labels import load_labels
    from hrap_report.compose.tables import status_by_chapter
    from hrap_report.model.localized import localize
    from hrap_report.resources import DATA
    from hrap_report.validation.checks import load_report

    config, _ = _project(config_path)
    report = load_report(_pick(data, config.data, DATA))
    language = report.meta.language
    table = status_by_chapter(localize(report, language, language), load_labels(language))
    width = min(STATS_NAME_WIDTH, max(len(v) for v in table.column(table.columns[0])))
    lines = [table.columns, *((name if len(name) <= width else name[:width - 1] + "…", *counts)
                              for name, *counts in table.rows)]
    widths = [max(map(len, column)) for column in zip(*lines)]
    click.echo(table.caption)
    for line in lines:
        click.echo("  ".join(f"{v:<{w}}" for v, w in zip(line, widths)).rstrip())


@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=None, help=_DATA_HELP)
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help=_CONFIG_HELP)
@click.option("--plan", default=None, help="Plan profile to check against, a built-in id or a YAML file.")
@click.option("--lang", "language", default=None, metavar="LANG",
              help="Also report how much of the data is translated into this language.")
@click.option("--strict", is_flag=True,
              help="Exit 1 on warnings (and, with --lang, on texts without a translation).")
@click.option("--review", is_flag=True,
              help="Also note, for the evaluators, each judged status that all of its indicator's metrics "
                   "compute otherwise (notes never change the exit status).")
@_user_errors
def validate(data, config_path, plan, language, strict, review) -> None:
    """Check a dataset and list every problem with its place.

    Exit status: 0 when clean (or warnings only), 1 on warnings with --strict, 2 on errors."""
    from hrap_report.datasets.formats import read_dataset
    from hrap_report.datasets.plan_files import load_plan
    from hrap_report.resources import DATA
    from hrap_report.validation.checks import check

    config, source = _project(config_path)
    data = _pick(data, config.data, DATA)
    plan = _pick(plan, config.plan)
    raw = read_dataset(data)
    report, problems = check(raw, load_plan(plan) if plan else None)
    if report is not None:  # what validates builds: the PDF can draw every character
        from hrap_report.pipeline.drawable import undrawable
        from hrap_report.writers.theme import load_theme

        if drawn := undrawable(raw, load_theme(overrides=config.theme, source=source)):
            report, problems = None, problems + drawn
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if report is None:
        click.echo(f"{data}: {counts}")
        sys.exit(2)
    click.echo(f"{data}: {'valid' if not problems else counts}, {len(report.chapters)} chapters, "
               f"{report.indicator_count} indicators")
    if review:
        from hrap_report.validation.review import review as review_notes

        notes = review_notes(raw, report)
        for note in notes:
            click.echo(str(note))
        click.echo(f"review: {len(notes)} judged status{'es' * (len(notes) != 1)} the metrics compute otherwise")
    gaps = _coverage(raw, report, language) if language else 0
    if strict and gaps:
        click.echo(f"hrap-report: error: {gaps} texts have no {language} translation (--strict)", err=True)
    if strict and (warnings or gaps):
        sys.exit(1)


def _coverage(raw, report, language: str) -> int:
    """Print the translation coverage per part; the number of texts without a translation."""
    from hrap_report.validation.coverage import coverage

    parts = coverage(raw, report, language)
    width = max(len(p.name) for p in parts)
    click.echo(f"translation into {language}:")
    for part in parts:
        first = f"  first gap: {part.first_place}" if part.missing else ""
        click.echo(f"  {part.name:<{width}}  {part.translated:>5} of {part.total:<5} {part.share:7.1%}{first}")
    total = sum(p.total for p in parts)
    done = sum(p.translated for p in parts)
    click.echo(f"  {'all':<{width}}  {done:>5} of {total:<5} {done / total if total else 1:7.1%}")
    return total - done


@main.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--to", "fmt", type=click.Choice(list(DATASET_FORMATS)), required=True,
              help="xlsx: one workbook; csv: a folder of CSV files; yaml: a dataset folder.")
@click.option("--data", type=click.Path(path_type=Path), default=None, help=_DATA_HELP)
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help=_CONFIG_HELP)
@click.option("--force", is_flag=True, help="Replace TARGET if it exists (only a file, or a folder an "
              "earlier export wrote).")
@_user_errors
def export(target, fmt, data, config_path, force) -> None:
    """Write the dataset as an Excel workbook, CSV files or YAML, to edit and read back
    with `build --data TARGET`."""
    from hrap_report.datasets.formats import read_dataset
    from hrap_report.errors import Problems
    from hrap_report.pipeline.atomic import refuse_overwrite
    from hrap_report.pipeline.export import check_target, export_dataset
    from hrap_report.resources import DATA
    from hrap_report.validation.checks import check

    config, _ = _project(config_path)
    raw = read_dataset(_pick(data, config.data, DATA))
    check_target(target, fmt, raw)  # before --force: what it refuses, --force does not allow
    refuse_overwrite([target], force)
    report, problems = check(raw)
    if report is None:
        raise Problems(problems)
    export_dataset(report, fmt, target)
    click.echo(f"wrote {target}: {len(report.chapters)} chapters, {report.indicator_count} indicators")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--plan", default="2016-2020", show_default=True,
              help="Plan profile: a built-in id (2016-2020, 2021-2025) or a YAML file.")
@click.option("--force", is_flag=True, help="Write into FOLDER even if it is not empty: the project's "
              "files are replaced, all others left alone.")
@_user_errors
def init(folder, plan, force) -> None:
    """Start a report project: hrap.toml, a data skeleton for the plan with a worked
    example indicator, and a README for the team. `hrap-report build` there works at once."""
    from hrap_report.datasets.plan_files import load_plan, plan_file
    from hrap_report.project.scaffold import init_project

    written = init_project(folder, load_plan(plan), force=force, plan_file=plan_file(plan))
    click.echo(f"created {folder} for plan {plan}: {', '.join(p.name for p in written)}")
    click.echo(f"next: cd {folder} && hrap-report build")


@main.command()
@click.argument("kind", metavar="KIND")
@_user_errors
def schema(kind) -> None:
    """Print the JSON Schema of a kind of file, for an editor to check it as it is typed.

    KIND: plan (a plan profile), config (hrap.toml), the files of a YAML dataset: report
    (report.yaml), chapter (a chapter file), scale (status-scale.yaml); or data (a whole
    dataset as one document). `init` and `export --to yaml` write the dataset's schemas
    into its schemas/ folder and name them on each file's first line."""
    from hrap_report.project.schemas import schema_text

    click.echo(schema_text(kind), nl=False)


@main.group()
def templates() -> None:
    """List the built-in templates, or copy them out to edit."""


@templates.command("list")
def templates_list() -> None:
    """Name each built-in template and label catalog, with what it holds."""
    from hrap_report.project.template_files import builtin_templates

    names = builtin_templates()
    width = max(len(name) for name in names)
    for name, description in names.items():
        click.echo(f"{name:<{width}}  {description}")


@templates.command("copy")
@click.argument("name")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), required=False)
@click.option("--force", is_flag=True, help="Replace copies that already exist.")
@_user_errors
def templates_copy(name, folder, force) -> None:
    """Copy a built-in template (NAME: e.g. chapter, labels/zh.yaml, or all) into FOLDER
    (default: the project's templates folder, else templates/), which `build --templates`
    or `templates = "…"` in hrap.toml makes the report use."""
    from hrap_report.project.template_files import copy_templates

    config, _ = _project(None)
    target = _pick(folder, config.templates, Path("templates"))
    for path in copy_templates([name], target, force):
        click.echo(f"copied {path}")


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Dataset folder to create.")
@click.option("--plan", default="2016-2020", show_default=True,
              help="Plan profile (a built-in id or a YAML file) that restores lost section headings.")
@click.option("--force", is_flag=True, help="Replace the dataset folder if it exists.")
@_user_errors
def import_(source, out, plan, force) -> None:
    """Turn a report's plain text into a YAML dataset."""
    from hrap_report.datasets.plaintext import import_text
    from hrap_report.datasets.plan_files import load_plan
    from hrap_report.datasets.yaml_folder import save_report
    from hrap_report.pipeline.atomic import refuse_overwrite, write_folder

    refuse_overwrite([out], force)
    result = import_text(source, load_plan(plan))
    write_folder(out, lambda tmp: save_report(result.report, tmp))
    for heading in result.restored:
        click.echo(f"restored section heading {heading} from plan {plan}")
    click.echo(f"wrote {out}: {len(result.report.chapters)} chapters, "
               f"{result.report.indicator_count} indicators")
