"""Plan profiles on disk: the built-in ones in `plans/`, or a team's own file. A file is
checked whole: every mistake at once, each at its line and in the plan's own numbering
(`plans/x.yaml:14: error: chapter 2, section 1, indicators: …`)."""
from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from hrap_report.datasets.yaml_files import Loc, Located, load_yaml
from hrap_report.errors import InputError, Problem, Problems
from hrap_report.model.base import field_errors
from hrap_report.model.plan import Plan, claim_items, claim_range, number_ranges
from hrap_report.resources import PLANS


def builtin_plans() -> list[str]:
    """The ids of the plan profiles that ship with hrap-report."""
    return sorted(p.stem for p in PLANS.glob("*.yaml"))


def plan_file(name_or_path: str | Path) -> Path:
    """The file a plan is read from: a built-in plan's id (e.g. "2016-2020") names its
    file in `plans/`, anything else is a path."""
    name = str(name_or_path)
    if name in builtin_plans():
        return PLANS / f"{name}.yaml"
    if not Path(name).suffix and not os.path.lexists(name):  # a path without .yaml is read too
        raise InputError(f"unknown plan {name!r}; built-in plans: {', '.join(builtin_plans())}")
    return Path(name)


def load_plan(name_or_path: str | Path) -> Plan:
    """A built-in plan by id or a plan profile file by path; `Problems` lists every
    mistake of a file."""
    name = str(name_or_path)
    return _builtin_plan(name) if name in builtin_plans() else read_plan(plan_file(name))


def find_plan(plan_id: str) -> Plan | None:
    """The built-in plan profile of that id, if there is one."""
    return _builtin_plan(plan_id) if plan_id in builtin_plans() else None


@functools.cache
def _builtin_plan(plan_id: str) -> Plan:
    """A shipped profile, read once however many checks and builds ask for it."""
    return read_plan(PLANS / f"{plan_id}.yaml")


def read_plan(path: Path) -> Plan:
    """A plan profile file, or `Problems`: its fields against the model, and no indicator
    in two places."""
    located = load_yaml(path)
    found = list(_held_twice(located))
    try:
        plan = Plan.model_validate(located.value, context={"language": "en"})
    except ValidationError as error:
        found += [(e.loc, f"{_described(located.value, e.loc)}: {e.message}", e.hint) for e in field_errors(error)]
    if found:
        found.sort(key=lambda problem: located.line_of(problem[0]) or 0)
        raise Problems([Problem(located.place_of(loc), message, hint) for loc, message, hint in found], "the plan")
    return plan


def _held_twice(located: Located) -> Iterator[tuple[Loc, str, str]]:
    """Each item of `indicators` (or `ids`) holding numbers an earlier one holds already,
    once, naming those numbers and the earlier item."""
    earlier: list[tuple[Loc, int, int]] = []
    for loc, first, last in _ranges(located.value):
        overlaps = [(at, max(first, a), min(last, b)) for at, a, b in earlier if a <= last and first <= b]
        if overlaps:
            numbers = number_ranges([(a, b) for _, a, b in overlaps])
            holders: dict[str, int | str | None] = {}  # each earlier chapter or section at its first line
            for at, _, _ in overlaps:
                holders.setdefault(_described(located.value, at[:-2]), located.line_of(at))
            held = " and ".join(f"{holder} (line {line})" for holder, line in holders.items())
            one = numbers.isdigit()
            yield (loc, f"{_described(located.value, loc)}: indicator{'' if one else 's'} {numbers} "
                   f"{'is' if one else 'are'} held already by {held}",
                   "put each indicator in one chapter or section only")
        earlier.append((loc, first, last))


def _ranges(value: Any) -> Iterator[tuple[Loc, int, int]]:
    """Every well-written range of indicators in a plan file's values, with its place, in
    reading order: a chapter's own, then its sections'."""
    for c, chapter in enumerate(_list(value, "chapters")):
        places = [(("chapters", c), chapter)]
        places += [(("chapters", c, "sections", s), section) for s, section in enumerate(_list(chapter, "sections"))]
        for loc, place in places:
            items = claim_items(place.get("indicators")) if isinstance(place, dict) else []
            ids = [("ids", k, n) for k, n in enumerate(_list(place, "ids")) if isinstance(n, int)]
            for key, k, item in [*(("indicators", k, item) for k, item in enumerate(items)), *ids]:
                try:
                    yield (*loc, key, k), *claim_range(item)
                except PydanticCustomError:  # a mistake of its own, which the model reports
                    continue


def _list(value: Any, key: str) -> list:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, list) else []


def _described(value: Any, loc: Loc) -> str:
    """A field of a plan file in the plan's words: chapters and sections by their numbers
    (`chapter 2, section 1, indicators`), never by their places in a list."""
    words: list[str] = []
    node, field = value, False
    for i, key in enumerate(loc):
        node = node[key] if isinstance(node, dict) and key in node or isinstance(node, list) \
            and isinstance(key, int) and key < len(node) else None
        if i and loc[i - 1] in ("chapters", "sections") and isinstance(key, int):
            number = node.get("number") if isinstance(node, dict) else None
            words[-1] = f"{loc[i - 1][:-1]} {number if type(number) is int else key + 1}"
            field = False
        elif isinstance(key, str):
            if field:
                words[-1] += f".{key}"
            else:
                words.append(key)
            field = True
    return ", ".join(words) or "the plan"
