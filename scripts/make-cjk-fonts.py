#!/usr/bin/env python3
"""Make the bundled Chinese fonts: Noto CJK SC subsets with TrueType outlines.

reportlab embeds only TrueType (glyf) outlines, and Noto CJK ships CFF outlines, so this
subsets Debian's fonts-noto-cjk (OFL 1.1) to the characters of GB 2312 and GBK (every
hanzi of the CJK Unified Ideographs block and common extension-A ones), CJK and
full-width punctuation, and converts the outlines to quadratic curves with fontTools'
cu2qu. Run it once after `apt-get install fonts-noto-cjk`; its output is committed in
assets/fonts/, so neither the build nor the tests need it.

    .venv/bin/python scripts/make-cjk-fonts.py
"""
from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, newTable

SOURCE = Path("/usr/share/fonts/opentype/noto")
TARGET = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FONTS = {  # output file: (collection, family name of the Simplified Chinese member)
    "NotoSerifCJKsc-Regular-subset.ttf": ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    "NotoSansCJKsc-Bold-subset.ttf": ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold"),
}
RANGES = [
    (0x0020, 0x024F),  # Latin, so Latin words inside Chinese text match it
    (0x2000, 0x206F),  # general punctuation: “ ” ‘ ’ — … ‰
    (0x2150, 0x218F), (0x2460, 0x24FF), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x25A0, 0x25FF),
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、 。 《 》 「 」 〇
    (0x3200, 0x32FF),  # enclosed CJK
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: ， ： ； （ ）
]


def characters() -> set[int]:
    """Every character of GBK (a superset of GB 2312), plus the ranges above."""
    chars = {c for first, last in RANGES for c in range(first, last + 1)}
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                chars.update(map(ord, bytes([lead, trail]).decode("gbk")))
            except UnicodeDecodeError:
                pass
    return chars


def to_quadratic(font) -> None:
    """Replace the CFF outlines with TrueType ones (after fontTools' Snippets/otf2ttf.py)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width = hmtx[name][0]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def make(output: str, collection: str, family: str, chars: set[int]) -> None:
    fonts = TTCollection(SOURCE / collection).fonts
    font = next(f for f in fonts if f["name"].getDebugName(4) == family)
    options = subset.Options()
    options.layout_features = ["vert", "vrt2"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars & set(font.getBestCmap()))
    subsetter.subset(font)
    to_quadratic(font)
    font.save(TARGET / output)
    print(output, (TARGET / output).stat().st_size // 1024, "KiB,", len(font.getGlyphOrder()), "glyphs")


def main() -> None:
    chars = characters()
    for output, (collection, family) in FONTS.items():
        make(output, collection, family, chars)


if __name__ == "__main__":
    main()
