#!/usr/bin/env python3
"""Write the field tables of docs/data-format.md and docs/plan-format.md from the models'
JSON Schemas (what `hrap-report schema KIND` prints), so the reference says what the
program reads. A table stands between `<!-- fields: MODEL -->` and `<!-- end fields -->`;
the text around it is written by hand.

    .venv/bin/python scripts/field-tables.py           # rewrite the tables
    .venv/bin/python scripts/field-tables.py --check   # exit 1 if a table is out of date
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from hrap_report.model.localized import text_schema
from hrap_report.project.schemas import SCHEMAS, schema_text

DOCS = [Path(__file__).resolve().parent.parent / "docs" / name for name in ("data-format.md", "plan-format.md")]
TABLE = re.compile(r"(<!-- fields: (\w+) -->\n).*?(<!-- end fields -->)", re.S)
TEXTS = {json.dumps(text_schema(filled), sort_keys=True): "text" for filled in (False, True)}
ANNOTATIONS = ("title", "description", "default")


def models() -> dict[str, dict[str, Any]]:
    """The schema of every model the files are read with, by the model's name."""
    found = {}
    for kind, (model, _) in SCHEMAS.items():
        schema = json.loads(schema_text(kind))
        found.update(schema.pop("$defs", {}))
        found[model.__name__] = schema
    return found


def type_of(schema: dict[str, Any] | bool, inner: bool = False) -> str:
    """A value's type in words: `text`, `list of [Indicator](#indicator)`, `one of a, b`;
    `inner`, a choice of types in brackets, as it stands in a list or mapping."""
    if isinstance(schema, bool):
        return "any"
    bare = {k: v for k, v in schema.items() if k not in ANNOTATIONS}
    if "anyOf" in bare:  # a value that may be left empty (null) has its type as the other choices
        bare["anyOf"] = [s for s in bare["anyOf"] if s.get("type") != "null"]
    if json.dumps(bare, sort_keys=True) in TEXTS:
        return "text"
    if "$ref" in bare:
        name = bare["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in bare:
        choices = [type_of(s, inner=True) for s in bare["anyOf"]]
        return f"({' or '.join(choices)})" if inner and len(choices) > 1 else " or ".join(choices)
    if "enum" in bare:
        return "one of " + ", ".join(f"`{v}`" for v in bare["enum"])
    kind = bare.get("type")
    if kind == "array":
        if "prefixItems" in bare:
            return "[" + ", ".join(type_of(s, inner=True) for s in bare["prefixItems"]) + "]"
        return f"list of {type_of(bare.get('items', {}), inner=True)}"
    if kind == "object":
        keys = bare.get("propertyNames", {}).get("enum")
        key = "one of " + ", ".join(f"`{v}`" for v in keys) if keys else "name"
        return f"mapping of {key} to {type_of(bare.get('additionalProperties', {}), inner=True)}"
    if kind in ("integer", "number"):
        words = "whole number" if kind == "integer" else "number"
        low, high = bare.get("minimum"), bare.get("maximum")
        if low is not None and high is not None:
            return f"{words} from {low:g} to {high:g}"
        return f"{words} ≥ {low:g}" if low is not None else words
    return {"string": "date (YYYY-MM-DD)" if bare.get("format") == "date" else
            "path" if bare.get("format") == "path" else "string",
            "boolean": "true or false", None: "any"}[kind]


def table(schema: dict[str, Any]) -> str:
    """A model's fields as a Markdown table: name, type, default (or required), meaning."""
    rows = ["| Field | Type | Default | Meaning |", "|---|---|---|---|"]
    required = set(schema.get("required", ()))
    for name, field in schema["properties"].items():
        default = "required" if name in required else f"`{json.dumps(field.get('default'), ensure_ascii=False)}`"
        meaning = " ".join(field.get("description", "").split()).replace("|", "\\|")
        rows.append(f"| `{name}` | {type_of(field)} | {default} | {meaning} |")
    return "\n".join(rows) + "\n"


def rewritten(text: str, schemas: dict[str, dict[str, Any]]) -> str:
    """A document with each of its field tables made anew."""
    return TABLE.sub(lambda m: m[1] + table(schemas[m[2]]) + m[3], text)


def main(check: bool) -> int:
    schemas = models()
    stale = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        new = rewritten(text, schemas)
        if new != text:
            stale.append(doc.name)
            if not check:
                doc.write_text(new, encoding="utf-8")
    if check and stale:
        print(f"out of date: {', '.join(stale)}; run .venv/bin/python scripts/field-tables.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
