"""JSON Schemas of the plan format, generated from the pydantic models, for editors and CI."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from swtrack.model.areas import AreaRegistry
from swtrack.model.measures import Catalogue
from swtrack.model.plan import Plan

SCHEMAS: dict[str, type[BaseModel]] = {"plan": Plan, "measures": Catalogue, "areas": AreaRegistry}
TITLES = {
    "plan": "swtrack plan (targets/<plan>.yaml)",
    "measures": "swtrack measure catalogue (targets/measures.yaml)",
    "areas": "swtrack area registry (targets/areas/<jurisdiction>.yaml)",
}


def json_schema(kind: str) -> str:
    """The schema as deterministic JSON text, ending in a newline."""
    schema = SCHEMAS[kind].model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": TITLES[kind]}
    _describe_plain_values(schema)
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# What an editor shows beside "Incorrect type": YAML reads a quoted number or yes/no as text, and
# `swtrack validate` refuses text there too.
UNQUOTED = {
    "number": 'A number, without quotes (400000, not "400000").',
    "integer": 'A whole number, without quotes (2016, not "2016").',
    "boolean": 'true or false, without quotes (true, not "true").',
}


def _describe_plain_values(node: Any) -> None:
    if isinstance(node, dict):
        kind = node.get("type")
        if isinstance(kind, str) and kind in UNQUOTED and "description" not in node:
            node["description"] = UNQUOTED[kind]
        for child in node.values():
            _describe_plain_values(child)
    elif isinstance(node, list):
        for child in node:
            _describe_plain_values(child)
