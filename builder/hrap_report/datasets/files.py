"""Opening the files a user gives (datasets, plans, label catalogs, project files): every
reason one cannot be read becomes an `InputError` naming it, never a traceback.

Every reader opens its files here, so a folder, a broken or looping link, a device, a
file we may not read or one that is not UTF-8 text gets the same message whichever
reader met it.
"""
from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from hrap_report.errors import InputError

#: Far beyond any dataset file (the built-in dataset's largest is 0.2 MB): a bigger one
#: is a wrong path or a dump, which would only exhaust memory before failing.
MAX_FILE_BYTES = 100 * 2**20

_REASONS = {
    errno.EISDIR: "is a folder, not a file",
    errno.EACCES: "cannot be read (permission denied)",
    errno.EPERM: "cannot be read (permission denied)",
    errno.ELOOP: "is a symbolic link that leads back to itself",
    errno.ENOTDIR: "no such file (a part of its path is a file, not a folder)",
    errno.ENAMETOOLONG: "no such file (the name is too long)",
}


def unreadable(error: OSError, path: Path, missing: str = "no such file") -> InputError:
    """Why `path` could not be opened or read, as an error naming it."""
    if isinstance(error, FileNotFoundError) and os.path.islink(path):
        return InputError(f"is a link to {os.readlink(path)}, which does not exist", path)
    if isinstance(error, FileNotFoundError):
        return InputError(missing, path)
    return InputError(_REASONS.get(error.errno, f"cannot be read: {error.strerror or error}"), path)


def status(path: Path, missing: str = "no such file") -> os.stat_result:
    """What is at `path` (links followed), or an error saying why nothing usable is."""
    try:
        return os.stat(path)
    except OSError as error:
        raise unreadable(error, path, missing) from None


def check_file(path: Path) -> None:
    """That `path` is a regular file of a size we read, or an error saying what it is."""
    mode, size = (info := status(path)).st_mode, info.st_size
    if stat.S_ISDIR(mode):
        raise InputError("is a folder, not a file", path)
    if not stat.S_ISREG(mode):  # a device or pipe would block or never end
        raise InputError("is not a regular file (a device, pipe or socket)", path)
    if size > MAX_FILE_BYTES:
        raise InputError(f"is too large ({size / 2**20:,.0f} MB; an input file has at most "
                         f"{MAX_FILE_BYTES // 2**20} MB)", path)


@contextmanager
def opened(path: Path) -> Iterator[BinaryIO]:
    """A user's file open for reading bytes; failing to open or read it, in the block
    too, is an `InputError` naming it."""
    check_file(path)
    try:
        with open(path, "rb") as file:
            yield file
    except OSError as error:
        raise unreadable(error, path) from None


def read_text(path: Path) -> str:
    """A UTF-8 text file's contents, a byte-order mark dropped; text in another encoding
    (or not text at all) is an error naming the line where it shows."""
    with opened(path) as file:
        data = file.read()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("is UTF-16 text, not UTF-8", path, 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"is not UTF-8 text (byte 0x{data[error.start]:02X})", path,
                         data.count(b"\n", 0, error.start) + 1) from None
    if (nul := data.find(b"\0")) >= 0:  # UTF-16 without its mark, or not text at all
        raise InputError("holds NUL bytes: it is not UTF-8 text",
                         path, data.count(b"\n", 0, nul) + 1)
    return text


def inside(path: Path, folder: Path, what: str = "file") -> Path:
    """`path` with every link resolved, which must lie inside `folder` (links resolved
    too): a project or dataset from someone else reads nothing outside its own folder. The
    error names the path, never what the file holds."""
    resolved, root = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    if resolved != root and root not in resolved.parents:
        raise InputError(f"the {what} lies outside {folder} (it leads to {resolved}); keep it inside the "
                         "folder, or copy it there", path)
    return resolved
