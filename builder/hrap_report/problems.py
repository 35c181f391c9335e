"""Problems found in a dataset, each with its place and what to do about it.

`validate` and `build` collect every problem before reporting: errors stop a build,
warnings only fail `validate --strict`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import InputError

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One mistake: where (`data/chapter-2.yaml:143`, `data.xlsx:indicators!D57`), what, and
    what to do."""

    place: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        hint = f" — {self.hint}" if self.hint else ""
        return f"{self.place}: {self.severity}: {self.message}{hint}"

    @classmethod
    def of(cls, error: InputError, hint: str) -> Problem:
        """A file that could not be read, as one problem among the others of a dataset;
        `hint` says how to correct what it holds, so an error about the file itself (a
        folder, a broken link: no line) goes without it."""
        if not error.line:
            return cls(str(error.path), error.message)
        return cls(f"{error.path}:{error.line}", error.message, hint)


class Problems(InputError):
    """A dataset with errors: every problem found, errors and warnings, in reading order."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = self.errors
        super().__init__(f"{len(errors)} error{'s' if len(errors) != 1 else ''} in the data")

    def __reduce__(self):
        return (Problems, (self.problems,))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
