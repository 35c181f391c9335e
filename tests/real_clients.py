"""Every report the test session built, opened by real clients: each PDF passes
`qpdf --check`, each DOCX opens in python-docx and converts in LibreOffice (a Word-like
client that refuses what it cannot read). Identical files are checked once."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
from pypdf import PdfReader

#: LibreOffice's DOCX import, named: left to guess, it imports anything (plain text too).
DOCX_FILTER = "MS Word 2007 XML"
SECONDS_PER_DOCX = 60  # LibreOffice lays out an 100-page report in a few seconds


def distinct(paths: list[Path]) -> list[Path]:
    """One path per distinct content, in a stable order."""
    seen: dict[str, Path] = {}
    for path in sorted(paths):
        seen.setdefault(hashlib.md5(path.read_bytes()).hexdigest(), path)
    return list(seen.values())


def qpdf_failures(pdfs: list[Path]) -> list[str]:
    """`qpdf --check` on each PDF (two at a time); a line per PDF that does not pass."""
    def check(pdf: Path) -> str | None:
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        return None if result.returncode == 0 else f"{pdf}: qpdf --check: {result.stdout}{result.stderr}".strip()
    with ThreadPoolExecutor(2) as pool:
        return [failure for failure in pool.map(check, pdfs) if failure]


def docx_failures(files: list[Path], workdir: Path) -> list[str]:
    """Open each DOCX in python-docx, then convert them all to PDF in one LibreOffice
    run; a line per DOCX that either refuses or that LibreOffice leaves without pages."""
    failures = []
    staged = workdir / "docx"
    staged.mkdir(parents=True)
    for n, path in enumerate(files):
        try:
            docx.Document(str(path))
        except Exception as error:  # any failure to open is what this check reports
            failures.append(f"{path}: python-docx cannot open it: {error}")
        shutil.copyfile(path, staged / f"{n}.docx")  # names are unique here; many reports share one
    if not files:
        return failures
    converted = workdir / "pdf"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{workdir / 'profile'}", "--headless", f"--infilter={DOCX_FILTER}",
         "--convert-to", "pdf",
         "--outdir", str(converted), *(str(staged / f"{n}.docx") for n in range(len(files)))],
        capture_output=True, text=True, timeout=60 + SECONDS_PER_DOCX * len(files))
    for n, path in enumerate(files):
        pdf = converted / f"{n}.pdf"
        if not pdf.is_file() or not len(PdfReader(pdf).pages):
            failures.append(f"{path}: LibreOffice could not convert it: {result.stderr.strip()[-300:]}")
    return failures
