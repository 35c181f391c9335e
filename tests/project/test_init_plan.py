"""`hrap-report init DIR --plan FILE`: the plan file copied as it is, the worked example
where the plan puts its first indicator, and a project that validates without a warning."""
from __future__ import annotations

import tomllib

import pytest

from conftest import run_cli
from hrap_report.validation.checks import load_report

#: A plan whose first chapter and first section hold no indicators, in CRLF lines (a
#: re-dumped copy would lose them and the comments).
PLAN = """\
# Our plan: a preface, then the rights.  # KEEP-THIS-COMMENT
id: our-plan  # the id output files are named by
title: {en: Our plan, zh: 我们的计划}
period: {start: 2021, end: 2025}
chapters:
  - number: 1
    title: {en: Preface, zh: 前言}  # text alone
  - number: 2
    title: {en: Rights, zh: 权利}
    sections:
      - {number: 1, title: {en: Context, zh: 背景}}
      - {number: 2, title: {en: Work, zh: 工作}, indicators: [FIRST, 13]}
  - number: 3
    title: {en: Groups, zh: 群体}
    indicators: "14-20"
""".replace("\n", "\r\n")


@pytest.fixture(params=[1, 7], ids=["from-1", "from-7"])
def project(request, tmp_path):
    """A project made by `init` from the plan file, its indicators numbered from 1 or 7."""
    source = tmp_path / "our-plan.yaml"
    source.write_bytes(PLAN.replace("FIRST", str(request.param)).encode("utf-8"))
    folder = tmp_path / "project"
    run_cli("init", str(folder), "--plan", str(source), cwd=tmp_path)
    return source, folder, request.param


def test_the_plan_file_is_copied_byte_for_byte(project):
    source, folder, _ = project
    copy = (folder / "plan.yaml").read_bytes()
    assert copy == source.read_bytes() and b"# KEEP-THIS-COMMENT\r\n" in copy
    assert tomllib.loads((folder / "hrap.toml").read_text(encoding="utf-8"))["plan"] == "plan.yaml"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "| `plan.yaml` | the plan profile our-plan: a byte-for-byte copy of `our-plan.yaml`" in readme


def test_the_example_stands_where_the_plan_puts_its_first_indicator(project):
    _, folder, first = project
    report = load_report(folder / "data")
    places = [(c.number, s.number, [i.number for i in s.indicators]) for c in report.chapters for s in c.sections]
    places += [(c.number, None, [i.number for i in c.indicators]) for c in report.chapters]
    assert [place for place in places if place[2]] == [(2, 2, [first])]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert f"`data/chapter-2.yaml` holds one worked example indicator, number {first}, in section 2" in readme


def test_validate_after_init_is_clean_without_a_warning(project):
    _, folder, _ = project
    result = run_cli("validate", "--strict", cwd=folder, check=False)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith(f"{folder / 'data'}: valid, 3 chapters, 1 indicators")
