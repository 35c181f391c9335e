"""`export` replaces only what an export wrote: never its own input, a place inside it or
holding it, a device or a link, and never a folder of other files; each refusal is one
line, exit 2, with nothing written or changed."""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from hrap_report.cli import main

DATA_FILES = ("report.yaml", "status-scale.yaml", *(f"chapter-{n}.yaml" for n in range(1, 6)))


def _tree(root: Path) -> dict[str, tuple[str, str]]:
    """Every entry under `root`: its kind and a hash of its bytes (a link: where it leads)."""
    out = {}
    for path in sorted(root.rglob("*")):
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            out[path.relative_to(root).as_posix()] = ("link", os.readlink(path))
        elif stat.S_ISREG(mode):
            out[path.relative_to(root).as_posix()] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            out[path.relative_to(root).as_posix()] = ("folder" if stat.S_ISDIR(mode) else "other", "")
    return out


def export(*args: str):
    return CliRunner().invoke(main, ["export", *args])


def refused(root: Path, target: str | Path, message: str, *args: str) -> str:
    """Run `export … --force` to `target`: exit 2, one line naming the target and `message`,
    and nothing under `root` written or changed."""
    before = _tree(root)
    result = export(*args, str(target), "--force")
    assert result.exit_code == 2, (result.output, result.exception)
    assert "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"hrap-report: error: {target}: ") and message in line, line
    assert _tree(root) == before
    return line


@pytest.fixture
def data(tmp_path) -> Path:
    """A YAML dataset of files only, as an export writes one: the built-in data."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in DATA_FILES:
        shutil.copyfile(REPO / "data" / name, folder / name)
    return folder


def test_its_own_input_is_refused(data, tmp_path):
    report = data / "report.yaml"
    report.write_text("# a note of ours, which YAML written by export would drop\n"
                      + report.read_text(encoding="utf-8"), encoding="utf-8")
    hashes = {name: hashlib.sha256((data / name).read_bytes()).hexdigest() for name in DATA_FILES}
    refused(tmp_path, data, "is the dataset being exported", "--data", str(data), "--to", "yaml")
    assert {name: hashlib.sha256((data / name).read_bytes()).hexdigest() for name in DATA_FILES} == hashes
    assert report.read_text(encoding="utf-8").startswith("# a note of ours")


def test_a_link_to_the_input_is_refused(data, tmp_path):
    (tmp_path / "alias").symlink_to(data)
    refused(tmp_path, tmp_path / "alias", "is the dataset being exported", "--data", str(data),
            "--to", "yaml")


def test_a_target_inside_the_input_is_refused(data, tmp_path):
    source = ("--data", str(data))
    refused(tmp_path, data / "csv", "lies inside the dataset being exported", *source, "--to", "csv")
    refused(tmp_path, data / "book.xlsx", "lies inside the dataset", *source, "--to", "xlsx")
    (tmp_path / "alias").symlink_to(data)
    refused(tmp_path, tmp_path / "alias" / "csv", "lies inside the dataset", *source, "--to", "csv")


def test_a_folder_holding_the_input_is_refused(data, tmp_path):
    refused(tmp_path, tmp_path, "holds the dataset being exported", "--data", str(data), "--to", "yaml")


def test_the_files_of_a_dataset_given_by_its_report_yaml_are_refused(data, tmp_path):
    """The dataset named by its report.yaml: its chapter files beside it are input too."""
    source = ("--data", str(data / "report.yaml"))
    refused(tmp_path, data / "chapter-1.yaml", "is the dataset being exported", *source, "--to", "xlsx")
    refused(tmp_path, data, "holds the dataset being exported", *source, "--to", "yaml")


def test_a_hard_link_to_the_workbook_read_is_refused(data, tmp_path):
    book = tmp_path / "book.xlsx"
    assert export("--data", str(data), "--to", "xlsx", str(book)).exit_code == 0
    os.link(book, tmp_path / "same.xlsx")
    refused(tmp_path, tmp_path / "same.xlsx", "is the dataset being exported", "--data", str(book),
            "--to", "xlsx")


@pytest.fixture
def dev_null_guarded(monkeypatch):
    """Should the refusal fail, the export runs in this process: a rename of /dev/null, or
    onto it, fails the test instead of replacing the machine's device (as root it would)."""
    replace = os.replace

    def guarded(src, dst, *args, **kwargs):
        if os.devnull in (os.path.realpath(src), os.path.realpath(dst)):
            raise AssertionError(f"export tried to rename {src} to {dst}")
        return replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", guarded)


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "yaml"])
def test_a_device_is_refused_and_stays_a_device(data, tmp_path, fmt, dev_null_guarded):
    before = os.stat("/dev/null")
    assert stat.S_ISCHR(before.st_mode)
    refused(tmp_path, "/dev/null", "/dev/null", "--data", str(data), "--to", fmt)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_rdev, after.st_ino) == (before.st_rdev, before.st_ino)


def test_a_pipe_and_a_link_are_refused(data, tmp_path):
    os.mkfifo(tmp_path / "pipe.xlsx")
    refused(tmp_path, tmp_path / "pipe.xlsx", "not a regular file", "--data", str(data), "--to", "xlsx")
    (tmp_path / "mine.xlsx").write_bytes(b"mine")
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "mine.xlsx")
    refused(tmp_path, tmp_path / "link.xlsx", "symbolic link", "--data", str(data), "--to", "xlsx")


def test_a_folder_for_a_file_and_a_file_for_a_folder_are_refused(data, tmp_path):
    (tmp_path / "book.xlsx").mkdir()
    refused(tmp_path, tmp_path / "book.xlsx", "is a folder", "--data", str(data), "--to", "xlsx")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    refused(tmp_path, tmp_path / "notes.txt", "is not a folder", "--data", str(data), "--to", "csv")


@pytest.mark.parametrize("make", [
    lambda folder: (folder / "notes.txt").write_text("mine", encoding="utf-8"),
    lambda folder: (folder / "sub.csv").mkdir(),  # named like a CSV file, but a folder
    lambda folder: (folder / "link.csv").symlink_to(folder.parent / "data" / "report.yaml"),
], ids=["other file", "folder", "link"])
def test_a_folder_not_all_csv_files_is_refused(data, tmp_path, make):
    folder = tmp_path / "csv"
    assert export("--data", str(data), "--to", "csv", str(folder)).exit_code == 0
    make(folder)
    refused(tmp_path, folder, "holds other files", "--data", str(data), "--to", "csv")


def test_an_earlier_export_is_replaced_with_force(data, tmp_path):
    folder = tmp_path / "csv"
    assert export("--data", str(data), "--to", "csv", str(folder)).exit_code == 0
    (folder / "findings.csv").write_text("indicator,text\n", encoding="utf-8-sig")
    again = export("--data", str(data), "--to", "csv", str(folder))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert export("--data", str(data), "--to", "csv", str(folder), "--force").exit_code == 0
    assert len((folder / "findings.csv").read_text(encoding="utf-8-sig").splitlines()) > 100
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"an older workbook")
    assert export("--data", str(data), "--to", "xlsx", str(book), "--force").exit_code == 0
    assert book.read_bytes().startswith(b"PK")
