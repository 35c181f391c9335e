"""Work that can run beside the main process: the machine this serves has two cores.

Chart drawing and the second output format run in one forked worker while the main
process goes on; on a single core everything runs in line, in the same order, and so it
does in a worker of a batch (`batch.py`), whose pool already keeps every core busy.

A worker never outlives the process that started it, even one killed by SIGKILL (on
Linux), and a Ctrl-C or SIGTERM there also interrupts the tasks running in the workers,
whose `finally` blocks then remove their temporary files.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

_in_line = False  # set in the worker processes of a batch: pools do not nest


def run_in_line() -> None:
    """Make every later `Jobs` of this process run its work in line, without a worker."""
    global _in_line
    _in_line = True


class Workers:
    """Worker processes, forked where the system can, used as a context manager.

    `initializer()` runs in each worker as it starts. Leaving the context by an exception
    starts no other task; by an interrupt (Ctrl-C, SIGTERM), it also interrupts the tasks
    that are running.
    """

    def __init__(self, count: int, initializer: Callable[[], None] | None = None):
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._stop = context.Event()
        self._pool = ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker,
                                         initargs=(os.getpid(), self._stop, initializer))

    def submit(self, function: Callable, *args) -> Future:
        """Run `function(*args)` in a worker."""
        return self._pool.submit(_task, function, *args)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, *rest) -> None:
        if kind is not None:
            self._stop.set()
        if kind is not None and not issubclass(kind, Exception):
            # an interrupt that only this process got (`kill PID`, not a Ctrl-C at the
            # terminal) is passed on; the pool has no public way to reach its processes
            for process in list(self._pool._processes.values()):
                process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


class Jobs:
    """A one-worker pool, used as a context manager; `wait` raises the first failure."""

    def __init__(self) -> None:
        parallel = (not _in_line and (os.cpu_count() or 1) > 1
                    and "fork" in multiprocessing.get_all_start_methods())
        self._pool = Workers(1) if parallel else None
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
            self._pool.__exit__(*exc)


def quiet_interrupts() -> None:
    """An interrupt that lands in a weakref callback or a `__del__` (a pool has many) is
    printed by Python as an "Exception ignored" traceback; print none."""
    default = sys.unraisablehook

    def hook(unraisable) -> None:
        if not issubclass(unraisable.exc_type, (KeyboardInterrupt, SystemExit)):
            default(unraisable)
    sys.unraisablehook = hook


_stop = None  # in a worker: its pool's signal to start nothing more


def _start_worker(parent: int, stop, initializer: Callable[[], None] | None) -> None:
    global _stop
    _listen(_ignore)
    _stop = stop
    _end_with(parent)
    quiet_interrupts()
    if initializer is not None:
        initializer()


def _end_with(parent: int) -> None:
    """Have the kernel kill this worker when its parent ends, however it ends. Elsewhere
    than on Linux a worker outlives a parent killed by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return
    # sent when the thread that forked this process ends: the main thread, which submits
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL))
    if os.getppid() != parent:  # it ended before the call
        os._exit(1)


def _task(function: Callable, *args):
    """One task in a worker, which a Ctrl-C or SIGTERM interrupts. The worker then stops
    the pool itself, as it may take its next task before the parent has."""
    global _received
    _received = None
    _listen(_interrupt)
    try:
        if _stop.is_set():
            raise KeyboardInterrupt
        return function(*args)
    except BaseException:
        # a library that rewrites the exceptions it meets must not hide the interrupt that
        # stopped the task: reportlab's paragraph parser re-raises a SystemExit(143) as
        # SystemExit("paragraph text … caused exception 143"), which exits with status 1
        if _received is not None:
            _stop.set()
            raise _stopping(_received) from None
        if isinstance(sys.exc_info()[1], (KeyboardInterrupt, SystemExit)):
            _stop.set()
        raise
    finally:
        _listen(_ignore)


def _listen(handler) -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, handler)


def _ignore(number: int, frame) -> None:
    """An interrupt between tasks, or a second one, is the parent's to handle. (Not
    SIG_IGN, with which Python reports a signal that came as the handler changed.)"""


_received: int | None = None  # in a worker: the signal that interrupted its task


def _interrupt(number: int, frame) -> None:
    # once: a second signal (a Ctrl-C, then the parent passing it on) must not cut short
    # the clean-up the first one started
    global _received
    _listen(_ignore)
    _received = number
    raise _stopping(number)


def _stopping(number: int) -> BaseException:
    """What a task stopped by the signal `number` raises."""
    return KeyboardInterrupt() if number == signal.SIGINT else SystemExit(128 + number)
