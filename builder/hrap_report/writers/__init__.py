"""One writer module per output format, each with `write(document, path, theme)`.

Modules load only when their format is asked for, so a PDF build never imports python-docx.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

WRITERS = {"docx": "hrap_report.writers.docx", "pdf": "hrap_report.writers.pdf"}


def writer(fmt: str) -> Callable:
    """The `write` function of the writer for a format name ("docx", "pdf")."""
    return importlib.import_module(WRITERS[fmt]).write
