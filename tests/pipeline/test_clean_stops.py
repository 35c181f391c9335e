"""A build that is stopped leaves nothing behind: no worker process, no temporary file.

The builds here are real `hrap-report` processes, each in a session of its own (so that
a `finally` can kill whatever is left of it) with a temporary folder of its own (TMPDIR).
"""
from __future__ import annotations

import ctypes
import fcntl
import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

from conftest import CLI
from hrap_report.pipeline.atomic import write_file
from hrap_report.pipeline.batch import _Workers
from hrap_report.pipeline.jobs import Jobs, Workers

NAME = "evaluation-report-2016-2020-en"
TARGETS = {f"{NAME}.docx", f"{NAME}.pdf"}
START = 180  # seconds a build may take to reach a point: the cores are shared

linux_workers = pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                                   reason="a build has a worker process on Linux with several cores")


def _until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, ppid …), or None."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _children(pid: int) -> dict[int, str]:
    """The processes `pid` started, with their start times (to tell a pid used again)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) and fields[1] == str(pid):
            found[int(entry.name)] = fields[19]
    return found


def _alive(processes: dict[int, str]) -> list[int]:
    """Those of `processes` still running (a zombie has ended; its reaper may be slow)."""
    return [pid for pid, started in processes.items()
            if (fields := _stat(pid)) and fields[0] != "Z" and fields[19] == started]


class _Build:
    """`hrap-report build --out OUT` started in its own session; everything left of it is
    killed on leaving."""

    def __init__(self, tmp_path: Path):
        self.out, self.tmp, self.stderr = tmp_path / "out", tmp_path / "tmp", tmp_path / "stderr.txt"
        self.workers: dict[int, str] = {}
        self.tmp.mkdir()
        with self.stderr.open("w") as stderr:  # a file, not a pipe that a stray worker would hold open
            self.process = subprocess.Popen([str(CLI), "build", "--out", str(self.out)],
                                            env={**os.environ, "TMPDIR": str(self.tmp)},
                                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=stderr)

    def __enter__(self) -> _Build:
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:  # not yet reaped: its group is still its own
            os.killpg(self.process.pid, signal.SIGKILL)
        for pid in _alive(self.workers):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def wait_for_worker(self) -> dict[int, str]:
        assert _until(lambda: _children(self.process.pid) or self.process.poll() is not None, START)
        self.workers = _children(self.process.pid)
        assert self.workers, f"the build ended before it started a worker: {self.stderr.read_text()}"
        return self.workers

    def wait_for_part(self) -> None:
        assert _until(lambda: self._parts() or self.process.poll() is not None, START)
        assert self.process.poll() is None, "the build ended before it wrote a temporary file"

    def _parts(self) -> list[str]:
        return [p.name for p in self.out.iterdir() if p.name.endswith(".part")] if self.out.is_dir() else []


@linux_workers
def test_the_worker_dies_with_a_build_killed_by_sigkill(tmp_path):
    with _Build(tmp_path) as build:
        workers = build.wait_for_worker()
        os.kill(build.process.pid, signal.SIGKILL)
        build.process.wait(timeout=30)
        assert _until(lambda: not _alive(workers), 5), f"left running: {_alive(workers)}"


@linux_workers
@pytest.mark.parametrize("number, group", [(signal.SIGTERM, False), (signal.SIGTERM, True),
                                           (signal.SIGINT, True)],
                         ids=["sigterm", "sigterm-to-the-group", "ctrl-c"])
def test_a_stopped_build_removes_its_temporaries(tmp_path, number, group):
    with _Build(tmp_path) as build:
        workers = build.wait_for_worker()
        build.wait_for_part()
        (os.killpg if group else os.kill)(build.process.pid, number)
        build.process.wait(timeout=60)
        stderr = build.stderr.read_text()
        assert build.process.returncode == (128 + signal.SIGTERM if number == signal.SIGTERM else 1), stderr
        assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
        assert ("Aborted!" in stderr) == (number == signal.SIGINT)
        assert {p.name for p in build.out.iterdir()} <= TARGETS  # whole reports at most, no `.part`
        assert not list(build.tmp.iterdir())  # the build's temporary folder
        assert _until(lambda: not _alive(workers), 5), f"left running: {_alive(workers)}"


def test_a_build_removes_temporaries_a_killed_one_left_of_its_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / f".{NAME}.pdf.abc123.part", out / f".{NAME}.docx.x_9k2mvq.part"]
    others = [out / ".other.part", out / f".{NAME}-zh.pdf.abc123.part", out / f"{NAME}.pdf.abc123.part"]
    for path in stale + others:
        path.write_bytes(b"%PDF-1.4 cut short")
    with _Build(tmp_path) as build:
        build.process.wait(timeout=START)
        assert build.process.returncode == 0, build.stderr.read_text()
    assert {p.name for p in out.iterdir()} == TARGETS | {p.name for p in others}
    assert all(p.read_bytes() == b"%PDF-1.4 cut short" for p in others)


def test_a_temporary_being_written_is_left_alone(tmp_path):
    target = tmp_path / "report.txt"
    writing, stale = tmp_path / ".report.txt.writing.part", tmp_path / ".report.txt.stale.part"
    elsewhere = tmp_path / "elsewhere"
    link = tmp_path / ".report.txt.link.part"
    for path in (writing, stale, elsewhere):
        path.write_bytes(b"")
    link.symlink_to(elsewhere)
    with writing.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as the process writing it holds it
        write_file(target, lambda tmp: tmp.write_bytes(b"new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, writing.name, elsewhere.name, link.name])


def _write_slowly(path: Path) -> None:
    def produce(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        time.sleep(120)
    write_file(path, produce)


def test_an_interrupt_stops_the_tasks_running_in_the_workers(tmp_path):
    started = time.monotonic()
    with pytest.raises(SystemExit), Workers(1) as workers:
        workers.submit(_write_slowly, tmp_path / "report.txt")
        assert _until(lambda: list(tmp_path.iterdir()), START)
        raise SystemExit(143)  # as a SIGTERM does here (`main`): the worker did not get it
    assert not list(tmp_path.iterdir())
    assert time.monotonic() - started < 60  # not the two minutes of the task


def _death_signal() -> int:
    value = ctypes.c_int()
    ctypes.CDLL(None).prctl(2, ctypes.byref(value))  # PR_GET_PDEATHSIG
    return value.value


@linux_workers
def test_workers_are_killed_with_their_parent():
    with Jobs() as jobs:
        assert jobs.submit(_death_signal).result(timeout=60) == signal.SIGKILL
    with _Workers(1, 1) as pool:
        assert pool.map(_death_signal, [()]) == [signal.SIGKILL]
