"""A report project's configuration file, `hrap.toml`: what `hrap-report build` in that
folder builds, and how it looks. Options on the command line override it; paths in it
are relative to the file's folder."""
from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from hrap_report.datasets.files import inside, read_text
from hrap_report.datasets.yaml_files import first_error
from hrap_report.errors import InputError
from hrap_report.model.base import Frozen
from hrap_report.model.localized import OptionalText, unprintable
from hrap_report.writers import WRITERS

CONFIG_FILE = "hrap.toml"
OUTPUT_FIELDS = ("plan", "lang")


class Config(Frozen):
    """The settings of a report project, `hrap.toml`: paths in it are relative to its folder,
    and options on the command line override it. None where it leaves the choice to the defaults."""

    data: Path | None = Field(None, description="The dataset: a folder with report.yaml, a .xlsx workbook or a "
                                                "folder of CSV files (default: the built-in one).")
    plan: str | None = Field(None, description="The plan profile: a built-in id (2016-2020, 2021-2025) or a YAML "
                                               "file (default: the one the data's meta.plan names).")
    languages: str | None = Field(None, description="The report's language, en or zh …, or two joined by + for a "
                                                    "bilingual report: en+zh (default: the dataset's).")
    bilingual: Literal["parallel", "side-by-side"] | None = Field(
        None, description="How a bilingual report sets its languages: each block then its translation "
                          "(parallel), or paragraphs in two columns (side-by-side).")
    formats: list[Literal[tuple(WRITERS)]] | None = Field(  # type: ignore[valid-type]
        None, min_length=1, description=f"The formats to build: {', '.join(WRITERS)} (default: all).")
    out: Path | None = Field(None, description="The folder the reports are written to (default: output).")
    output_name: str | None = Field(None, description="The reports' file name without its extension; {plan} and "
                                                      "{lang} are filled in.")
    title: OptionalText | None = Field(None, description='A title that replaces the data\'s meta.title: a text, or '
                                                         '{ en = "…", zh = "…" }.')
    templates: Path | None = Field(None, description="A folder of templates and label catalogs that replace the "
                                                     "built-in ones of the same name.")
    logo: Path | None = Field(None, description="An image for the cover.")
    theme: dict[str, Any] = Field({}, description="Changes to the house style: any key of assets/theme.yaml "
                                                  "(paper, margins_mm, fonts, sizes, colors, styles).")

    @field_validator("output_name")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if "/" in value or "\\" in value or not value.strip():
            raise ValueError("must be a file name without folders")
        unknown = set(re.findall(r"{([^}]*)}", value)) - set(OUTPUT_FIELDS)
        if unknown:
            raise ValueError(f"unknown field {{{sorted(unknown)[0]}}}; use {{plan}} and {{lang}}")
        return value


def find_config(folder: Path | None = None) -> Path | None:
    """The `hrap.toml` of the current folder (or `folder`), if there is one; one that is
    there but is no file is found too, for `load_config` to say so rather than pass over it."""
    path = (folder or Path.cwd()) / CONFIG_FILE
    return path if os.path.lexists(path) else None


def load_config(path: Path) -> Config:
    """Read and check a configuration file; its relative paths resolved against its folder."""
    text = read_text(path)
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column \d+\)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise InputError(f"invalid TOML: {message}", path, int(match.group(1)) if match else None) from None
    try:
        config = Config.model_validate(values)
    except ValidationError as error:
        raise first_error(error, path, lambda loc: _line_of(text, str(loc[0])) if loc else None) from None
    folder = path.parent
    paths = {name: folder / value for name in ("data", "out", "templates", "logo")
             if (value := getattr(config, name)) is not None}
    if config.plan and config.plan.endswith((".yaml", ".yml")):
        paths["plan"] = str(folder / config.plan)
    for name, value in paths.items():  # a project reads and writes only inside its folder
        _inside(Path(value), folder, name, path, text)
    if config.title is not None:
        for text_ in (config.title, *config.title.translations.values()):
            if problem := unprintable(text_):
                raise InputError(f"title: {problem}; delete it", path, _line_of(text, "title"))
    return config.model_copy(update={**paths, "theme": _font_paths(config.theme, folder, path, text)})


def _inside(value: Path, folder: Path, key: str, path: Path, text: str) -> Path:
    """A path the project file gives, which must lie inside the project's folder."""
    try:
        return inside(value, folder, key)
    except InputError as error:
        raise InputError(f"{key}: {error.message}", path, _line_of(text, key)) from None


def _line_of(text: str, key: str) -> int | None:
    """The line where a top-level key is set, for messages (tomllib keeps no positions)."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\[?{re.escape(key)}\b", line):
            return number
    return None


def _font_paths(theme: dict[str, Any], folder: Path, path: Path, text: str) -> dict[str, Any]:
    """Font files named in the theme resolved against the project folder, where they must
    lie; a bare name with no such file in the project names a bundled font."""
    def resolve(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, str) and value.lower().endswith((".ttf", ".otf", ".ttc")) and (
                os.path.lexists(folder / value) or "/" in value or "\\" in value):
            _inside(folder / value, folder, "theme.fonts", path, text)
            return os.path.abspath(folder / value)  # not resolve(): a looping link is for the writer to name
        return value

    fonts = theme.get("fonts")
    return {**theme, "fonts": resolve(fonts)} if isinstance(fonts, dict) else theme
