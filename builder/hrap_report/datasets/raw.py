"""A dataset as read from disk, before validation: the one form every reader returns.

A reader knows a file format, not a report: it returns the parts of a dataset as plain
values (the shape of the YAML files) with the place of every value, plus the problems
that kept it from reading a part. `validation.checks.check` turns that into a `Report`
or a list of every problem. `formats` chooses the reader.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hrap_report.datasets.yaml_files import Loc, Located
from hrap_report.errors import Problem


@dataclass
class RawDataset:
    """The parts of a dataset, each with the place of its values."""

    source: Path
    head: Located | None  # meta, introduction, tables: report.yaml without its file list
    chapters: list[Located] = field(default_factory=list)  # in reading order
    scale: Located | None = None  # None: the built-in status scale
    problems: list[Problem] = field(default_factory=list)  # parts that could not be read

    def texts(self) -> Iterator[tuple[Located, Loc, str]]:
        """Every text of the dataset with its part and path of keys, to check and to place."""
        for part in (self.head, *self.chapters, self.scale):
            if part is not None:
                yield from ((part, loc, text) for loc, text in _texts(part.value, ()))


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, loc + (i,))
