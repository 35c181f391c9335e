"""Loading the YAML dataset: the built-in one, and mistakes named by file and line."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO, run_cli
from hrap_report.errors import InputError, Problems
from hrap_report.validation.checks import load_report


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    return copy


def test_builtin_dataset_loads():
    report = load_report(REPO / "data")
    assert report.indicator_count == 168
    assert sum(len(c.sections) for c in report.chapters) == 19
    assert report.meta.plan == "2016-2020"


def _problems(path) -> list[str]:
    """Every problem `load_report` raises, as the lines the command line prints."""
    with pytest.raises(Problems) as caught:
        load_report(path)
    return [str(p) for p in caught.value.problems]


def _line(path, text) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_yaml_syntax_error_names_file_and_line(data):
    chapter = data / "chapter-2.yaml"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    lines[9] = lines[9] + ": :"  # "mapping values are not allowed here"
    chapter.write_text("\n".join(lines), encoding="utf-8")
    problems = _problems(data)
    assert len(problems) == 1 and problems[0].startswith(f"{chapter}:10: error: invalid YAML")


def test_wrong_type_names_its_line(data):
    chapter = data / "chapter-3.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("  - number: 117\n", "  - number: seventeen\n"), encoding="utf-8")
    problems = _problems(data)
    expected_line = text.splitlines().index("  - number: 117") + 1
    wrong = [p for p in problems if "error" in p]
    assert len(wrong) == 1 and wrong[0].startswith(f"{chapter}:{expected_line}: error: ")
    assert "sections.1.indicators.0.number" in wrong[0] and "'seventeen'" in wrong[0]
    assert "write a whole number" in wrong[0]


def test_duplicate_indicator_number_names_both_places(data):
    chapter = data / "chapter-4.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("- number: 148\n", "- number: 147\n"), encoding="utf-8")
    first, second = (i + 1 for i, line in enumerate(chapter.read_text().splitlines()) if line == "- number: 147")
    problems = _problems(data)
    assert f"{chapter}:{second}: error: indicator 147 appears twice (first at {chapter}:{first})" in problems[0]


def test_missing_required_field_and_unknown_field(data):
    report = data / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("  plan: 2016-2020\n", "  plan_name: 2016-2020\n"), encoding="utf-8")
    problems = _problems(data)
    line = _line(report, "  plan_name: 2016-2020")
    assert f"{report}:{line}: error: meta.plan_name: Extra inputs are not permitted" in "\n".join(problems)
    assert any(p.startswith(f"{report}:") and "meta.plan: Field required" in p for p in problems)


def test_missing_chapter_file_and_missing_folder(data, tmp_path):
    (data / "chapter-5.yaml").unlink()
    problems = _problems(data)
    line = _line(data / "report.yaml", "- chapter-5.yaml")
    assert problems == [f"{data / 'report.yaml'}:{line}: error: chapter file 'chapter-5.yaml' not found"
                        " — create it beside report.yaml or correct the name"]
    with pytest.raises(InputError, match="no such file"):
        load_report(tmp_path / "nowhere")


def test_build_with_bad_data_lists_the_problem_and_exits_2(data, tmp_path):
    (data / "chapter-1.yaml").write_text("number: [\n", encoding="utf-8")
    result = run_cli("build", "--data", str(data), "--out", str(tmp_path / "out"), check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{data / 'chapter-1.yaml'}:2: error: invalid YAML")
    assert lines[1] == "hrap-report: error: 1 error in the data; nothing was written"
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
