"""Work that can run beside the main process: the machine this serves has two cores.

Chart drawing and the second output format run in one forked worker while the main
process goes on; on a single core everything runs in line, in the same order, and so it
does in a worker of a batch (`batch.py`), whose pool already keeps every core busy.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

_in_line = False  # set in the worker processes of a batch: pools do not nest


def run_in_line() -> None:
    """Make every later `Jobs` of this process run its work in line, without a worker."""
    global _in_line
    _in_line = True


class Jobs:
    """A one-worker pool, used as a context manager; `wait` raises the first failure."""

    def __init__(self) -> None:
        parallel = (not _in_line and (os.cpu_count() or 1) > 1
                    and "fork" in multiprocessing.get_all_start_methods())
        self._pool = (ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
                      if parallel else None)
        self._futures: list[Future] = []

    def submit(self, function: Callable, *args) -> Future:
        """Run `function(*args)` in the worker (or now, in line, without one)."""
        if self._pool is not None:
            future = self._pool.submit(function, *args)
        else:
            future = Future()
            try:
                future.set_result(function(*args))
            except Exception as error:  # kept for `wait`, as a worker's would be
                future.set_exception(error)
        self._futures.append(future)
        return future

    def wait(self) -> None:
        """Wait for everything submitted so far."""
        for future in self._futures:
            future.result()

    def __enter__(self) -> Jobs:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
