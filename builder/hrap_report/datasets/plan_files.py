"""Plan profiles on disk: the built-in ones in `plans/`, or a team's own file."""
from __future__ import annotations

import functools
import os
from pathlib import Path

from hrap_report.datasets.yaml_files import load_yaml, validate
from hrap_report.errors import InputError
from hrap_report.model.plan import Plan
from hrap_report.resources import PLANS


def builtin_plans() -> list[str]:
    """The ids of the plan profiles that ship with hrap-report."""
    return sorted(p.stem for p in PLANS.glob("*.yaml"))


def load_plan(name_or_path: str | Path) -> Plan:
    """A built-in plan by id (e.g. "2016-2020") or a plan profile file by path."""
    name = str(name_or_path)
    if name in builtin_plans():
        return _builtin_plan(name)
    if not Path(name).suffix and not os.path.lexists(name):  # a path without .yaml is read too
        raise InputError(f"unknown plan {name!r}; built-in plans: {', '.join(builtin_plans())}")
    return validate(load_yaml(Path(name)), Plan)


def find_plan(plan_id: str) -> Plan | None:
    """The built-in plan profile of that id, if there is one."""
    return _builtin_plan(plan_id) if plan_id in builtin_plans() else None


@functools.cache
def _builtin_plan(plan_id: str) -> Plan:
    """A shipped profile, read once however many checks and builds ask for it."""
    return validate(load_yaml(PLANS / f"{plan_id}.yaml"), Plan)
