"""The JSON Schemas of the files a team writes (`hrap-report schema KIND`): every field
says what it means, the built-in files and those `init` and `export` write pass them, a
wrong file fails them, each YAML file written names its schema, and the reference docs
cover every field and agree with the models."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel, ValidationError

from conftest import REPO
from hrap_report.cli import main
from hrap_report.datasets.yaml_folder import ReportFile
from hrap_report.project.schemas import SCHEMAS
from hrap_report.validation.checks import Head

DOCS = {"data": REPO / "docs" / "data-format.md", "plan": REPO / "docs" / "plan-format.md"}
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def schema(kind: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def errors(kind: str, value: Any) -> list[str]:
    """What the schema of `kind` finds wrong with a document: one line per error, and
    below a value no choice fits (`anyOf`), what each choice found."""
    def lines(error: jsonschema.ValidationError) -> list[str]:
        here = f"{'.'.join(map(str, error.absolute_path))}: {error.message}"
        return [here, *(line for choice in error.context for line in lines(choice))]

    validator = jsonschema.Draft202012Validator(schema(kind))
    return [line for error in validator.iter_errors(value) for line in lines(error)]


def read(path: Path) -> Any:
    """A YAML file as an editor's schema check sees it: JSON values (a date is a string)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """A model and every model its fields hold, at any depth."""
    found = {model}
    for field in model.model_fields.values():
        for inner in _types(field.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in found:
                found |= models(inner)
    return found


def _types(annotation: Any) -> list[Any]:
    """A type and the types inside it: list[Indicator] -> list[Indicator], Indicator."""
    return [annotation, *(inner for arg in typing.get_args(annotation) for inner in _types(arg))]


ALL_MODELS = sorted(set().union(*(models(model) for model, _ in SCHEMAS.values())), key=lambda m: m.__name__)
PLAN_MODELS = models(SCHEMAS["plan"][0])
DOCUMENTED = [m for m in ALL_MODELS if m is not SCHEMAS["config"][0]]  # hrap.toml is the README's


def export(target: Path, *options: str):
    return CliRunner().invoke(main, ["export", "--data", str(REPO / "data"), "--to", "yaml", str(target), *options])


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_model_and_field_says_what_it_is(model):
    assert model.__doc__ and model.__doc__.strip(), f"{model.__name__} has no docstring"
    missing = [name for name, field in model.model_fields.items() if not (field.description or "").strip()]
    assert not missing, f"{model.__name__}: fields without a description: {missing}"


@pytest.mark.parametrize("kind", SCHEMAS)
def test_each_kind_prints_a_draft_2020_12_schema_with_a_title(kind):
    printed = schema(kind)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed["title"].startswith("hrap-report ") and printed["description"]
    jsonschema.Draft202012Validator.check_schema(printed)


def test_an_unknown_kind_is_one_line_and_exit_2():
    result = CliRunner().invoke(main, ["schema", "chapters"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["hrap-report: error: unknown kind of file 'chapters'; use one of "
                                          "plan, data, config, report, chapter, scale"]


@pytest.mark.parametrize("plan", sorted((REPO / "plans").glob("*.yaml")), ids=lambda p: p.name)
def test_the_built_in_plans_pass(plan):
    assert errors("plan", read(plan)) == []


def test_the_built_in_data_passes_file_by_file_and_as_one_document():
    data = REPO / "data"
    head = read(data / "report.yaml")
    assert errors("report", head) == []
    chapters = [read(data / name) for name in head["chapters"]]
    for name, chapter in zip(head["chapters"], chapters):
        assert errors("chapter", chapter) == [], name
    scale = read(data / head.pop("status_scale"))
    assert errors("scale", scale) == []
    whole = {**head, "chapters": chapters, "scale": scale}
    assert errors("data", whole) == []


def test_report_yaml_has_the_fields_the_reader_reads():
    """report.yaml's schema comes from a model of its own: the fields the dataset's head is
    validated with, plus the two file lists the reader takes out first."""
    assert set(ReportFile.model_fields) == set(Head.model_fields) | {"chapters", "status_scale"}
    for name, field in Head.model_fields.items():
        assert ReportFile.model_fields[name].annotation == field.annotation, name


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("schema") / "project"
    result = CliRunner().invoke(main, ["init", str(folder), "--plan", "2021-2025"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("schema") / "exported"
    result = export(folder)
    assert result.exit_code == 0, result.output
    return folder


def test_the_generated_project_file_passes(project):
    with open(project / "hrap.toml", "rb") as file:
        assert errors("config", tomllib.load(file)) == []


@pytest.mark.parametrize("written", ["project", "exported"])
def test_each_yaml_file_written_names_its_schema_which_is_there_and_passes_it(written, request):
    folder = request.getfixturevalue(written)
    files = sorted(folder.rglob("*.yaml"))
    assert len(files) >= 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        line = MODELINE.match(text)
        assert line, f"{path.name} starts with {text.splitlines()[0]!r}"
        target = path.parent / line[1]
        kind = target.name.removesuffix(".schema.json")
        assert json.loads(target.read_text(encoding="utf-8")) == schema(kind), path.name
        assert errors(kind, read(path)) == [], path.name


def test_an_export_replaces_its_own_schemas_and_nothing_else(tmp_path):
    target = tmp_path / "exported"
    assert export(target).exit_code == 0
    assert export(target, "--force").exit_code == 0
    (target / "schemas" / "notes.txt").write_text("ours", encoding="utf-8")
    result = export(target, "--force")
    assert result.exit_code == 2 and "holds other files (schemas)" in result.stderr
    assert (target / "schemas" / "notes.txt").read_text(encoding="utf-8") == "ours"


def _indicator(chapter: dict) -> dict:
    return chapter["sections"][0]["indicators"][0]


#: Wrong files, each from a right one, with a word of what the schema names: (kind, the
#: file it starts from, the change, the words, whether the model refuses it too).
WRONG = {
    "kind not allowed": ("chapter", "data/chapter-1.yaml", lambda c: _indicator(c).update(kind="numeric"),
                         "'numeric' is not one of", True),
    "status not an id": ("chapter", "data/chapter-1.yaml", lambda c: _indicator(c).update(status="Done!"),
                         "does not match", False),  # an id of no scale: `validate` names it an unknown status
    "target missing": ("chapter", "data/chapter-1.yaml", lambda c: _indicator(c).pop("target"),
                       "'target' is a required property", True),
    "number as words": ("chapter", "data/chapter-1.yaml",
                        lambda c: _indicator(c)["metrics"][0]["target"].update(value="50 million"),
                        "is not of type 'number'", True),
    "empty text": ("chapter", "data/chapter-1.yaml", lambda c: _indicator(c).update(title={"en": " "}),
                   "is not valid under any of the given schemas", True),
    "misspelt field": ("report", "data/report.yaml", lambda r: r["meta"].update(titel="x"),
                       "Additional properties are not allowed ('titel'", True),
    "no chapters": ("report", "data/report.yaml", lambda r: r.update(chapters=[]), "should be non-empty", True),
    "unknown classification": ("plan", "plans/2021-2025.yaml", lambda p: p.update(classifications=["colour"]),
                               "'colour' is not one of", True),
    "unknown layout": ("config", None, lambda c: c.update(bilingual="both"), "'both' is not one of", True),
}


@pytest.mark.parametrize("case", WRONG)
def test_a_wrong_file_fails(case, project):
    kind, source, change, words, model_refuses = WRONG[case]
    value = read(REPO / source) if source else tomllib.loads((project / "hrap.toml").read_text(encoding="utf-8"))
    change(value)
    found = errors(kind, value)
    assert any(words in error for error in found), found
    if model_refuses:
        with pytest.raises(ValidationError):
            SCHEMAS[kind][0].model_validate(value)


def test_the_field_tables_of_the_docs_are_up_to_date():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "field-tables.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("model", DOCUMENTED, ids=lambda m: m.__name__)
def test_the_docs_name_every_field(model):
    doc = DOCS["plan" if model in PLAN_MODELS else "data"].read_text(encoding="utf-8")
    assert f"<!-- fields: {model.__name__} -->" in doc
    missing = [name for name in model.model_fields if f"| `{name}` |" not in doc]
    assert not missing, f"{model.__name__}: {missing}"


def test_the_examples_of_the_docs_pass():
    examples = [(kind, block) for doc in DOCS.values() for kind, block in
                re.findall(r"<!-- example: (\w+) -->\n```yaml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)]
    assert sorted(kind for kind, _ in examples) == ["chapter", "plan", "report"]
    for kind, block in examples:
        assert MODELINE.match(block)
        value = yaml.safe_load(block)
        assert errors(kind, json.loads(json.dumps(value, default=str))) == [], kind
        SCHEMAS[kind][0].model_validate(value)


@pytest.mark.parametrize("kind", SCHEMAS)
def test_the_walk_of_the_models_finds_every_model_of_a_schema(kind):
    """So that the tests of descriptions and docs above miss none."""
    model = SCHEMAS[kind][0]
    assert {m.__name__ for m in models(model)} == set(schema(kind).get("$defs", {})) | {model.__name__}
