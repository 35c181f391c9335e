"""The PDF writer's fonts, chosen per character: reportlab has no glyph fallback.

Each theme family (body, heading) is a Latin face set and, optionally, an East Asian
one. Every run of text is split where the face able to draw it changes: Chinese text
prefers the East Asian faces (their Latin letters and digits match the hanzi), other
text the Latin ones. A character no face has is an error, never a blank box.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import InputError
from ..localized import is_east_asian
from ..theme import Theme

FACES = ("regular", "bold", "italic", "bolditalic")
_PASS = frozenset("\n\t")
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def wraps_as_east_asian(text: str) -> bool:
    """Whether a paragraph needs East Asian line breaking (it has CJK characters)."""
    return _CJK.search(text) is not None  # turned into line breaks or spaces, never drawn as glyphs


@dataclass(frozen=True)
class Family:
    """The registered reportlab font names of one theme font family."""

    regular: str
    bold: str
    italic: str
    bolditalic: str

    def face(self, bold: bool, italic: bool) -> str:
        return getattr(self, ("bold" if bold else "") + ("italic" if italic else "") or "regular")


_font_ids = itertools.count(1)


@functools.cache
def register(path: Path) -> str:
    """The reportlab name of the TrueType file at `path`, registered on first use."""
    if not path.is_file():
        raise InputError("font file not found", path)
    with path.open("rb") as file:
        if file.read(4) == b"OTTO":
            raise InputError("font has CFF (PostScript) outlines, which reportlab cannot embed; "
                             "use a TrueType (glyf) font, or convert it (see scripts/make-cjk-fonts.py)",
                             path)
    name = f"HRAP-{next(_font_ids)}-{path.stem}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except TTFError as error:
        raise InputError(f"cannot use this font: {error}", path) from None
    return name


def _family(theme: Theme, files) -> Family:
    return Family(**{face: register(Path(theme.font_path(getattr(files, face))).resolve())
                     for face in FACES})


@functools.cache
def _cmap(name: str) -> frozenset[str]:
    return frozenset(map(chr, pdfmetrics.getFont(name).face.charToGlyph)) | _PASS


class Fonts:
    """The faces of the theme, and the choice of a face for every character."""

    def __init__(self, theme: Theme, language: str):
        self.language = language
        self.theme = theme
        self.latin = {role: _family(theme, getattr(theme.fonts, role).pdf) for role in ("body", "heading")}
        self._east_asian: dict[str, Family | None] = {}
        self._faces: dict[str, tuple[str, bool, bool]] = {}  # face -> (role, bold, italic)
        for role, family in self.latin.items():
            for face in reversed(FACES):
                self._faces[getattr(family, face)] = (role, "bold" in face, "italic" in face)

    def east_asian(self, role: str) -> Family | None:
        """The East Asian family of a role, registered when first needed (parsing a CJK
        font takes a while, and most English reports never need one)."""
        if role not in self._east_asian:
            font = getattr(self.theme.fonts, role).east_asian
            self._east_asian[role] = _family(self.theme, font.pdf) if font else None
        return self._east_asian[role]

    def runs(self, text: str, face: str, lang: str | None = None) -> list[tuple[str, str]]:
        """`text` cut into (face, text) runs, each character in a face that has it.
        `face` is a Latin face of the theme; `lang` the language of the text."""
        role, bold, italic = self._faces[face]
        latin = self.latin[role].face(bold, italic)
        east_asian = is_east_asian(lang or self.language)
        if not east_asian and set(text) <= _cmap(latin):
            return [(latin, text)] if text else []
        family = self.east_asian(role)
        other = family.face(bold, italic) if family else None
        order = [f for f in ((other, latin) if east_asian else (latin, other)) if f]
        cmaps = [(f, _cmap(f)) for f in order]
        if set(text) <= cmaps[0][1]:
            return [(order[0], text)] if text else []
        runs: list[tuple[str, str]] = []
        for char in text:
            chosen = runs[-1][0] if runs and char in _PASS else next(
                (f for f, cmap in cmaps if char in cmap), None)
            if chosen is None:
                raise InputError(f"the character {char!r} (U+{ord(char):04X}) in {text[:60]!r} is in "
                                 f"none of the theme's fonts; add a font that has it to the theme")
            if runs and runs[-1][0] == chosen:
                runs[-1] = (chosen, runs[-1][1] + char)
            else:
                runs.append((chosen, char))
        return runs

    def markup(self, text: str, face: str, lang: str | None = None, bold: bool = False,
               italic: bool = False) -> str:
        """Paragraph markup drawing `text` in the faces that have its characters."""
        role, base_bold, base_italic = self._faces[face]
        face = self.latin[role].face(bold or base_bold, italic or base_italic)
        return "".join(f'<font face="{run_face}">{escape(run).replace(chr(10), "<br/>")}</font>'
                       for run_face, run in self.runs(text, face, lang))

    def width(self, text: str, face: str, size: float) -> float:
        return sum(stringWidth(run, f, size) for f, run in self.runs(text, face))

    def draw(self, canv, x: float, y: float, text: str, face: str, size: float, anchor: str = "left") -> None:
        """Draw a line of text on the canvas at `x` (its left, centre or right end)."""
        x -= {"left": 0, "centre": self.width(text, face, size) / 2, "right": self.width(text, face, size)}[anchor]
        for run_face, run in self.runs(text, face):
            canv.setFont(run_face, size)
            canv.drawString(x, y, run)
            x += stringWidth(run, run_face, size)

