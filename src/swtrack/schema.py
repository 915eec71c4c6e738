"""JSON Schemas of the plan format, generated from the pydantic models, for editors and CI."""

from __future__ import annotations

import json

from pydantic import BaseModel

from swtrack.plan import AreaRegistry, Catalogue, Plan

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
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
