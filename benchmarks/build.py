"""Wall time and peak memory of `hrap-report build`, per format: the default report in
English, Chinese and both, its text alone, and synthetic datasets 10 and 100 times its
size; the scaling exponent; and the default report against pandoc + LibreOffice on the
same text. Each figure is printed against its target (issue 6; "Twice as fast as pandoc +
LibreOffice").

Each measurement runs the installed command in a fresh process, as a user would, so the
figures include start-up and imports; peak memory is that of the largest process (the
build or its worker). The default-size cases run in turn, round after round, so a busy
machine slows each alike; a case's figure is its median. The synthetic datasets are the
built-in one with every list of indicators repeated (see `synthetic.py`), written once
into a temporary folder.

pandoc + LibreOffice is what the report would take without hrap-report: the source text
(`../shared/seeds/000_463937150d6009d8.txt`, the report as plain text) as Markdown, its
chapters and sections as headings, through `pandoc --toc` to a DOCX, and that through
`soffice --headless --convert-to pdf` to a PDF. It is skipped, saying so, where either
program is missing (Debian: `apt-get install -y pandoc libreoffice-writer`).

Run: .venv/bin/python benchmarks/build.py [--sizes 1,10,100] [--repeat 3] [--versus 5]
"""
from __future__ import annotations

import argparse
import math
import os
import re
import shutil
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
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_463937150d6009d8.txt"
FORMATS = ("docx", "pdf", "docx,pdf")
LANGUAGES = ("en", "zh", "en+zh")
#: The targets: the default report in both formats and one language, wall seconds on two
#: cores; peak memory at 100x; 100x the data in under 100x the time.
TARGET_DEFAULT_SECONDS = 1.5
TARGET_PEAK_MIB = 1024
#: Against pandoc + LibreOffice on the same text: at least this many times faster, and
#: the aim for the build itself.
TARGET_VERSUS = 2.0
AIM_SECONDS = 1.0
#: At most this many times the time of the English report, in both formats.
TARGET_LANGUAGE_RATIO = {"zh": 1.3, "en+zh": 2.0}


@dataclass
class Run:
    wall: float  # seconds
    peak: float  # MiB


def run(command: list[str]) -> Run:
    """One command in a fresh process; it must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    return Run(wall, usage.ru_maxrss / 1024)


def measure(formats: str, *options: str) -> Run:
    """One build into a fresh folder."""
    with tempfile.TemporaryDirectory() as out:
        return run([str(CLI), "build", "--quiet", "--format", formats, "--out", out, *options])


def rounds(repeat: int, cases: dict[str, tuple]) -> dict[str, Run]:
    """Each case (a function and its arguments) run `repeat` times, the cases in turn:
    the median wall time and the largest peak of each."""
    runs: dict[str, list[Run]] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, (function, *arguments) in cases.items():
            runs[name].append(function(*arguments))
    return {name: Run(statistics.median(r.wall for r in done), max(r.peak for r in done))
            for name, done in runs.items()}


def show(case: str, formats: str, result: Run) -> None:
    print(f"{case:<24} {formats:<9} {result.wall:>8.2f} {result.peak:>9.0f}", flush=True)


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def exponent(points: list[tuple[int, float]]) -> float:
    """The least-squares slope of log(time) over log(size): 1 is linear."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def markdown(text: str) -> str:
    """The seed text as Markdown, simply: its chapters ("I. …", and the introduction) as
    level-1 headings, its sections ("(1) …") as level-2 ones, every other line a
    paragraph; the extraction's bookmark markers dropped."""
    blocks = []
    for line in text.splitlines():
        line = re.sub(r"\[bookmark: [^\]]*\]", "", line).strip()
        if not line:
            continue
        if line == "Introduction" or re.match(r"[IVX]+\. ", line):
            blocks.append(f"# {line}")
        elif re.match(r"\(\d+\) ", line):
            blocks.append(f"## {line}")
        else:
            blocks.append(line)
    return "\n\n".join(blocks) + "\n"


def versus(repeat: int, hrap_options: list[str]) -> tuple[float, float] | None:
    """The default report, both formats, English: hrap-report against pandoc + LibreOffice
    on the same text, in turn, `repeat` times each after one run each that is not counted
    (LibreOffice sets up its profile on its first); the median seconds of each, or None
    where a program is missing."""
    pandoc, soffice = shutil.which("pandoc"), shutil.which("soffice") or shutil.which("libreoffice")
    missing = [f"{name} (Debian: apt-get install -y {package})" for name, found, package in (
        ("pandoc", pandoc, "pandoc"), ("LibreOffice", soffice, "libreoffice-writer")) if not found]
    if not SEED.is_file():
        missing.append(f"the source text {SEED}")
    if missing:
        print(f"\nversus pandoc + LibreOffice: skipped, missing {' and '.join(missing)}")
        return None
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "report.md"
        source.write_text(markdown(SEED.read_text(encoding="utf-8")), encoding="utf-8")
        profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"

        steps: list[tuple[float, float]] = []  # the seconds of pandoc and of LibreOffice, each time

        def other() -> Run:
            docx, pdf = work / "report.docx", work / "report.pdf"
            for made in (docx, pdf):
                made.unlink(missing_ok=True)
            first = run([pandoc, str(source), "--toc", "-o", str(docx)])
            second = run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)])
            if not pdf.is_file():
                sys.exit("LibreOffice wrote no PDF")
            steps.append((first.wall, second.wall))
            return Run(first.wall + second.wall, max(first.peak, second.peak))

        def ours() -> Run:
            return measure("docx,pdf", "--lang", "en", *hrap_options)

        ours(), other()  # not counted
        del steps[:]
        times = rounds(repeat, {"ours": (ours,), "other": (other,)})
    mine, theirs = times["ours"].wall, times["other"].wall
    print(f"\nversus pandoc + LibreOffice (the default report, en, DOCX and PDF; median of {repeat}, in turn)")
    print(f"  hrap-report build          {mine:6.2f} s")
    converting, printing = (statistics.median(step[k] for step in steps) for k in (0, 1))
    print(f"  pandoc --toc + soffice     {theirs:6.2f} s  (pandoc {converting:.2f} s, LibreOffice {printing:.2f} s)")
    return mine, theirs


def compile_package() -> None:
    """Write the bytecode of hrap-report's modules, as `pip install .` does: an editable
    install under PYTHONDONTWRITEBYTECODE would compile every module on every run (0.2 s
    at start), which no user's install does."""
    import compileall

    import hrap_report

    compileall.compile_dir(Path(hrap_report.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the default-size cases (median shown)")
    parser.add_argument("--versus", type=int, default=5, help="rounds against pandoc + LibreOffice (0: none)")
    parser.add_argument("--sizes", default="1,10,100", help="synthetic sizes, as multiples of the default")
    parser.add_argument("--templates", type=Path, help="build with these templates (default: the built-in ones)")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")} | {1})
    own = ["--templates", str(args.templates.resolve())] if args.templates else []
    compile_package()

    print(f"{'case':<24} {'formats':<9} {'wall s':>8} {'peak MiB':>9}")
    cases = {(f"default, {lang}", formats): (measure, formats, "--lang", lang, *own)
             for lang in LANGUAGES for formats in FORMATS}
    cases |= {("default, en, text only", formats): (measure, formats, "--lang", "en", "--templates", str(TEXT_ONLY))
              for formats in FORMATS}
    default = rounds(args.repeat, cases)
    for (case, formats), result in default.items():
        show(case, formats, result)
    compared = versus(args.versus, own) if args.versus else None

    scaling: dict[str, list[tuple[int, Run]]] = {"docx": [], "pdf": []}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            data = write_dataset(Path(folder) / f"{size}x", size)
            for formats in scaling:
                result = rounds(args.repeat if size == 1 else 1, {"": (measure, formats, "--data", str(data), *own)})[""]
                scaling[formats].append((size, result))
                show(f"synthetic {size}x ({168 * size} ind.)", formats, result)

    print("\ntargets")
    both = default["default, en", "docx,pdf"].wall
    print(f"  default report, en, both formats: {both:.2f} s (target < {TARGET_DEFAULT_SECONDS} s): "
          f"{verdict(both < TARGET_DEFAULT_SECONDS)}")
    if compared:
        mine, theirs = compared
        print(f"  against pandoc + LibreOffice, en, both formats: {mine:.2f} s, {theirs / mine:.1f}x as fast "
              f"(target at least {TARGET_VERSUS:g}x: {verdict(theirs / mine >= TARGET_VERSUS)}; "
              f"aim under {AIM_SECONDS:g} s: {verdict(mine < AIM_SECONDS)})")
    for lang, most in TARGET_LANGUAGE_RATIO.items():
        ratio = default[f"default, {lang}", "docx,pdf"].wall / both
        print(f"  --lang {lang} vs en, both formats: {ratio:.2f}x the time (target at most {most:g}x): "
              f"{verdict(ratio <= most)}")
    for formats, points in scaling.items() if len(sizes) > 1 else ():
        walls = [(size, result.wall) for size, result in points]
        (small, first), (large, last) = points[0], points[-1]
        ratio = last.wall / first.wall
        print(f"  {formats}: scaling exponent {exponent(walls):.2f} over {', '.join(f'{s}x' for s in sizes)}; "
              f"{large}x takes {ratio:.0f}x the time of {small}x "
              f"({verdict(ratio < large / small)}: under {large // small}x); "
              f"peak {last.peak:.0f} MiB ({verdict(last.peak < TARGET_PEAK_MIB)}: under {TARGET_PEAK_MIB} MiB)")


if __name__ == "__main__":
    main()
