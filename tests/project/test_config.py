"""A project's hrap.toml: found in the current folder, overridden by the command line,
and every setting reaching the files built."""
from __future__ import annotations

import shutil

import pytest
from docx import Document as DocxDocument
from PIL import Image
from pypdf import PdfReader

from conftest import REPO, pdftotext, run_cli
from hrap_report.errors import InputError
from hrap_report.project.config import load_config

A4_WIDTH, LETTER_WIDTH = 595, 612  # points


@pytest.fixture
def project(tmp_path):
    """A project folder with its own copy of the built-in data."""
    folder = tmp_path / "project"
    shutil.copytree(REPO / "data", folder / "data")
    return folder


def _write(folder, text):
    (folder / "hrap.toml").write_text(text, encoding="utf-8")


def test_settings_reach_the_files(project):
    Image.new("RGB", (120, 60), "navy").save(project / "logo.png")
    _write(project, '''
data = "data"
formats = ["pdf", "docx"]
out = "reports"
output_name = "hrap-{plan}-{lang}"
title = "Our Evaluation & Review"
logo = "logo.png"
[theme]
paper = "letter"
margins_mm = { left = 40 }
colors = { heading = "C00000" }
''')
    result = run_cli("build", cwd=project)
    pdf, docx = project / "reports" / "hrap-2016-2020-en.pdf", project / "reports" / "hrap-2016-2020-en.docx"
    pages = len(PdfReader(pdf).pages)
    assert f"wrote reports/hrap-2016-2020-en.pdf ({pages} pages, " in result.stdout
    assert f"wrote reports/hrap-2016-2020-en.docx (about {pages} pages, " in result.stdout
    first = PdfReader(pdf).pages[0]
    assert round(float(first.mediabox.width)) == LETTER_WIDTH
    assert pdftotext(pdf, "-l", "1").startswith("Our Evaluation & Review")
    assert first.images, "the logo is on the cover"
    document = DocxDocument(docx)
    assert document.paragraphs[1].text == "Our Evaluation & Review"
    assert document.inline_shapes and document.inline_shapes[0].width > 0
    section = document.sections[0]
    assert round(section.left_margin.mm) == 40 and round(section.page_width.mm) == 216
    assert str(document.styles["Heading 1"].font.color.rgb) == "C00000"


def test_command_line_overrides_the_project(project):
    _write(project, 'formats = ["docx"]\nout = "reports"\n[theme]\npaper = "letter"\n')
    run_cli("build", "--format", "pdf", "--paper", "a4", "--out", "elsewhere", cwd=project)
    assert not (project / "reports").exists()
    pdf = project / "elsewhere" / "evaluation-report-2016-2020-en.pdf"
    assert round(float(PdfReader(pdf).pages[0].mediabox.width)) == A4_WIDTH
    assert not list((project / "elsewhere").glob("*.docx"))


def test_mistakes_in_the_project_file_are_located(project):
    _write(project, 'data = "data"\nformats = ["odt"]\n')
    result = run_cli("build", cwd=project, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"hrap-report: error: {project / 'hrap.toml'}:2: formats.0:")
    _write(project, 'data = "data"\nout = reports\n')
    with pytest.raises(InputError) as caught:
        load_config(project / "hrap.toml")
    assert caught.value.line == 2 and "invalid TOML" in str(caught.value)
    _write(project, 'output_name = "report-{year}"\n')
    result = run_cli("build", cwd=project, check=False)
    assert result.returncode == 2 and "unknown field {year}" in result.stderr
    _write(project, '[theme]\nmargins_mm = { top = "wide" }\n')
    result = run_cli("build", cwd=project, check=False)
    assert result.returncode == 2 and "theme.margins_mm.top" in result.stderr and "hrap.toml" in result.stderr


def test_quiet_and_verbose(project, tmp_path):
    quiet = run_cli("build", "--format", "docx", "--quiet", "--out", str(tmp_path / "q"), cwd=project)
    assert quiet.stdout == "" and quiet.stderr == ""
    loud = run_cli("build", "--format", "docx", "--verbose", "--out", str(tmp_path / "v"), cwd=project)
    phases = [line.split(":")[0] for line in loud.stderr.splitlines()]
    assert phases == ["load", "validate", "render", "write"]
    assert loud.stdout.startswith(f"wrote {tmp_path / 'v'}") and "KiB)" in loud.stdout


def test_templates_list_and_copy(tmp_path):
    listing = run_cli("templates", "list").stdout
    assert "chapter.j2" in listing and "labels/zh.yaml" in listing and "One chapter" in listing
    run_cli("templates", "copy", "chapter", cwd=tmp_path)
    copied = tmp_path / "templates" / "chapter.j2"
    assert copied.read_text() == (REPO / "templates" / "chapter.j2").read_text()
    copied.write_text("edited")
    again = run_cli("templates", "copy", "chapter", cwd=tmp_path, check=False)
    assert again.returncode == 2 and "--force" in again.stderr and copied.read_text() == "edited"
    run_cli("templates", "copy", "labels/zh.yaml", str(tmp_path / "mine"))
    assert (tmp_path / "mine" / "labels" / "zh.yaml").is_file()
    unknown = run_cli("templates", "copy", "nonesuch", cwd=tmp_path, check=False)
    assert unknown.returncode == 2 and "templates list" in unknown.stderr
