"""Workbook and CSV datasets: exact round trips, the workbook's aids, mistakes by cell."""
from __future__ import annotations

import datetime
import zipfile

import openpyxl
import pytest

from conftest import REPO
from hrap_report.datasets.csv_folder import read_csv_folder, write_csv_folder
from hrap_report.datasets.workbook import read_workbook, write_workbook
from hrap_report.datasets.yaml_folder import load_scale, read_yaml_dataset
from hrap_report.errors import InputError, Problems
from hrap_report.model.report import Report
from hrap_report.pipeline.export import export_dataset
from hrap_report.validation.checks import check, load_report


@pytest.fixture(scope="module")
def builtin() -> Report:
    return load_report(REPO / "data")


@pytest.fixture(scope="module")
def builtin_xlsx(builtin, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "data.xlsx"
    write_workbook(builtin, path)
    return path


def _write(report: Report, fmt: str, folder):
    if fmt == "xlsx":
        write_workbook(report, folder / "data.xlsx")
        return folder / "data.xlsx"
    write_csv_folder(report, folder / "data")
    return folder / "data"


def _dump(report: Report) -> dict:
    return report.model_dump(mode="json")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_builtin_dataset_round_trips(builtin, fmt, tmp_path):
    again = load_report(_write(builtin, fmt, tmp_path))
    assert _dump(again) == _dump(builtin)
    assert again.chapters[0].title.translations["zh"] == "经济、社会和文化权利"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_raw_values_have_the_yaml_shape(builtin, fmt, tmp_path):
    """The chapters read from tables are the very values the YAML files give."""
    raw = (read_workbook if fmt == "xlsx" else read_csv_folder)(_write(builtin, fmt, tmp_path))
    yaml = read_yaml_dataset(REPO / "data")
    assert [c.value for c in raw.chapters] == [c.value for c in yaml.chapters]
    assert raw.scale.value == yaml.scale.value
    assert raw.head.value["introduction"] == yaml.head.value["introduction"]
    number = raw.chapters[0].value["sections"][0]["indicators"][0]["number"]
    assert type(number) is int


def _rich(language: str) -> Report:
    """A small report using every optional field, in `language` with texts in both."""
    other = "en" if language == "zh" else "zh"

    def t(en: str, zh: str) -> str | dict:  # a text in the dataset language, translated
        return {language: zh if language == "zh" else en, other: en if language == "zh" else zh}

    def own(en: str, zh: str) -> str:  # a text in the dataset language only
        return zh if language == "zh" else en

    indicator = {
        "number": 1, "title": t("Right to work", "工作权利"),
        "target": own("=50 million new jobs", "=新增就业5000万"),  # not a formula
        "findings": [t("Jobs grew.", "就业增长。"),
                     own("A second paragraph,\nover two lines.", "第二段，\n两行。"), own("Three", "三")],
        "status": "completed", "basis": {"quote": own("Jobs grew.", "就业增长。"), "method": "computed"},
        "binding": True, "kind": "quantitative", "horizon": "long-term",
        "shortfall": t("rural areas", "农村地区"),
        "responsible": [t("Ministry of Labour", "人社部"), own("2020", "2020")],
        "metrics": [
            {"label": t("New jobs", "新增就业"), "unit": t("million", "百万"), "direction": "increase",
             "baseline": {"value": 0.5, "year": 2015},
             "target": {"value": 50.0, "year": 2020, "comparator": "at_least"},
             "outcomes": [{"value": 65.64, "year": 2020, "quote": t("65.64 million", "6564万"),
                           "source": own("Report", "报告")}, {"value": 12.0}]},
            {"label": own("Deaths", "死亡"), "direction": "decrease",
             "target": {"value": 10.0, "comparator": "reduce_by_percent"}, "baseline": {"year": 2015}},
        ],
        "sources": [{"organisation": t("Statistics Bureau", "统计局"), "title": own("Yearbook", "年鉴"),
                     "year": 2021, "locator": own("p. 12", "第12页")}, {"organisation": own("UN", "联合国")}],
    }
    direct = {"number": 2, "title": own("Direct", "直属"), "target": own("A target", "目标"), "binding": False,
              "kind": "qualitative", "horizon": "periodic", "status": "in_progress"}
    data = {
        "meta": {"title": t("Evaluation", "评估"), "short_title": own("Eval", "评估"),
                 "subtitle": t("Sub", "副标题"),
                 "plan": "test-plan", "authors": [t("Author", "作者"), own("Second", "第二作者")],
                 "date": datetime.date(2021, 9, 9), "language": language, "keywords": [own("rights", "权利")],
                 "translation_notes": {other: "A note", language: "注"}},
        "introduction": {"title": t("Introduction", "引言"),
                         "paragraphs": [t("One.", "一。"), own("Two.", "二。")]},
        "chapters": [
            {"number": 1, "title": t("Rights", "权利"), "overview": [t("Overview", "概述"), own("More", "更多")],
             "shortfall": [own("Gaps", "不足")], "indicators": [direct],
             "sections": [{"number": 1, "title": t("Work", "工作"), "indicators": [indicator]},
                          {"number": 2, "title": own("Empty section", "空节")}]},
            {"number": 2, "title": own("Second", "第二章"),
             "indicators": [{"number": 3, "title": own("Three", "三"), "target": own("T", "目标三"),
                             "findings": [own("F", "发现")]}]},
        ],
        "scale": load_scale(language=language).model_dump(),
        "tables": {"binding_by_chapter": {"caption": t("By chapter", "按章"), "columns": ["number", "binding"],
                                          "filter": {"binding": [True, None], "chapter": [1], "status": ["yes"]},
                                          "group_by": "chapter"},
                   "plain": {"caption": own("Plain", "简单")}},
    }
    return Report.model_validate(data, context={"language": language})


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_every_optional_field_round_trips(fmt, language, tmp_path):
    report = _rich(language)
    again = load_report(_write(report, fmt, tmp_path))
    assert _dump(again) == _dump(report)
    assert again.meta.date == datetime.date(2021, 9, 9)


def test_workbook_is_made_for_editing(builtin_xlsx, builtin):
    book = openpyxl.load_workbook(builtin_xlsx)
    assert book.sheetnames[:5] == ["report", "chapters", "chapter_texts", "sections", "indicators"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1] if cell.value)
    indicators = book["indicators"]
    header = [c.value for c in indicators[1]]
    target = openpyxl.utils.get_column_letter(header.index("target") + 1)
    assert indicators.column_dimensions[target].width == 60 and indicators[f"{target}2"].alignment.wrap_text
    lists = {str(v.sqref).split(":")[0][:-1]: v.formula1 for v in indicators.data_validations.dataValidation}
    letter = {name: openpyxl.utils.get_column_letter(header.index(name) + 1) for name in header}
    assert lists[letter["status"]] == f'"{",".join(builtin.scale.indicator_statuses)}"'
    assert lists[letter["binding"]] == '"yes,no"'
    assert lists[letter["kind"]] == '"quantitative,qualitative"'
    assert lists[letter["horizon"]] == '"periodic,long-term"'
    assert lists[letter["basis_method"]] == '"judged,computed"'
    metric_lists = sorted(v.formula1 for v in book["metrics"].data_validations.dataValidation)
    assert metric_lists == ['"at_least,at_most,reduce_by_percent,increase_by_percent,reach"', '"increase,decrease"']
    zh = {row[3]: row[4] for row in book["translations"].iter_rows(min_row=2, values_only=True)}
    assert zh[builtin.chapters[0].title] == "经济、社会和文化权利"
    assert "国家人权行动计划" in zh[builtin.meta.title]


def _row_of(sheet, column: str, value) -> int:
    """The Excel row whose `column` holds `value`."""
    header = [c.value for c in sheet[1]]
    i = header.index(column)
    return next(r[0].row for r in sheet.iter_rows(min_row=2) if r[i].value == value)


def _cell(sheet, column: str, row: int):
    return sheet.cell(row, [c.value for c in sheet[1]].index(column) + 1)


def test_an_edited_cell_shows_in_the_report(builtin_xlsx, tmp_path):
    book = openpyxl.load_workbook(builtin_xlsx)
    sheet = book["indicators"]
    _cell(sheet, "target", _row_of(sheet, "number", 5)).value = "Fewer accidents, edited in Excel."
    _cell(sheet, "title", _row_of(sheet, "number", 6)).value = 2020  # a number where text is expected
    book.save(edited := tmp_path / "edited.xlsx")
    report = load_report(edited)
    indicators = {i.number: i for i in report.all_indicators()}
    assert indicators[5].target == "Fewer accidents, edited in Excel."
    assert indicators[5].target.translations["zh"].startswith("加强安全生产")
    assert indicators[6].title == "2020"


def test_planted_mistakes_are_named_by_cell(builtin_xlsx, tmp_path):
    book = openpyxl.load_workbook(builtin_xlsx)
    sections, indicators, findings, metrics = (book[n] for n in ("sections", "indicators", "findings", "metrics"))
    sections.append([9, 1, "A section of a chapter that is not there"])
    orphan = sections.max_row
    moved = _row_of(indicators, "number", 7)
    _cell(indicators, "section", moved).value = 99
    findings.append([999, "A finding of nobody"])
    lost = findings.max_row
    percent = _row_of(metrics, "indicator", 1)
    _cell(metrics, "target_value", percent).value = "12 percent"
    untitled = _row_of(indicators, "number", 10)
    _cell(indicators, "title", untitled).value = None
    unknown = _row_of(indicators, "number", 11)
    _cell(indicators, "status", unknown).value = "finished"
    book.save(path := tmp_path / "mistakes.xlsx")

    report, problems = check(read_workbook(path))
    assert report is None
    errors = {p.place.split(":", 1)[1]: p for p in problems if p.severity == "error"}
    assert set(errors) == {f"sections!A{orphan}", f"indicators!C{moved}", f"findings!A{lost}",
                           f"metrics!H{percent}", f"indicators!D{untitled}", f"indicators!F{unknown}"}
    assert "there is no chapter 9" in errors[f"sections!A{orphan}"].message
    assert "chapter 1 has no section 99" in errors[f"indicators!C{moved}"].message
    assert "there is no indicator 999" in errors[f"findings!A{lost}"].message
    assert "12 percent" in errors[f"metrics!H{percent}"].message and errors[f"metrics!H{percent}"].hint
    assert "indicator 10, title" in errors[f"indicators!D{untitled}"].message
    assert "unknown status 'finished'" in errors[f"indicators!F{unknown}"].message
    assert all(p.place.startswith(f"{path}:") for p in problems)


def test_layout_mistakes_are_problems_and_reading_goes_on(builtin_xlsx, tmp_path):
    book = openpyxl.load_workbook(builtin_xlsx)
    del book["chapter_texts"]  # optional: the chapters lose their overviews
    book["findings"]["A2"] = "twelve"
    book["sources"].delete_cols(2)  # organisation
    book["translations"].append(["indicators", "999", "title", "x", "不存在"])
    book["chapters"].append([1, "Chapter one again"])
    book.create_sheet("notes")
    book.save(path := tmp_path / "layout.xlsx")
    raw = read_workbook(path)
    said = {p.place.split(":", 1)[1]: p for p in raw.problems}
    assert "'twelve' is not a whole number" in said["findings!A2"].message
    assert "no organisation column" in said["sources!A1"].message and said["sources!A1"].severity == "error"
    last = book["translations"].max_row
    assert "no text at sheet indicators, key 999" in said[f"translations!B{last}"].message
    assert "chapter 1 appears twice" in said[f"chapters!A{book['chapters'].max_row}"].message
    assert said["notes!A1"].severity == "warning"
    assert len(raw.chapters) == 5 and "overview" not in raw.chapters[0].value


def test_missing_required_sheet_is_an_error(builtin_xlsx, tmp_path):
    book = openpyxl.load_workbook(builtin_xlsx)
    del book["sections"]
    book.save(path := tmp_path / "nosections.xlsx")
    with pytest.raises(Problems) as caught:
        load_report(path)
    assert any(p.place == str(path) and "sections sheet is missing" in p.message for p in caught.value.errors)


@pytest.mark.parametrize("content", [b"name,value\nnot,a workbook\n", b""])
def test_not_a_workbook_is_an_input_error(tmp_path, content):
    path = tmp_path / "data.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_report(path)
    assert caught.value.path == path and "not an Excel workbook (.xlsx)" in str(caught.value)


def test_a_zip_that_is_not_a_workbook_is_an_input_error(tmp_path):
    path = tmp_path / "data.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_workbook(path)


def test_csv_places_are_file_and_line(tmp_path):
    folder = _write(_rich("en"), "csv", tmp_path)
    assert (folder / "indicators.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    findings = folder / "findings.csv"
    lines = findings.read_text(encoding="utf-8-sig").splitlines()
    assert lines[2].startswith('1,"A second paragraph,') and lines[3] == 'over two lines."'  # one row, two lines
    findings.write_text("\n".join(lines + ["77,Nobody's finding"]) + "\n", encoding="utf-8-sig")
    report, problems = check(read_csv_folder(folder))
    assert report is None
    assert [(p.place, p.message) for p in problems if p.severity == "error"] == [
        (f"{findings}:{len(lines) + 1}", "findings: there is no indicator 77")]


def test_csv_translation_of_a_zh_dataset_is_in_an_en_column(tmp_path):
    folder = _write(_rich("zh"), "csv", tmp_path)
    header = (folder / "translations.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "sheet,key,field,zh,en"
    raw = read_csv_folder(folder)
    title = raw.chapters[0].value["title"]
    assert title == {"zh": "权利", "en": "Rights"}
    assert raw.chapters[0].place_of(("title", "en")) == f"{folder / 'translations.csv'}:" + str(
        1 + next(i for i, line in enumerate((folder / "translations.csv").read_text(encoding="utf-8-sig")
                                             .splitlines()) if line.startswith("chapters,1,title")))


@pytest.mark.parametrize("fmt,name", [("xlsx", "data.xlsx"), ("csv", "data"), ("yaml", "data")])
def test_export_writes_a_dataset_that_loads_back(builtin, fmt, name, tmp_path):
    target = tmp_path / name
    written = export_dataset(builtin, fmt, target)
    assert written and all(p.exists() for p in written)
    assert _dump(load_report(target)) == _dump(builtin)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_export_to_an_unknown_format_is_refused(builtin, tmp_path):
    with pytest.raises(InputError, match="unknown dataset format 'ods'"):
        export_dataset(builtin, "ods", tmp_path / "data.ods")


def test_a_csv_file_not_in_utf8_is_a_problem_and_the_rest_is_read(tmp_path):
    folder = _write(_rich("en"), "csv", tmp_path)
    (folder / "sources.csv").write_bytes("indicator,organisation\n1,Bureau d'État\n".encode("latin-1"))
    raw = read_csv_folder(folder)
    assert [(p.place, p.severity) for p in raw.problems] == [(str(folder / "sources.csv") + ":2", "error")]
    assert "UTF-8" in raw.problems[0].hint and len(raw.chapters) == 2


def test_an_impossible_date_and_a_keyless_translation_are_read_without_a_crash(tmp_path):
    folder = _write(_rich("en"), "csv", tmp_path)
    report = folder / "report.csv"
    report.write_text(report.read_text(encoding="utf-8-sig").replace("2021-09-09", "2021-02-30"),
                      encoding="utf-8-sig")
    translations = folder / "translations.csv"
    lines = translations.read_text(encoding="utf-8-sig").splitlines() + ["findings,,text,,x"]
    translations.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    raw = read_csv_folder(folder)
    assert raw.head.value["meta"]["date"] == "2021-02-30"  # kept as written, not a date
    assert [(p.place, p.message) for p in raw.problems] == [
        (f"{translations}:{len(lines)}", "translations: there is no text at sheet findings, key None, field text")]
