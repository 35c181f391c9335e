"""Templates: what they make of the model, user overrides, and their errors."""
from __future__ import annotations

import pytest

from conftest import REPO
from hrap_report.compose.filters import roman
from hrap_report.compose.templates import compose
from hrap_report.document.blocks import Contents, Heading, Paragraph, plain
from hrap_report.errors import InputError
from hrap_report.validation.checks import load_report


@pytest.fixture(scope="module")
def report():
    return load_report(REPO / "data")


def test_default_document_structure(report, tmp_path):
    document = compose(report, None)
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    assert [plain(h.inlines) for h in headings if h.level == 1][:7] == [
        "Introduction", "Overview of Implementation",
        "I. Economic, Social and Cultural Rights", "II. Civil and Political Rights",
        "III. Rights of Specific Groups", "IV. Human Rights Education and Research",
        "V. Fulfillment of Obligations to Human Rights Conventions, and International Exchanges "
        "and Cooperation in the Field of Human Rights",
    ]
    assert sum(h.level == 2 for h in headings) == 19
    indicators = [b for b in document.blocks if isinstance(b, Paragraph) and b.style == "indicator"]
    assert len(indicators) == 168
    first = indicators[0]
    assert first.inlines[0].strong and plain(first.inlines).startswith("Indicator 1: Ensuring a fuller")
    # Indicators nest in the outline below their section, or below the chapter when it has none.
    assert first.outline.level == 3 and indicators[-1].outline.level == 2
    (contents,) = [b for b in document.blocks if isinstance(b, Contents)]
    assert len(contents.entries) == 7 + 19 + 4  # introduction, overview, chapters, sections, annexes and contents.entries[2].anchor == "section-1-1"
    assert document.meta.author.startswith("China Society for Human Rights Studies")


def test_user_template_overrides_one_file_and_the_rest_fall_back(report, tmp_path):
    (tmp_path / "indicator.j2").write_text(
        '<p class="indicator" id="indicator-{{ indicator.number }}">Objective {{ indicator.number }}'
        " — {{ indicator.title }}</p>\n", encoding="utf-8")
    document = compose(report, tmp_path)
    texts = [plain(b.inlines) for b in document.blocks if isinstance(b, Paragraph)]
    assert "Objective 5 — Strengthening safety in production" in texts
    assert not any(t.startswith("Indicator 5:") for t in texts)
    assert any(isinstance(b, Heading) and plain(b.inlines) == "(1) Right to work" for b in document.blocks)


def test_user_template_extends_a_builtin_and_changes_one_block(report, tmp_path):
    (tmp_path / "report.j2").write_text(
        '{% extends "builtin/report.j2" %}{% block introduction %}'
        "<h1>Foreword</h1><p>Our own words &amp; {{ report.chapters | length }} chapters.</p>"
        "{% endblock %}", encoding="utf-8")
    document = compose(report, tmp_path)
    texts = [plain(b.inlines) for b in document.blocks if isinstance(b, (Heading, Paragraph))]
    assert "Foreword" in texts and "Our own words & 5 chapters." in texts
    assert "Introduction" not in texts and "I. Economic, Social and Cultural Rights" in texts


def test_undefined_variable_names_template_and_line(report, tmp_path):
    (tmp_path / "section.j2").write_text("<h2>{{ section.title }}</h2>\n<p>{{ section.budget }}</p>\n",
                                         encoding="utf-8")
    with pytest.raises(InputError) as caught:
        compose(report, tmp_path)
    assert caught.value.path == str(tmp_path / "section.j2") and caught.value.line == 2
    assert "budget" in str(caught.value)


def test_template_syntax_error_names_template_and_line(report, tmp_path):
    (tmp_path / "cover.j2").write_text("<p>ok</p>\n{% if %}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        compose(report, tmp_path)
    assert caught.value.path == str(tmp_path / "cover.j2") and caught.value.line == 2


def test_templates_run_sandboxed(report, tmp_path):
    (tmp_path / "cover.j2").write_text("<p>{{ meta.__class__.__mro__ }}</p>", encoding="utf-8")
    with pytest.raises(InputError, match="template error"):
        compose(report, tmp_path)


def test_roman():
    assert [roman(n) for n in (1, 4, 5, 9, 14, 40, 1999)] == ["I", "IV", "V", "IX", "XIV", "XL", "MCMXCIX"]


def test_counts_in_prose_come_from_the_data(report, tmp_path):
    document = compose(report, None)
    paragraphs = [plain(b.inlines) for b in document.blocks if isinstance(b, Paragraph)]
    # As in the source, only chapter IV (meta.chapter_counts) opens with its count.
    assert report.meta.chapter_counts == [4]
    assert [p for p in paragraphs if p.startswith("There are a total of")] == [
        "There are a total of seven indicators under human rights education and research. From 2016 to 2020, "
        + report.chapters[3].overview[0].removeprefix("From 2016 to 2020, ")]
    counts = report.rollup_counts()
    assert any(f"Eighty-one ({100 * counts['achieved'] / 168:.1f}%) were assessed as achieved" in p
               for p in paragraphs) and counts["achieved"] == 81
    assert any(p.startswith("The figures in this overview are computed from the assessment data.")
               for p in paragraphs)


@pytest.mark.parametrize("counted", [[], [1, 4]])
def test_chapter_counts_choose_the_chapters_that_state_their_count(report, counted):
    meta = report.meta.model_copy(update={"chapter_counts": counted})
    document = compose(report.model_copy(update={"meta": meta}), None)
    paragraphs = [plain(b.inlines) for b in document.blocks if isinstance(b, Paragraph)]
    starts = [p.split(" under ")[0] for p in paragraphs if p.startswith("There are a total")]
    wanted = {1: "There are a total of fifty-eight indicators", 4: "There are a total of seven indicators"}
    assert starts == [wanted[n] for n in counted]


def test_removing_a_table_call_from_a_copied_template_removes_the_table(report, tmp_path):
    from hrap_report.document.blocks import Table
    from hrap_report.resources import TEMPLATES

    copied = (TEMPLATES / "overview.j2").read_text(encoding="utf-8")
    assert '{{ table("status_by_chapter") }}' in copied
    (tmp_path / "overview.j2").write_text(copied.replace('{{ table("status_by_chapter") }}', ""),
                                          encoding="utf-8")
    captions = [plain(b.caption.text) for b in compose(report, tmp_path).blocks
                if isinstance(b, Table)]
    assert "Indicators by chapter and status" not in captions and "Index of indicators" in captions
    assert "Indicators by chapter and status" in [plain(b.caption.text) for b in compose(report, None).blocks
                                                  if isinstance(b, Table)]
