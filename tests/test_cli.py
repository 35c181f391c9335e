"""The command line: help everywhere, user mistakes as one line with exit 2."""
from __future__ import annotations

import pytest

from conftest import run_cli


@pytest.mark.parametrize("command", [[], ["build"], ["import"], ["stats"]])
def test_help_on_every_command(command):
    result = run_cli(*command, "--help")
    assert "Usage: hrap-report" in result.stdout and "--help" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--format", "docx,odt"], "unknown format odt"),
    (["--data", "no/such/folder"], "no/such/folder: no such file or folder"),
    (["--templates", "no/such/templates"], "no/such/templates: templates folder not found"),
])
def test_user_mistakes_exit_2_without_traceback(tmp_path, args, message):
    result = run_cli("build", "--out", str(tmp_path / "out"), *args, check=False, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_existing_output_needs_force_and_is_kept(tmp_path):
    out = tmp_path / "out"
    run_cli("build", "--format", "pdf", "--out", str(out))
    (pdf,) = out.iterdir()
    pdf.write_bytes(b"edited by hand")
    result = run_cli("build", "--format", "pdf", "--out", str(out), check=False)
    assert result.returncode == 2 and "--force" in result.stderr
    assert pdf.read_bytes() == b"edited by hand"
    run_cli("build", "--format", "pdf", "--out", str(out), "--force")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.iterdir()] == [pdf.name]


def test_missing_figure_image_from_a_user_template(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "overview.j2").write_text(
        '<figure src="{{ \'nowhere/chart.png\' }}" alt="x"><caption>c</caption></figure>\n', encoding="utf-8")
    result = run_cli("build", "--templates", str(templates), "--out", str(tmp_path / "out"), check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "hrap-report: error: nowhere/chart.png: no such file"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_stats_prints_the_overview_table():
    from conftest import REPO
    from hrap_report.validation.checks import load_report

    report = load_report(REPO / "data")
    counts = report.rollup_counts()
    lines = run_cli("stats").stdout.splitlines()
    assert lines[0] == "Indicators by chapter and status"
    assert lines[-1].split()[:4] == ["Total", "168", str(counts["achieved"]), str(counts["partially_achieved"])]
    assert lines[2].startswith("I. Economic, Social and Cultural Rights") and len(lines) == 2 + 5 + 1
