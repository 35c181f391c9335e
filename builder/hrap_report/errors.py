"""User mistakes: `InputError`, which the CLI prints as one line and exits 2 with, and the
`Problem`s of a dataset, which `validate` and `build` collect to report all at once
(errors stop a build, warnings only fail `validate --strict`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


class InputError(Exception):
    """A mistake in what the user gave us, with the place it was found."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self):  # keep the place when the error crosses a process boundary
        return (InputError, (self.message, self.path, self.line))

    def __str__(self) -> str:
        place = ""
        if self.path is not None:
            place = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return place + self.message

#: "note": a remark for the evaluators (`validate --review`), never a mistake.
Severity = Literal["error", "warning", "note"]


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
    """A dataset (or a plan file: `where`) with errors: every problem found, errors and
    warnings, in reading order."""

    def __init__(self, problems: list[Problem], where: str = "the data"):
        self.problems = list(problems)
        self.where = where
        errors = self.errors
        super().__init__(f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {where}")

    def __reduce__(self):
        return (Problems, (self.problems, self.where))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
