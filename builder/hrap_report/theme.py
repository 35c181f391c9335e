"""The house style (paper, margins, fonts, sizes, colours) both writers draw with."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .resources import ASSETS


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Margins(_Frozen):
    top: float
    bottom: float
    left: float
    right: float


class FontFiles(_Frozen):
    regular: str
    bold: str
    italic: str
    bolditalic: str


class EastAsianFont(_Frozen):
    docx: str
    pdf: FontFiles


class Font(_Frozen):
    """A font family: the name the DOCX gives, the files the PDF embeds, and the East
    Asian family drawing the characters this one lacks."""

    docx: str
    pdf: FontFiles
    east_asian: EastAsianFont | None = None


class Fonts(_Frozen):
    body: Font
    heading: Font


class Sizes(_Frozen):
    body: float
    title: float
    subtitle: float
    cover: float
    heading1: float
    heading2: float
    heading3: float
    small: float
    table: float


class Colors(_Frozen):
    heading: str
    rule: str
    table_header: str


class Theme(_Frozen):
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


def load_theme(path: Path | None = None, paper: str | None = None) -> Theme:
    """Read a theme file (the built-in one by default); `paper` overrides its paper size."""
    from .yamlio import load_yaml, validate

    theme = validate(load_yaml(path or ASSETS / "theme.yaml"), Theme)
    return theme.model_copy(update={"paper": paper}) if paper else theme
