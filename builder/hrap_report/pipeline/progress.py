"""What a build tells the terminal while it works: a progress bar per phase (load,
validate, render, write) once the build has taken more than a second, and with
`--verbose` each phase's time."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

SHOW_AFTER = 1.0  # seconds: quicker builds draw no bars


class Progress:
    """Reports phases on stderr. `bars` draws progress bars (on a terminal only);
    `verbose` prints each phase's time when it ends."""

    def __init__(self, bars: bool = True, verbose: bool = False):
        self.bars = bars and sys.stderr.isatty()
        self.verbose = verbose
        self.started = time.perf_counter()

    @contextmanager
    def phase(self, name: str, total: int) -> Iterator[Callable[[], None]]:
        """A phase of `total` steps; call the yielded function after each step."""
        start = time.perf_counter()
        done = 0
        bar = None

        def show() -> None:
            nonlocal bar
            if bar is None and self.bars and time.perf_counter() - self.started > SHOW_AFTER:
                bar = click.progressbar(length=total, label=f"{name:<8}", file=sys.stderr, width=30)
                bar.__enter__()
                bar.update(done)

        def step() -> None:
            nonlocal done
            show()
            done += 1
            if bar is not None:
                bar.update(1)

        show()

        try:
            yield step
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
            if self.verbose:
                click.echo(f"{name}: {time.perf_counter() - start:.2f} s", err=True)


QUIET = Progress(bars=False)
