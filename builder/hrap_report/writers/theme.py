"""The house style (paper, margins, fonts, sizes, colours) both writers draw with."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, model_validator

from hrap_report.model.base import Frozen
from hrap_report.resources import ASSETS

#: A margin in millimetres; together they must leave a text area (see `Theme`).
Margin = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
#: A type size in points: from the smallest print that is read to a display title.
Size = Annotated[float, Field(ge=4, le=72, allow_inf_nan=False)]
#: A colour as 6 hex digits (RRGGBB).
Hex = Annotated[str, Field(pattern=r"^[0-9A-Fa-f]{6}$")]
#: Space before or after a paragraph, or an indent, in points.
Space = Annotated[float, Field(ge=0, le=300, allow_inf_nan=False)]
#: The smallest text area the margins must leave, in millimetres each way.
MIN_TEXT_AREA_MM = 60
PAPER_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}


class Margins(Frozen):
    top: Margin
    bottom: Margin
    left: Margin
    right: Margin


class FontFiles(Frozen):
    regular: str
    bold: str
    italic: str
    bolditalic: str


class ScriptFont(Frozen):
    """A family for the scripts a Latin one lacks: the name the DOCX gives it (as its
    East Asian or complex-script font) and the files the PDF embeds."""

    docx: str
    pdf: FontFiles


class Font(Frozen):
    """A font family: the name the DOCX gives, the files the PDF embeds, the East Asian
    family drawing Chinese, and the fallback chain drawing what neither has (Arabic,
    Hebrew), tried in order; the first fallback is the DOCX's complex-script font."""

    docx: str
    pdf: FontFiles
    east_asian: ScriptFont | None = None
    fallback: list[ScriptFont] = []


class Fonts(Frozen):
    body: Font
    heading: Font


class Sizes(Frozen):
    body: Size
    title: Size
    subtitle: Size
    cover: Size
    heading1: Size
    heading2: Size
    heading3: Size
    small: Size
    table: Size
    caption: Size


class Colors(Frozen):
    heading: Hex
    rule: Hex
    table_header: Hex
    chart: list[Hex] = Field(min_length=1, max_length=12)  # the series of a chart, in order


class CellPadding(Frozen):
    """The space between a table cell's edges and its text, in points."""

    top: Space = 0
    bottom: Space = 0
    left: Space = 6
    right: Space = 6


class Tables(Frozen):
    """How tables are ruled and padded: rules `rule_width` points wide in `colors.rule`,
    the head row filled with `colors.table_header`."""

    rule_width: Annotated[float, Field(ge=0.25, le=6, allow_inf_nan=False)] = 0.5
    cell_padding: CellPadding = CellPadding()


Align = Literal["left", "center", "right", "justify"]
#: The paragraph styles a theme defines; `body` must set every field.
STYLE_NAMES = ("body", "title", "subtitle", "cover", "heading1", "heading2", "heading3", "indicator",
               "caption", "note", "contents_title", "contents", "table_text", "header")


class StyleEntry(Frozen):
    """One paragraph style as `theme.yaml` writes it; None where it is as `body` has it."""

    font: Literal["body", "heading"] | None = None
    size: Size | str | None = None  # points, or a key of `sizes`
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None  # a key of `colors`, or 6 hex digits
    align: Align | None = None
    line_spacing: Annotated[float, Field(ge=0.8, le=3, allow_inf_nan=False)] | None = None  # times the size
    space_before: Space | None = None
    space_after: Space | None = None
    indent_left: Space | None = None
    indent_right: Space | None = None
    level_indent: Space | None = None  # added per level (contents)
    keep_with_next: bool | None = None
    shading: str | None = None  # the background, a key of `colors` or 6 hex digits
    rule_below: str | None = None  # a line under the paragraph, likewise


@dataclass(frozen=True)
class Style:
    """A paragraph style resolved against `body`, `sizes` and `colors`: what a writer draws.
    Sizes, spacing and indents in points, colours as 6 hex digits."""

    name: str
    font: str
    size: float
    bold: bool
    italic: bool
    color: str
    align: str
    line_spacing: float
    space_before: float
    space_after: float
    indent_left: float
    indent_right: float
    level_indent: float
    keep_with_next: bool
    shading: str | None
    rule_below: str | None

    @property
    def leading(self) -> float:
        """The distance between two lines' baselines."""
        return self.size * self.line_spacing


class Theme(Frozen):
    """Everything a writer needs to know about the look of the report."""

    paper: Literal["a4", "letter"]
    margins_mm: Margins
    fonts: Fonts
    sizes: Sizes
    colors: Colors
    styles: dict[str, StyleEntry]
    tables: Tables = Tables()
    #: The footer's folio: the page number alone, "2 / 89", or the label catalog's
    #: words ("Page 2 of 89", "第2页，共89页").
    page_numbers: Literal["plain", "fraction", "label"] = "plain"
    #: The width (mm) tables, charts and side-by-side columns may take, centred on the
    #: text column and reaching into the margins: a measure for reading (60-75
    #: characters a line) is too narrow for a table of nine columns. None: the text width.
    wide_mm: float | None = None
    #: Whether each indicator's assessment (its status and the sentence it rests on)
    #: shows under its target in the body; the annexes list them either way.
    assessments: bool = True
    font_dir: Path = ASSETS / "fonts"
    _resolved: dict[str, Style] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> Theme:
        width, height = PAPER_MM[self.paper]
        margins = self.margins_mm
        if min(width - margins.left - margins.right, height - margins.top - margins.bottom) < MIN_TEXT_AREA_MM:
            raise ValueError(f"margins_mm: the margins leave less than {MIN_TEXT_AREA_MM} mm of text area on "
                             f"{self.paper} paper ({width} x {height} mm)")
        missing = [name for name in STYLE_NAMES if name not in self.styles]
        unknown = [name for name in self.styles if name not in STYLE_NAMES]
        if missing or unknown:
            raise ValueError("styles: " + "; ".join(
                ([f"missing {', '.join(missing)}"] if missing else [])
                + ([f"unknown {', '.join(unknown)} (one of {', '.join(STYLE_NAMES)})"] if unknown else [])))
        self._resolved = {name: self._resolve(name) for name in STYLE_NAMES}
        return self

    @property
    def text_width_mm(self) -> float:
        """The width of the text column."""
        return PAPER_MM[self.paper][0] - self.margins_mm.left - self.margins_mm.right

    @property
    def wide_width_mm(self) -> float:
        """The width of tables, charts and side-by-side columns: `wide_mm`, at least the
        text width, at most the paper's."""
        return min(max(self.wide_mm or 0, self.text_width_mm), PAPER_MM[self.paper][0])

    def page_label(self, label: str) -> str:
        """The footer's pattern (with `{page}` and `{pages}`) by `page_numbers`; `label` is
        the label catalog's."""
        return {"plain": "{page}", "fraction": "{page} / {pages}"}.get(self.page_numbers, label)

    def style(self, name: str) -> Style:
        """A paragraph style of the house style, resolved (see `Style`)."""
        return self._resolved[name]

    def _resolve(self, name: str) -> Style:
        entry, body = self.styles[name], self.styles["body"]
        values = {field: value if (value := getattr(entry, field)) is not None else getattr(body, field)
                  for field in StyleEntry.model_fields}
        for field in ("bold", "italic", "keep_with_next"):
            values[field] = bool(values[field])
        for field in ("indent_left", "indent_right", "level_indent", "space_before", "space_after"):
            values[field] = float(values[field] or 0)
        if name != "body":  # a background or rule belongs to its own style, never inherited
            values["shading"], values["rule_below"] = entry.shading, entry.rule_below
        if values["font"] is None or values["align"] is None or values["line_spacing"] is None:
            raise ValueError("styles.body must set font, align and line_spacing")
        values["size"] = self._size(name, values["size"])
        for field in ("color", "shading", "rule_below"):
            values[field] = self._color(name, field, values[field])
        return Style(name=name, **values)

    def _size(self, name: str, size: float | str | None) -> float:
        if isinstance(size, str):
            if size not in Sizes.model_fields:
                raise ValueError(f"styles.{name}.size: {size!r} is not one of sizes: {', '.join(Sizes.model_fields)}")
            return getattr(self.sizes, size)
        if size is None:
            raise ValueError("styles.body must set size")
        return float(size)

    def _color(self, name: str, field: str, color: str | None) -> str | None:
        if color is None:
            return None
        if color in Colors.model_fields:
            return getattr(self.colors, color)
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", color):
            raise ValueError(f"styles.{name}.{field}: {color!r} is neither one of colors "
                             f"({', '.join(Colors.model_fields)}) nor 6 hex digits")
        return color.upper()

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
