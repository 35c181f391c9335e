"""The default report in Chinese and in both languages, read back from the files."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document as read_docx
from docx.oxml.ns import qn

from conftest import (
    REPO,
    missing_glyphs,
    needs_poppler,
    needs_soffice,
    pdftotext,
    run_cli,
    soffice_to_pdf,
    struct_elements,
)

CHAPTERS = [yaml.safe_load((REPO / "data" / f"chapter-{n}.yaml").read_text(encoding="utf-8"))["title"]
            for n in range(1, 6)]
BUILDS = {"zh": ["--lang", "zh"], "en+zh": ["--lang", "en+zh"],
          "en+zh-side-by-side": ["--lang", "en+zh", "--bilingual", "side-by-side"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, object]]:
    out = tmp_path_factory.mktemp("languages")
    for args in BUILDS.values():
        run_cli("build", *args, "--out", str(out))
    return {name: {fmt: out / f"evaluation-report-2016-2020-{name}.{fmt}" for fmt in ("pdf", "docx")}
            for name in BUILDS}


@needs_poppler
@pytest.mark.parametrize("name", BUILDS)
def test_pdf_has_the_chinese_titles_with_every_glyph_embedded(built, name):
    pdf = built[name]["pdf"]
    text = pdftotext(pdf)
    assert "经济、社会和文化权利" in text
    for title in CHAPTERS:
        assert title["zh"] in text.replace("\n", "")
        if name != "zh":
            assert title["en"] in text.replace("\n", " ")
    assert "指标1：" in text and "（一）工作权利" in text and "一、经济、社会和文化权利" in text
    assert "页，共" not in text and "Page 2 of" not in text  # the theme's plain folio
    assert missing_glyphs(pdf) == {}
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes " in row for row in rows), fonts  # embedded, subset
    assert any("CJK" in row for row in rows)


def test_the_chinese_report_uses_chinese_labels_and_marks_the_translation(built):
    text = pdftotext(built["zh"]["pdf"]).replace("\n", "")  # Chinese lines break anywhere: read them joined
    for word in ("目录", "表格目录", "附件1", "量化目标", "合计", "序号", "已实现", "项目根据英文本所作的译文"):
        assert word in text, word
    assert "Contents" not in text and "Indicator 1:" not in text


def test_missing_glyph_check_sees_a_box(tmp_path):
    """The check above can fail: a Latin font asked to draw hanzi gives .notdef boxes."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("latin-only", str(REPO / "assets" / "fonts" / "LiberationSerif-Regular.ttf")))
    canvas = Canvas(str(tmp_path / "boxes.pdf"), initialFontName="latin-only")
    canvas.drawString(72, 720, "Rights 权利")
    canvas.save()
    assert list(missing_glyphs(tmp_path / "boxes.pdf").values()) == [["Rights \x00\x00"]]


@pytest.mark.parametrize("name", BUILDS)
def test_docx_styles_name_a_chinese_font_and_the_text_is_there(built, name):
    document = read_docx(built[name]["docx"])
    text = "".join(document.element.body.itertext())  # paragraphs and table cells
    assert "一、经济、社会和文化权利" in text and "指标1：" in text
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "SimSun"
    if name.endswith("side-by-side"):
        assert any(len(t.columns) == 2 and "指标1：" in t.cell(r, 1).text
                   for t in document.tables for r in range(len(t.rows)))


@needs_soffice
@needs_poppler
@pytest.mark.parametrize("name", ["zh", "en+zh-side-by-side"])
def test_libreoffice_keeps_the_chinese_text(built, name, tmp_path):
    # LibreOffice sets a space between hanzi and Latin letters or digits: compare without spaces
    text = pdftotext(soffice_to_pdf(built[name]["docx"], tmp_path)).replace("\n", "").replace(" ", "")
    for title in CHAPTERS:
        assert title["zh"] in text
    assert "指标168：" in text


UNTRANSLATED = "    - en: The urban registered unemployment rate"


def with_a_gap(tmp_path) -> Path:
    """The built-in data with the Chinese of indicator 1's first finding taken out."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    chapter = data / "chapter-1.yaml"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith(UNTRANSLATED))
    assert lines[at + 1].startswith("      zh: ")
    chapter.write_text("\n".join(lines[:at + 1] + lines[at + 2:]) + "\n", encoding="utf-8")
    return data


def test_validate_reports_coverage_per_chapter_and_strict_fails_on_a_gap(tmp_path):
    result = run_cli("validate", "--lang", "zh")
    lines = result.stdout.splitlines()
    assert [line.split()[-1] for line in lines if line.startswith("  ")] == ["100.0%"] * 8, result.stdout
    assert run_cli("validate", "--lang", "zh", "--strict").returncode == 0
    data = with_a_gap(tmp_path)
    gapped = run_cli("validate", "--data", str(data), "--lang", "zh", check=False).stdout
    assert any(line.split()[:2] == ["chapter", "1"] and "516 of 517" in line for line in gapped.splitlines())
    strict = run_cli("validate", "--data", str(data), "--lang", "zh", "--strict", check=False)
    assert strict.returncode == 1 and "no zh translation" in strict.stderr
    assert run_cli("validate", "--data", str(data), "--lang", "en", "--strict").returncode == 0
    out = tmp_path / "out"
    build = run_cli("build", "--data", str(data), "--lang", "zh", "--strict", "--out", str(out), check=False)
    assert build.returncode == 2 and "chapter-1.yaml:" in build.stderr and "(--strict)" in build.stderr
    assert not out.exists()


def test_mark_fallbacks_highlights_untranslated_text(tmp_path):
    run_cli("build", "--data", str(with_a_gap(tmp_path)), "--lang", "zh", "--mark-fallbacks", "--format", "docx",
            "--out", str(tmp_path))
    document = read_docx(tmp_path / "evaluation-report-2016-2020-zh.docx")
    marked = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert any("urban registered unemployment rate" in t for t in marked)
    assert not any("实现更加充分" in t for t in marked)


def test_unknown_language_is_a_one_line_error(tmp_path):
    result = run_cli("build", "--lang", "xx", "--out", str(tmp_path), check=False)
    assert result.returncode == 2 and "no label catalog for language 'xx'" in result.stderr
    result = run_cli("build", "--lang", "en+zh+fr", "--out", str(tmp_path), check=False)
    assert result.returncode == 2 and "--lang" in result.stderr


@needs_poppler
@pytest.mark.parametrize("language", ["fr", "es", "ru"])
def test_a_un_language_builds_with_its_catalog_and_marks_the_data_it_lacks(tmp_path, language):
    """`--lang fr|es|ru`: both formats, the catalog's words (the contents' title, the
    captions) in the PDF and the DOCX, the data's texts in English where it has no
    translation, each named as such (`w:lang`) in the DOCX."""
    labels = yaml.safe_load((REPO / "templates" / "labels" / f"{language}.yaml").read_text(encoding="utf-8"))
    run_cli("build", "--lang", language, "--quiet", "--out", str(tmp_path))
    pdf, docx_file = (tmp_path / f"evaluation-report-2016-2020-{language}.{fmt}" for fmt in ("pdf", "docx"))
    text = " ".join(pdftotext(pdf).split())
    caption = labels["caption"].format(label=labels["table"], number=1).strip()
    for words in (labels["contents"], caption, labels["annex_index"]):
        assert " ".join(words.split()) in text, words  # a no-break space as any space
    assert "Indicator 1:" not in text and "Ensuring a fuller rate of employment" in text  # the data, in English
    assert missing_glyphs(pdf) == {}
    document = read_docx(str(docx_file))
    paragraphs = [p.text for p in document.paragraphs]
    assert labels["contents"] in paragraphs and document.core_properties.language.startswith(language)
    english = [r for p in document.paragraphs for r in p.runs if r.text.startswith("Ensuring a fuller rate")]
    assert english and all(r._r.rPr.find(qn("w:lang")).get(qn("w:val")).startswith("en") for r in english)


def test_a_catalog_the_pdf_fonts_cannot_draw_stops_the_build_before_any_file(tmp_path):
    """The Arabic catalog with a theme of no Arabic font (a project's theme without the
    fallback fonts): one line naming the character, exit 2, and no file written (not the
    DOCX then a failing PDF); the DOCX alone builds."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "hrap.toml").write_text("[theme.fonts.body]\nfallback = []\n[theme.fonts.heading]\nfallback = []\n")
    result = run_cli("build", "--lang", "ar", "--out", str(tmp_path / "both"), cwd=project, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "ARABIC LETTER" in line and "in none of the theme's fonts" in line
    assert not (tmp_path / "both").exists()
    run_cli("build", "--lang", "ar", "--format", "docx", "--quiet", "--out", str(tmp_path / "docx"), cwd=project)
    assert [p.suffix for p in (tmp_path / "docx").iterdir()] == [".docx"]


@needs_poppler
def test_bilingual_pairs_beyond_english_first(tmp_path):
    """`--lang zh+en` puts Chinese first, each passage in its language; `fr+ru` pairs
    two of the UN catalogs by the same transform."""
    import pikepdf

    run_cli("build", "--lang", "zh+en", "--quiet", "--out", str(tmp_path))
    pdf = tmp_path / "evaluation-report-2016-2020-zh+en.pdf"
    text = pdftotext(pdf)
    assert text.index("实施评估报告") < text.index("Evaluation Report") and "目录 / Contents" in text
    with pikepdf.open(pdf) as opened:
        assert str(opened.Root.Lang) == "zh-CN"
        assert {str(e.get("/Lang")) for e in struct_elements(opened.Root.StructTreeRoot) if "/Lang" in e} == {"en-GB"}
    assert read_docx(str(tmp_path / "evaluation-report-2016-2020-zh+en.docx")).core_properties.language == "zh-CN"
    run_cli("build", "--lang", "fr+ru", "--format", "docx", "--quiet", "--out", str(tmp_path))
    paragraphs = [p.text for p in read_docx(str(tmp_path / "evaluation-report-2016-2020-fr+ru.docx")).paragraphs]
    assert "Table des matières / Содержание" in paragraphs

