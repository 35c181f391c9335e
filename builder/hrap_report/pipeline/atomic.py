"""Outputs appear whole or not at all: written to a temporary sibling, then renamed.

A temporary file is locked while it is written, so one that no process holds was left by
a process that was killed (by SIGKILL, which nothing can catch): the next write of the
same file removes it.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from hrap_report.errors import InputError

try:
    import fcntl
except ImportError:  # Windows: no locks, and temporaries left behind stay
    fcntl = None

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
    _remove_abandoned(path)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    tmp = Path(name)
    try:
        with _held(fd):
            result = produce(tmp)
            tmp.chmod(_umask_mode(directory=False))
            os.replace(tmp, path)
            return result
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def _held(fd: int) -> Iterator[None]:
    """Lock the temporary file `fd` is open on while it is written, then close it."""
    if fcntl is None:  # where an open file could not be renamed either
        os.close(fd)
        yield
        return
    try:
        with suppress(OSError):  # a file system without locks: its temporaries are never removed
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remove_abandoned(path: Path) -> None:
    """Remove the temporary files of `path` (`.NAME.XXXX.part`) that no process holds."""
    if fcntl is None:
        return
    name = re.compile(re.escape(f".{path.name}.") + r"[^.]+\.part")
    with suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if name.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                _remove_if_free(Path(entry.path))


def _remove_if_free(path: Path) -> None:
    try:  # not through a link, nor waiting for a writer to a pipe put in its place
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.path.samestat(os.fstat(fd), path.lstat()):  # still the file that was free
            path.unlink()
    except OSError:  # held by the process writing it, or renamed by it meanwhile
        pass
    finally:
        os.close(fd)


def write_folder(path: Path, produce: Callable[[Path], T]) -> T:
    """Call `produce(tmp)` to fill a temporary folder, then put it in place of `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
    old = None  # the folder replaced, moved to a name of its own: never one that was there before
    try:
        result = produce(tmp)
        tmp.chmod(_umask_mode(directory=True))
        if path.exists():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
            os.replace(path, old)  # onto the empty folder just made for it
        os.replace(tmp, path)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
