"""Chapters, sections and indicators read from their sheets (for `sheet_reader`), with
the texts of chapters and the findings, responsible bodies, metrics, outcomes and sources
of indicators, each row placed in the chapter document it belongs to.
"""
from __future__ import annotations

from hrap_report.datasets.sheets.cells import CellReader, Part, Row
from hrap_report.datasets.sheets.layout import TEXT_KINDS, as_text
from hrap_report.datasets.yaml_files import Loc


def read_chapters(r: CellReader) -> dict[int, Part]:
    """The chapters by number, each with its overview and shortfall texts."""
    chapters: dict[int, Part] = {}
    for row in r.rows("chapters"):
        if (n := r.key(row, "number")) is None:
            continue
        if n in chapters:
            r.problem(r.at(row, "number"), f"chapter {n} appears twice in the chapters sheet",
                      "give each chapter one row; this one is not read")
            continue
        row.key = str(n)
        part = chapters[n] = Part({})
        part.lines[()] = r.at(row)
        r.put(part, (), part.value, "number", row, "number", "int")
        r.put(part, (), part.value, "title", row, "title")
        r.put(part, (), part.value, "short_title", row, "short_title")
    for row in r.rows("chapter_texts"):
        chapter, kind = _chapter(r, row, chapters), r.value(row, "kind")
        if chapter is None:
            continue
        if kind not in TEXT_KINDS:
            r.problem(r.at(row, "kind"), f"chapter_texts: kind {kind!r} is not one of "
                      f"{', '.join(TEXT_KINDS)}", "write overview or shortfall")
            continue
        items = chapter.value.setdefault(kind, [])
        row.key = f"{row.cells['chapter']}/{kind}/{len(items) + 1}"
        r.item(chapter, (kind,), items, row)
    return chapters


def _chapter(r: CellReader, row: Row, chapters: dict[int, Part]) -> Part | None:
    """The chapter a row names, or None with a problem."""
    if (n := r.key(row, "chapter")) is None:
        return None
    if n not in chapters:
        r.problem(r.at(row, "chapter"), f"{row.sheet}: there is no chapter {n}",
                  f"add chapter {n} to the chapters sheet, or correct the chapter number")
        return None
    row.cells["chapter"] = n
    return chapters[n]


def read_indicators(r: CellReader, chapters: dict[int, Part]) -> dict[int, tuple[Part, Loc, dict] | None]:
    """Sections and indicators into their chapters; the indicators by number (None for
    one that could not be placed, so its findings raise no second problem)."""
    sections: dict[tuple[int, int], tuple[Part, Loc, list]] = {}
    for row in r.rows("sections"):
        chapter = _chapter(r, row, chapters)
        if chapter is None or (n := r.key(row, "number")) is None:
            r.unread.add(("sections", f"{as_text(row.cells.get('chapter'))}.{as_text(row.cells.get('number'))}"))
            continue
        c = row.cells["chapter"]
        if (c, n) in sections:
            r.problem(r.at(row, "number"), f"section {n} of chapter {c} appears twice",
                      "give each section one row; this one is not read")
            continue
        row.key = f"{c}.{n}"
        loc, section = _new_item(r, chapter, (), chapter.value, "sections", row)
        r.put(chapter, loc, section, "number", row, "number", "int")
        r.put(chapter, loc, section, "title", row, "title")
        sections[c, n] = (chapter, loc, section.setdefault("indicators", []))
    indicators: dict[int, tuple[Part, Loc, dict] | None] = {}
    for row in r.rows("indicators"):
        if (n := r.key(row, "number")) is None:
            continue
        indicators.setdefault(n, None)
        chapter, s = _chapter(r, row, chapters), r.key(row, "section", needed=False)
        if chapter is None or row.cells.get("section") is not None and s is None:
            continue
        c = row.cells["chapter"]
        if s is None:
            part, loc, listed = chapter, (), chapter.value.setdefault("indicators", [])
        elif (c, s) in sections:
            part, loc, listed = sections[c, s]
        else:
            r.problem(r.at(row, "section"), f"indicator {n}: chapter {c} has no section {s}",
                      f"add section {s} of chapter {c} to the sections sheet, or correct the section")
            continue
        loc = (*loc, "indicators", len(listed))
        listed.append(indicator := {})
        part.lines[loc] = r.at(row)
        if indicators[n] is None:
            indicators[n] = (part, loc, indicator)
        row.key = str(n)
        _indicator_fields(r, part, loc, indicator, row)
    r.unread |= {("indicators", str(n)) for n, found in indicators.items() if found is None}
    for chapter in chapters.values():  # an empty list is left out, as in YAML
        for section in chapter.value.get("sections", []):
            if not section["indicators"]:
                del section["indicators"]
    return indicators


def _indicator_fields(r: CellReader, part: Part, loc: Loc, indicator: dict, row: Row) -> None:
    r.put(part, loc, indicator, "number", row, "number", "int")
    for name in ("title", "target", "status"):
        r.put(part, loc, indicator, name, row, name)
    if "basis" in row.cells or "basis_method" in row.cells:
        part.lines[loc + ("basis",)] = r.at(row, "basis")
        basis = indicator["basis"] = {}
        r.put(part, loc + ("basis",), basis, "quote", row, "basis")
        r.put(part, loc + ("basis",), basis, "method", row, "basis_method")
    for name in ("binding", "kind", "horizon", "shortfall"):
        r.put(part, loc, indicator, name, row, name)


def _indicator(r: CellReader, row: Row, indicators: dict) -> tuple[Part, Loc, dict] | None:
    """The indicator a row names; a problem if there is none."""
    if (n := r.key(row, "indicator")) is None:
        return None
    if n not in indicators:
        r.problem(r.at(row, "indicator"), f"{row.sheet}: there is no indicator {n}",
                  f"add indicator {n} to the indicators sheet, or correct the number")
    row.cells["indicator"] = n
    return indicators.get(n)


def read_indicator_rows(r: CellReader, indicators: dict) -> None:
    """Findings, responsible bodies, metrics, outcomes and sources into their indicators."""
    for sheet in ("findings", "responsible"):
        for row in r.rows(sheet):
            if (found := _indicator(r, row, indicators)) is not None:
                part, loc, indicator = found
                items = indicator.setdefault(sheet, [])
                row.key = f"{row.cells['indicator']}/{len(items) + 1}"
                r.item(part, loc + (sheet,), items, row)
    metrics = _read_metrics(r, indicators)
    for row in r.rows("outcomes"):
        if _indicator(r, row, indicators) is None or (m := r.key(row, "metric")) is None:
            continue
        n = row.cells["indicator"]
        if (n, m) not in metrics:
            r.problem(r.at(row, "metric"), f"outcomes: indicator {n} has no metric {m}",
                      f"add metric {m} of indicator {n} to the metrics sheet, or correct the number")
            continue
        _append(r, *metrics[n, m], "outcomes", row, f"{n}/{m}", ("value", "year", "quote", "source"))
    for row in r.rows("sources"):
        if (found := _indicator(r, row, indicators)) is not None:
            _append(r, *found, "sources", row, str(row.cells["indicator"]),
                    ("organisation", "title", "year", "locator"))


def _append(r: CellReader, part: Part, loc: Loc, owner: dict, field: str, row: Row, key: str,
            columns: tuple[str, ...]) -> None:
    """Read a row as the next item of `owner[field]` (an outcome, a source), with the
    places of its cells; its translation key is `key/<position>`."""
    row.key = f"{key}/{len(owner.get(field, [])) + 1}"
    loc, item = _new_item(r, part, loc, owner, field, row)
    for name in columns:
        r.put(part, loc, item, name, row, name)


def _new_item(r: CellReader, part: Part, loc: Loc, owner: dict, field: str, row: Row) -> tuple[Loc, dict]:
    """A new, empty item at the end of `owner[field]`, placed at its row; its path."""
    items = owner.setdefault(field, [])
    loc = (*loc, field, len(items))
    items.append(item := {})
    part.lines[loc] = r.at(row)
    return loc, item


def _read_metrics(r: CellReader, indicators: dict) -> dict[tuple[int, int], tuple[Part, Loc, dict]]:
    """The metrics by (indicator, metric number), each indicator's in number order."""
    rows: dict[tuple[int, int], Row] = {}
    for row in r.rows("metrics"):
        if _indicator(r, row, indicators) is None or (m := r.key(row, "metric")) is None:
            continue
        n = row.cells["indicator"]
        if (n, m) in rows:
            r.problem(r.at(row, "metric"), f"metric {m} of indicator {n} appears twice",
                      "number each metric of an indicator once (1, 2 …); this row is not read")
            continue
        rows[n, m] = row
    metrics = {}
    for (n, m), row in sorted(rows.items()):
        part, loc, indicator = indicators[n]
        loc, metric = _new_item(r, part, loc, indicator, "metrics", row)
        metrics[n, m] = (part, loc, metric)
        row.key = f"{n}/{m}"
        for name in ("label", "unit", "direction"):
            r.put(part, loc, metric, name, row, name)
        for name, columns in (("baseline", ("value", "year")), ("target", ("value", "year", "comparator"))):
            part.lines[loc + (name,)] = r.at(row, f"{name}_{columns[0]}")
            if any(f"{name}_{c}" in row.cells for c in columns):
                amount = metric[name] = {}
                for c in columns:
                    r.put(part, loc + (name,), amount, c, row, c if c == "comparator" else f"{name}_{c}")
    return metrics
