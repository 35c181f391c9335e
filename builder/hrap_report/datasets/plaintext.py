"""Turn the plain text of an evaluation report into a dataset.

The text is laid out as the 2016-2020 evaluation is: "Introduction", chapters "I. ...",
sections "(1) ...", indicators "Indicator N: <target>" each followed by its findings.
Word-processor artefacts ("[bookmark: _Toc...]"), leading spaces and full-width colons
are tolerated; section headings the text lost are restored from the plan profile.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from hrap_report.datasets.files import read_text
from hrap_report.datasets.yaml_folder import load_scale
from hrap_report.errors import InputError
from hrap_report.model.plan import Plan
from hrap_report.model.report import Chapter, Indicator, Introduction, Meta, Report, Section

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
CHAPTER = re.compile(r"^(?P<roman>[IVXLC]+)\.\s+(?P<title>\S.*)$")
SECTION = re.compile(r"^\((?P<number>\d+)\)\s+(?P<title>\S.*)$")
INDICATOR = re.compile(r"^Indicator\s+(?P<number>\d+)\s*[:：]\s*(?P<target>.*)$")
INTRODUCTION = "Introduction"
SHORTFALL = "At the same time"
# "There are a total of seven indicators under ...": a count the templates derive from data.
COUNT_SENTENCE = re.compile(r"^There are a total of [\w-]+ indicators under [^.]+\.\s*")
SHORT_TITLE_MAX = 100
HEADING_MAX = 150  # a longer "(1) ..." line is a findings paragraph, not a heading

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(roman: str) -> int:
    """The value of a Roman numeral such as "IV"."""
    values = [ROMAN[c] for c in roman]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def short_title(target: str) -> str:
    """An indicator's short title: the first sentence of its target, shortened if long."""
    first = re.split(r"(?<=[.;])\s", target, maxsplit=1)[0].rstrip(".;")
    if len(first) <= SHORT_TITLE_MAX:
        return first
    return first[: first.rfind(" ", 0, SHORT_TITLE_MAX - 1)].rstrip(",;: ") + "…"


def split_shortfall(paragraph: str) -> tuple[str, str]:
    """Split a chapter overview paragraph before its "At the same time ..." shortfall."""
    at = paragraph.find(SHORTFALL)
    if at <= 0:
        return paragraph, ""
    return paragraph[:at].rstrip(), paragraph[at:]


@dataclass
class _Draft:
    """Chapters as the parser finds them, before validation."""

    intro: list[str] = field(default_factory=list)
    chapters: list[dict] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    report: Report
    restored: list[str]  # the section headings restored from the plan


def import_text(path: Path, plan: Plan) -> ImportResult:
    """Parse a report text file into a `Report`, guided by a plan profile."""
    draft = _Draft()
    indicator: dict | None = None
    for lineno, raw in enumerate(read_text(path).splitlines(), start=1):
        line = BOOKMARK.sub("", raw).strip()
        if not line or (line == INTRODUCTION and not draft.chapters and not draft.intro):
            continue
        if (m := CHAPTER.match(line)) and len(line) <= HEADING_MAX:
            _open_chapter(draft, plan, roman_to_int(m["roman"]), m["title"], path, lineno)
            indicator = None
        elif (m := SECTION.match(line)) and draft.chapters and len(line) <= HEADING_MAX:
            chapter = draft.chapters[-1]
            chapter["sections"].append({"number": int(m["number"]), "title": m["title"], "indicators": []})
            indicator = None
        elif m := INDICATOR.match(line):
            indicator = _open_indicator(draft, plan, int(m["number"]), m["target"], path, lineno)
        elif indicator is not None:
            indicator["findings"].append(line)
        elif draft.chapters:
            draft.chapters[-1]["overview"].append(line)
        else:
            draft.intro.append(line)
    if not draft.chapters:
        raise InputError("no chapter heading such as 'I. Title' found", path)
    return ImportResult(_report(draft, plan), draft.restored)


def _open_chapter(draft: _Draft, plan: Plan, number: int, title: str, path: Path, lineno: int) -> None:
    if number != len(draft.chapters) + 1:
        raise InputError(f"chapter {number} follows chapter {len(draft.chapters)}", path, lineno)
    draft.chapters.append({"number": number, "title": title, "overview": [], "sections": [], "indicators": []})


def _open_indicator(draft: _Draft, plan: Plan, number: int, target: str, path: Path, lineno: int) -> dict:
    if not draft.chapters:
        raise InputError(f"indicator {number} comes before any chapter heading", path, lineno)
    chapter = draft.chapters[-1]
    place = plan.place_of(number)
    if place is None:
        raise InputError(f"indicator {number} is not in plan {plan.id}", path, lineno)
    plan_chapter, plan_section = place
    if plan_chapter.number != chapter["number"]:
        raise InputError(
            f"indicator {number} belongs to chapter {plan_chapter.number} in plan {plan.id}, "
            f"but stands in chapter {chapter['number']}", path, lineno)
    indicator = {"number": number, "title": short_title(target), "target": target, "findings": []}
    if plan_section is None:
        chapter["indicators"].append(indicator)
        return indicator
    sections = chapter["sections"]
    if not sections or sections[-1]["number"] != plan_section.number:
        sections.append({"number": plan_section.number, "title": plan_section.title, "indicators": []})
        draft.restored.append(f"{chapter['number']}.({plan_section.number}) {plan_section.title}")
    sections[-1]["indicators"].append(indicator)
    return indicator


def _report(draft: _Draft, plan: Plan) -> Report:
    chapters = []
    for data in draft.chapters:
        overview, shortfall = [], []
        for paragraph in data.pop("overview"):
            before, after = split_shortfall(COUNT_SENTENCE.sub("", paragraph))
            overview.append(before)
            shortfall += [after] if after else []
        chapters.append(Chapter(
            overview=overview, shortfall=shortfall,
            sections=[Section(number=s["number"], title=s["title"],
                              indicators=[Indicator(**i) for i in s["indicators"]])
                      for s in data.pop("sections")],
            indicators=[Indicator(**i) for i in data.pop("indicators")],
            **data,
        ))
    title = f"Evaluation Report on the Implementation of the {plan.title}"
    meta = Meta(title=title, short_title=title, plan=plan.id)
    return Report(meta=meta, introduction=Introduction(paragraphs=draft.intro), chapters=chapters,
                  scale=load_scale())
