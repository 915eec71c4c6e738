"""The committed JSON Schemas are current, and every plan file points editors at them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, MINI, REPO, TODAY, copy_tracker
from swtrack.cli import app
from swtrack.findings import Report
from swtrack.load.yamlfile import load_yaml
from swtrack.model.schema import SCHEMAS, json_schema


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
        "increase",
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


def editor_view(path: Path) -> object:
    """The YAML as an editor's schema check sees it: YAML 1.2 has no date type, so dates are text."""
    doc = load_yaml(path, path.name, Report())
    assert doc is not None

    def plain(node: object) -> object:
        if isinstance(node, dict):
            return {k: plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return node.isoformat() if isinstance(node, date) else node

    return plain(doc.data)


QUOTED = [
    ("    value: 1000\n", '    value: "1000"\n', "targets.0.value", "Input should be a valid number", "value: 1000"),
    (
        "    first_year: 2016\n",
        "    first_year: '2016'\n",
        "targets.2.first_year",
        "Input should be a valid integer",
        "first_year: 2016",
    ),
]


@pytest.mark.parametrize(("old", "new", "where", "message", "fixed"), QUOTED, ids=["float", "int"])
def test_a_quoted_number_is_refused_by_validate_and_by_the_schema(
    runner: CliRunner, tmp_path: Path, old: str, new: str, where: str, message: str, fixed: str
) -> None:
    root = copy_tracker(MINI, tmp_path / "tracker")
    plan = root / "targets" / "mini-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    assert result.exit_code == 1
    # The target is left out; the events naming it (if any) follow from the finding.
    finding, *rest = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in rest] == ["unknown-ref"] * len(rest)
    assert all(f["follows"] == f"{finding['file']}:{finding['line']}:{finding['column']}" for f in rest)
    quoted = new.split(": ", 1)[1].strip()[1:-1]
    assert finding["code"] == "invalid-value"
    assert finding["message"] == f"{where}: {message}, not the quoted text '{quoted}'"
    assert finding["hint"] == f"Write the number without quotes: {fixed}."
    schema = json.loads(json_schema("plan"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(editor_view(plan)))
    assert errors, "the schema must refuse what validate refuses"
    leaves = [leaf for e in errors for leaf in (e.context or [e]) if leaf.validator == "type"]
    assert f"'{quoted}' is not of type" in " ".join(leaf.message for leaf in leaves)
    assert json.loads(json_schema("plan"))["$defs"]["ThresholdTarget"]["properties"]["value"]["description"] == (
        'A number, without quotes (400000, not "400000").'
    )


def test_the_unquoted_plan_passes_the_schema() -> None:
    schema = json.loads(json_schema("plan"))
    plan = editor_view(MINI / "targets" / "mini-plan.yaml")
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(plan)) == []
