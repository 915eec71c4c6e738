"""Renderings: golden files for table, JSON, CSV and markdown; JSON is the model's own dump.

Regenerate the golden files after an intended change with:

    SWTRACK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pydantic import TypeAdapter
from typer.testing import CliRunner

from conftest import EXAMPLES, REPO
from swtrack.assess import assess
from swtrack.assess.model import Assessment, StatusReport
from swtrack.cli import app
from swtrack.load.tracker import load_tracker

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("SWTRACK_UPDATE_GOLDEN") == "1"

CASES = {
    "example-status-en.txt": (EXAMPLES, ["status", "--lang", "en"]),
    "example-status-zh.txt": (EXAMPLES, ["status", "--lang", "zh"]),
    "example-status.json": (EXAMPLES, ["status", "--format", "json"]),
    "example-status.csv": (EXAMPLES, ["status", "--format", "csv", "--lang", "en"]),
    "example-status.md": (EXAMPLES, ["status", "--format", "markdown", "--lang", "en"]),
    "example-explain-EX-01.txt": (EXAMPLES, ["explain", "EX-01", "--lang", "en"]),
    "repo-status-zh.txt": (REPO, ["status"]),
    "repo-status.md": (REPO, ["status", "--format", "markdown", "--lang", "en"]),
    "repo-explain-BJ-02.txt": (REPO, ["explain", "BJ-02", "--lang", "zh"]),
    # An 80-column terminal (and what a pipe gets): one line per target.
    "repo-status-zh-80.txt": (REPO, ["status"]),
    "repo-status-en-80.txt": (REPO, ["status", "--lang", "en"]),
    "example-status-en-80.txt": (EXAMPLES, ["status", "--lang", "en"]),
}


def run(runner: CliRunner, root: Path, args: list[str], columns: int = 160) -> str:
    result = runner.invoke(app, ["--root", str(root), *args], env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(runner: CliRunner, name: str) -> None:
    root, args = CASES[name]
    out = run(runner, root, args, 80 if name.endswith("-80.txt") else 160)
    path = GOLDEN / name
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_output_is_deterministic(runner: CliRunner) -> None:
    for fmt in ("json", "csv", "markdown", "table"):
        first = run(runner, REPO, ["status", "--format", fmt])
        assert run(runner, REPO, ["status", "--format", fmt]) == first


def test_json_is_the_models_own_dump(runner: CliRunner) -> None:
    from swtrack.assess.model import UNIT_LIST_LIMIT

    out = run(runner, REPO, ["status", "--format", "json"])
    tracker, _ = load_tracker(REPO)
    summary = assess(tracker, unit_limit=UNIT_LIST_LIMIT)
    assert StatusReport.model_validate_json(out) == summary
    assert json.loads(out) == json.loads(summary.model_dump_json())
    refs = {a["ref"] for a in json.loads(out)["assessments"]}
    assert len(refs) == 45


def test_status_filter_and_fail_on(runner: CliRunner) -> None:
    out = json.loads(run(runner, EXAMPLES, ["status", "--format", "json", "--status", "missed,overdue"]))
    assert sorted(a["target"] for a in out["assessments"]) == ["EX-05", "EX-10", "EX-13", "EX-15", "EX-17", "EX-20"]
    gate = runner.invoke(app, ["--root", str(EXAMPLES), "status", "--format", "csv", "--fail-on", "overdue,tracked"])
    assert gate.exit_code == 1
    assert gate.stderr == "--fail-on: overdue, tracked present\n"
    calm = runner.invoke(app, ["--root", str(REPO), "status", "--format", "csv", "--fail-on", "moving_away"])
    assert calm.exit_code == 0


def test_markdown_tables_are_well_formed(runner: CliRunner) -> None:
    from markdown_it import MarkdownIt

    text = run(runner, EXAMPLES, ["status", "--format", "markdown", "--lang", "en"])
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Example City social-work talent plan (synthetic)"
    assert headings[1:] == ["Phase one (to 2013)", "Phase two (to 2015)", "Phase three (to 2020)", "Yearly and undated"]
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 31 + 4  # one row per target plus a header row per phase table
    cells = text.count("| EX-")
    assert cells == 31


def test_csv_has_one_row_per_target(runner: CliRunner) -> None:
    import csv
    import io

    text = run(runner, REPO, ["status", "--format", "csv", "--lang", "en"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 50
    bj02 = next(r for r in rows if r["ref"] == "BJ-02")
    assert (bj02["latest"], bj02["date"], bj02["status_code"]) == ("76,800", "2021-12-31", "met_by")
    assert (bj02["clause"], bj02["evidence"], bj02["gap"]) == ("二（一）", "5 · 2021-12-31", "—")
    bj01 = next(r for r in rows if r["ref"] == "BJ-01")
    assert (bj01["latest"], bj01["status"], bj01["status_code"]) == (">300,000", "stale", "stale")


@pytest.mark.parametrize("keep", [None, 0, 1], ids=["all", "none", "one"])
def test_status_json_written_an_assessment_at_a_time_is_model_dump_json(keep: int | None) -> None:
    from swtrack.render.status import json_chunks

    tracker, _ = load_tracker(EXAMPLES)
    report = assess(tracker)
    if keep is not None:
        report = report.model_copy(update={"assessments": report.assessments[:keep]})
    assert b"".join(json_chunks(report)).decode("utf-8") == report.model_dump_json(indent=2) + "\n"


@pytest.mark.parametrize("keep", [None, 0, 1], ids=["all", "none", "one"])
def test_explain_json_written_an_assessment_at_a_time_is_the_json_list(keep: int | None) -> None:
    from swtrack.render.status import json_list_chunks

    tracker, _ = load_tracker(EXAMPLES)
    chosen = assess(tracker).assessments[:keep]
    # pydantic's own dump of the whole list: an unbounded R (EX-29's ratio_high) is null there, as
    # JSON requires, where json.dumps of model_dump() would write the invalid Infinity.
    expected = TypeAdapter(list[Assessment]).dump_json(chosen, indent=2).decode("utf-8") + "\n"
    assert b"".join(json_list_chunks(chosen)).decode("utf-8") == expected
    assert "Infinity" not in expected


def test_assessing_some_refs_judges_only_those_targets() -> None:
    tracker, _ = load_tracker(EXAMPLES)
    whole = {a.target: a for a in assess(tracker).assessments}
    some = assess(tracker, refs={"EX-12", "EX-01"})
    assert [a.target for a in some.assessments] == ["EX-01", "EX-12"]
    assert some.assessments == [whole["EX-01"], whole["EX-12"]]
    assert sum(some.plans[0].counts.values()) == 2


def test_status_json_summarises_units_and_explain_lists_them_all(runner: CliRunner) -> None:
    out = json.loads(run(runner, EXAMPLES, ["status", "--format", "json"]))
    ex12 = next(a for a in out["assessments"] if a["target"] == "EX-12")
    # Six communities: four meet the range, two fall short; the summary names the two.
    assert (ex12["units_total"], ex12["units_met"], ex12["units_short"], ex12["units_omitted"]) == (6, 4, 2, 4)
    assert [(u["unit"], u["state"]) for u in ex12["units"]] == [("社区四", "short"), ("社区六", "short")]
    # It cites their figures and the count of all communities that gives the total.
    assert sorted((u["unit"], u["measure"]) for u in ex12["used"]) == [
        ("", "communities"),
        ("社区六", "professional_social_workers"),
        ("社区四", "professional_social_workers"),
    ]
    full = json.loads(run(runner, EXAMPLES, ["explain", "EX-12", "--format", "json"]))
    assert len(full[0]["units"]) == 6 and full[0]["units_omitted"] == 0
    assert json.loads(run(runner, EXAMPLES, ["explain", "EX-12", "--json"])) == full
