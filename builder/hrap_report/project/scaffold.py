"""A new report project for a team (`hrap-report init`): `hrap.toml`, a dataset skeleton
with the plan's chapters and sections and one worked example indicator where the plan puts
its first, a README, and a plan file that is not built in, copied byte for byte.

The files are Jinja2 templates in `assets/project/`. A new folder is written whole or not
at all; in an existing folder (empty, or with `--force`) each file is written whole, and
every other file is left as it was.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, get_args

import jinja2
import yaml

from hrap_report.compose.labels import load_labels
from hrap_report.datasets.yaml_files import dump_yaml
from hrap_report.datasets.yaml_folder import load_scale, schema_files
from hrap_report.errors import InputError
from hrap_report.model.plan import Plan, number_ranges
from hrap_report.model.report import Comparator
from hrap_report.pipeline.atomic import write_file, write_folder
from hrap_report.resources import ASSETS, PLANS
from hrap_report.writers import WRITERS
from hrap_report.writers.theme import load_theme

PROJECT = ASSETS / "project"
PLAN_FILE = "plan.yaml"  # a plan profile that is not built in is copied into the project


def init_project(folder: Path, plan: Plan, force: bool = False, plan_file: Path | None = None) -> list[Path]:
    """Create a report project for `plan` in `folder`; returns the files written.
    `plan_file` is the file the plan was read from (a plan that is not built in needs it):
    unless it is a built-in plan's own, it is copied into the project as it is (the project
    names a built-in plan by id).
    A folder that is not empty is written into only with `force`, which replaces the
    project's own files and leaves every other file alone."""
    folder = Path(folder)
    if os.path.lexists(folder) and not folder.is_dir():
        raise InputError("is not a folder (a file, or a link that leads nowhere)", folder)
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InputError("the folder is not empty; pass --force to write the project's files into it "
                         "(replacing those already there, leaving all others alone)", folder)
    files = project_files(plan, plan_file)
    if not folder.is_dir():
        def write(tmp: Path) -> None:
            for name, content in files.items():
                (tmp / name).parent.mkdir(parents=True, exist_ok=True)
                (tmp / name).write_bytes(_bytes(content))

        write_folder(folder, write)
        return [folder / name for name in files]
    # the folder itself is kept (a shell may be in it), and so is everything in it not ours
    for name in files:
        _check_replaceable(folder, name)
    for name, content in files.items():
        write_file(folder / name, lambda tmp, content=content: tmp.write_bytes(_bytes(content)))
    return [folder / name for name in files]


def _bytes(content: str | bytes) -> bytes:
    """A file's bytes: a text in UTF-8, a copied file as it is."""
    return content.encode("utf-8") if isinstance(content, str) else content


def _check_replaceable(folder: Path, name: str) -> None:
    """Refuse, before anything is written, a project file whose place, or a folder on the
    way to it, holds what the project must not replace or write through: a link (it may
    lead out of the project), a folder or device where its file goes, a file where its
    folder goes."""
    parts = Path(name).parts
    for depth in range(1, len(parts) + 1):
        path = folder.joinpath(*parts[:depth])
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return
        except OSError as error:
            raise InputError(f"cannot be used ({error.strerror}); init into a new folder", path) from None
        is_file = depth == len(parts)
        if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) if is_file else stat.S_ISDIR(mode)):
            what = ("a symbolic link" if stat.S_ISLNK(mode) else
                    "not a regular file" if is_file else "not a folder")
            raise InputError(f"is {what}, where the project writes its {'file' if is_file else 'folder'}; "
                             "move it away, or init into a new folder", path)


def project_files(plan: Plan, plan_file: Path | None = None) -> dict[str, str | bytes]:
    """The text of every file of a new project (a copied plan file: its bytes), by its
    path in the project."""
    env = _environment()
    copied = plan_file is not None and Path(plan_file).resolve() != (PLANS / f"{plan.id}.yaml").resolve()
    values = plan.model_dump(mode="json")  # texts as written in YAML: a string or {en: …, zh: …}
    context = {
        "plan": values,
        "plan_setting": PLAN_FILE if copied else plan.id,
        "plan_source": Path(plan_file).name if copied else None,
        "example": _example_place(plan),
        "plan_title": str(plan.title),
        "titles": _report_titles(plan),
        "theme": load_theme(),
        "formats": list(WRITERS),
        "statuses": [level.id for level in load_scale().qualitative],  # the judged ones
        "comparators": get_args(Comparator),
        "indicator_label": load_labels("en", None, plan.labels)("indicator", number=1),
    }
    example_indicator = env.get_template("data/example-indicator.yaml.j2").render(context).rstrip("\n")
    files = {
        "hrap.toml": env.get_template("hrap.toml.j2").render(context),
        "README.md": env.get_template("README.md.j2").render(context),
        "data/report.yaml": env.get_template("data/report.yaml.j2").render(context),
    }
    for chapter in values["chapters"]:
        files[f"data/chapter-{chapter['number']}.yaml"] = env.get_template("data/chapter.yaml.j2").render(
            context, chapter=chapter, example_indicator=example_indicator)
    # the JSON Schemas the data's files name on their first line, for editors
    files.update({f"data/{name}": text for name, text in schema_files().items()})
    if copied:
        files[PLAN_FILE] = Path(plan_file).read_bytes()
    return files


def _example_place(plan: Plan) -> dict[str, int | None]:
    """Where the worked example indicator goes, and its number: the first chapter or
    section that holds indicators and the first it holds; in a plan that places none, the
    first chapter's first section (or the chapter itself) and number 1."""
    for chapter in plan.chapters:
        for place in chapter.places():
            if (number := place.first_indicator()) is not None:
                return {"chapter": chapter.number, "section": None if place is chapter else place.number,
                        "number": number}
    first = plan.chapters[0]
    section = first.sections[0].number if first.sections else None
    return {"chapter": first.number, "section": section, "number": 1}


def _report_titles(plan: Plan) -> dict[str, dict[str, str]]:
    """Placeholder cover titles made from the plan's title, in English and (where the plan
    has its Chinese title) Chinese."""
    names = plan.title.translations
    title = {"en": f"Evaluation Report on the Implementation of the {names.get('en', str(plan.title))}"}
    short = {"en": f"Evaluation of the {names.get('en', str(plan.title))}"}
    if "zh" in names:
        title["zh"] = f"《{names['zh']}》实施评估报告"
        short["zh"] = f"{names['zh']}实施评估"
    return {"title": title, "short_title": short}


def _environment() -> jinja2.Environment:
    """Jinja2 over `assets/project/`, with filters that write values as YAML and TOML."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PROJECT), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["yaml"] = lambda **fields: dump_yaml(fields).rstrip("\n")
    env.filters["scalar"] = _scalar
    env.filters["toml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["num"] = lambda value: f"{value:g}"
    env.filters["text"] = _text
    env.filters["held"] = _held
    return env


def _held(place: dict) -> str:
    """The indicators a chapter or section of the plan holds, for the README: " (indicators 1–6, 9)"."""
    ranges = [*place["indicators"], *([n, n] for n in place["ids"])]
    held = number_ranges(ranges)
    return f" (indicator{'s' * (not held.isdigit())} {held})" if ranges else ""


def _scalar(value: Any) -> str:
    """A value as one YAML scalar, quoted where YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, width=float("inf")).removesuffix("\n...\n").rstrip("\n")


def _text(value: str | dict[str, str]) -> str:
    """A text of the plan for the README: its English, with its other languages after it."""
    if isinstance(value, str):
        return value
    first = value.get("en", next(iter(value.values())))
    others = [text for text in value.values() if text != first]
    return f"{first} ({' / '.join(others)})" if others else first
