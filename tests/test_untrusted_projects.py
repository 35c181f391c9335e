"""A project folder from someone else: its templates, data, label catalogs and hrap.toml
can neither run code nor read or write outside the folder, and every mistake in them is
one located line with exit 2, found by `validate` where `build` would fail.

Each case runs the installed command line, as a user would, in a fresh copy of a small
project (the 2021-2025 skeleton)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from hrap_report.datasets.plan_files import load_plan
from hrap_report.project.scaffold import init_project

SECRET = "the-foreign-file-says-7f3a"  # what a file outside the project holds


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("skeleton")
    init_project(root / "project", load_plan("2021-2025"))
    return root / "project"


@pytest.fixture
def project(skeleton, tmp_path) -> Path:
    """A copy of the project, with a file holding SECRET beside (outside) it."""
    shutil.copytree(skeleton, tmp_path / "project")
    (tmp_path / "foreign.yaml").write_text(f"secret: {SECRET}\n", encoding="utf-8")
    return tmp_path / "project"


def _refused(result, *words: str) -> str:
    """The command failed as a user mistake: exit 2, no traceback, the secret never shown;
    its first line holds `words`."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stderr + result.stdout
    first = result.stderr.splitlines()[0]
    for word in words:
        assert word in first, first
    return first


def _template(project: Path, name: str, text: str) -> None:
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / name).write_text(text, encoding="utf-8")
    config = project / "hrap.toml"
    if not config.read_text(encoding="utf-8").startswith('templates = "templates"'):
        config.write_text('templates = "templates"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")


# -- templates see data, not objects with methods -------------------------------------------

@pytest.mark.parametrize("expression", [
    'report.parse_file("../foreign.yaml")',
    'report.parse_raw("cos\\nsystem\\n(S\'touch MARKER\'\\ntR.", proto="pickle", allow_pickle=True)',
    'meta.model_validate_json("{}")',
    'report.model_copy()',
    'report.copy()',
    'report.json()',
    'report.__class__',
    'report.scale.level.__globals__',
    'meta.title.__class__.__mro__',
])
def test_a_template_cannot_call_what_pydantic_gives_every_model(project, expression):
    _template(project, "overview.j2", f'<h1 id="overview">O</h1>\n<p>{{{{ {expression} }}}}</p>\n')
    first = _refused(run_cli("build", cwd=project, check=False), "templates/overview.j2:2:", "template error")
    assert "unsafe" in first or "undefined" in first
    assert not (project / "MARKER").exists() and not (project / "output").exists()


def test_a_template_still_reads_every_field_and_method_the_templates_use(project):
    _template(project, "overview.j2", '<h1 id="overview">O</h1>\n<p>{{ report.rollup_counts() | length }} '
              '{{ report.indicator_count }} {{ report.chapters[0].all_indicators() | list | length }} '
              '{{ report.section_count }} {{ report.scale.achieved.label }}</p>\n')
    run_cli("build", "--format", "docx", cwd=project)


@pytest.mark.parametrize("expression, words", [
    ('"x" * 100000000', "repeated"), ("9 ** 99999999", "power"),
    ("range(100000) | join(' ') * 1000", "repeated"),
])
def test_a_template_cannot_exhaust_memory(project, expression, words):
    _template(project, "overview.j2", f'<h1 id="overview">O</h1>\n<p>{{{{ {expression} }}}}</p>\n')
    _refused(run_cli("build", cwd=project, check=False), "templates/overview.j2:2:", words)


def test_a_template_that_writes_without_end_is_stopped(project):
    _template(project, "overview.j2", '<h1 id="overview">O</h1>\n{% for i in range(99999) %}{% for j in '
              'range(99999) %}<p>{{ "y" * 900 }}</p>{% endfor %}{% endfor %}\n')
    _refused(run_cli("build", cwd=project, check=False), "more than 50,000,000 characters")


def test_a_template_that_links_outside_its_folder_is_refused(project):
    _template(project, "cover.j2", "<p>cover</p>\n")
    os.symlink(project.parent / "foreign.yaml", project / "templates" / "introduction.j2")
    _refused(run_cli("build", cwd=project, check=False), "templates/introduction.j2", "outside")


def test_a_label_catalog_that_links_outside_is_refused(project):
    _template(project, "cover.j2", "<p>cover</p>\n")
    (project / "templates" / "labels").mkdir()
    os.symlink(project.parent / "foreign.yaml", project / "templates" / "labels" / "en.yaml")
    _refused(run_cli("build", cwd=project, check=False), "labels/en.yaml", "outside")


# -- paths from data and project files stay inside their folders ----------------------------

def test_the_plan_id_cannot_lead_the_output_elsewhere(project):
    report = project / "data" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    plan_line = next(line for line in text.splitlines() if line.strip().startswith("plan:"))
    report.write_text(text.replace(plan_line, '  plan: "x/../../escaped/pwned"'), encoding="utf-8")
    for command in ("validate", "build"):
        _refused(run_cli(command, cwd=project, check=False), "data/report.yaml:", "meta.plan")
    assert not list(project.parent.rglob("*pwned*"))


@pytest.mark.parametrize("key", ["chapters", "status_scale"])
@pytest.mark.parametrize("target", ["../../foreign.yaml", "ABSOLUTE", "LINK"])
def test_a_dataset_reads_no_file_outside_its_folder(project, key, target):
    foreign = project.parent / "foreign.yaml"
    if target == "ABSOLUTE":
        target = str(foreign)
    elif target == "LINK":
        os.symlink(foreign, project / "data" / "linked.yaml")
        target = "linked.yaml"
    report = project / "data" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    entry = f"  - {target}\n" if key == "chapters" else f"{key}: {target}\n"
    text = text.replace("chapters:  # the chapter files, in reading order\n",
                        "chapters:\n" + entry) if key == "chapters" else text + entry
    assert target in text
    report.write_text(text, encoding="utf-8")
    for command in ("validate", "build"):
        first = _refused(run_cli(command, cwd=project, check=False), "data/report.yaml:", "outside")
        assert "foreign.yaml" in first
    assert not (project / "output").exists()


@pytest.mark.parametrize("setting", ['data = "../elsewhere"', 'out = "../../out"', 'out = "/tmp/hrap-escape"',
                                     'templates = "/etc"', 'logo = "../foreign.yaml"', 'plan = "../foreign.yaml"'])
def test_a_project_file_reads_and_writes_only_inside_its_folder(project, setting):
    config = project / "hrap.toml"
    key = setting.split()[0]
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key} ")]
    config.write_text(f"{setting}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    _refused(run_cli("build", cwd=project, check=False), "hrap.toml:1:", key, "outside")
    assert not Path("/tmp/hrap-escape").exists() and not (project.parent.parent / "out").exists()


def test_a_theme_font_outside_the_project_is_refused(project):
    config = project / "hrap.toml"
    config.write_text(config.read_text(encoding="utf-8") + '[theme.fonts.body.pdf]\nregular = "/etc/passwd.ttf"\n'
                      'bold = "a.ttf"\nitalic = "a.ttf"\nbolditalic = "a.ttf"\n', encoding="utf-8")
    _refused(run_cli("build", cwd=project, check=False), "hrap.toml", "outside")


# -- label patterns are a small language of their own -----------------------------------------

@pytest.mark.parametrize("pattern, words", [
    ("Objective {number.__class__}:", "plain name"),
    ("{title.__class__.__init__.__globals__}", "plain name"),
    ("Objective {number[0]}:", "plain name"),
    ("Objective {number:>300000000}:", "unknown style"),
    ("Objective {number!r}:", "plain name"),
    ("Objective {0}:", "plain name"),
    ("Objective {number:", "lone"),
    ("Objective }", "lone"),
    ("x" * 3000, "longer than"),
    ("Objective\x07 {number}", "control character"),
])
def test_label_patterns_outside_the_language_are_located_errors(project, pattern, words):
    _template(project, "cover.j2", "<p>cover</p>\n")
    (project / "templates" / "labels").mkdir()
    catalog = project / "templates" / "labels" / "en.yaml"
    catalog.write_text(f"# my words\nindicator: {pattern!r}\n".replace("'", '"') if "\x07" not in pattern
                       else 'indicator: "Objective\\a {number}"\n', encoding="utf-8")
    _refused(run_cli("build", cwd=project, check=False), "templates/labels/en.yaml:", "label 'indicator'", words)


@pytest.mark.parametrize("key, pattern, words", [
    ("caption", "{label} {number:roman}. ", "without a style"),
    ("page", "{page} / {pages} {title}", "takes only"),
])
def test_patterns_the_writers_fill_take_only_their_fields(project, key, pattern, words):
    _template(project, "cover.j2", "<p>cover</p>\n")
    (project / "templates" / "labels").mkdir()
    (project / "templates" / "labels" / "en.yaml").write_text(f'{key}: "{pattern}"\n', encoding="utf-8")
    _refused(run_cli("build", cwd=project, check=False), f"label {key!r}", words)


def test_plan_labels_are_checked_when_the_plan_is_read(project):
    plan = project / "plan.yaml"
    text = (REPO / "plans" / "2021-2025.yaml").read_text(encoding="utf-8")
    assert "Objective {number}:" in text
    plan.write_text(text.replace("Objective {number}:", "Objective {number.__class__}:", 1), encoding="utf-8")
    line = text.splitlines().index(next(ln for ln in text.splitlines() if "Objective {number}:" in ln)) + 1
    for command in ("validate", "build"):
        _refused(run_cli(command, "--plan", "plan.yaml", cwd=project, check=False), f"plan.yaml:{line}:",
                 "labels.en.indicator", "plain name")


def test_the_number_styles_still_work(project):
    _template(project, "cover.j2", "<p>cover</p>\n")
    (project / "templates" / "labels").mkdir()
    (project / "templates" / "labels" / "en.yaml").write_text(
        'indicator: "Objective {{{number:roman}}} of {number:words}:"\n', encoding="utf-8")
    run_cli("build", "--format", "pdf", cwd=project)
    from conftest import pdftotext

    assert "Objective {I} of one:" in pdftotext(next((project / "output").glob("*.pdf")))


def test_the_last_guard_keeps_every_output_file_in_the_output_folder(tmp_path):
    """Were a name ever to hold a path (the checks upstream refuse it), the build stops."""
    from hrap_report.errors import InputError
    from hrap_report.pipeline.build import BuildOptions, targets
    from hrap_report.validation.checks import load_report

    report = load_report(REPO / "data")
    assert set(targets(report, BuildOptions(out=tmp_path)).values()) == {
        tmp_path / "evaluation-report-2016-2020-en.docx", tmp_path / "evaluation-report-2016-2020-en.pdf"}
    for plan, suffix in (("../x", ""), ("x", "/../../y"), ("", ".hidden")):
        meta = report.meta.model_copy(update={"plan": plan})
        options = BuildOptions(out=tmp_path, suffix=suffix, output_name="{plan}" if plan == "" else
                               "evaluation-report-{plan}-{lang}")
        with pytest.raises(InputError, match="would leave the output folder"):
            targets(report.model_copy(update={"meta": meta}), options)
