#!/usr/bin/env python3
"""Make the bundled fallback fonts: DejaVu Sans subsets for Arabic and Hebrew.

The theme's Latin faces (Liberation) cover Latin, Greek and Cyrillic, its East Asian ones
Chinese; these draw the right-to-left scripts. DejaVu Sans (Bitstream Vera licence, see
assets/fonts/LICENSE-DejaVu.txt) has the Arabic letters with their presentation forms,
which the PDF writer draws joined (`writers/pdf/shaping.py`), and Hebrew. Run it once
after `apt-get install fonts-dejavu-core`; its output is committed in assets/fonts/.

    .venv/bin/python scripts/make-fallback-fonts.py
"""
from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FONTS = {"DejaVuSans-RTL-subset.ttf": "DejaVuSans.ttf", "DejaVuSans-Bold-RTL-subset.ttf": "DejaVuSans-Bold.ttf"}
RANGES = [
    (0x0590, 0x05FF), (0xFB1D, 0xFB4F),  # Hebrew and its presentation forms
    (0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF),  # Arabic, its supplement and extension A
    (0xFB50, 0xFDFF), (0xFE70, 0xFEFC),  # Arabic presentation forms A and B (not U+FEFF)
]


def make(output: str, source: str) -> None:
    font = TTFont(SOURCE / source)
    options = subset.Options()
    options.layout_features = []  # the writer draws presentation forms; no OpenType shaping
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    wanted = {code for first, last in RANGES for code in range(first, last + 1)}
    subsetter.populate(unicodes=wanted & set(font.getBestCmap()))
    subsetter.subset(font)
    font.save(TARGET / output)
    print(output, (TARGET / output).stat().st_size // 1024, "KiB,", len(font.getGlyphOrder()), "glyphs")


def main() -> None:
    for output, source in FONTS.items():
        make(output, source)


if __name__ == "__main__":
    main()
