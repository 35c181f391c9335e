"""Outputs are written whole or not at all, and never overwritten without --force."""
from __future__ import annotations

import pytest

from hrap_report.errors import InputError
from hrap_report.pipeline.atomic import refuse_overwrite, write_file, write_folder


def test_failed_write_keeps_the_previous_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "report.txt"
    target.write_bytes(b"previous")

    def half_written(tmp):
        tmp.write_bytes(b"trunc")
        raise RuntimeError("writer crashed")

    with pytest.raises(RuntimeError):
        write_file(target, half_written)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_successful_write_replaces_and_is_readable_by_others(tmp_path):
    target = tmp_path / "out" / "report.txt"
    assert write_file(target, lambda tmp: tmp.write_bytes(b"new") and 3) == 3
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o044  # not left private like a mkstemp file


def test_failed_folder_write_keeps_the_previous_folder(tmp_path):
    target = tmp_path / "data"
    target.mkdir()
    (target / "a.yaml").write_text("old", encoding="utf-8")

    def fail(tmp):
        (tmp / "a.yaml").write_text("new", encoding="utf-8")
        raise RuntimeError

    with pytest.raises(RuntimeError):
        write_folder(target, fail)
    assert (target / "a.yaml").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


def test_refuse_overwrite(tmp_path):
    existing = tmp_path / "x.txt"
    existing.write_bytes(b"")
    with pytest.raises(InputError, match="--force"):
        refuse_overwrite([tmp_path / "new.txt", existing], force=False)
    refuse_overwrite([existing], force=True)


def test_replacing_a_folder_leaves_a_sibling_named_like_its_old_copy_alone(tmp_path):
    """The folder replaced goes to a name of its own; `.NAME.old` of the user's stays."""
    keep = tmp_path / ".out.old"
    keep.mkdir()
    (keep / "keep.txt").write_text("mine", encoding="utf-8")
    for text in ("first", "second"):
        write_folder(tmp_path / "out", lambda tmp, text=text: (tmp / "a.txt").write_text(text, encoding="utf-8"))
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "second"
    assert (keep / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.old", "out"]
