"""Loading the YAML dataset: the built-in one, and mistakes named by file and line."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO, run_cli
from hrap_report.dataset import load_report
from hrap_report.errors import InputError


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


def _error(path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_report(path)
    return caught.value


def test_yaml_syntax_error_names_file_and_line(data):
    chapter = data / "chapter-2.yaml"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    lines[9] = lines[9] + " ]["
    chapter.write_text("\n".join(lines), encoding="utf-8")
    error = _error(data)
    assert (error.path, error.line) == (chapter, 10)


def test_wrong_type_names_its_line(data):
    chapter = data / "chapter-3.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("  - number: 117\n", "  - number: seventeen\n"), encoding="utf-8")
    error = _error(data)
    expected_line = text.splitlines().index("  - number: 117") + 1
    assert (error.path, error.line) == (chapter, expected_line)
    assert "sections.1.indicators.0.number" in str(error)


def test_duplicate_indicator_number_names_both_places(data):
    chapter = data / "chapter-4.yaml"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("- number: 148\n", "- number: 147\n"), encoding="utf-8")
    error = _error(data)
    assert error.path == chapter and "indicator 147 appears twice" in str(error)
    assert f"first at {chapter}:" in str(error)


def test_missing_required_field_and_unknown_field(data):
    report = data / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("  plan: 2016-2020\n", "  plan_name: 2016-2020\n"), encoding="utf-8")
    message = str(_error(data))
    assert message.startswith(f"{report}:") and "meta.plan" in message


def test_missing_chapter_file_and_missing_folder(data, tmp_path):
    (data / "chapter-5.yaml").unlink()
    error = _error(data)
    assert error.path == data / "report.yaml" and "chapter-5.yaml" in str(error) and error.line
    assert "no such file" in str(_error(tmp_path / "nowhere"))


def test_build_with_bad_data_is_one_line_and_exit_2(data, tmp_path):
    (data / "chapter-1.yaml").write_text("number: [\n", encoding="utf-8")
    result = run_cli("build", "--data", str(data), "--out", str(tmp_path / "out"), check=False)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"{data / 'chapter-1.yaml'}:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
