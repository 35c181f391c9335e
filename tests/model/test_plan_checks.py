"""Plan profiles in the user's terms: the forms of `indicators`, and each mistake of a plan
file reported once at its line, naming chapters and sections by their numbers."""
from __future__ import annotations

import re

import pytest

from conftest import run_cli
from hrap_report.datasets.formats import read_dataset
from hrap_report.datasets.plan_files import load_plan
from hrap_report.errors import Problems
from hrap_report.project.scaffold import init_project
from hrap_report.validation.checks import check

FORMS = """\
# Every form `indicators` takes.
id: forms
title: Forms
period: {start: 2021, end: 2025}
chapters:
  - number: 1
    title: Preface
  - number: 2
    title: Rights
    sections:
      - {number: 1, title: A number, indicators: 1}
      - {number: 2, title: Two numbers are a range, indicators: [2, 4]}
      - {number: 3, title: A range as text, indicators: "5-6"}
      - {number: 4, title: A list, indicators: [7, [8, 9], "10-11", 13]}
      - {number: 5, title: Two numbers alone, indicators: [15, [17, 17]]}
      - {number: 6, title: Empty, indicators: []}
  - number: 3
    title: Groups
    ids: [12, 14]
"""

#: A plan with one mistake on each marked line: `# <name>: words its message holds`.
MISTAKES = """\
id: mistakes
title: Mistakes
period: {start: 2021, end: 2025}
chapters:
  - number: 1
    title: Preface
  - number: 2
    title: Rights
    sections:
      - {number: 1, title: Work, indicators: [1, 3]}
      - {number: 2, title: Health, indicators: [5, 4]}  # <reversed>: chapter 2, section 2, indicators: the range 5-4 runs backwards
      - number: 3
        title: Housing
        indicators:
          - 6
          - [8, 7]  # <reversed in a list>: chapter 2, section 3, indicators: the range 8-7 runs backwards
          - "3-4"  # <held twice>: chapter 2, section 3, indicators: indicator 3 is held already by chapter 2, section 1 (line 10)
      - {number: 4, title: Food, indicators: [9, ten, 11]}  # <not a number>: chapter 2, section 4, indicators: not an indicator number or range (found 'ten')
      - {number: 5, indicators: 12}  # <no title>: chapter 2, section 5, title: Field required
  - number: 3
    title: Groups
    ids: [2, 13]  # <held twice by ids>: chapter 3, ids: indicator 2 is held already by chapter 2, section 1 (line 10)
"""


def planted(text: str) -> dict[int, str]:
    """The line of each planted mistake, and the words its message holds."""
    return {n: m[1] for n, line in enumerate(text.splitlines(), 1) if (m := re.search(r"# <[^>]+>: (.*)", line))}


def write(tmp_path, text: str, name: str = "plan.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_form_of_indicators_is_read(tmp_path):
    plan = load_plan(write(tmp_path, FORMS))
    found = {}
    for n in range(1, 20):
        if place := plan.place_of(n):
            chapter, section = place
            found[n] = (chapter.number, section.number if section else None)
    sections = {1: [1], 2: [2, 3, 4], 3: [5, 6], 4: [7, 8, 9, 10, 11, 13], 5: [15, 17]}
    expected = {n: (2, s) for s, numbers in sections.items() for n in numbers} | {12: (3, None), 14: (3, None)}
    assert found == expected  # 16 and 18 in no place: [15, [17, 17]] is two numbers, not a range
    assert plan.places_indicators() and not plan.chapters[0].ranges()


def test_each_mistake_is_reported_once_at_its_line(tmp_path):
    path = write(tmp_path, MISTAKES)
    with pytest.raises(Problems) as raised:
        load_plan(path)
    problems = raised.value.problems
    assert [p.place for p in problems] == [f"{path}:{line}" for line in planted(MISTAKES)]
    for problem, words in zip(problems, planted(MISTAKES).values()):
        assert problem.severity == "error" and problem.message == words and problem.hint
    shown = str(raised.value)
    assert "chapters." not in shown and "sections." not in shown and "more)" not in shown


def test_the_hints_say_how_to_write_indicators(tmp_path):
    with pytest.raises(Problems) as raised:
        load_plan(write(tmp_path, MISTAKES))
    hints = {p.message: p.hint for p in raised.value.problems}
    form = hints["chapter 2, section 4, indicators: not an indicator number or range (found 'ten')"]
    assert 'a range ([3, 5] or "3-5")' in form and "a list of exactly two numbers is a range" in form
    assert hints["chapter 2, section 2, indicators: the range 5-4 runs backwards"] == \
        'write the lower number first ([3, 5] or "3-5")'


def test_a_wrong_plan_file_is_every_line_and_exit_2_from_the_cli(tmp_path):
    path = write(tmp_path, MISTAKES)
    result = run_cli("validate", "--plan", str(path), cwd=tmp_path, check=False)
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(lines) == len(planted(MISTAKES)) + 1
    for shown, (line, words) in zip(lines, planted(MISTAKES).items()):
        assert shown.startswith(f"{path}:{line}: error: {words} — ")
    assert lines[-1] == f"hrap-report: error: {len(planted(MISTAKES))} errors in the plan; nothing was written"


def test_an_indicator_no_place_holds_is_an_error_at_its_line_in_the_data(tmp_path):
    plan_path = write(tmp_path, FORMS)
    folder = tmp_path / "project"
    init_project(folder, load_plan(plan_path), plan_file=plan_path)
    chapter = folder / "data" / "chapter-3.yaml"
    indicators = "".join(f"  - {{number: {n}, title: T{n}, target: Target {n}, findings: [Found {n}]}}\n"
                         for n in (12, 16, 14))
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(re.sub(r"(?m)^indicators: \[\].*\n", "indicators:\n" + indicators, text), encoding="utf-8")
    line = chapter.read_text(encoding="utf-8").splitlines().index(indicators.splitlines()[1]) + 1
    report, problems = check(read_dataset(folder / "data"), load_plan(folder / "plan.yaml"))
    errors = [p for p in problems if p.severity == "error"]
    assert report is None and len(errors) == 1
    assert errors[0].place == f"{chapter}:{line}"
    assert errors[0].message == "indicator 16 is in no chapter or section of plan forms"
    assert "add it to a chapter's or section's indicators in the plan profile" in errors[0].hint


def test_a_plan_that_places_no_indicators_leaves_them_free(tmp_path):
    plan = load_plan("2021-2025")
    assert not plan.places_indicators()
    folder = tmp_path / "project"
    init_project(folder, plan)
    report, problems = check(read_dataset(folder / "data"), plan)
    assert report is not None and problems == []
