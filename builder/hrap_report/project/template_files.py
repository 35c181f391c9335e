"""The built-in templates and label catalogs, listed and copied out for a team to edit."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from hrap_report.errors import InputError
from hrap_report.pipeline.atomic import refuse_overwrite, write_file
from hrap_report.resources import TEMPLATES

_DESCRIPTION = re.compile(r"\{#-?\s*(.*?)(?:\.\s|\s*-?#\})", re.S)


def builtin_templates() -> dict[str, str]:
    """Each built-in template and catalog by name (`chapter.j2`, `labels/zh.yaml`), with
    what it holds."""
    names: dict[str, str] = {}
    for path in sorted(TEMPLATES.glob("*.j2")):
        match = _DESCRIPTION.match(path.read_text(encoding="utf-8"))
        names[path.name] = " ".join(match.group(1).split()) if match else ""
    for path in sorted((TEMPLATES / "labels").glob("*.yaml")):
        names[f"labels/{path.name}"] = f"the report's fixed words in {path.stem}"
    return names


def copy_templates(names: list[str], folder: Path, force: bool = False) -> list[Path]:
    """Copy built-in templates (by name, `chapter` for `chapter.j2`, or `all`) into `folder`,
    where `--templates` picks them up; an existing copy is replaced only with `force`."""
    known = builtin_templates()
    chosen: list[str] = []
    for name in names:
        if name == "all":
            chosen += known
            continue
        match = next((k for k in (name, f"{name}.j2", f"labels/{name}", f"labels/{name}.yaml") if k in known),
                     None)
        if match is None:
            raise InputError(f"no built-in template {name!r}; `hrap-report templates list` shows them")
        chosen.append(match)
    chosen = list(dict.fromkeys(chosen))
    targets = [folder / name for name in chosen]
    refuse_overwrite(targets, force)
    for name, target in zip(chosen, targets):
        write_file(target, lambda tmp, source=TEMPLATES / name: shutil.copyfile(source, tmp))
    return targets
