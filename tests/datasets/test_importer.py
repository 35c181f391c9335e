"""The importer on the seed text and on small texts with its known artefacts."""
from __future__ import annotations

import yaml

from conftest import REPO, SEED, run_cli
from hrap_report.datasets.plaintext import import_text, short_title, split_shortfall
from hrap_report.datasets.plan_files import load_plan
from hrap_report.validation.checks import load_report

# Keys of data/report.yaml's meta that were entered by hand (see data/README.md).
HAND_ENTERED_META = {"short_title", "subtitle", "authors", "keywords", "translation_notes", "publisher", "place",
                     "chapter_counts"}
# The evaluators' assessment of each indicator, added to the imported text by hand.
ASSESSMENT = {"status", "basis", "binding", "kind", "horizon", "metrics", "shortfall", "sources", "responsible"}


def imported_part(chapter: dict) -> dict:
    """A chapter file without the assessment fields the importer does not write."""
    def text_only(indicators):
        return [{k: v for k, v in i.items() if k not in ASSESSMENT} for i in indicators]
    out = {k: v for k, v in chapter.items() if k != "short_title"}  # a running head, by hand
    out["indicators"] = text_only(chapter.get("indicators", []))
    out["sections"] = [dict(s, indicators=text_only(s["indicators"])) for s in chapter.get("sections", [])]
    return out


def in_english(value):
    """Data with every translated text (`{en: …, zh: …}`) replaced by its English."""
    if isinstance(value, dict):
        return value["en"] if "en" in value and "zh" in value else {k: in_english(v) for k, v in value.items()}
    if isinstance(value, list):
        return [in_english(v) for v in value]
    return value


def test_reimporting_the_seed_gives_the_checked_in_data(tmp_path):
    out = tmp_path / "data"
    result = run_cli("import", str(SEED), "--out", str(out))
    assert "restored section heading 1.(5) Right to health" in result.stdout
    shipped = sorted(p.name for p in (REPO / "data").glob("*.yaml"))
    assert sorted(p.name for p in out.glob("*.yaml")) == shipped
    for name in shipped:
        fresh = in_english(yaml.safe_load((out / name).read_text(encoding="utf-8")))
        checked_in = in_english(yaml.safe_load((REPO / "data" / name).read_text(encoding="utf-8")))
        if name == "report.yaml":
            for meta in (fresh["meta"], checked_in["meta"]):
                for key in HAND_ENTERED_META:
                    meta.pop(key, None)
        elif name.startswith("chapter-"):
            fresh, checked_in = imported_part(fresh), imported_part(checked_in)
        assert fresh == checked_in, name


def test_seed_structure_bookmarks_and_lost_headings():
    result = import_text(SEED, load_plan("2016-2020"))
    report = result.report
    assert [c.number for c in report.chapters] == [1, 2, 3, 4, 5]
    assert [len(c.sections) for c in report.chapters] == [8, 6, 5, 0, 0]
    assert [i.number for i in report.all_indicators()] == list(range(1, 169))
    assert result.restored == [
        "1.(5) Right to health", "1.(6) Right to education", "3.(2) Rights of women",
        "3.(3) Rights of children", "3.(4) Rights of the elderly",
    ]
    health = report.chapters[0].sections[4]
    assert (health.title, [i.number for i in health.indicators]) == ("Right to health", [30, 31, 32, 33, 34])
    dumped = report.model_dump_json()
    assert "[bookmark" not in dumped and "_Toc" not in dumped
    # Indicator 65 is written with a full-width colon; 30, 35, 117, 124, 134 with a leading space.
    by_number = {i.number: i for i in report.all_indicators()}
    assert by_number[65].target.startswith("The public security organs")
    assert by_number[30].target.startswith("Promoting equal access to basic public health services")
    # Findings after the last indicator of chapter I are not lost to chapter II.
    assert by_number[58].findings and by_number[168].findings[-1].startswith("Representatives of")


def test_chapter_overview_and_shortfall_are_separate():
    report = import_text(SEED, load_plan("2016-2020")).report
    chapter = report.chapters[0]
    assert chapter.overview[0].startswith("From 2016 to 2020")
    assert chapter.shortfall[0].startswith("At the same time, there is still room")
    assert all(c.shortfall for c in report.chapters)
    assert split_shortfall("No shortfall here.") == ("No shortfall here.", "")


def test_short_titles():
    assert short_title("Strengthening safety in production. By 2020 the death toll") == \
        "Strengthening safety in production"
    long = "Improving " + "very " * 40 + "long things."
    title = short_title(long)
    assert title.endswith("…") and len(title) <= 101 and " very…" not in title[-3:]


def test_small_text_with_artefacts(tmp_path):
    text = tmp_path / "report.txt"
    text.write_text(
        " Introduction\n\nIntro paragraph.\n\n"
        "I. [bookmark: _Toc1]Economic, Social and Cultural Rights\n\n"
        "[bookmark: _Toc2]From 2016 to 2020, much was done. At the same time, more is needed.\n\n"
        "(1) Right to work\n\nIndicator 1: Jobs. Many jobs.\n\nFinding one.\n"
        " Indicator 30：Health for all.\n\nFinding two.\n",
        encoding="utf-8",
    )
    report = import_text(text, load_plan("2016-2020")).report
    (chapter,) = report.chapters
    assert report.introduction.paragraphs == ["Intro paragraph."]
    assert [s.title for s in chapter.sections] == ["Right to work", "Right to health"]
    assert chapter.sections[1].indicators[0].target == "Health for all."


def test_import_errors_are_located(tmp_path):
    text = tmp_path / "bad.txt"
    text.write_text("I. Economic\n\nIndicator 500: Not in the plan.\n", encoding="utf-8")
    result = run_cli("import", str(text), "--out", str(tmp_path / "d"), check=False)
    assert result.returncode == 2
    assert result.stderr.strip() == f"hrap-report: error: {text}:3: indicator 500 is not in plan 2016-2020"
    assert not (tmp_path / "d").exists()


def test_import_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_cli("import", str(SEED), "--out", str(out), check=False)
    assert result.returncode == 2 and "--force" in result.stderr
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"
    run_cli("import", str(SEED), "--out", str(out), "--force")
    assert not (out / "keep.txt").exists()
    assert load_report(out).indicator_count == 168
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # no temporary folders left
