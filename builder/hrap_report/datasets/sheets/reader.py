"""Sheets read back into a dataset: `raw_from_tables` gives a `RawDataset` of exactly the
shape the YAML reader gives, with the place of every cell, so `checks.check` validates a
workbook or CSV folder as it does a YAML folder. Here the head (the report sheet), the
status scale, the tables and the translations; chapters and indicators in `sheet_chapters`.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from hrap_report.datasets.raw import RawDataset
from hrap_report.datasets.sheets.cells import CellReader, Part
from hrap_report.datasets.sheets.chapters import read_chapters, read_indicator_rows, read_indicators
from hrap_report.datasets.sheets.layout import (
    INDICATOR_SHEETS,
    LAYOUT,
    REPORT_LISTS,
    SCALE_LISTS,
    UNTRANSLATED,
    Place,
    Sheet,
    as_text,
)
from hrap_report.languages import LANGUAGE_TAG


def raw_from_tables(tables: dict[str, Sheet], place: Place, source: Path) -> RawDataset:
    """The raw dataset that sheets hold, with the place of every cell (`place(sheet, row,
    column)`), and the problems only the layout shows (a missing sheet, a finding of an
    indicator that does not exist …); `source` is the workbook or folder read."""
    r = CellReader(tables, place, source)
    r.check_sheets()
    head, scale = Part({"meta": {}, "introduction": {}}), Part({})
    _read_head(r, head, scale)
    chapters = read_chapters(r)
    read_indicator_rows(r, read_indicators(r, chapters))
    has_scale = _read_scale(r, scale)
    _read_tables(r, head)
    own = head.value["meta"].get("language")
    _read_translations(r, own if isinstance(own, str) else "en")
    raw = RawDataset(source=source, head=head.located(source) if "report" in tables else None,
                     problems=r.problems)
    raw.chapters = [chapters[n].located(source) for n in sorted(chapters)]
    raw.scale = scale.located(source) if has_scale else None
    return raw


def _read_head(r: CellReader, head: Part, scale: Part) -> None:
    """The report sheet, a row per field: meta and introduction into the head, metric_rules
    into the scale."""
    head.lines[()] = head.lines[("meta",)] = head.lines[("introduction",)] = r.place("report", None, None)
    counts: dict[str, int] = {}
    for row in r.rows("report"):
        name = as_text(row.cells.get("field"))
        if not isinstance(name, str):
            r.problem(r.at(row, "field"), "report: a value with no field name",
                      "write the field's name (title, plan …) in the field column, or clear the row")
            continue
        counts[name] = counts.get(name, 0) + 1
        row.key = f"{name}/{counts[name]}" if name in REPORT_LISTS else name
        path = name.split(".")
        part, loc = (scale, ()) if path[0] == "metric_rules" else (
            head, ()) if path[0] == "introduction" else (head, ("meta",))
        target = part.value
        for step in (*loc, *path[:-1]):
            target = target.setdefault(step, {}) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            r.problem(r.at(row, "field"), f"report: the field {name} cannot hold parts",
                      "correct the field name (such as translation_notes.zh)")
            continue
        loc = (*loc, *path[:-1])
        if name in REPORT_LISTS:
            r.item(part, loc + (path[-1],), target.setdefault(path[-1], []), row, "value")
        elif counts[name] > 1:
            r.problem(r.at(row, "field"), f"report: the field {name} appears twice",
                      "keep one row for it (authors, keywords and introduction.paragraphs may repeat)")
        else:
            kind = "float" if path[0] == "metric_rules" else "date" if name == "date" else \
                "plain" if name.startswith(UNTRANSLATED) else "text"
            r.put(part, loc, target, path[-1], row, "value", kind)


def _read_scale(r: CellReader, scale: Part) -> bool:
    """The status scale from the statuses sheet; False if there is none (the built-in one)."""
    if "statuses" not in r.tables:
        if "metric_rules" in scale.value:
            r.problem(next(iter(scale.lines.values())), "metric_rules are given but there is no statuses sheet",
                      "add the statuses sheet, or remove the metric_rules rows to use the built-in scale")
        return False
    rules = scale.value.pop("metric_rules", None)
    scale.lines[()] = r.place("statuses", None, None)
    for name in SCALE_LISTS:
        scale.value[name] = []
    for row in r.rows("statuses"):
        name = r.value(row, "list")
        if name not in SCALE_LISTS:
            r.problem(r.at(row, "list"), f"statuses: list {name!r} is not one of "
                      f"{', '.join(SCALE_LISTS)}", "write rollup, qualitative or quantitative")
            continue
        row.key = f"{name}/{as_text(row.cells.get('id'))}"
        loc = (name, len(scale.value[name]))
        scale.value[name].append(level := {})
        scale.lines[loc] = r.at(row)
        for column in ("id", "label", "definition", "rollup"):
            r.put(scale, loc, level, column, row, column)
    if rules is not None:
        scale.value["metric_rules"] = rules
    return True


def _read_tables(r: CellReader, head: Part) -> None:
    """The tables defined in the report, from the tables sheet, into the head."""
    tables: dict[str, dict] = {}
    for row in r.rows("tables"):
        name = r.value(row, "name")
        if name is None or name in tables:
            r.problem(r.at(row, "name"), "tables: " + (f"the table {name} appears twice" if name
                      else "a table with no name"), "give each table its own name")
            continue
        row.key = name
        loc = ("tables", name)
        head.lines[loc] = r.at(row)
        spec = tables[name] = {}
        r.put(head, loc, spec, "caption", row, "caption")
        r.put(head, loc, spec, "group_by", row, "group_by")
        head.lines[loc + ("columns",)] = r.at(row, "columns")
        if (columns := r.value(row, "columns")) is not None:
            spec["columns"] = [c.strip() for c in columns.split(",") if c.strip()]
        head.lines[loc + ("filter",)] = r.at(row, "filter")
        if (text := r.value(row, "filter")) is not None:
            try:
                spec["filter"] = yaml.safe_load(text)
            except yaml.YAMLError:
                r.problem(r.at(row, "filter"), f"tables: the filter of {name} is not readable: {text!r}",
                          "write it as {field: [value, …]}, e.g. {status: [completed, in_progress]}")
    if tables:
        head.value["tables"] = tables


def _read_translations(r: CellReader, own: str) -> None:
    """Each translation merged into its text, which becomes `{own: text, lang: translation}`;
    a translation of an empty text is not read."""
    for row in r.rows("translations"):
        sheet, key, column = (as_text(row.cells.get(c)) for c in ("sheet", "key", "field"))
        found = r.texts.get((sheet, key, column))
        if found is None:
            if (sheet, key) in r.unread or sheet in LAYOUT and sheet not in r.tables or \
                    sheet in INDICATOR_SHEETS and ("indicators", str(key).split("/")[0]) in r.unread:
                continue  # what it translates was left out (or not read), with a problem already
            r.problem(r.at(row, "key"), f"translations: there is no text at sheet {sheet}, "
                      f"key {key}, field {column}", "correct the sheet, key or field so it names a text "
                      "of the data (export the dataset to see the keys), or remove the row")
            continue
        part, loc, container, name = found
        texts = {language: as_text(value) for language, value in row.cells.items()
                 if language not in ("sheet", "key", "field", own) and LANGUAGE_TAG.match(str(language))}
        current = container.get(name) if isinstance(container, dict) else container[name]
        if texts and current in (None, ""):
            r.problem(part.lines[loc], f"{sheet} {key}, {column}: the {own} text is empty, so its "
                      f"{', '.join(texts)} translation is not read",
                      f"write the {own} text there, or remove the translation ({r.at(row, 'key')})",
                      "warning")
            continue
        if texts and not isinstance(current, dict):
            part.lines[loc + (own,)] = part.lines[loc]
            current = container[name] = {own: current}
        for language, text in texts.items():
            current[language] = text
            part.lines[loc + (language,)] = r.at(row, language)
