"""A new report project for a team (`hrap-report init`): `hrap.toml`, a dataset skeleton
with the plan's chapters and sections and one worked example indicator, and a README.

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
from hrap_report.datasets.plan_files import find_plan
from hrap_report.datasets.yaml_files import dump_yaml
from hrap_report.datasets.yaml_folder import load_scale
from hrap_report.errors import InputError
from hrap_report.model.plan import Plan
from hrap_report.model.report import Comparator
from hrap_report.pipeline.atomic import write_file, write_folder
from hrap_report.resources import ASSETS
from hrap_report.writers import WRITERS
from hrap_report.writers.theme import load_theme

PROJECT = ASSETS / "project"
PLAN_FILE = "plan.yaml"  # a plan profile that is not built in is copied into the project


def init_project(folder: Path, plan: Plan, force: bool = False) -> list[Path]:
    """Create a report project for `plan` in `folder`; returns the files written.
    A folder that is not empty is written into only with `force`, which replaces the
    project's own files and leaves every other file alone."""
    folder = Path(folder)
    if os.path.lexists(folder) and not folder.is_dir():
        raise InputError("is not a folder (a file, or a link that leads nowhere)", folder)
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InputError("the folder is not empty; pass --force to write the project's files into it "
                         "(replacing those already there, leaving all others alone)", folder)
    files = project_files(plan)
    if not folder.is_dir():
        def write(tmp: Path) -> None:
            for name, text in files.items():
                (tmp / name).parent.mkdir(parents=True, exist_ok=True)
                (tmp / name).write_text(text, encoding="utf-8")

        write_folder(folder, write)
        return [folder / name for name in files]
    # the folder itself is kept (a shell may be in it), and so is everything in it not ours
    for name in files:
        _check_replaceable(folder, name)
    for name, text in files.items():
        write_file(folder / name, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8"))
    return [folder / name for name in files]


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


def project_files(plan: Plan) -> dict[str, str]:
    """The text of every file of a new project, by its path in the project."""
    env = _environment()
    builtin = find_plan(plan.id) == plan
    values = plan.model_dump(mode="json")  # texts as written in YAML: a string or {en: …, zh: …}
    context = {
        "plan": values,
        "plan_setting": plan.id if builtin else PLAN_FILE,
        "plan_title": str(plan.title),
        "titles": _report_titles(plan),
        "theme": load_theme(),
        "formats": list(WRITERS),
        "statuses": [level.id for level in load_scale().qualitative],  # the judged ones
        "comparators": get_args(Comparator),
        "indicator_label": load_labels("en", None, plan.labels)("indicator", number=1),
    }
    example = env.get_template("data/example-indicator.yaml.j2").render(context).rstrip("\n")
    files = {
        "hrap.toml": env.get_template("hrap.toml.j2").render(context),
        "README.md": env.get_template("README.md.j2").render(context),
        "data/report.yaml": env.get_template("data/report.yaml.j2").render(context),
    }
    for i, chapter in enumerate(values["chapters"]):
        files[f"data/chapter-{chapter['number']}.yaml"] = env.get_template("data/chapter.yaml.j2").render(
            context, chapter=chapter, example=i == 0, example_indicator=example)
    if not builtin:
        files[PLAN_FILE] = dump_yaml(plan.model_dump(mode="json", exclude_defaults=True))
    return files


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
    return env


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
