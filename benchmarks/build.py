"""Wall time and peak memory of `hrap-report build`, per format: the default report in
English and in English and Chinese, its text alone, and synthetic datasets 10 and 100 times
its size; the scaling exponent; each against the targets of issue 6.

Each measurement runs the installed command in a fresh process, as a user would, so the
figures include start-up and imports; peak memory is that of the largest process (the
build or its worker). The synthetic datasets are the built-in one with every list of
indicators repeated (see `synthetic.py`), written once into a temporary folder.
Run: .venv/bin/python benchmarks/build.py [--sizes 1,10,100] [--repeat 3]
"""
from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from synthetic import write_dataset

CLI = Path(sys.executable).with_name("hrap-report")
TEXT_ONLY = Path(__file__).resolve().parent / "text-only"
FORMATS = ("docx", "pdf", "docx,pdf")
#: The targets: the default report in both formats and one language, wall seconds on two
#: cores; peak memory at 100x; 100x the data in under 100x the time.
TARGET_DEFAULT_SECONDS = 1.5
TARGET_PEAK_MIB = 1024


@dataclass
class Run:
    wall: float  # seconds
    peak: float  # MiB


def measure(formats: str, *options: str) -> Run:
    """One build into a fresh folder."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        process = subprocess.Popen([str(CLI), "build", "--quiet", "--format", formats, "--out", out, *options],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"build {' '.join(options)} failed: {process.stderr.read().decode()}")
    return Run(wall, usage.ru_maxrss / 1024)


def repeated(repeat: int, formats: str, *options: str) -> Run:
    """The median wall time and the largest peak of `repeat` builds."""
    runs = [measure(formats, *options) for _ in range(repeat)]
    return Run(statistics.median(r.wall for r in runs), max(r.peak for r in runs))


def show(case: str, formats: str, run: Run) -> None:
    print(f"{case:<24} {formats:<9} {run.wall:>8.2f} {run.peak:>9.0f}", flush=True)


def exponent(points: list[tuple[int, float]]) -> float:
    """The least-squares slope of log(time) over log(size): 1 is linear."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each default-size case (median shown)")
    parser.add_argument("--sizes", default="1,10,100", help="synthetic sizes, as multiples of the default")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")} | {1})

    print(f"{'case':<24} {'formats':<9} {'wall s':>8} {'peak MiB':>9}")
    default = {}
    for formats in FORMATS:
        default[formats] = repeated(args.repeat, formats, "--lang", "en")
        show("default, en", formats, default[formats])
    for formats in FORMATS:
        show("default, en+zh", formats, repeated(args.repeat, formats, "--lang", "en+zh"))
    for formats in FORMATS:
        show("default, en, text only", formats,
             repeated(args.repeat, formats, "--lang", "en", "--templates", str(TEXT_ONLY)))

    scaling: dict[str, list[tuple[int, Run]]] = {"docx": [], "pdf": []}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            data = write_dataset(Path(folder) / f"{size}x", size)
            for formats in scaling:
                run = repeated(args.repeat if size == 1 else 1, formats, "--data", str(data))
                scaling[formats].append((size, run))
                show(f"synthetic {size}x ({168 * size} ind.)", formats, run)

    print("\ntargets")
    both = default["docx,pdf"].wall
    print(f"  default report, en, both formats: {both:.2f} s (target < {TARGET_DEFAULT_SECONDS} s): "
          f"{'met' if both < TARGET_DEFAULT_SECONDS else 'MISSED'}")
    for formats, points in scaling.items() if len(sizes) > 1 else ():
        walls = [(size, run.wall) for size, run in points]
        (small, first), (large, last) = points[0], points[-1]
        ratio = last.wall / first.wall
        print(f"  {formats}: scaling exponent {exponent(walls):.2f} over {', '.join(f'{s}x' for s in sizes)}; "
              f"{large}x takes {ratio:.0f}x the time of {small}x "
              f"({'met' if ratio < large / small else 'MISSED'}: under {large // small}x); "
              f"peak {last.peak:.0f} MiB ({'met' if last.peak < TARGET_PEAK_MIB else 'MISSED'}: "
              f"under {TARGET_PEAK_MIB} MiB)")


if __name__ == "__main__":
    main()
