"""`checks.check` and `hrap-report validate`: every problem of a dataset at once, each
with its place and what to do, and the exit status that says how bad it is."""
from __future__ import annotations

import shutil

import pytest

from conftest import REPO, run_cli
from hrap_report.datasets.formats import read_dataset
from hrap_report.datasets.plan_files import load_plan
from hrap_report.validation.checks import check


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    return copy


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path.read_text(encoding="utf-8").splitlines().index(new.splitlines()[0]) + 1 if new else None


def _plant_mistakes(data) -> dict[str, tuple[str, str]]:
    """Eight mistakes, each with the place and a word its message must hold."""
    one, two, three, four = (data / f"chapter-{n}.yaml" for n in (1, 2, 3, 4))
    edits = {
        "status": (one, "    status: largely_completed\n", "    status: done\n", "unknown status 'done'"),
        "no unit": (one, "      unit:\n        en: million jobs\n        zh: 百万个就业岗位\n", '      unit: ""\n',
                    "metric 'New urban jobs' has no unit"),
        # after the edit above it, which leaves two lines fewer
        "not a number": (one, "        value: 50\n", "        value: 50 million\n", "valid number"),
        "chinese": (one, "    zh: 工作权利\n", "    zh: Right to work\n", "holds no Chinese"),
        "control": (three, "    en: Rights of children\n", '    en: "Rights of\\achildren"\n',
                    "control character U+0007"),
    }
    planted = {}
    for name, (path, old, new, words) in edits.items():
        planted[name] = (f"{path}:{_edit(path, old, new) }", words)
    _edit(four, "- number: 148\n", "- number: 147\n")
    second = [i + 1 for i, line in enumerate(four.read_text().splitlines()) if line == "- number: 147"][1]
    planted["duplicate"] = (f"{four}:{second}", "appears twice")
    lines = two.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line == "    findings:") + 1
    end = next(i for i in range(first + 1, len(lines)) if not lines[i].startswith("      "))
    lines[first:end] = ['    - ""']  # the first finding (its English and Chinese) made empty
    two.write_text("\n".join(lines) + "\n", encoding="utf-8")
    planted["empty"] = (f"{two}:{first + 1}", "must not be empty")
    lines = one.read_text(encoding="utf-8").splitlines()
    start = lines.index("  - number: 2")
    findings = next(i for i in range(start, len(lines)) if lines[i] == "    findings:")
    status = next(i for i in range(start, len(lines)) if lines[i].startswith("    status:"))
    one.write_text("\n".join(lines[:findings] + lines[status:]) + "\n", encoding="utf-8")
    planted["no findings"] = (f"{one}:{start + 1}", "has no findings")
    return planted


def test_every_planted_mistake_is_reported_at_its_place(data):
    planted = _plant_mistakes(data)
    report, problems = check(read_dataset(data))
    assert report is None
    lines = [str(p) for p in problems]
    assert len(lines) == len(planted) == 8
    for name, (place, words) in planted.items():
        assert any(line.startswith(f"{place}: ") and words in line for line in lines), (name, lines)
    severities = {str(p).split(": ")[1] for p in problems}
    assert severities == {"error", "warning"}
    assert all(" — " in line for line in lines), "every problem says what to do"


def test_clean_builtin_data_has_no_problems():
    report, problems = check(read_dataset(REPO / "data"))
    assert report is not None and problems == []


def test_validate_exit_status(data, tmp_path):
    clean = run_cli("validate", "--data", str(data), check=False)
    assert clean.returncode == 0 and clean.stdout.strip().endswith("valid, 5 chapters, 168 indicators")
    _edit(data / "chapter-1.yaml", "      unit:\n        en: million jobs\n        zh: 百万个就业岗位\n", "      unit: \"\"\n")
    warned = run_cli("validate", "--data", str(data), check=False)
    assert warned.returncode == 0 and "0 errors, 1 warning" in warned.stdout
    assert run_cli("validate", "--data", str(data), "--strict", check=False).returncode == 1
    _edit(data / "chapter-1.yaml", "    status: largely_completed\n", "    status: done\n")
    failed = run_cli("validate", "--data", str(data), check=False)
    assert failed.returncode == 2 and "1 error, 1 warning" in failed.stdout
    assert len(failed.stderr.strip().splitlines()) == 2 and "Traceback" not in failed.stderr


def test_build_stops_on_errors_and_strict_stops_on_warnings(data, tmp_path):
    _edit(data / "chapter-1.yaml", "      unit:\n        en: million jobs\n        zh: 百万个就业岗位\n", "      unit: \"\"\n")
    strict = run_cli("build", "--data", str(data), "--out", str(tmp_path / "out"), "--strict",
                     "--format", "docx", check=False)
    assert strict.returncode == 2 and "has no unit" in strict.stderr
    assert "1 warning in the data (--strict)" in strict.stderr and not (tmp_path / "out").exists()


def test_plan_profile_checks(data):
    _edit(data / "chapter-2.yaml", "- number: 6\n", "- number: 9\n")
    _, problems = check(read_dataset(data))
    lines = [str(p) for p in problems]
    assert any("section 9 is not in chapter 2 of plan 2016-2020" in line for line in lines)
    assert not any("belongs in" in line for line in lines)  # the section is wrong, not its indicators
    _, problems = check(read_dataset(REPO / "data"), load_plan("2021-2025"))
    lines = [str(p) for p in problems]
    assert any("indicator 1 has no binding" in line for line in lines)
    assert all(p.severity == "warning" for p in problems)


def test_gaps_in_numbering_are_a_warning(data):
    one = data / "chapter-1.yaml"
    text = one.read_text(encoding="utf-8")
    start = text.index("  - number: 12\n")
    end = text.index("- number: 3\n", start)
    one.write_text(text[:start] + text[end:], encoding="utf-8")
    report, problems = check(read_dataset(data))
    assert report is not None
    assert [p.message for p in problems] == ["indicator 12 missing: the numbers go from 11 to 13"]
