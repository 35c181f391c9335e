"""YAML in and out, keeping the line of every value so errors can name it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError

Loc = tuple[str | int, ...]
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present


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


def read_text(path: Path) -> str:
    """A text file's contents, or an `InputError` saying why it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except PermissionError:
        raise InputError("cannot be read (permission denied)", path) from None
    except UnicodeDecodeError as e:
        raise InputError(f"is not UTF-8 text (byte {e.start})", path) from None


def load_yaml(path: Path) -> Located:
    """Parse one YAML file into plain Python values with their line numbers."""
    text = read_text(path)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(f"invalid YAML: {problem}", path, mark.line + 1 if mark else None) from None
    lines: dict[Loc, int] = {}
    constructor = yaml.SafeLoader("")
    try:
        value = _build(node, (), lines, constructor) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(f"invalid YAML value: {getattr(e, 'problem', e)}", path,
                         mark.line + 1 if mark else None) from None
    return Located(Path(path), value, lines)


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], constructor: yaml.SafeLoader) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            out[key] = _build(value_node, loc + (key,), lines, constructor)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), lines, constructor) for i, item in enumerate(node.value)]
    return constructor.construct_object(node, deep=True)


def validate(located: Located, model: type[BaseModel], value: Any = None, language: str = "en") -> Any:
    """Validate a loaded file against a model; every problem is reported with its line.
    `language` is the dataset's own, the one a plain text field is written in."""
    try:
        return model.model_validate(located.value if value is None else value,
                                    context={"language": language})
    except ValidationError as e:
        first = e.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc) or "document"
        more = f" (and {e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise InputError(f"{where}: {first['msg']}{more}", located.path, located.line_of(loc)) from None


def dump_yaml(value: Any) -> str:
    """YAML for people to edit and diff: key order kept, one paragraph per line."""
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=float("inf"))
