"""The house style (paper, margins, fonts, sizes, colours) both writers draw with."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from hrap_report.model.base import Frozen
from hrap_report.resources import ASSETS


class Margins(Frozen):
    top: float
    bottom: float
    left: float
    right: float


class FontFiles(Frozen):
    regular: str
    bold: str
    italic: str
    bolditalic: str


class EastAsianFont(Frozen):
    docx: str
    pdf: FontFiles


class Font(Frozen):
    """A font family: the name the DOCX gives, the files the PDF embeds, and the East
    Asian family drawing the characters this one lacks."""

    docx: str
    pdf: FontFiles
    east_asian: EastAsianFont | None = None


class Fonts(Frozen):
    body: Font
    heading: Font


class Sizes(Frozen):
    body: float
    title: float
    subtitle: float
    cover: float
    heading1: float
    heading2: float
    heading3: float
    small: float
    table: float


class Colors(Frozen):
    heading: str
    rule: str
    table_header: str


class Theme(Frozen):
    """Everything a writer needs to know about the look of the report."""

    paper: Literal["a4", "letter"]
    margins_mm: Margins
    fonts: Fonts
    sizes: Sizes
    line_spacing: float
    paragraph_space_after: float
    colors: Colors
    font_dir: Path = ASSETS / "fonts"

    def font_path(self, name: str) -> Path:
        """The path of a bundled font file named in the theme."""
        return self.font_dir / name


def load_theme(path: Path | None = None, paper: str | None = None, overrides: dict | None = None,
               source: Path | None = None) -> Theme:
    """Read a theme file (the built-in one by default), with `overrides` (a project's
    `[theme]` table, read from `source`) merged in; `paper` overrides its paper size."""
    from pydantic import ValidationError

    from hrap_report.datasets.yaml_files import first_error, load_yaml, validate

    located = load_yaml(path or ASSETS / "theme.yaml")
    if not overrides:
        theme = validate(located, Theme)
    else:
        try:
            theme = Theme.model_validate(_merged(located.value, overrides))
        except ValidationError as error:
            raise first_error(error, source, lambda loc: None, prefix=("theme",)) from None
    return theme.model_copy(update={"paper": paper}) if paper else theme


def _merged(base: dict, overrides: dict) -> dict:
    """`base` with the values of `overrides` put in, table by table."""
    merged = dict(base)
    for key, value in overrides.items():
        merged[key] = _merged(base[key], value) if isinstance(value, dict) and isinstance(
            base.get(key), dict) else value
    return merged
