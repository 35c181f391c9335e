"""A publisher's reading of the built reports: each text once in a bilingual layout, the
tool's own sentences only where the source had them, house style, and the cover imprint."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from conftest import REPO, SEED, needs_poppler, pdftotext
from hrap_report.pipeline.build import BuildOptions, run
from hrap_report.validation.checks import load_report

pytestmark = needs_poppler
REPORT = load_report(REPO / "data")


def _build(out, **options) -> dict[str, Path]:
    return {w.path.suffix[1:]: w.path for w in run(BuildOptions(out=out, **options))}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    """The English report of the built-in data, given a publication date."""
    data = tmp_path_factory.mktemp("dated") / "data"
    shutil.copytree(REPO / "data", data)
    report = data / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  plan: 2016-2020\n",
                                                                 "  plan: 2016-2020\n  date: 2021-09-29\n"),
                      encoding="utf-8")
    return _build(tmp_path_factory.mktemp("en"), data=data, language="en")


@pytest.fixture(scope="module", params=["parallel", "side-by-side"])
def bilingual(request, tmp_path_factory):
    return _build(tmp_path_factory.mktemp("bi"), language="en+zh", bilingual=request.param)


def _body(pdf) -> str:
    """The text after the contents and the lists of tables and figures (pages 1-4)."""
    return _flat(" ".join(pdftotext(pdf).split("\f")[4:]))


def test_each_chapters_opening_once_in_a_bilingual_report(bilingual):
    body = _body(bilingual["pdf"])
    for chapter in REPORT.chapters:
        opening = chapter.overview[0].split(". ")[0]
        assert body.count(opening) == 1, (chapter.number, opening)
    assert body.count("本章共有7项指标。") == 1


def test_tables_and_charts_once_with_both_languages_words(bilingual):
    body = _body(bilingual["pdf"])
    for caption in ("Table 1. Indicators by chapter and status / 各章指标实施状态",
                    "Figure 1. Status of indicators by chapter / 各章指标实施状态",
                    "Figure 2. Share of quantitative targets reached / 量化目标完成比例"):
        assert body.count(caption) == 1, caption
    # no second, Chinese-only copy of a table or chart: no Chinese caption ("表4 …") of its own
    assert not re.search(r"(?<![\u4e00-\u9fff])[表图]\d+\s", body)
    document = docx.Document(str(bilingual["docx"]))
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == 10 and captions[0] == "Table 1. Indicators by chapter and status / 各章指标实施状态"
    heads = [[c.text for c in t.rows[0].cells][:2] for t in document.tables]
    assert heads.count(["Chapter / 章", "Indicators / 指标数"]) == 1


def test_count_sentences_only_where_the_source_has_them(english):
    text = _flat(pdftotext(english["pdf"]))
    assert text.count("There are a total of") == 1 == _flat(SEED.read_text(encoding="utf-8")).count(
        "There are a total of")
    assert "There are a total of seven indicators under human rights education and research. From 2016" in text
    assert "The figures in this overview are computed from the assessment data. The plan set 168" in text


def test_overview_states_it_is_computed_in_both_languages(tmp_path):
    text = _flat(pdftotext(_build(tmp_path, language="zh", formats=("pdf",))["pdf"]))
    assert "本概述中的数字均根据评估数据计算得出。" in text and text.count("本章共有") == 1


def test_no_sentence_of_the_tools_own_begins_with_a_digit(english):
    seed = _flat(re.sub(r"\[bookmark: [^\]]*\]", " ", SEED.read_text(encoding="utf-8")))
    sentences = [s.rstrip("”") for p in docx.Document(str(english["docx"])).paragraphs  # a quote's last
                 for s in re.split(r"(?<=[.!?])\s+", _flat(p.text))]                   # sentence, as written
    assert "Eighty-one (48.2%) were assessed as achieved." in sentences
    assert [s for s in sentences if s[:1].isdigit() and s not in seed] == []


def test_no_caption_begins_with_a_chapter_numeral(english):
    captions = [p.text for p in docx.Document(str(english["docx"])).paragraphs if p.style.name == "Caption"]
    assert "Table 2. Sections of chapter I (Economic, Social and Cultural Rights) by status" in captions
    assert [c for c in captions if re.match(r"(Table|Figure) \d+\. [IVXLC]+\. ", c)] == []


def test_the_cover_names_place_publisher_and_date(english, bilingual):
    cover = _flat(pdftotext(english["pdf"], "-l", "1"))
    assert "Beijing · China Society for Human Rights Studies · September 2021" in cover
    cover = _flat(pdftotext(bilingual["pdf"], "-l", "1"))
    assert "Beijing · China Society for Human Rights Studies" in cover and "北京" in cover
    assert "本报告中文版为本项目根据英文本所作的译文" in cover  # the cover still holds the translation note: one page
