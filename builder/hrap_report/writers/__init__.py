"""The output formats, the one place their names live: each writer declares its format's
name, file suffix and whether it lays out pages itself, and has one entry point,
`write(document, path, theme)`, returning the page count where it knows it, and may
have a `prepare(theme, languages)` doing the set-up that needs no document (importing its
libraries, reading its fonts), which a worker runs while the document is composed.

A writer's module is imported only when its format is asked for, so a PDF build never
imports python-docx. Adding a format is one module (or folder) with a `write` function,
its entry here, and its keys in `assets/theme.yaml` where it needs any.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Writer:
    """An output format: its name (as `--format` takes it), the suffix of its files,
    whether it lays out pages itself (and so knows their number), whether it embeds its
    fonts (and so can show only the characters they have), and its module."""

    name: str
    suffix: str
    lays_out_pages: bool
    embeds_fonts: bool
    module: str

    @property
    def write(self) -> Callable:
        """The writer's `write(document, path, theme)` function."""
        return importlib.import_module(self.module).write

    def prepare(self, theme, languages: tuple[str, ...]) -> None:
        """Import the writer and do its set-up for a document in one of `languages`."""
        prepare = getattr(importlib.import_module(self.module), "prepare", None)
        if prepare is not None:
            prepare(theme, languages)


WRITERS: dict[str, Writer] = {w.name: w for w in (
    Writer("docx", ".docx", False, False, "hrap_report.writers.docx.writer"),
    Writer("pdf", ".pdf", True, True, "hrap_report.writers.pdf.writer"),
)}
#: The formats a build writes when none are named: all of them.
DEFAULT_FORMATS: tuple[str, ...] = tuple(WRITERS)

