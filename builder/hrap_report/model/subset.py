"""One report per value of an indicator field (`build --each FIELD`): the values a
report's indicators take, the report cut down to the indicators of one value, and what
its cover says of the part it holds."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from hrap_report.errors import InputError
from hrap_report.model.base import Frozen
from hrap_report.model.localized import OptionalText
from hrap_report.model.report import Indicator, Meta, Report

#: The fields `--each` splits by, each with what an indicator without a value lacks.
FIELDS = {"chapter": "chapter", "responsible": "responsible body", "status": "status",
          "binding": "binding or expected classification", "kind": "kind", "horizon": "horizon"}
#: The values of the fixed vocabularies, in order.
_VOCABULARIES = {"binding": ("binding", "expected"), "kind": ("quantitative", "qualitative"),
                 "horizon": ("periodic", "long-term")}
SLUG_LENGTH = 50  # characters of a value kept in a file name (a Chinese one is 3 bytes each)


class Subset(Frozen):
    """What the cover says of the part of a report a build holds: a key of the label
    catalogs (`subset_chapter`, `subset_responsible` …) and the words it names."""

    label: str
    value: OptionalText = ""  # the chapter's title, the responsible body, the status's words
    number: int | None = None  # the chapter's


class SubsetMeta(Meta):
    """The metadata of a report cut down to a subset; the cover template shows `subset`."""

    subset: Subset


@dataclass(frozen=True)
class Part:
    """One report of `--each`: the indicators whose field has one value."""

    field: str
    value: str  # as the data has it: "3" (a chapter), "Ministry of Education", "completed"
    subset: Subset
    indicators: frozenset[int]  # their numbers
    slug: str  # the value in file names, unique among the parts

    @property
    def name(self) -> str:
        """How messages name this report: `responsible=Ministry of Education`."""
        return f"{self.field}={self.value}"

    @property
    def suffix(self) -> str:
        """What this report's file names end in: `-chapter-3`."""
        return f"-{self.field}-{self.slug}"


def check_field(field: str) -> None:
    """Stop on a field `--each` cannot split by."""
    if field not in FIELDS:
        raise InputError(f"--each {field!r}: unknown field; use one of {', '.join(FIELDS)}")


def split(report: Report, field: str) -> tuple[list[Part], int]:
    """The parts of a report by the values of an indicator field, in the order of the
    report (chapters, first mention of a responsible body) or of the vocabulary (statuses,
    classifications); and how many indicators have no value and so are in no part. An
    indicator with several responsible bodies is in the part of each."""
    check_field(field)
    members: dict[str, set[int]] = {}
    subsets: dict[str, Subset] = {}
    left_out = 0
    for indicator, values in _values(report, field):
        left_out += not values
        for value, subset in values:
            members.setdefault(value, set()).add(indicator.number)
            subsets.setdefault(value, subset)
    order = list(members)
    if field == "status":
        scale = report.scale
        levels = [level.id for level in scale.qualitative + scale.quantitative + scale.rollup]
        order.sort(key=levels.index)
    elif field in _VOCABULARIES:
        order.sort(key=_VOCABULARIES[field].index)
    slugs = unique_slugs(order)
    parts = [Part(field, value, subsets[value], frozenset(members[value]), slugs[value]) for value in order]
    return parts, left_out


def _values(report: Report, field: str) -> Iterator[tuple[Indicator, list[tuple[str, Subset]]]]:
    """Each indicator with its values of the field, each with the cover's words for it."""
    for chapter in report.chapters:
        for indicator in chapter.all_indicators():
            if field == "chapter":
                values = [(str(chapter.number), Subset(label="subset_chapter", value=chapter.title,
                                                       number=chapter.number))]
            elif field == "responsible":
                bodies = {" ".join(body.split()): body for body in indicator.responsible}
                values = [(key, Subset(label="subset_responsible", value=body))
                          for key, body in bodies.items()]
            elif field == "status":
                status = indicator.status
                values = [(status, Subset(label="subset_status", value=report.scale.level(status).label))
                          ] if status else []
            else:  # a kind not recorded is read from the metrics, as the tables count it
                value = {"binding": None if indicator.binding is None else "binding" if indicator.binding
                         else "expected", "kind": indicator.nature, "horizon": indicator.horizon}[field]
                values = [(value, Subset(label=f"subset_{value.replace('-', '_')}"))] if value else []
            yield indicator, values


def cut(report: Report, part: Part) -> Report:
    """The report with only the indicators of a part, sections and chapters left empty
    dropped, and the part named for the cover."""
    def kept(indicators: list[Indicator]) -> list[Indicator]:
        return [i for i in indicators if i.number in part.indicators]

    chapters = []
    for chapter in report.chapters:
        sections = [s.model_copy(update={"indicators": kept(s.indicators)}) for s in chapter.sections]
        sections = [s for s in sections if s.indicators]
        direct = kept(chapter.indicators)
        if sections or direct:
            chapters.append(chapter.model_copy(update={"sections": sections, "indicators": direct}))
    meta = SubsetMeta(**dict(report.meta), subset=part.subset)
    return report.model_copy(update={"chapters": chapters, "meta": meta})


def slug(text: str) -> str:
    """A value as part of a file name: letters and digits of any script kept (教育部 stays
    教育部), lower case, every run of other characters one hyphen, at most SLUG_LENGTH
    characters. Empty when the value has no letter or digit."""
    words = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", text).casefold()).strip("-")
    return words[:SLUG_LENGTH].rstrip("-")


def unique_slugs(values: list[str]) -> dict[str, str]:
    """The slug of each value; values whose slugs would be the same (or empty) get a
    short hash of the value itself appended, so that every name stays distinct and stable."""
    slugs = {value: slug(value) for value in values}
    taken = list(slugs.values())
    for value, plain in slugs.items():
        if not plain or taken.count(plain) > 1:
            digest = hashlib.sha1(value.encode()).hexdigest()[:6]
            slugs[value] = f"{plain}-{digest}" if plain else digest
    return slugs
