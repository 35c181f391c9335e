"""Each indicator's assessment under its target, in the body of both formats and in the
report's language: its judged status and the sentence it rests on (or the roll-up its
metrics give), switched off by the theme or by a template."""
from __future__ import annotations

import shutil

import docx
import pytest

from conftest import REPO, needs_poppler, pdftotext, run_cli
from hrap_report.compose.templates import compose
from hrap_report.datasets.formats import read_dataset
from hrap_report.validation.checks import check

QUOTE = "From 2016-2020, 65.64 million new jobs were created in urban areas, an annual average of over 13 million."


def _squashed(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(document) -> list[tuple[str, str]]:
    return [(b.style, "".join(i.text for i in b.inlines)) for b in document.blocks if hasattr(b, "inlines")
            and hasattr(b, "style")]


def test_indicator_1_shows_its_status_and_basis_between_its_target_and_findings(default_build):
    paragraphs = docx.Document(str(default_build["docx"])).paragraphs
    at = next(n for n, p in enumerate(paragraphs) if p.text.startswith("Indicator 1:"))
    assessment = paragraphs[at + 1]
    assert assessment.text == f"Assessment: Largely completed. It rests on: “{QUOTE}”"
    assert assessment.style.name == "Note"
    assert paragraphs[at + 2].text.startswith("The urban registered unemployment rate")


@needs_poppler
def test_the_pdf_shows_it_too(default_build):
    text = _squashed(pdftotext(default_build["pdf"]))
    target = text.index("Indicator 1: Ensuring a fuller rate")
    shown = text.index(f"Assessment: Largely completed. It rests on: “{QUOTE}”", target)
    assert shown < text.index("The urban registered unemployment rate", target)


def test_every_judged_indicator_has_one_in_the_report_language():
    report, _ = check(read_dataset(REPO / "data"))
    judged = sum(1 for i in report.all_indicators() if i.status)
    for language, words in (("en", "Assessment: "), ("zh", "评估结论：")):
        notes = [text for style, text in _paragraphs(compose(report, language=language))
                 if style == "note" and text.startswith(words)]
        assert len(notes) == judged
    zh = _paragraphs(compose(report, language="zh"))
    assert ("note", "评估结论：基本完成。依据：“2016—2020年，城镇新增就业6564万人，年均新增1300万人以上。”") in zh


def test_an_indicator_not_judged_shows_the_roll_up_of_its_metrics(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    chapter = data / "chapter-1.yaml"
    text = chapter.read_text(encoding="utf-8")
    basis = text[text.index("    status: largely_completed\n"):text.index("    metrics:\n")]
    chapter.write_text(text.replace(basis, "", 1), encoding="utf-8")
    report, problems = check(read_dataset(data))
    assert report is not None, problems
    paragraphs = _paragraphs(compose(report))
    at = next(n for n, (_, t) in enumerate(paragraphs) if t.startswith("Indicator 1:"))
    assert paragraphs[at + 1] == ("note", "Assessment: Achieved (computed from its metrics).")


@pytest.mark.parametrize("switch", ["theme", "template"])
def test_the_assessments_can_be_switched_off(tmp_path, switch):
    project = tmp_path / "project"
    project.mkdir()
    args = ["build", "--format", "docx", "--out", str(tmp_path / "out"), "--quiet"]
    if switch == "theme":
        (project / "hrap.toml").write_text("[theme]\nassessments = false\n", encoding="utf-8")
    else:
        (project / "templates").mkdir()
        (project / "templates" / "report.j2").write_text(
            "{% set show_assessments = false %}{% include 'builtin/report.j2' %}", encoding="utf-8")
        args += ["--templates", str(project / "templates")]
    run_cli(*args, cwd=project)
    paragraphs = [p.text for p in docx.Document(str(next((tmp_path / "out").glob("*.docx")))).paragraphs]
    assert not [p for p in paragraphs if p.startswith("Assessment:")]
    at = next(n for n, p in enumerate(paragraphs) if p.startswith("Indicator 1:"))
    assert paragraphs[at + 1].startswith("The urban registered unemployment rate")
