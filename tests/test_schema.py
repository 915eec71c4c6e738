"""The committed JSON Schemas are current, and every plan file points editors at them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from swtrack.cli import app
from swtrack.schema import SCHEMAS, json_schema


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_committed_schema_is_current(kind: str) -> None:
    committed = (REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema(kind), f"run: swtrack schema --kind {kind} -o schema/{kind}.schema.json"


def test_schema_command(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "swtrack plan (targets/<plan>.yaml)"
    assert schema["additionalProperties"] is False
    union = schema["properties"]["targets"]["items"]
    assert union["discriminator"]["propertyName"] == "kind"
    kinds = sorted(union["discriminator"]["mapping"])
    assert kinds == [
        "approx",
        "composition",
        "coverage",
        "milestone",
        "per_capita",
        "range",
        "ratio",
        "recurring",
        "taxonomy",
        "threshold",
    ]
    out = tmp_path / "areas.json"
    assert runner.invoke(app, ["schema", "--kind", "areas", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == json_schema("areas")


def _schema_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize("root", [REPO, EXAMPLES], ids=["repo", "example"])
def test_every_yaml_file_names_its_schema(root: Path) -> None:
    targets = root / "targets"
    for path in sorted(targets.rglob("*.yaml")):
        kind = "measures" if path.name == "measures.yaml" else "areas" if path.parent.name == "areas" else "plan"
        line = _schema_line(path)
        assert line.startswith("# yaml-language-server: $schema="), path
        schema_path = (path.parent / line.split("$schema=", 1)[1]).resolve()
        assert schema_path == (REPO / "schema" / f"{kind}.schema.json").resolve(), path
