"""Every check a dataset must pass, run at once so that all its problems are reported.

Structure and types come from the pydantic models (every error, not the first); the
rest is checked on the values as read, so a mistake in one field does not hide the
others: indicator numbers (duplicates, gaps), statuses against the scale, metrics with
no unit, indicators with no findings, Chinese texts with no Chinese, control characters
and noncharacters, and the plan profile's chapters, sections and classifications.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from hrap_report.datasets.formats import read_dataset
from hrap_report.datasets.plan_files import find_plan
from hrap_report.datasets.raw import RawDataset
from hrap_report.datasets.yaml_files import Loc, Located
from hrap_report.datasets.yaml_folder import load_scale
from hrap_report.errors import Problem, Problems
from hrap_report.languages import LANGUAGE_TAG
from hrap_report.model.base import Frozen, field_errors
from hrap_report.model.localized import in_words, unprintable
from hrap_report.model.plan import Plan
from hrap_report.model.report import Chapter, Introduction, Meta, Report, TableSpec
from hrap_report.model.scale import StatusScale
from hrap_report.validation.quoted import quotes

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


class Head(Frozen):
    """The report-wide part of a dataset: what `report.yaml` holds besides its file list."""

    meta: Meta
    introduction: Introduction
    tables: dict[str, TableSpec] = {}


def check(raw: RawDataset, plan: Plan | None = None) -> tuple[Report | None, list[Problem]]:
    """The report a raw dataset holds, or None if it has errors; and every problem found.
    `plan` is the plan profile to check against (default: the built-in one `meta.plan` names)."""
    problems = list(raw.problems)
    if raw.head is None:
        return None, problems
    language = _own_language(raw.head)
    head = _validate(raw.head, Head, language, problems)
    if raw.scale is not None:
        scale = _validate(raw.scale, StatusScale, language, problems)
    else:
        scale = load_scale(language=language)
    chapters = [_validate(part, Chapter, language, problems) for part in raw.chapters]
    if not raw.chapters and not any(p.severity == "error" for p in problems):
        problems.append(Problem(raw.head.place_of(()), "the dataset has no chapters",
                                "add at least one chapter"))
    for part in [raw.head, raw.scale, *raw.chapters]:
        if part is not None:
            _check_texts(part, problems)
    _check_indicators(raw.chapters, scale, problems, gaps=not raw.problems)
    if plan is None and head is not None:
        plan = find_plan(head.meta.plan)
    if plan is not None:
        _check_plan(raw.chapters, plan, problems)
    problems = _in_reading_order(problems)
    if any(p.severity == "error" for p in problems) or head is None or scale is None or None in chapters:
        return None, problems
    return Report(meta=head.meta, introduction=head.introduction, chapters=chapters, scale=scale,
                  tables=head.tables), problems


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Problems by file, in the order the files were met, and by line within a file."""
    files: dict[str, int] = {}

    def key(problem: Problem) -> tuple[int, int]:
        path, _, line = problem.place.rpartition(":")
        if not line.isdigit():
            path, line = problem.place, "0"
        return files.setdefault(path, len(files)), int(line)

    return sorted(problems, key=key)


def _own_language(head: Located) -> str:
    """The dataset's language (`meta.language`), which its plain text fields are in."""
    meta = head.value.get("meta") if isinstance(head.value, dict) else None
    language = meta.get("language") if isinstance(meta, dict) else None
    return language if isinstance(language, str) else "en"


def _validate(part: Located, model: type[BaseModel], language: str, problems: list[Problem]) -> Any:
    """The part validated against its model, or None with every error added to `problems`."""
    try:
        return model.model_validate(part.value, context={"language": language})
    except ValidationError as error:
        for field in field_errors(error):
            problems.append(Problem(part.place_of(field.loc), f"{_describe(part.value, field.loc)}: {field.message}",
                                    field.hint))
        return None


def _describe(value: Any, loc: Loc) -> str:
    """A field's path for a message, naming the indicator or chapter it is in:
    `indicator 57, metrics.0.target.value`."""
    context, rest = "", list(loc)
    node = value
    for i, key in enumerate(loc):
        if isinstance(node, dict) and key in node or isinstance(node, list) and isinstance(key, int) \
                and key < len(node):
            node = node[key]
        else:
            break
        if i >= 1 and loc[i - 1] == "indicators" and isinstance(node, dict) and isinstance(
                node.get("number"), int):
            context, rest = f"indicator {node['number']}", list(loc[i + 1:])
    field = ".".join(str(k) for k in rest)
    if context:
        return f"{context}, {field}" if field else context
    return field or "the document"


def indicator_places(chapter: Any) -> Iterator[tuple[Loc, dict]]:
    """The indicators of a raw chapter with their paths: direct ones, then by section."""
    if not isinstance(chapter, dict):
        return
    for j, indicator in enumerate(_list(chapter.get("indicators"))):
        if isinstance(indicator, dict):
            yield ("indicators", j), indicator
    for s, section in enumerate(_list(chapter.get("sections"))):
        if isinstance(section, dict):
            for j, indicator in enumerate(_list(section.get("indicators"))):
                if isinstance(indicator, dict):
                    yield ("sections", s, "indicators", j), indicator


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _check_indicators(chapters: list[Located], scale: StatusScale | None, problems: list[Problem],
                      gaps: bool = True) -> None:
    """Numbers unique and (if `gaps`: all chapters could be read) without gaps; statuses
    from the scale; findings present; metrics with units."""
    seen: dict[int, str] = {}
    duplicates = False
    for part in chapters:
        for loc, indicator in indicator_places(part.value):
            number = indicator.get("number")
            name = f"indicator {number}" if isinstance(number, int) else "an indicator"
            if isinstance(number, int) and not isinstance(number, bool):
                place = part.place_of(loc + ("number",))
                if number in seen:
                    duplicates = True
                    problems.append(Problem(place, f"indicator {number} appears twice (first at {seen[number]})",
                                            "give each indicator its own number"))
                else:
                    seen[number] = place
            status = indicator.get("status")
            if scale is not None and isinstance(status, str) and status not in scale.indicator_statuses:
                computed = status in [level.id for level in scale.quantitative]
                problems.append(Problem(part.place_of(loc + ("status",)), f"{name}: " + (
                    f"{status!r} is a status computed for a metric, not one an evaluator judges an indicator at"
                    if computed else f"unknown status {status!r}"),
                    f"use one of the judged levels of the status scale: {', '.join(scale.indicator_statuses)}"))
            if not indicator.get("findings"):
                problems.append(Problem(part.place_of(loc + ("number",)), f"{name} has no findings",
                                        "add what the evaluation found, one paragraph per item",
                                        "warning"))
            for m, metric in enumerate(_list(indicator.get("metrics"))):
                if not isinstance(metric, dict):
                    continue
                comparator = (metric.get("target") or {}).get("comparator") if isinstance(
                    metric.get("target"), dict) else None
                if not metric.get("unit") and not str(comparator).endswith("_by_percent"):
                    problems.append(Problem(part.place_of(loc + ("metrics", m, "unit")),
                                            f"{name}: the target of metric {_words(metric.get('label', m + 1))!r} "
                                            "has no unit",
                                            "add its unit (%, people, yuan …)", "warning"))
                _check_quotes(part, loc + ("metrics", m), metric, name, problems)
    numbers = sorted(seen) if gaps and not duplicates else []  # a duplicate explains a gap
    for before, after in zip(numbers, numbers[1:]):
        if after - before > 1:
            gap = f"{before + 1}" if after - before == 2 else f"{before + 1}–{after - 1}"
            problems.append(Problem(seen[after], f"indicator{'s' if after - before > 2 else ''} {gap} "
                                    f"missing: the numbers go from {before} to {after}",
                                    "add the missing indicators or renumber", "warning"))


def _check_quotes(part: Located, loc: Loc, metric: dict, name: str, problems: list[Problem]) -> None:
    """A warning at each outcome whose value its quote does not write (in a language of
    the quote): a number typed wrong, or a quote of another year or measure."""
    for o, outcome in enumerate(_list(metric.get("outcomes"))):
        value = outcome.get("value") if isinstance(outcome, dict) else None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        quote = outcome.get("quote")
        texts = quote if isinstance(quote, dict) else {"": quote}
        for language, text in texts.items():
            if isinstance(text, str) and text.strip() and not quotes(text, value):
                shown = f"{value:g}"
                problems.append(Problem(
                    part.place_of(loc + ("outcomes", o, "value")),
                    f"{name}: the outcome {shown} of metric {_words(metric.get('label'))!r} is not in its quote"
                    + (f" ({language})" if language else ""),
                    "check the value against the findings, or quote the words it was read from", "warning"))


def _words(value: Any) -> Any:
    """A raw text as a message shows it: a text given in several languages by its first."""
    if isinstance(value, dict):
        return next((text for text in value.values() if isinstance(text, str)), value)
    return value


def _check_texts(part: Located, problems: list[Problem], value: Any = None, loc: Loc = ()) -> None:
    """Control characters and noncharacters anywhere; a Chinese text (`zh:`) with words but no Chinese."""
    value = part.value if not loc else value
    if isinstance(value, str):
        if problem := unprintable(value):
            problems.append(Problem(part.place_of(loc), f"{'.'.join(map(str, loc))}: {problem}",
                                    "delete it; it cannot be printed"))
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if (isinstance(key, str) and LANGUAGE_TAG.match(key) and key.split("-")[0] == "zh"
                    and isinstance(item, str) and in_words(item) and not CJK.search(item)):
                problems.append(Problem(part.place_of(loc + (key,)), f"{_describe(part.value, loc)}: the "
                                        f"Chinese text {item[:40]!r} holds no Chinese",
                                        "put the Chinese translation here, or remove the zh entry",
                                        "warning"))
            _check_texts(part, problems, item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_texts(part, problems, item, loc + (i,))


def _check_plan(chapters: list[Located], plan: Plan, problems: list[Problem]) -> None:
    """Chapters, sections and indicators where the plan profile has them (an indicator no
    chapter or section of a plan that places them holds is an error); the classifications
    the plan uses filled in."""
    planned = {c.number: c for c in plan.chapters}
    placing, unplaced = plan.places_indicators(), set()
    for part in chapters:
        value = part.value if isinstance(part.value, dict) else {}
        number = value.get("number")
        chapter = planned.get(number) if isinstance(number, int) else None
        if isinstance(number, int) and chapter is None:
            problems.append(Problem(part.place_of(("number",)), f"chapter {number} is not in plan {plan.id}",
                                    f"its chapters are {', '.join(str(c) for c in planned)}", "warning"))
        sections = {s.number for s in chapter.sections} if chapter else set()
        for s, section in enumerate(_list(value.get("sections"))):
            if chapter and isinstance(section, dict) and isinstance(section.get("number"), int) \
                    and section["number"] not in sections:
                problems.append(Problem(part.place_of(("sections", s, "number")),
                                        f"section {section['number']} is not in chapter {number} of plan {plan.id}",
                                        "check the section number against the plan profile", "warning"))
        for loc, indicator in indicator_places(value):
            n = indicator.get("number")
            name = f"indicator {n}" if isinstance(n, int) else "an indicator"
            for field in plan.classifications:
                if indicator.get(field) is None:
                    problems.append(Problem(part.place_of(loc + ("number",)), f"{name} has no {field}",
                                            f"plan {plan.id} classifies every indicator by {field}", "warning"))
            if placing and isinstance(n, int) and n not in unplaced and plan.place_of(n) is None:
                unplaced.add(n)  # reported once, where it first stands
                problems.append(Problem(part.place_of(loc + ("number",)), f"indicator {n} is in no chapter or "
                                        f"section of plan {plan.id}", "add it to a chapter's or section's "
                                        "indicators in the plan profile, or correct its number"))
            section_number = value["sections"][loc[1]].get("number") if loc[0] == "sections" else None
            if not isinstance(n, int) or chapter is None or loc[0] == "sections" and section_number not in sections:
                continue  # the chapter's or section's own number is wrong, which is reported already
            where = plan.place_of(n)
            if where is not None and (where[0].number != number or (where[1] and where[1].number != section_number)):
                planned_at = f"chapter {where[0].number}" + (f", section {where[1].number}" if where[1] else "")
                problems.append(Problem(part.place_of(loc + ("number",)), f"indicator {n} belongs in "
                                        f"{planned_at} of plan {plan.id}", "move it there, or correct its number",
                                        "warning"))


def load_report(path: Path, warn: Callable[[Problem], None] | None = None) -> Report:
    """Read and check a dataset (a YAML folder, a workbook, a CSV folder) into a `Report`.
    Raises `Problems` listing every problem when there is an error; warnings go to `warn`."""
    report, problems = check(read_dataset(path))
    if report is None:
        raise Problems(problems)
    for problem in problems:
        if warn:
            warn(problem)
    return report
