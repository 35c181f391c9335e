"""`validate` clean means `build` succeeds: what would stop a build (a number a writer
cannot format, a date a file cannot store, a theme value out of range, a character no
font has, a full disk) is one located line and exit 2, from `validate` where it is in
the data, never a traceback after some files are written."""
from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, pdftotext, run_cli
from hrap_report.cli import main
from hrap_report.document.blocks import Document, Heading, Inline, Meta, Paragraph
from hrap_report.errors import InputError
from hrap_report.writers.docx.writer import write as write_docx
from hrap_report.writers.pdf.writer import write as write_pdf
from hrap_report.writers.theme import load_theme


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A copy of the built-in dataset in the current folder."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in a file; the line it was on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def _both_refuse(cwd: Path, place: str, *words: str, args=()) -> None:
    for command in ("validate", "build"):
        result = run_cli(command, *args, cwd=cwd, check=False)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        first = result.stderr.splitlines()[0]
        assert first.startswith(place) and all(w in first for w in words), first
    assert not (cwd / "output").exists()


@pytest.mark.parametrize("value, words", [(".nan", "finite"), (".inf", "finite"), ("1e308", "less than"),
                                          ("-1e300", "greater than")])
def test_numbers_a_writer_cannot_format_are_refused(data, value, words):
    line = _replace(data / "chapter-1.yaml", "value: 50\n", f"value: {value}\n")
    _both_refuse(data.parent, f"data/chapter-1.yaml:{line}: error: indicator 1, metrics.0.target.value", words,
                 args=("--data", "data"))


@pytest.mark.parametrize("date", ["2150-01-01", "1970-01-01"])
def test_dates_a_file_cannot_store_are_refused(data, date):
    line = _replace(data / "report.yaml", "  plan: 2016-2020\n", f"  plan: 2016-2020\n  date: {date}\n") + 1
    _both_refuse(data.parent, f"data/report.yaml:{line}: error: meta.date", "1980-01-01", "2107-12-31",
                 args=("--data", "data"))


def test_a_source_date_epoch_a_file_cannot_store_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9999999999")
    result = run_cli("build", "--out", str(tmp_path / "out"), check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == ["hrap-report: error: SOURCE_DATE_EPOCH='9999999999' is 2286-11-20, not "
                                          "between 1980-01-01 and 2107-12-31, the dates a report's files can store"]


@pytest.mark.parametrize("theme, words", [
    ('colors = { heading = "red" }', "theme.colors.heading"), ("sizes = { body = 0 }", "theme.sizes.body"),
    ("sizes = { body = -5 }", "theme.sizes.body"), ("margins_mm = { left = 200 }", "theme.margins_mm.left"),
    ("margins_mm = { left = 95, right = 95 }", "text area"),
    ("styles = { body = { line_spacing = 1e6 } }", "theme.styles.body.line_spacing"),
    ('styles = { caption = { size = "huge" } }', "styles.caption.size"),
])
def test_theme_values_out_of_range_are_one_line(tmp_path, theme, words):
    (tmp_path / "hrap.toml").write_text(f"[theme]\n{theme}\n", encoding="utf-8")
    _both_refuse(tmp_path, "hrap-report: error: ", words)


def test_a_control_character_in_the_project_title_is_refused(tmp_path):
    (tmp_path / "hrap.toml").write_text('out = "output"\ntitle = "A\\u0007B"\n', encoding="utf-8")
    _both_refuse(tmp_path, "hrap-report: error: ", "hrap.toml:2:", "control character U+0007")


def test_a_character_no_font_has_is_found_by_validate_before_anything_is_written(data):
    line = _replace(data / "chapter-2.yaml", "Right to", "Right नमस्ते to")  # Devanagari: no theme font has it
    _both_refuse(data.parent, f"data/chapter-2.yaml:{line}: error: ", "'न' (U+0928 DEVANAGARI LETTER NA)",
                 "none of the theme's fonts", args=("--data", "data"))
    run_cli("build", "--data", "data", "--format", "docx", cwd=data.parent)  # the DOCX has every character


def test_invisible_characters_pass_validate_and_build(data):
    _replace(data / "chapter-1.yaml", "Ensuring a fuller", "Ensuring\u2060 a \ufefffuller \u2066x\u2069")
    run_cli("validate", "--data", "data", cwd=data.parent)
    run_cli("build", "--data", "data", "--format", "pdf", cwd=data.parent)
    assert "Ensuring a fuller x" in pdftotext(next((data.parent / "output").glob("*.pdf")))


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only"),
                                         (errno.EACCES, "permission denied")])
def test_the_disk_failing_is_one_line(tmp_path, monkeypatch, code, words):
    import hrap_report.pipeline.atomic as atomic

    def failing(*args, **kwargs):
        raise OSError(code, "simulated", str(tmp_path / "out" / "x.part"))
    monkeypatch.setattr(atomic.tempfile, "mkstemp", failing)
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
    last = result.output.splitlines()[-1]
    assert last.startswith(f"hrap-report: error: {tmp_path / 'out' / 'x.part'}: ") and words in last, last


def test_a_file_where_the_output_folder_should_be(tmp_path):
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    for out in ("taken", "taken/sub"):
        result = run_cli("build", "--out", out, cwd=tmp_path, check=False)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 1 and "folder" in result.stderr
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"


# -- generated label patterns and theme values: a located error or a report ----------------

FIELD = st.sampled_from(["number", "title", "count", "x", "0", "number.__class__", "number[0]", "", " number"])
STYLE = st.sampled_from(["", ":roman", ":words", ":lower", ":>300000000", ":plural:a|b", ":.2f", ":x", "!r"])
PATTERN = st.lists(st.one_of(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
                             st.builds(lambda f, s: "{" + f + s + "}", FIELD, STYLE),
                             st.sampled_from(["{", "}", "{{", "}}"])), max_size=6).map("".join)
DOCUMENT = Document(Meta(title="T"), (Heading(1, (Inline("Heading"),), "h"), Paragraph((Inline("Text"),))))


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pattern=PATTERN)
def test_any_label_pattern_is_a_located_error_or_formats(tmp_path, pattern):
    from hrap_report.compose.labels import load_labels

    folder = tmp_path / "templates"
    (folder / "labels").mkdir(parents=True, exist_ok=True)
    import yaml

    (folder / "labels" / "en.yaml").write_text(yaml.safe_dump({"indicator": pattern}), encoding="utf-8")
    try:
        labels = load_labels("en", folder)
    except InputError as error:
        assert str(error).startswith(f"{folder / 'labels' / 'en.yaml'}:1: label 'indicator'")
        return
    try:
        text = labels("indicator", number=7, title="T", count=2)
    except InputError as error:
        assert "label 'indicator'" in str(error) and "\n" not in str(error)
        return
    assert len(text) <= 3 * len(pattern) + 100


THEME_VALUE = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**9, 10**9),
                        st.text(max_size=8), st.booleans(), st.none())


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from([("sizes", "body"), ("sizes", "heading1"), ("margins_mm", "left"), ("colors", "rule"),
                            ("styles", "body", "line_spacing"), ("styles", "indicator", "space_before"),
                            ("styles", "caption", "size"), ("styles", "note", "color"), ("paper",)]),
       value=THEME_VALUE)
def test_any_theme_value_is_a_located_error_or_draws(tmp_path, key, value):
    overrides: dict = {}
    node = overrides
    for part in key[:-1]:
        node = node.setdefault(part, {})
    node[key[-1]] = value
    try:
        theme = load_theme(overrides=overrides, source=tmp_path / "hrap.toml")
    except InputError as error:
        assert str(error).startswith(f"{tmp_path / 'hrap.toml'}: theme") and "\n" not in str(error)
        return
    write_pdf(DOCUMENT, tmp_path / "t.pdf", theme)
    write_docx(DOCUMENT, tmp_path / "t.docx", theme)
    assert (tmp_path / "t.pdf").stat().st_size and (tmp_path / "t.docx").stat().st_size
