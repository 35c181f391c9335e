"""The `hrap-report` command: thin options parsing over `build.run` and the importer."""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .errors import InputError

FORMATS = ("docx", "pdf")
STATS_NAME_WIDTH = 48  # characters of a chapter title that `stats` shows


def _user_errors(command):
    """Print a user mistake as one line and exit 2, instead of a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as error:
            click.echo(f"hrap-report: error: {error}", err=True)
            sys.exit(2)
    return wrapper


def _warn(message: str) -> None:
    click.echo(f"hrap-report: warning: {message}", err=True)


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or repr(value)}; "
                                 f"choose from {', '.join(FORMATS)}")
    return names


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hrap-report")
def main() -> None:
    """Build evaluation reports on national human rights action plans."""


@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="Dataset folder (or its report.yaml). Default: the built-in 2016-2020 evaluation.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of templates that override the built-in ones of the same name.")
@click.option("--format", "formats", default="docx,pdf", show_default=True, callback=_formats,
              help="Comma-separated output formats: docx, pdf.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=True), default=Path("output"),
              show_default=True, help="Folder to write the reports into.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default=None,
              help="Paper size (default: the theme's, A4).")
@click.option("--lang", "language", default=None, metavar="LANG",
              help="Language of the report: en, zh, or en+zh for both (default: the dataset's).")
@click.option("--bilingual", type=click.Choice(["parallel", "side-by-side"]), default="parallel",
              show_default=True, help="Layout of a bilingual report: each block then its translation, "
                                      "or paragraphs in two columns.")
@click.option("--mark-fallbacks", is_flag=True,
              help="Highlight texts shown in the dataset's language because a translation is missing.")
@click.option("--strict", is_flag=True, help="Fail if any text lacks a translation into the report's language.")
@click.option("--force", is_flag=True, help="Overwrite reports that already exist.")
@_user_errors
def build(data, templates, formats, out, paper, language, bilingual, mark_fallbacks, strict, force) -> None:
    """Build the report as DOCX and PDF."""
    from .build import BuildOptions, run

    if templates is not None and not templates.is_dir():
        raise InputError("templates folder not found", templates)
    options = BuildOptions(formats=formats, out=out, paper=paper, force=force, templates=templates,
                           language=language, bilingual=bilingual, mark_fallbacks=mark_fallbacks,
                           strict=strict, **({"data": data} if data else {}))
    for item in run(options, warn=_warn):
        pages = f"{item.pages} pages, " if item.pages else ""
        click.echo(f"wrote {item.path} ({pages}{item.size / 1024:,.0f} KiB)")


@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="Dataset folder (or its report.yaml). Default: the built-in 2016-2020 evaluation.")
@_user_errors
def stats(data) -> None:
    """Print the overview table: indicators per chapter by status."""
    from .dataset import load_report
    from .labels import load_labels
    from .localized import localize
    from .resources import DATA
    from .tables import status_by_chapter

    report = load_report(data or DATA)
    language = report.meta.language
    table = status_by_chapter(localize(report, language, language), load_labels(language))
    first = table.frame.columns[0]
    width = min(STATS_NAME_WIDTH, max(len(v) for v in table.frame[first]))
    shorten = (lambda v: v if len(v) <= width else v[:width - 1] + "…")
    click.echo(table.caption)
    click.echo(table.frame.to_string(index=False, justify="left",
                                     formatters={first: lambda v: f"{shorten(v):<{width}}"}))


@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="Dataset folder (or its report.yaml). Default: the built-in 2016-2020 evaluation.")
@click.option("--lang", "language", default=None, metavar="LANG",
              help="Report how much of the data is translated into this language.")
@click.option("--strict", is_flag=True, help="With --lang: fail (exit 1) if any text lacks a translation.")
@_user_errors
def validate(data, language, strict) -> None:
    """Check a dataset; with --lang, print its translation coverage per chapter."""
    from .coverage import coverage
    from .dataset import load_report
    from .resources import DATA

    data = data or DATA
    report = load_report(data)
    click.echo(f"{data}: valid, {len(report.chapters)} chapters, {report.indicator_count} indicators")
    if not language:
        return
    parts = coverage(data, report, language)
    width = max(len(p.name) for p in parts)
    click.echo(f"translation into {language}:")
    for part in parts:
        first = f"  first gap: {part.path.name}:{part.first_line}" if part.missing else ""
        click.echo(f"  {part.name:<{width}}  {part.translated:>5} of {part.total:<5} {part.share:7.1%}{first}")
    total = sum(p.total for p in parts)
    done = sum(p.translated for p in parts)
    click.echo(f"  {'all':<{width}}  {done:>5} of {total:<5} {done / total if total else 1:7.1%}")
    if strict and done < total:
        click.echo(f"hrap-report: error: {total - done} texts have no {language} translation (--strict)", err=True)
        sys.exit(1)


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Dataset folder to create.")
@click.option("--plan", default="2016-2020", show_default=True,
              help="Plan profile (a built-in id or a YAML file) that restores lost section headings.")
@click.option("--force", is_flag=True, help="Replace the dataset folder if it exists.")
@_user_errors
def import_(source, out, plan, force) -> None:
    """Turn a report's plain text into a YAML dataset."""
    from .atomic import refuse_overwrite, write_folder
    from .dataset import save_report
    from .importer import import_text
    from .plan import load_plan

    refuse_overwrite([out], force)
    result = import_text(source, load_plan(plan))
    write_folder(out, lambda tmp: save_report(result.report, tmp))
    for heading in result.restored:
        click.echo(f"restored section heading {heading} from plan {plan}")
    click.echo(f"wrote {out}: {len(result.report.chapters)} chapters, "
               f"{result.report.indicator_count} indicators")
