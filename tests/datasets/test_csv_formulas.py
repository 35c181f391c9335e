"""CSV export hands no formula to a spreadsheet: a text that one would run is written
after an apostrophe, which reading takes off again, so a round trip stays exact."""
from __future__ import annotations

import csv

import pytest

from conftest import REPO, run_cli
from hrap_report.datasets.csv_folder import read_csv_folder, write_csv_folder
from hrap_report.datasets.yaml_folder import save_report
from hrap_report.model.localized import LocalText
from hrap_report.model.report import Report
from hrap_report.validation.checks import load_report

#: texts as written in the data, and as their cell must hold them on disk
TEXTS = {
    "=SUM(A1)": "'=SUM(A1)",
    "+1": "'+1",
    "-x": "'-x",
    "@me": "'@me",
    "\tTab": "'\tTab",
    "'=quoted": "''=quoted",
    "''two apostrophes": "'''two apostrophes",
    "'s-Hertogenbosch": "'s-Hertogenbosch",  # an apostrophe before a letter is the text's own
    "'": "'",
    "plain = text": "plain = text",
}
TITLE = LocalText("=HYPERLINK(\"http://example.org\")", {"en": "=HYPERLINK(\"http://example.org\")",
                                                       "zh": "-负五"})


def _rows(path) -> list[list[str]]:
    """A CSV file's rows exactly as on disk: no apostrophe taken off."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Report, object]:
    """The built-in dataset with formula-like texts in findings, a title and its
    translation, a unit and a responsible body, and a negative number; saved as YAML and
    read back from there."""
    report = load_report(REPO / "data")
    chapter = report.chapters[0]
    section = chapter.sections[0]
    first = section.indicators[0]
    metric = first.metrics[0]
    changed = first.model_copy(update={
        "title": TITLE,
        "findings": list(TEXTS),
        "responsible": ["@me", "'s-Hertogenbosch"],
        "metrics": [metric.model_copy(update={
            "unit": "-",
            "target": metric.target.model_copy(update={"value": -5.0}),
        })],
    })
    section = section.model_copy(update={"indicators": [changed, *section.indicators[1:]]})
    chapter = chapter.model_copy(update={"sections": [section, *chapter.sections[1:]]})
    report = report.model_copy(update={"chapters": [chapter, *report.chapters[1:]]})
    folder = tmp_path_factory.mktemp("hostile") / "data"
    save_report(report, folder)
    return load_report(folder), folder


def test_the_texts_survive_yaml_as_they_are(hostile):
    report, _ = hostile
    first = report.chapters[0].sections[0].indicators[0]
    assert first.findings == list(TEXTS) and first.title.translations["zh"] == "-负五"


def test_a_csv_export_round_trips_exactly(hostile, tmp_path):
    report, folder = hostile
    target = tmp_path / "csv"
    run_cli("export", "--data", str(folder), "--to", "csv", str(target))
    again = load_report(target)
    assert again.model_dump(mode="json") == report.model_dump(mode="json")
    first = again.chapters[0].sections[0].indicators[0]
    assert first.findings == list(TEXTS)
    assert first.responsible == ["@me", "'s-Hertogenbosch"]
    assert first.title == TITLE and first.title.translations == TITLE.translations
    assert first.metrics[0].unit == "-" and first.metrics[0].target.value == -5.0
    validate = run_cli("validate", "--data", str(target))
    assert "valid, 5 chapters, 168 indicators" in validate.stdout


def test_the_cells_on_disk_are_marked_as_text(hostile, tmp_path):
    report, _ = hostile
    write_csv_folder(report, tmp_path)
    findings = [row[1] for row in _rows(tmp_path / "findings.csv")[1:] if row[0] == "1"]
    assert findings == list(TEXTS.values())
    responsible = [row[1] for row in _rows(tmp_path / "responsible.csv")[1:] if row[0] == "1"]
    assert responsible == ["'@me", "'s-Hertogenbosch"]
    [title] = [row for row in _rows(tmp_path / "indicators.csv")[1:] if row[0] == "1"]
    assert title[3] == "'" + TITLE
    translations = _rows(tmp_path / "translations.csv")
    [translation] = [row for row in translations[1:] if row[:3] == ["indicators", "1", "title"]]
    assert translation[3:] == ["'" + TITLE, "'-负五"]
    metrics = _rows(tmp_path / "metrics.csv")
    [metric] = [dict(zip(metrics[0], row)) for row in metrics[1:] if row[0] == "1"]
    assert metric["unit"] == "'-"
    assert metric["target_value"] == "-5"  # a number is no formula to a spreadsheet: left as it is
    assert not any(cell.startswith("'") for row in _rows(tmp_path / "chapters.csv") for cell in row)


def test_a_carriage_return_first_is_marked_too(hostile, tmp_path):
    """Not in a report (no font draws it), but in a cell all the same: written marked,
    read back unmarked."""
    report, _ = hostile
    chapter = report.chapters[0]
    chapter = chapter.model_copy(update={"overview": ["\rCarriage return", *chapter.overview[1:]]})
    write_csv_folder(report.model_copy(update={"chapters": [chapter, *report.chapters[1:]]}), tmp_path)
    assert _rows(tmp_path / "chapter_texts.csv")[1][2] == "'\rCarriage return"
    assert read_csv_folder(tmp_path).chapters[0].value["overview"][0] == "\rCarriage return"


def test_the_reader_takes_off_only_the_mark(tmp_path):
    """Cells written by hand: an apostrophe before anything but a formula's first
    character or another apostrophe is the text's own."""
    cells = {"'=SUM(B2)": "=SUM(B2)", "'s-Hertogenbosch": "'s-Hertogenbosch", "''x": "'x", "'x": "'x",
             "-y": "-y", "'": "'"}
    write_csv_folder(load_report(REPO / "data"), tmp_path)
    path = tmp_path / "findings.csv"
    rows = _rows(path)
    rows = [rows[0], *(["1", cell] for cell in cells), *(row for row in rows[1:] if row[0] != "1")]
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(rows)
    translations = tmp_path / "translations.csv"  # the findings replaced have none
    rows = [row for row in _rows(translations) if not (row[0] == "findings" and row[1].startswith("1/"))]
    with translations.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(rows)
    raw = read_csv_folder(tmp_path)
    assert raw.chapters[0].value["sections"][0]["indicators"][0]["findings"] == list(cells.values())
