"""`hrap-report init`: a project for a plan, whose data is valid and builds at once."""
from __future__ import annotations

import string
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import REPO, needs_poppler, pdftotext, run_cli
from hrap_report.datasets.formats import read_dataset
from hrap_report.datasets.plan_files import load_plan
from hrap_report.errors import InputError
from hrap_report.project import scaffold
from hrap_report.project.config import load_config
from hrap_report.project.scaffold import init_project
from hrap_report.validation.checks import check, load_report

PLANS = ["2016-2020", "2021-2025"]


def files_in(folder):
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module", params=PLANS)
def project(request, tmp_path_factory):
    plan = load_plan(request.param)
    folder = tmp_path_factory.mktemp("projects") / "evaluation"
    return plan, folder, init_project(folder, plan)


def test_the_project_files_are_written(project):
    plan, folder, written = project
    chapters = {f"data/chapter-{c.number}.yaml" for c in plan.chapters}
    schemas = {f"data/schemas/{kind}.schema.json" for kind in ("report", "chapter", "scale")}
    assert files_in(folder) == {"hrap.toml", "README.md", "data/report.yaml"} | chapters | schemas
    assert {p.relative_to(folder).as_posix() for p in written} == files_in(folder)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for command in ("hrap-report export --to xlsx data.xlsx", 'data = "data.xlsx"', "hrap-report validate",
                    "hrap-report build", "hrap-report templates copy"):
        assert command in readme


def test_the_data_is_valid_without_warnings(project):
    _, folder, _ = project
    report, problems = check(read_dataset(folder / "data"))
    assert report is not None and [str(p) for p in problems] == []
    warnings = []
    load_report(folder / "data", warn=warnings.append)
    assert warnings == []


def test_the_data_has_the_plans_chapters_and_sections(project):
    plan, folder, _ = project
    report = load_report(folder / "data")
    assert report.meta.plan == plan.id
    assert report.introduction.title.translations == plan.introduction.translations
    assert [(c.number, c.title.translations) for c in report.chapters] == [
        (c.number, c.title.translations) for c in plan.chapters]
    assert [[(s.number, s.title.translations) for s in c.sections] for c in report.chapters] == [
        [(s.number, s.title.translations) for s in c.sections] for c in plan.chapters]
    if plan.id == "2021-2025":
        assert len(report.chapters) == 7 and [len(c.sections) for c in report.chapters] == [0, 0, 0, 0, 0, 4, 0]


def test_one_example_indicator_shows_every_field(project):
    plan, folder, _ = project
    report = load_report(folder / "data")
    [example] = report.all_indicators()
    first = report.chapters[0]
    assert example in (first.sections[0].indicators if first.sections else first.indicators)
    assert example.number == 1 and example.title.startswith("Example:")
    assert example.findings and example.status and example.basis.quote in example.findings[0]
    assert (example.binding, example.kind, example.horizon) == (True, "quantitative", "periodic")
    [metric] = example.metrics
    assert metric.unit and metric.baseline.value is not None and metric.target and metric.outcomes
    assert example.sources and example.responsible and example.shortfall


def test_the_project_file_names_the_plan(project):
    plan, folder, _ = project
    settings = tomllib.loads((folder / "hrap.toml").read_text(encoding="utf-8"))
    assert settings["plan"] == plan.id and settings["data"] == "data"
    assert settings["theme"]["paper"] == "a4"
    config = load_config(folder / "hrap.toml")
    assert config.data == folder / "data" and config.formats == ["docx", "pdf"]


def test_a_plan_file_that_is_not_built_in_is_copied_into_the_project(tmp_path):
    profile = yaml.safe_load((REPO / "plans" / "2021-2025.yaml").read_text(encoding="utf-8"))
    profile["id"] = "2031-2035"
    (tmp_path / "next.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    folder = tmp_path / "project"
    init_project(folder, load_plan(tmp_path / "next.yaml"), plan_file=tmp_path / "next.yaml")
    assert tomllib.loads((folder / "hrap.toml").read_text(encoding="utf-8"))["plan"] == "plan.yaml"
    assert (folder / "plan.yaml").read_bytes() == (tmp_path / "next.yaml").read_bytes()
    copied = load_plan(folder / "plan.yaml")
    report, problems = check(read_dataset(folder / "data"), copied)
    assert report is not None and problems == []


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "notes.txt").write_text("ours", encoding="utf-8")
    with pytest.raises(InputError, match="not empty; pass --force"):
        init_project(folder, load_plan("2021-2025"))
    assert files_in(folder) == {"notes.txt"} and (folder / "notes.txt").read_text(encoding="utf-8") == "ours"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_force_writes_the_project_beside_other_files(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "notes.txt").write_text("ours", encoding="utf-8")
    init_project(folder, load_plan("2021-2025"), force=True)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "ours" and "hrap.toml" in files_in(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_the_current_folder(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    folder.mkdir()
    monkeypatch.chdir(folder)
    init_project(Path("."), load_plan("2021-2025"))
    assert "hrap.toml" in files_in(folder) and sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_a_failure_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(scaffold, "project_files", lambda *_: {"hrap.toml": "", "hrap.toml/x": ""})
    with pytest.raises(OSError):
        init_project(tmp_path / "project", load_plan("2021-2025"))
    assert list(tmp_path.iterdir()) == []


def fields(pattern):
    """The fields of a label pattern with their styles, e.g. {("number", "roman")}; a
    plural style's words may differ."""
    return {(f, spec.split(":")[0]) for _, f, spec, _ in string.Formatter().parse(pattern) if f is not None}


def test_the_2021_2025_labels_keep_the_catalogs_placeholders():
    plan = load_plan("2021-2025")
    assert set(plan.labels) == {"en", "zh"} and plan.labels["en"].keys() == plan.labels["zh"].keys()
    for language, overrides in plan.labels.items():
        catalog = yaml.safe_load((REPO / "templates" / "labels" / f"{language}.yaml").read_text(encoding="utf-8"))
        for key, pattern in overrides.items():
            assert fields(pattern) == fields(catalog[key]), (language, key)
    assert plan.labels["en"]["indicator"] == "Objective {number}:"
    assert plan.labels["zh"]["indicator"] == "目标{number}："


@needs_poppler
def test_init_then_build_in_the_project_folder(tmp_path):
    folder = tmp_path / "evaluation"
    run_cli("init", str(folder), "--plan", "2021-2025", cwd=tmp_path)
    run_cli("build", cwd=folder)
    [pdf] = (folder / "output").glob("*.pdf")
    text = " ".join(pdftotext(pdf).split())
    for chapter in load_plan("2021-2025").chapters:
        assert chapter.title in text
    assert "Introduction" in text and "Objective 1:" in text
