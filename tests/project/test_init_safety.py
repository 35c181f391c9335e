"""`init --force` replaces only the files a project has, each written whole, and leaves
every other file in the folder, and the folder itself, as they were."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrap_report.cli import main
from hrap_report.datasets.plan_files import load_plan
from hrap_report.project.scaffold import project_files

PLAN = "2021-2025"


def _tree(root: Path) -> dict[str, tuple[str, str]]:
    """Every entry under `root`: its kind and a hash of its bytes (a link: where it leads)."""
    out = {}
    for path in sorted(root.rglob("*")):
        mode = os.lstat(path).st_mode
        name = path.relative_to(root).as_posix()
        if stat.S_ISLNK(mode):
            out[name] = ("link", os.readlink(path))
        elif stat.S_ISREG(mode):
            out[name] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            out[name] = ("folder" if stat.S_ISDIR(mode) else "other", "")
    return out


def init(folder: Path, *options: str):
    return CliRunner().invoke(main, ["init", str(folder), "--plan", PLAN, *options])


@pytest.fixture
def ours(tmp_path) -> Path:
    """A folder of the user's own files, some beside where the project's files go, one
    where a project file goes."""
    folder = tmp_path / "project"
    (folder / "data").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (folder / "notes.txt").write_text("ours", encoding="utf-8")
    (folder / "data" / "chapter-99.yaml").write_text("# an old chapter\n", encoding="utf-8")
    (folder / "data" / "book.xlsx").write_bytes(b"PK\x03\x04 ours")
    (folder / "hrap.toml").write_text('data = "mine"\n', encoding="utf-8")
    return folder


def test_force_leaves_every_other_file_alone(ours):
    new = set(project_files(load_plan(PLAN)))
    folders = {parent.as_posix() for name in new for parent in Path(name).parents[:-1]}  # data, data/schemas
    before = {name: kind for name, kind in _tree(ours).items() if name not in new | folders}
    inode = os.stat(ours).st_ino
    result = init(ours, "--force")
    assert result.exit_code == 0, result.output
    after = _tree(ours)
    assert {name: kind for name, kind in after.items() if name not in new | folders} == before
    assert new <= {name for name, (kind, _) in after.items() if kind == "file"}
    assert 'data = "data"' in (ours / "hrap.toml").read_text(encoding="utf-8")
    assert os.stat(ours).st_ino == inode  # the same folder, not a new one in its place
    assert not [p for p in ours.rglob("*") if p.name.endswith(".part")]


def test_each_replaced_file_is_written_whole_in_place_of_the_old(ours, tmp_path):
    """The new file is renamed over the old one, never written into it: another name for
    the old file (a hard link) still reads the old text."""
    os.link(ours / "hrap.toml", tmp_path / "saved.toml")
    assert init(ours, "--force").exit_code == 0
    assert (tmp_path / "saved.toml").read_text(encoding="utf-8") == 'data = "mine"\n'
    assert (ours / "hrap.toml").read_text(encoding="utf-8") != 'data = "mine"\n'


def test_without_force_nothing_changes(ours):
    before = _tree(ours)
    result = init(ours)
    assert result.exit_code == 2 and "not empty; pass --force" in result.stderr
    assert _tree(ours) == before


@pytest.mark.parametrize("make,place,message", [
    (lambda f: (f / "data").symlink_to(f.parent / "elsewhere", target_is_directory=True), "data",
     "is a symbolic link"),
    (lambda f: (f / "README.md").symlink_to(f.parent / "elsewhere" / "README.md"), "README.md",
     "is a symbolic link"),
    (lambda f: (f / "README.md").mkdir(), "README.md", "is not a regular file"),
    (lambda f: os.mkfifo(f / "README.md"), "README.md", "is not a regular file"),
    (lambda f: (f / "data").write_text("a file", encoding="utf-8"), "data", "is not a folder"),
], ids=["folder link", "file link", "folder", "pipe", "file for a folder"])
def test_what_a_file_must_not_replace_is_refused_before_anything_is_written(tmp_path, make, place, message):
    folder, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "README.md").write_text("outside", encoding="utf-8")
    make(folder)
    before = _tree(tmp_path)
    result = init(folder, "--force")
    assert result.exit_code == 2 and "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"hrap-report: error: {folder / place}: ") and message in line, line
    assert _tree(tmp_path) == before  # hrap.toml, written first, is not there either


def test_an_empty_folder_is_kept(tmp_path, monkeypatch):
    """A shell in the folder stays in it: the files appear there, not in a new folder."""
    folder = tmp_path / "project"
    folder.mkdir()
    inode = os.stat(folder).st_ino
    monkeypatch.chdir(folder)
    assert init(Path(".")).exit_code == 0
    assert os.stat(".").st_ino == inode and Path("hrap.toml").is_file()
