"""Outputs appear whole or not at all: written to a temporary sibling, then renamed."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hrap_report.errors import InputError

T = TypeVar("T")


def refuse_overwrite(paths: list[Path], force: bool) -> None:
    """Stop before writing anything if an output exists and `--force` was not given."""
    for path in paths:
        if path.exists() and not force:
            raise InputError("already exists; pass --force to overwrite it", path)


def _umask_mode(directory: bool) -> int:
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def write_file(path: Path, produce: Callable[[Path], T]) -> T:
    """Call `produce(tmp)` to write a temporary file, then rename it onto `path`.

    If `produce` fails, the temporary file is removed and an older `path` is untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        result = produce(tmp)
        tmp.chmod(_umask_mode(directory=False))
        os.replace(tmp, path)
        return result
    finally:
        tmp.unlink(missing_ok=True)


def write_folder(path: Path, produce: Callable[[Path], T]) -> T:
    """Call `produce(tmp)` to fill a temporary folder, then put it in place of `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
    old = path.with_name(f".{path.name}.old")
    try:
        result = produce(tmp)
        tmp.chmod(_umask_mode(directory=True))
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
