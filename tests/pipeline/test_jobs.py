"""Background work: same results in a worker or in line, errors keep their place."""
from __future__ import annotations

import os
import pickle
import signal
import sys
import time
from pathlib import Path

import pytest

from hrap_report.errors import InputError
from hrap_report.pipeline import jobs as jobs_module
from hrap_report.pipeline.jobs import Jobs, Workers


def fail(path):
    raise InputError("bad thing", path, 7)


@pytest.mark.parametrize("cores", [1, 2])
def test_results_and_located_errors_come_back(monkeypatch, cores):
    monkeypatch.setattr(jobs_module.os, "cpu_count", lambda: cores)
    with Jobs() as jobs:
        assert (jobs._pool is None) == (cores == 1)
        square = jobs.submit(pow, 7, 2)
        jobs.submit(fail, "data/x.yaml")
        with pytest.raises(InputError) as caught:
            jobs.wait()
        assert square.result() == 49
    assert str(caught.value) == "data/x.yaml:7: bad thing"


def test_input_error_pickles_with_its_place():
    error = pickle.loads(pickle.dumps(InputError("m", "f.yaml", 3)))
    assert (error.message, error.path, error.line) == ("m", "f.yaml", 3)


def swallow_everything(started: str, kind: type[BaseException] | None) -> None:
    """A task in a library that rewrites any exception it meets, an interrupt too, into
    one of its own or into one of the same type with its own message (as reportlab's
    paragraph parser does)."""
    Path(started).touch()
    try:
        time.sleep(60)
    except BaseException as error:
        raise (kind or type(error))(f"paragraph text caused exception {error}") from None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers")
@pytest.mark.parametrize("kind", [ValueError, None], ids=["as-another-exception", "as-a-reworded-exit"])
def test_an_interrupted_task_says_so_where_a_library_swallowed_the_interrupt(tmp_path, kind):
    started = tmp_path / "started"
    with Workers(1) as workers:
        future = workers.submit(swallow_everything, str(started), kind)
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        (pid,) = workers._pool._processes
        os.kill(pid, signal.SIGTERM)
        with pytest.raises(SystemExit) as stopped:
            future.result(timeout=30)
    assert stopped.value.code == 128 + signal.SIGTERM
