"""The session's real-client check reports damaged files (see `real_clients`)."""
from __future__ import annotations

import shutil

from conftest import BROKEN, needs_soffice
from real_clients import distinct, docx_failures, qpdf_failures


def test_qpdf_reports_a_damaged_pdf_and_passes_a_whole_one(default_build, tmp_path):
    broken = tmp_path / BROKEN
    broken.mkdir()
    data = default_build["pdf"].read_bytes()
    (broken / "truncated.pdf").write_bytes(data[: len(data) // 2])
    failures = qpdf_failures([default_build["pdf"], broken / "truncated.pdf"])
    assert len(failures) == 1 and failures[0].startswith(f"{broken / 'truncated.pdf'}: qpdf --check")


@needs_soffice
def test_a_docx_that_is_no_docx_fails_python_docx_and_libreoffice(default_build, tmp_path):
    broken = tmp_path / BROKEN
    broken.mkdir()
    (broken / "text.docx").write_text("not a word document")
    shutil.copyfile(default_build["docx"], broken / "copy.docx")
    files = distinct([default_build["docx"], broken / "copy.docx", broken / "text.docx"])
    assert files == [default_build["docx"], broken / "text.docx"]  # one stands for both copies
    failures = docx_failures(files, broken / "work")
    assert [f.split(":")[0] for f in failures] == [str(broken / "text.docx")] * 2
    assert "python-docx cannot open it" in failures[0] and "LibreOffice could not convert it" in failures[1]
