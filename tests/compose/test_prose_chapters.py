"""A chapter of text alone (a preface: no indicators) in a real build: in the body and
the contents, with no count sentence, no row in Table 1 or `stats`, no bar in the chart,
and not counted by the overview."""
from __future__ import annotations

import re
import zipfile

import docx
import pytest

from conftest import needs_poppler, pdftotext, run_cli
from hrap_report.compose.labels import load_labels
from hrap_report.validation.checks import load_report

EN = load_labels("en")
PLAN = """\
id: prose-plan
title: A plan with a preface
period: {start: 2021, end: 2025}
chapters:
  - {number: 1, title: Preface}
  - number: 2
    title: Rights
    sections:
      - {number: 1, title: Work, indicators: [1, 3]}
      - {number: 2, title: Health, indicators: [4, 6]}
  - {number: 3, title: Groups, indicators: [7, 9]}
"""
PREFACE = "This preface says why the plan was made and how it was written."


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project from the plan, its preface given a paragraph and every chapter asking for
    its count sentence, built to DOCX and PDF; and its report."""
    root = tmp_path_factory.mktemp("prose")
    (root / "plan.yaml").write_text(PLAN, encoding="utf-8")
    folder = root / "project"
    run_cli("init", str(folder), "--plan", str(root / "plan.yaml"), cwd=root)
    preface = folder / "data" / "chapter-1.yaml"
    text = preface.read_text(encoding="utf-8")
    preface.write_text(text.replace("overview: []", f"overview: [{PREFACE}]"), encoding="utf-8")
    head = folder / "data" / "report.yaml"
    text = head.read_text(encoding="utf-8")
    head.write_text(re.sub(r"(?m)^meta:\n", "meta:\n  chapter_counts: [1, 2, 3]\n", text), encoding="utf-8")
    run_cli("build", cwd=folder)
    files = {p.suffix: p for p in (folder / "output").iterdir()}
    return folder, load_report(folder / "data"), files[".docx"], files[".pdf"]


def heading(chapter) -> str:
    return EN("chapter_heading", number=chapter.number, title=chapter.title)


def test_the_preface_is_text_alone_in_the_data(built):
    _, report, _, _ = built
    preface = report.chapters[0]
    assert preface.indicator_count == 0 and preface.overview == [PREFACE]
    assert report.meta.chapter_counts == [1, 2, 3] and report.indicator_count > 0


def test_docx_has_the_preface_in_body_and_contents_without_a_count_or_a_row(built):
    _, report, path, _ = built
    document = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    preface = heading(report.chapters[0])
    assert ("Heading 1", preface) in paragraphs and any(s.startswith("toc") and t.startswith(preface)
                                                        for s, t in paragraphs)
    body = [t for _, t in paragraphs]
    assert body[body.index(preface) + 1] == PREFACE  # no count sentence before its overview
    counted = [c for c in report.chapters if c.number in report.meta.chapter_counts and c.indicator_count]
    sentences = [t for t in body if "a total of" in t]
    assert sentences == [EN("chapter_count", count=c.indicator_count, title=c.title) for c in counted]
    holding = [c for c in report.chapters if c.indicator_count]
    table = document.tables[0]
    assert [row.cells[0].text for row in table.rows] == [EN("col_chapter"), *map(heading, holding), EN("total")]
    assert all(int(row.cells[1].text) > 0 for row in table.rows[1:])
    sections = [s for c in holding for s in c.sections if s.indicators]
    scope = EN("overview_scope", total=report.indicator_count, chapters=len(holding), sections=len(sections))
    assert len(holding) < len(report.chapters) and any(scope in t for t in body)


def test_the_chart_has_a_bar_for_each_chapter_holding_indicators(built):
    _, report, path, _ = built
    with zipfile.ZipFile(path) as package:
        chart = package.read("word/charts/chart1.xml").decode("utf-8")
    categories = re.search(r"<c:cat>.*?</c:cat>", chart)[0]
    bars = re.findall(r"<c:v>([^<]*)</c:v>", categories)
    assert bars == [EN("chapter_number", number=c.number) for c in report.chapters if c.indicator_count]


@needs_poppler
def test_pdf_has_the_preface_in_body_and_contents_without_a_count(built):
    _, report, _, path = built
    text = pdftotext(path)
    preface = heading(report.chapters[0])
    contents = text[:text.index(EN("list_of_tables"))]
    assert re.search(rf"{re.escape(preface)}[ .]+\d+", contents)
    flowing = " ".join(text.split())
    assert f"{preface} {PREFACE}" in flowing
    assert "zero" not in flowing and flowing.count("a total of") == sum(
        1 for c in report.chapters if c.number in report.meta.chapter_counts and c.indicator_count)


def test_stats_has_no_row_for_the_preface(built):
    folder, report, _, _ = built
    lines = run_cli("stats", cwd=folder).stdout.splitlines()
    names = [line.split("  ")[0] for line in lines[2:]]
    assert names == [*(heading(c) for c in report.chapters if c.indicator_count), EN("total")]
