"""Wall time and peak memory of `hrap-report build` on the default report.

Each measurement runs the installed command in a fresh process, as a user would, so the
figures include start-up and imports. Two variants: the full default report (tables,
charts, annexes) and its text alone (`benchmarks/text-only/` templates), which isolates
the text pipeline from pandas and matplotlib.
Run: .venv/bin/python benchmarks/build_default.py [--repeat N]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = Path(sys.executable).with_name("hrap-report")
TEXT_ONLY = Path(__file__).resolve().parent / "text-only"


def measure(formats: str, templates: Path | None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB (the largest process) of one build."""
    extra = ["--templates", str(templates)] if templates else []
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        process = subprocess.Popen([str(CLI), "build", "--format", formats, "--out", out, *extra],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"build failed: {process.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (the median is shown)")
    args = parser.parse_args()
    print(f"{'report':<10} {'formats':<10} {'wall s (median)':>16} {'min':>7} {'peak MiB':>9}")
    for variant, templates in (("default", None), ("text only", TEXT_ONLY)):
        for formats in ("docx", "pdf", "docx,pdf"):
            runs = [measure(formats, templates) for _ in range(args.repeat)]
            walls = [w for w, _ in runs]
            print(f"{variant:<10} {formats:<10} {statistics.median(walls):>16.2f} {min(walls):>7.2f} "
                  f"{max(m for _, m in runs):>9.0f}")


if __name__ == "__main__":
    main()
