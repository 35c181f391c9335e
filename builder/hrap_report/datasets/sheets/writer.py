"""A report laid out as flat tables (`sheet_layout`): `report_tables` gives the sheets of
cell values a workbook or CSV folder is written from, each text's translations in the
`translations` sheet.
"""
from __future__ import annotations

import datetime
from typing import Any

import yaml

from hrap_report.datasets.sheets.layout import LAYOUT, NO, SCALE_LISTS, TEXT_KINDS, UNTRANSLATED, YES, Sheet
from hrap_report.model.report import Indicator, Report


class _Writer:
    """Fills the sheets, putting each text's translations in the `translations` sheet."""

    def __init__(self, own: str):
        self.own = own
        self.sheets = {name: Sheet([c.name for c in columns]) for name, columns in LAYOUT.items()}
        self.translated: list[tuple[str, str, str, str | None, dict[str, str]]] = []

    def row(self, sheet: str, **cells: Any) -> None:
        self.sheets[sheet].rows.append([cells.get(name) for name in self.sheets[sheet].columns])

    def text(self, value: Any, sheet: str, key: str, column: str) -> str | None:
        """A text's cell (its dataset-language text); its translations noted for later."""
        translations = dict(getattr(value, "translations", None) or {})
        if not translations:
            return str(value) if value != "" else None
        main = translations.pop(self.own, None)
        if translations:
            self.translated.append((sheet, key, column, main, translations))
        return main

    def texts(self, sheet: str, key: str, values: list, column: str = "text", **cells: Any) -> None:
        """One row per text of a list, keyed `key/1`, `key/2` …"""
        for n, value in enumerate(values, 1):
            self.row(sheet, **cells, **{column: self.text(value, sheet, f"{key}/{n}", column)})

    def translations(self) -> Sheet:
        languages = list(dict.fromkeys(lang for *_, others in self.translated for lang in others))
        sheet = Sheet([*self.sheets["translations"].columns, self.own, *languages])
        for name, key, column, main, others in self.translated:
            sheet.rows.append([name, key, column, main, *(others.get(lang) for lang in languages)])
        return sheet


def report_tables(report: Report) -> dict[str, Sheet]:
    """A report as sheets of cell values, in the order a workbook shows them."""
    w = _Writer(report.meta.language)
    _write_head(w, report)
    for chapter in report.chapters:
        c = chapter.number
        w.row("chapters", number=c, title=w.text(chapter.title, "chapters", str(c), "title"),
              short_title=w.text(chapter.short_title, "chapters", str(c), "short_title") if chapter.short_title else None)
        for kind in TEXT_KINDS:
            w.texts("chapter_texts", f"{c}/{kind}", getattr(chapter, kind), chapter=c, kind=kind)
        for section in chapter.sections:
            key = f"{c}.{section.number}"
            w.row("sections", chapter=c, number=section.number, title=w.text(section.title, "sections", key, "title"))
        for indicator in chapter.indicators:
            _write_indicator(w, indicator, c, None)
        for section in chapter.sections:
            for indicator in section.indicators:
                _write_indicator(w, indicator, c, section.number)
    for level_list in SCALE_LISTS:
        for level in getattr(report.scale, level_list):
            key = f"{level_list}/{level.id}"
            w.row("statuses", list=level_list, id=level.id, label=w.text(level.label, "statuses", key, "label"),
                  definition=w.text(level.definition, "statuses", key, "definition"), rollup=level.rollup)
    for name, spec in report.tables.items():
        w.row("tables", name=name, caption=w.text(spec.caption, "tables", name, "caption"),
              columns=", ".join(spec.columns), group_by=spec.group_by,
              filter=yaml.safe_dump(spec.filter, default_flow_style=True, allow_unicode=True).strip()
              if spec.filter else None)
    w.sheets["translations"] = w.translations()
    return w.sheets


def _write_head(w: _Writer, report: Report) -> None:
    meta = report.meta

    def put(name: str, value: Any) -> None:
        text = value if isinstance(value, (datetime.date, float)) or name.startswith(UNTRANSLATED) \
            else w.text(value, "report", name, "value")
        w.row("report", field=name, value=text if text != "" else None)

    for name in ("title", "short_title", "subtitle", "plan", "date", "publisher", "place", "language"):
        put(name, getattr(meta, name))
    for name in ("authors", "keywords"):
        w.texts("report", name, getattr(meta, name), "value", field=name)
    for number in meta.chapter_counts:
        w.row("report", field="chapter_counts", value=number)
    for language, note in meta.translation_notes.items():
        put(f"translation_notes.{language}", note)
    put("introduction.title", report.introduction.title)
    w.texts("report", "introduction.paragraphs", report.introduction.paragraphs, "value",
            field="introduction.paragraphs")
    for name, value in report.scale.metric_rules.model_dump().items():
        put(f"metric_rules.{name}", value)


def _write_indicator(w: _Writer, indicator: Indicator, chapter: int, section: int | None) -> None:
    n = indicator.number
    key = str(n)
    basis = indicator.basis
    w.row("indicators", number=n, chapter=chapter, section=section,
          title=w.text(indicator.title, "indicators", key, "title"),
          target=w.text(indicator.target, "indicators", key, "target"), status=indicator.status,
          basis=w.text(basis.quote, "indicators", key, "basis") if basis else None,
          basis_method=basis.method if basis else None,
          binding=None if indicator.binding is None else (YES if indicator.binding else NO),
          kind=indicator.kind, horizon=indicator.horizon,
          shortfall=w.text(indicator.shortfall, "indicators", key, "shortfall"))
    w.texts("findings", key, indicator.findings, indicator=n)
    w.texts("responsible", key, indicator.responsible, indicator=n)
    for m, metric in enumerate(indicator.metrics, 1):
        mkey = f"{n}/{m}"
        base = metric.baseline
        w.row("metrics", indicator=n, metric=m, label=w.text(metric.label, "metrics", mkey, "label"),
              unit=w.text(metric.unit, "metrics", mkey, "unit"), direction=metric.direction,
              baseline_value=base.value if base else None, baseline_year=base.year if base else None,
              target_value=metric.target.value, target_year=metric.target.year,
              comparator=metric.target.comparator)
        for o, outcome in enumerate(metric.outcomes, 1):
            okey = f"{mkey}/{o}"
            w.row("outcomes", indicator=n, metric=m, value=outcome.value, year=outcome.year,
                  quote=w.text(outcome.quote, "outcomes", okey, "quote"),
                  source=w.text(outcome.source, "outcomes", okey, "source"))
    for s, source in enumerate(indicator.sources, 1):
        skey = f"{n}/{s}"
        w.row("sources", indicator=n, year=source.year,
              **{name: w.text(getattr(source, name), "sources", skey, name)
                 for name in ("organisation", "title", "locator")})
