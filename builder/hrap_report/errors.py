"""The one exception for user mistakes: the CLI prints it as one line and exits 2."""
from __future__ import annotations

from pathlib import Path


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
