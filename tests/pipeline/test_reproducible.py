"""The same inputs give the same bytes: two builds of each language and format are
identical, and the only date the files carry comes from the data or SOURCE_DATE_EPOCH."""
from __future__ import annotations

import datetime
import os
import subprocess
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from pypdf import PdfReader

from conftest import CLI, run_cli

UTC = datetime.timezone.utc


def build(out: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> dict[str, Path]:
    """`hrap-report build` into `out`; the files written, by format."""
    result = subprocess.run([str(CLI), "build", "--out", str(out), "--quiet", *args], cwd=cwd,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr
    return {p.suffix[1:]: p for p in out.iterdir()}


def pdf_dates(pdf: Path) -> tuple[str | None, str | None]:
    """The creation and modification dates of a PDF's document information; these must
    be its XMP metadata's too (PDF/A), and are checked to be."""
    info = PdfReader(pdf).metadata
    dates = info.get("/CreationDate"), info.get("/ModDate")
    with pikepdf.open(pdf) as opened:
        xmp = opened.open_metadata()
        assert (xmp.get("xmp:CreateDate"), xmp.get("xmp:ModifyDate")) == tuple(
            None if date is None else pikepdf.models.metadata.decode_pdf_date(date).isoformat() for date in dates)
    return dates


@pytest.mark.parametrize("language", ["zh", "en+zh"])
def test_two_builds_are_byte_identical(default_build, tmp_path, language):
    """Built seconds apart, into other folders from another working folder: zip entry
    times, PDF dates and IDs would differ if any came from the clock or the paths."""
    first = build(tmp_path / "one", "--lang", language)
    second = build(tmp_path / "two", "--lang", language, cwd=tmp_path)
    assert first.keys() == second.keys() == {"docx", "pdf"}
    for fmt in first:
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), f"{language} {fmt} differs"


def test_the_default_build_is_byte_identical_to_a_second_one(default_build, tmp_path):
    again = build(tmp_path)
    for fmt, path in default_build.items():
        assert again[fmt].read_bytes() == path.read_bytes(), fmt


def test_without_a_date_the_files_carry_none_of_the_clock(default_build):
    document = docx.Document(str(default_build["docx"]))
    assert document.core_properties.created is None and document.core_properties.modified is None
    with zipfile.ZipFile(default_build["docx"]) as package:
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        # python-docx's template claims to be one empty page of Word and has its thumbnail
        assert b"hrap-report" in package.read("docProps/app.xml")
        assert b"<Pages>" not in package.read("docProps/app.xml")
        assert not [n for n in package.namelist() if "thumbnail" in n]
    assert pdf_dates(default_build["pdf"]) == (None, None)  # not reportlab's fixed date of 2000-01-01
    assert PdfReader(default_build["pdf"]).metadata["/Creator"] == "hrap-report"


def test_source_date_epoch_dates_both_formats(tmp_path):
    epoch = datetime.datetime(2021, 9, 9, 10, 30, tzinfo=UTC)
    files = build(tmp_path, "--lang", "en", env={"SOURCE_DATE_EPOCH": str(int(epoch.timestamp()))})
    core = docx.Document(str(files["docx"])).core_properties
    assert core.created == core.modified == epoch
    with zipfile.ZipFile(files["docx"]) as package:
        assert {entry.date_time for entry in package.infolist()} == {(2021, 9, 9, 10, 30, 0)}
    assert pdf_dates(files["pdf"]) == ("D:20210909103000+00'00'",) * 2


def test_the_report_date_dates_the_files_and_the_id_follows_the_content(default_build, tmp_path):
    project = tmp_path / "project"
    run_cli("init", str(project), "--plan", "2021-2025")
    undated = build(project / "undated", cwd=project)
    # reportlab's own ID hashes the date alone: the same for every undated file
    ids = {PdfReader(files["pdf"]).trailer["/ID"][0] for files in (default_build, undated)}
    assert len(ids) == 2

    report = project / "data" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    assert "  # date: 2026-06-30" in text
    report.write_text(text.replace("  # date: 2026-06-30", "  date: 2026-06-30"), encoding="utf-8")
    dated = build(project / "dated", cwd=project)
    assert pdf_dates(dated["pdf"]) == ("D:20260630000000+00'00'",) * 2
    assert docx.Document(str(dated["docx"])).core_properties.created == datetime.datetime(2026, 6, 30, tzinfo=UTC)


def test_a_bad_source_date_epoch_is_a_one_line_error(tmp_path):
    result = subprocess.run([str(CLI), "build", "--out", str(tmp_path / "out")], capture_output=True, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "yesterday"}, timeout=300)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "hrap-report: error: SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970-01-01 "
        "(e.g. $(git log -1 --format=%ct))"]
    assert not (tmp_path / "out").exists()
