"""The PDF writer's fonts, chosen per character: reportlab has no glyph fallback.

Each theme family (body, heading) is a Latin face set and, optionally, an East Asian
one. Every run of text is split where the face able to draw it changes: Chinese text
prefers the East Asian faces (their Latin letters and digits match the hanzi), other
text the Latin ones. A character no face has is an error, never a blank box.

Each family may have fallbacks for the scripts neither face has (the theme's draw Arabic and
Hebrew), tried in order. reportlab neither joins Arabic letters nor lays out
right-to-left text: `shape` gives Arabic its joined forms (`shaping`), and `visual`
the order in which the characters of a line appear, right-to-left runs reversed by the
Unicode bidirectional algorithm (python-bidi).
"""
from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass
from html import escape  # not xml.sax.saxutils's, which imports urllib.request (45 ms at start-up)
from pathlib import Path

from bidi import algorithm as bidi
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontParser

from hrap_report.document.direction import has_right_to_left, right_to_left
from hrap_report.errors import InputError
from hrap_report.languages import is_east_asian
from hrap_report.writers.pdf.shaping import shape
from hrap_report.writers.theme import Theme

FACES = ("regular", "bold", "italic", "bolditalic")
_PASS = frozenset("\n\t")
_NOT_SPACE = re.compile(r"[^\S ]")  # whitespace a single line draws as a space
#: The characters of the CJK blocks, punctuation and full-width forms, for a character class.
CJK_RANGE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK = re.compile(f"[{CJK_RANGE}]")
_LETTER = re.compile(rf"[^\W\d_{CJK_RANGE}]")  # a letter of another script

def wraps_as_east_asian(text: str) -> bool:
    """Whether a paragraph needs East Asian line breaking, between any two characters:
    it is mostly CJK. A text mostly in a spaced script with some CJK in it ("Not
    achieved / 未实现", a bilingual header) breaks at spaces, never inside a word."""
    cjk = len(_CJK.findall(text))
    return cjk > 0 and cjk >= len(_LETTER.findall(text))


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
    _check_file(path)
    name = f"HRAP-{next(_font_ids)}-{path.stem}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except TTFError as error:
        raise InputError(f"cannot use this font: {error}", path) from None
    return name


def _check_file(path: Path) -> None:
    """That `path` is a font file reportlab can embed (as far as its first bytes tell)."""
    if not path.is_file():
        raise InputError("font file not found", path)
    with path.open("rb") as file:
        if file.read(4) == b"OTTO":
            raise InputError("font has CFF (PostScript) outlines, which reportlab cannot embed; "
                             "use a TrueType (glyf) font, or convert it (see scripts/make-cjk-fonts.py)",
                             path)


def _family(theme: Theme, files) -> Family:
    return Family(**{face: register(Path(theme.font_path(getattr(files, face))).resolve())
                     for face in FACES})


@functools.cache
def _cmap(name: str) -> frozenset[str]:
    return frozenset(map(chr, pdfmetrics.getFont(name).face.charToGlyph)) | _PASS


@functools.cache
def _file_cmap(path: Path) -> frozenset[str]:
    """The characters of the TrueType file at `path`, as `_cmap` has them once it is
    registered, read from its cmap table alone: reportlab takes a tenth of a second to
    parse a CJK font, which a report in English never draws with."""
    _check_file(path)
    ranges = _cmap_ranges(path)
    if ranges is None:
        return _cmap(register(path))
    return frozenset(chr(code) for first, last in ranges for code in range(first, last + 1)) | _PASS


def _cmap_ranges(path: Path) -> list[tuple[int, int]] | None:
    """The ranges of code points in the cmap subtable reportlab reads (the same choice as
    `TTFontFile.extractInfo`), for the formats fonts use, 4 and 12; None for another."""
    try:
        font = TTFontParser(str(path))
        start = font.seek_table("cmap")
    except (TTFError, KeyError):
        return None  # reportlab's own parse says what is wrong
    version, count = font.read_ushort(), font.read_ushort()
    if count == 0 and version != 0:
        count = version
    offset, best = None, 0
    for _ in range(count):
        platform, encoding, at = font.read_ushort(), font.read_ushort(), font.read_ulong()
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            offset, best = at, 1
        elif platform == 1 and encoding == 0 and best != 1:
            offset, best = at, 2
    if offset is None:
        return None
    font.seek(start + offset)
    kind = font.read_ushort()
    if kind == 4:
        font.skip(4)  # length, language
        segments = font.read_ushort() // 2
        font.skip(6)
        ends = [font.read_ushort() for _ in range(segments)]
        font.skip(2)
        return list(zip([font.read_ushort() for _ in range(segments)], ends))
    if kind == 12:
        font.skip(10)  # reserved, length, language
        ranges = []
        for _ in range(font.read_ulong()):
            ranges.append((font.read_ulong(), font.read_ulong()))
            font.skip(4)  # the first glyph
        return ranges
    return None


class Fonts:
    """The faces of the theme, and the choice of a face for every character."""

    def __init__(self, theme: Theme, language: str):
        self.language = language
        self.theme = theme
        self.latin = {role: _family(theme, getattr(theme.fonts, role).pdf) for role in ("body", "heading")}
        self._east_asian: dict[str, Family | None] = {}
        self._fallback: dict[str, list[Family]] = {}
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

    def fallback(self, role: str) -> list[Family]:
        """The fallback families of a role, registered when first needed."""
        if role not in self._fallback:
            self._fallback[role] = [_family(self.theme, font.pdf) for font in getattr(self.theme.fonts, role).fallback]
        return self._fallback[role]

    def read_all(self) -> None:
        """Register and read every face this document may draw with, now rather than at
        the first text that needs it."""
        east_asian = is_east_asian(self.language)
        for role, family in self.latin.items():
            for face in (family, self.east_asian(role) if east_asian else None):
                for name in vars(face).values() if face else ():
                    _cmap(name)

    def runs(self, text: str, face: str, lang: str | None = None) -> list[tuple[str, str]]:
        """`text` cut into (face, text) runs, each character in a face that has it.
        `face` is a Latin face of the theme; `lang` the language of the text."""
        role, bold, italic = self._faces[face]
        latin = self.latin[role].face(bold, italic)
        east_asian = is_east_asian(lang or self.language)
        if not east_asian and set(text) <= _cmap(latin):
            return [(latin, text)] if text else []
        text = shape(text)
        family = self.east_asian(role)
        other = family.face(bold, italic) if family else None
        order = [f for f in ((other, latin) if east_asian else (latin, other)) if f]
        cmaps = [(f, _cmap(f)) for f in order]
        if set(text) <= cmaps[0][1]:
            return [(order[0], text)] if text else []
        if set(text).difference(*(cmap for _, cmap in cmaps)):  # some character neither face has
            cmaps += [(f, _cmap(f)) for f in (family.face(bold, italic) for family in self.fallback(role))]
        chosen, faces, kept = None, [], []
        for at, char in enumerate(text):
            if chosen is None or char not in _PASS:  # a line break or tab stays in the run it is in
                found = next((f for f, cmap in cmaps if char in cmap), None)
                if found is None and invisible(char):
                    continue  # a format character no font draws (U+2060, U+FEFF, U+2066): nothing to show
                chosen = found
            if chosen is None:
                raise InputError(f"{_describe(char)} in {_context(text, at)} is in none of the theme's "
                                 "fonts, so the PDF cannot show it; remove it, or add a font that has it to the theme")
            faces.append(chosen)
            kept.append(char)
        return [(f, "".join(char for _, char in run))
                for f, run in itertools.groupby(zip(faces, kept), key=lambda pair: pair[0])]

    def styled(self, face: str, bold: bool = False, italic: bool = False) -> str:
        """The face of `face`'s family that is bold and italic where it or the text is."""
        role, base_bold, base_italic = self._faces[face]
        return self.latin[role].face(bold or base_bold, italic or base_italic)

    def markup(self, text: str, face: str, lang: str | None = None, bold: bool = False,
               italic: bool = False) -> str:
        """Paragraph markup drawing `text` in the faces that have its characters."""
        face = self.styled(face, bold, italic)
        return "".join(f'<font face="{run_face}">{escape(run, quote=False).replace(chr(10), "<br/>")}</font>'
                       for run_face, run in self.runs(text, face, lang))

    def width(self, text: str, face: str, size: float) -> float:
        """The width of `text` drawn as one line by `draw`."""
        return sum(stringWidth(run, f, size) for f, run in self.runs(_NOT_SPACE.sub(" ", text), face))

    def draw(self, canv, x: float, y: float, text: str, face: str, size: float, anchor: str = "left") -> None:
        """Draw a text on the canvas as one line at `x` (its left, centre or right end), in
        visual order; its line breaks and tabs become spaces."""
        text = visual(_NOT_SPACE.sub(" ", text))
        x -= {"left": 0, "centre": self.width(text, face, size) / 2, "right": self.width(text, face, size)}[anchor]
        for run_face, run in self.runs(text, face):
            canv.setFont(run_face, size)
            canv.drawString(x, y, run)
            x += stringWidth(run, run_face, size)


def missing_characters(theme: Theme, characters: set[str]) -> set[str]:
    """Which of `characters` none of the theme's PDF fonts can draw (format characters,
    which show nothing, never count). The East Asian fonts are read only if the Latin
    ones lack some."""
    roles = [getattr(theme.fonts, role) for role in ("body", "heading")]
    latin = [font.pdf for font in roles]
    east_asian = [font.east_asian.pdf for font in roles if font.east_asian]
    fallback = [other.pdf for font in roles for other in font.fallback]
    left = {c for c in characters if not invisible(c)}
    for files in (latin, east_asian, fallback):
        for path in sorted({Path(theme.font_path(getattr(font, face))).resolve() for font in files
                            for face in FACES}) if left else ():
            left -= _file_cmap(path)
    return left


def invisible(char: str) -> bool:
    """Whether a character is one that shows nothing (a format character: joiners, marks
    of direction, the byte-order mark), which a PDF may leave out where no font has it."""
    return unicodedata.category(char) == "Cf"


def _describe(char: str) -> str:
    """A character for a message: itself, its code point and its name."""
    name = unicodedata.name(char, "")
    return f"the character {char!r} (U+{ord(char):04X}{' ' + name if name else ''})"


def _context(text: str, at: int, room: int = 30) -> str:
    """The text around position `at`, quoted on one line, to find it in the data."""
    start, end = max(0, at - room), at + room + 1
    return repr(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))


def visual(text: str, rtl: bool | None = None) -> str:
    """`text`, shaped, in the order its characters appear, left to right, on a line of a
    paragraph (see `visual_order`); `rtl` its direction, by default its own (`right_to_left`)."""
    text = shape(text)
    order = visual_order(text, right_to_left(text) if rtl is None else rtl)
    return text if order is None else "".join(char for _, char in order)


def visual_order(text: str, rtl: bool = False) -> list[tuple[int, str]] | None:
    """The characters of `text` in the order they appear, left to right, on a line of a
    paragraph, left-to-right or (`rtl`) right-to-left, each with its position in `text`;
    None for a text without right-to-left characters, which appears as it is stored.
    reportlab draws characters in the order given and has no bidirectional layout of its own.

    python-bidi resolves the level of every character (the Unicode Bidirectional
    Algorithm, UAX #9, rules X1-I2); runs are then reversed from the highest level (L2)
    with combining marks kept after their letters (L3), so that the font sets each mark
    on its own letter, and mirrored characters in right-to-left runs mirrored (L4).
    """
    if not has_right_to_left(text):
        return None
    levels = _levels(text, rtl)
    clusters = _clusters(text)
    cluster_levels = [levels[cluster[0]] for cluster in clusters]
    order = list(range(len(clusters)))
    for level in range(max(cluster_levels), 0, -1):
        start = None
        for i in range(len(order) + 1):
            inside = i < len(order) and cluster_levels[order[i]] >= level
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                order[start:i] = order[start:i][::-1]
                start = None
    return [(i, MIRRORED.get(text[i], text[i]) if cluster_levels[k] % 2 else text[i])
            for k in order for i in clusters[k]]


def _levels(text: str, rtl: bool) -> list[int]:
    """The embedding level of each character of a paragraph (right-to-left: `rtl`), by
    python-bidi's implementation of UAX #9. Characters the algorithm sets aside (X9:
    embedding controls) take the level of the character before them."""
    storage = bidi.get_empty_storage()
    storage["base_level"], storage["base_dir"] = (1, "R") if rtl else (0, "L")
    bidi.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    for step in (bidi.explicit_embed_and_overrides, bidi.resolve_weak_types, bidi.resolve_neutral_types,
                 bidi.resolve_implicit_levels):
        step(storage, False)
    resolved = {char["index"]: char["level"] for char in storage["chars"]}
    levels, level = [], int(rtl)
    for index in range(len(text)):
        level = resolved.get(index, level)
        levels.append(level)
    return levels


def _clusters(text: str) -> list[list[int]]:
    """The positions of each character with the combining marks on it, which stay after
    it when a run is reversed (L3)."""
    clusters: list[list[int]] = []
    for i, char in enumerate(text):
        if clusters and unicodedata.category(char) in ("Mn", "Me"):
            clusters[-1].append(i)
        else:
            clusters.append([i])
    return clusters
