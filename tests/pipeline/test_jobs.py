"""Background work: same results in a worker or in line, errors keep their place."""
from __future__ import annotations

import pickle

import pytest

from hrap_report.errors import InputError
from hrap_report.pipeline import jobs as jobs_module
from hrap_report.pipeline.jobs import Jobs


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
