"""The JSON Schemas of the files a team writes (`hrap-report schema KIND`), which an editor
checks each file against as it is typed, and shows each field's meaning from."""
from __future__ import annotations

from hrap_report.datasets import yaml_folder
from hrap_report.errors import InputError
from hrap_report.model.base import json_schema
from hrap_report.model.plan import Plan
from hrap_report.model.report import Report
from hrap_report.project.config import Config

#: Each kind of file: its model and its schema's title. `data` is a whole dataset as one
#: document: report.yaml with its chapter files and status scale in place of their names.
SCHEMAS = {
    "plan": (Plan, "hrap-report plan profile (plans/*.yaml, or a plan file of a project)"),
    "data": (Report, "hrap-report dataset as one document: report.yaml with its chapters and status scale"),
    "config": (Config, "hrap-report project file (hrap.toml)"),
    **yaml_folder.SCHEMAS,
}


def schema_text(kind: str) -> str:
    """The JSON Schema of a kind of file, as JSON text."""
    if kind not in SCHEMAS:
        raise InputError(f"unknown kind of file {kind!r}; use one of {', '.join(SCHEMAS)}")
    return json_schema(*SCHEMAS[kind])
