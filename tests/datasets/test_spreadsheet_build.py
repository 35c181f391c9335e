"""Workbooks and CSV folders through the command line: export, edit, build; and a
workbook full of mistakes, every one reported at its cell."""
from __future__ import annotations

import openpyxl
import pytest

from conftest import REPO, pdftotext, run_cli


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exported")
    run_cli("export", "--to", "xlsx", str(folder / "book.xlsx"))
    run_cli("export", "--to", "csv", str(folder / "csv"))
    return folder


def _row(worksheet, **match) -> int:
    """The Excel row number of the first data row whose cells match."""
    header = [c.value for c in worksheet[1]]
    for row in worksheet.iter_rows(min_row=2):
        if all(row[header.index(k)].value == v for k, v in match.items()):
            return row[0].row
    raise LookupError(match)


def _cell(sheet, column: str, row: int):
    header = [c.value for c in sheet[1]]
    return sheet.cell(row=row, column=header.index(column) + 1)


def _key(sheet, row: int) -> str:
    """A metric's key in the translations sheet ("5/1": indicator 5, its first metric)."""
    header = [c.value for c in sheet[1]]
    values = [c.value for c in sheet[row]]
    indicator = values[header.index("indicator")]
    rows = [r for r in range(2, row + 1) if sheet.cell(row=r, column=header.index("indicator") + 1).value == indicator]
    return f"{indicator}/{len(rows)}"


def test_built_from_a_workbook_or_csv_the_report_text_is_the_same(exported, tmp_path):
    texts = {}
    for name, data in (("yaml", REPO / "data"), ("xlsx", exported / "book.xlsx"), ("csv", exported / "csv")):
        run_cli("build", "--data", str(data), "--format", "pdf", "--out", str(tmp_path / name))
        texts[name] = pdftotext(tmp_path / name / "evaluation-report-2016-2020-en.pdf")
    assert "Indicator 168:" in texts["yaml"]
    assert texts["xlsx"] == texts["yaml"] and texts["csv"] == texts["yaml"]


def test_an_edit_in_the_workbook_shows_in_the_report(exported, tmp_path):
    book = tmp_path / "book.xlsx"
    workbook = openpyxl.load_workbook(exported / "book.xlsx")
    sheet = workbook["indicators"]
    _cell(sheet, "target", _row(sheet, number=5)).value = "Edited in Excel: 7 million & <more> *jobs*."
    workbook.save(book)
    run_cli("build", "--data", str(book), "--format", "pdf,docx", "--out", str(tmp_path / "out"))
    text = pdftotext(tmp_path / "out" / "evaluation-report-2016-2020-en.pdf")
    assert "Indicator 5: Edited in Excel: 7 million & <more> *jobs*." in " ".join(text.split())


def test_ten_mistakes_in_a_workbook_give_ten_located_messages(exported, tmp_path):
    book = tmp_path / "book.xlsx"
    workbook = openpyxl.load_workbook(exported / "book.xlsx")
    indicators, metrics, findings = workbook["indicators"], workbook["metrics"], workbook["findings"]
    places = {}

    translations = workbook["translations"]

    def plant(name, sheet, column, row, value):
        cell = _cell(sheet, column, row)
        cell.value = value
        places[name] = f"{book}:{sheet.title}!{cell.coordinate}"

    def untranslated(sheet, key, field):
        """Drop the translations of a text (emptied or deleted: they would be a mistake of their own)."""
        for n in reversed(range(2, translations.max_row + 1)):
            row = [c.value for c in translations[n][:3]]
            if row[0] == sheet and (row[1] == key or row[1].startswith(key + "/")) and row[2] == field:
                translations.delete_rows(n)

    plant("unknown status", indicators, "status", _row(indicators, number=10), "done")
    plant("not a number", metrics, "target_value", 2, "50 million")
    plant("no unit", metrics, "unit", 3, None)
    untranslated("metrics", _key(metrics, 3), "unit")
    plant("empty label", metrics, "label", 4, None)
    untranslated("metrics", _key(metrics, 4), "label")
    plant("not yes or no", indicators, "binding", _row(indicators, number=30), "maybe")
    outcomes = workbook["outcomes"]
    plant("outcome not a number", outcomes, "value", 2, "n/a")
    plant("no Chinese", translations, "zh", _row(translations, **{"sheet": "sections", "key": "1.1"}), "Right to work")
    sections = workbook["sections"]
    sections.append([9, 1, "A section of no chapter"])
    places["section with no chapter"] = f"{book}:sections!A{sections.max_row}"
    first = _row(findings, indicator=168)
    findings.delete_rows(first, findings.max_row - first + 1)  # the last indicator's findings
    untranslated("findings", "168", "text")
    findings.append([999, "A finding of no indicator"])
    places["finding of no indicator"] = f"{book}:findings!A{findings.max_row}"
    places["no findings"] = f"{book}:indicators!A{_row(indicators, number=168)}"
    workbook.save(book)

    out = tmp_path / "out"
    result = run_cli("build", "--data", str(book), "--out", str(out), check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "hrap-report: error: 7 errors in the data; nothing was written", "\n".join(lines)
    messages = lines[:-1]
    assert len(messages) == len(places) == 10, "\n".join(messages)
    for name, place in places.items():
        assert sum(line.startswith(f"{place}: ") for line in messages) == 1, (name, place, "\n".join(messages))
    assert not out.exists()
    validate = run_cli("validate", "--data", str(book), check=False)
    assert validate.returncode == 2 and validate.stderr.strip().splitlines() == messages


def test_export_refuses_to_replace_what_it_did_not_write(exported, tmp_path):
    again = run_cli("export", "--to", "xlsx", str(exported / "book.xlsx"), check=False)
    assert again.returncode == 2 and "--force" in again.stderr
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    forced = run_cli("export", "--to", "csv", str(folder), "--force", check=False)
    assert forced.returncode == 2 and "notes.txt" in forced.stderr
    assert (folder / "notes.txt").read_text() == "keep me"
