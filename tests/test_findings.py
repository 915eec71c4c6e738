"""Every finding code has a fixture that triggers it: code, file, line, column, exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import FIXTURES, MINI, TODAY, apply_edit, copy_tracker, snapshot_bytes
from swtrack.cli import app
from swtrack.findings import CATALOGUE

CASES = sorted((FIXTURES / "findings").glob("*.yaml"))


def run_validate(runner: CliRunner, root: Path, *extra: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY, *extra])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def test_the_mini_tracker_is_clean(runner: CliRunner) -> None:
    code, report = run_validate(runner, MINI)
    assert code == 0
    assert report == {"valid": True, "errors": 0, "warnings": 0, "findings": []}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_finding(case: Path, runner: CliRunner, tmp_path: Path) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    root = copy_tracker(MINI, tmp_path / "tracker")
    for edit in spec["edits"]:
        apply_edit(root, edit)
    before = snapshot_bytes(root)
    code, report = run_validate(runner, root)
    expect = spec["expect"]
    assert code == expect["exit"]
    matches = [f for f in report["findings"] if f["code"] == expect["code"]]  # type: ignore[attr-defined]
    assert matches, f"no {expect['code']} finding in {report['findings']}"
    found = matches[0]
    assert found["severity"] == expect["severity"]
    assert found["file"] == expect["file"]
    assert found["line"] == expect["line"]
    if "column" in expect:
        assert found["column"] == expect["column"]
    if "message_contains" in expect:
        assert expect["message_contains"] in found["message"]
    assert found["hint"]
    # swtrack never modifies what it reads
    assert snapshot_bytes(root) == before


def test_every_catalogue_code_has_a_fixture() -> None:
    covered = {yaml.safe_load(c.read_text(encoding="utf-8"))["expect"]["code"] for c in CASES}
    assert covered == set(CATALOGUE)


def test_strict_turns_warnings_into_errors(runner: CliRunner, tmp_path: Path) -> None:
    root = copy_tracker(MINI, tmp_path / "tracker")
    apply_edit(root, {"file": "data/observations.csv", "encode": "utf-8-sig"})
    assert run_validate(runner, root)[0] == 0
    code, report = run_validate(runner, root, "--strict")
    assert code == 1
    assert report["valid"] is False
    assert report["warnings"] == 1


def test_rich_output_names_file_line_and_hint(runner: CliRunner, tmp_path: Path) -> None:
    root = copy_tracker(MINI, tmp_path / "tracker")
    apply_edit(root, {"file": "targets/mini-plan.yaml", "replace": "    phase: p1\n", "with": "    deadine: 2015\n"})
    result = runner.invoke(app, ["--root", str(root), "validate", "--today", TODAY], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "targets/mini-plan.yaml:27:5: error [unknown-key] unknown key 'deadine' at targets.1.deadine: did you" in (
        result.stdout
    )
    assert "hint: Rename it to 'deadline'." in result.stdout
    # MN-02 alone is left out; its event follows from the error, folded under it.
    assert result.stdout.endswith("\n    and 1 finding that follows from it (unknown-ref ×1)\n2 errors, 0 warnings\n")


def test_parts_are_held_to_their_totals_place_by_place(runner: CliRunner, tmp_path: Path) -> None:
    """The last row of a measure at a place counts; a total that is only a lower bound holds no
    part to it; places with a part and no total are left alone."""
    root = copy_tracker(MINI, tmp_path / "tracker")
    rows = [
        "2016-12-31,东区,cert_junior,5,,https://example.org/d,C,",  # line 9: over 东区's 2
        "2013-06-30,旧县,certified,9,,https://example.org/d,C,",  # line 10: 旧县's later total
        "2013-06-30,旧县,cert_junior,4,,https://example.org/d,C,",  # line 11: under 9 (the last total)
        "2016-12-31,迷你市,cert_junior,45,,https://example.org/d,C,",  # line 12: the last part, under 50
        "2015-12-31,迷你市,cert_junior,20,,https://example.org/d,C,",  # line 13: no total that year
        "2014-12-31,迷你市,certified,10,at_least,https://example.org/d,C,",  # line 14: a bound
        "2014-12-31,迷你市,cert_junior,30,,https://example.org/d,C,",  # line 15: over a bound only
    ]
    path = root / "data" / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    code, report = run_validate(runner, root)
    found = [
        (f["line"], f["message"])
        for f in report["findings"]  # type: ignore[attr-defined]
        if f["code"] == "component-exceeds-total"
    ]
    assert code == 1
    assert found == [(9, "cert_junior = 5 exceeds its total certified = 2 (line 7) at the same date and area")]
