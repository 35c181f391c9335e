"""YAML in and out, keeping the line of every value so errors can name it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from hrap_report.datasets.files import read_text
from hrap_report.errors import InputError
from hrap_report.model.base import field_errors

Loc = tuple[str | int, ...]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present
MAX_DEPTH = 64  # lists and mappings inside each other; a dataset needs 8
#: Values an alias (*name) may repeat, all aliases of a file together: a few lines of
#: aliases of aliases expand to billions. Plain values do not count, so a file may be as
#: large as data gets.
MAX_VALUES = 200_000
#: ... and characters, counted each time an alias repeats them: one alias of a long text
#: repeats more than many of short ones. The built-in dataset's longest text has 1,818
#: characters, and it repeats none.
MAX_REPEATED_CHARACTERS = 1_000_000


@dataclass(frozen=True)
class Located:
    """A parsed document and where each of its values is, keyed by its path of keys.

    For a YAML file a value's place is its 1-based line; a reader of other formats gives
    each value a whole place as text instead (`data.xlsx:indicators!D57`).
    """

    path: Path
    value: Any
    lines: dict[Loc, int | str]

    def line_of(self, loc: Loc) -> int | str | None:
        """The line (or place) of the value at `loc`, or of its nearest enclosing value."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def place_of(self, loc: Loc) -> str:
        """Where the value at `loc` is, for a message: `file:line` or a reader's own place."""
        at = self.line_of(loc)
        if isinstance(at, str):
            return at
        return f"{self.path}:{at}" if at else str(self.path)


def load_yaml(path: Path) -> Located:
    """Parse one YAML file into plain Python values with their line numbers."""
    text = read_text(path)
    try:
        _check_nesting(text, path)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(f"invalid YAML: {problem}", path, mark.line + 1 if mark else None) from None
    if node is None:  # an empty file: the document, for messages, is its first line
        return Located(Path(path), None, {(): 1})
    builder = _Builder(Path(path))
    return Located(Path(path), builder.build(node, ()), builder.lines)


def _check_nesting(text: str, path: Path) -> None:
    """Refuse lists and mappings nested deeper than `MAX_DEPTH`, from the parser's events,
    before libyaml's composer (which recurses in C, and crashes on deep nesting) sees them."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(f"lists and mappings nested more than {MAX_DEPTH} deep", path,
                                 event.start_mark.line + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Builder:
    """Plain values from composed YAML nodes, noting the line of each."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[Loc, int] = {}
        self.constructor = yaml.SafeLoader("")
        self.seen: set[int] = set()
        self.repeated = 0
        self.repeated_characters = 0

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        if id(node) in self.seen:  # reached again: through an alias
            self.repeated += 1
            self.repeated_characters += _characters(node)
            if self.repeated > MAX_VALUES:
                raise InputError(f"holds more than {MAX_VALUES:,} values once its aliases (*name) are "
                                 "expanded", self.path, self._entry_line(node, loc))
            if self.repeated_characters > MAX_REPEATED_CHARACTERS:
                raise InputError(f"holds more than {MAX_REPEATED_CHARACTERS:,} characters repeated by its "
                                 "aliases (*name)", self.path, self._entry_line(node, loc))
        else:
            self.seen.add(id(node))
        self.lines[loc] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                key = self.construct(key_node)
                self._check_key(key, key_node, loc, out)
                out[key] = self.build(value_node, loc + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.construct(node)

    def _entry_line(self, node: yaml.Node, loc: Loc) -> int:
        """The line of the entry of the document being expanded: an alias keeps no line of
        its own."""
        return self.lines.get(loc[:1], node.start_mark.line + 1)

    def construct(self, node: yaml.Node) -> Any:
        """A node's value by its tag; a value its tag cannot take (2021-02-30) is an error."""
        line = node.start_mark.line + 1
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as e:
            raise InputError(f"invalid YAML value: {getattr(e, 'problem', e)}", self.path, line) from None
        except (ValueError, TypeError, OverflowError) as e:
            shown = node.value if len(str(node.value)) <= 40 else f"{str(node.value)[:40]}…"
            raise InputError(f"cannot read the value {shown!r}: {e}", self.path, line) from None

    def _check_key(self, key: Any, node: yaml.Node, loc: Loc, mapping: dict) -> None:
        """A key is a plain value, given once: YAML would keep only the last of two."""
        line = node.start_mark.line + 1
        try:
            twice = key in mapping
        except TypeError:
            raise InputError("a key must be a plain value, not a list or mapping", self.path, line) from None
        if twice:
            raise InputError(f"the key {key!r} appears twice (first at line {self.lines[loc + (key,)]})",
                             self.path, line)


def _characters(node: yaml.Node) -> int:
    """The characters of a node's own text: a scalar's, or a mapping's keys (a collection's
    values are nodes of their own, counted as they are reached)."""
    if isinstance(node, yaml.ScalarNode):
        return len(node.value)
    if isinstance(node, yaml.MappingNode):
        return sum(len(key.value) for key, _ in node.value if isinstance(key, yaml.ScalarNode))
    return 0


def validate(located: Located, model: type[BaseModel], value: Any = None, language: str = "en") -> Any:
    """Validate a loaded file against a model; every problem is reported with its line.
    `language` is the dataset's own, the one a plain text field is written in."""
    try:
        return model.model_validate(located.value if value is None else value,
                                    context={"language": language})
    except ValidationError as error:
        raise first_error(error, located.path, located.line_of) from None


def first_error(error: ValidationError, path: Path | None, line_of: Callable[[Loc], int | str | None],
                prefix: tuple = ()) -> InputError:
    """The first error of a validation as one located line, with how many more there are;
    `line_of` finds the line of a field, `prefix` is the path of keys the model stands at."""
    fields = field_errors(error)
    first, more = fields[0], f" (and {len(fields) - 1} more)" if len(fields) > 1 else ""
    hint = f" — {first.hint}" if first.hint else ""
    where = ".".join(map(str, prefix + first.loc))
    return InputError(f"{where or 'document'}: {first.message}{more}{hint}", path, line_of(first.loc))


def dump_yaml(value: Any) -> str:
    """YAML for people to edit and diff: key order kept, one paragraph per line."""
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=float("inf"))
