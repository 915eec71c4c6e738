"""Files over the size cap of their kind are refused before a byte is read, with a finding that
gives the size, the cap and how to split or raise it; YAML documents are capped in nodes too."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import swtrack.load.yamlfile
from conftest import TODAY
from swtrack.cli import app
from swtrack.findings import Report
from swtrack.load.yamlfile import load_yaml

MakeMini = Callable[[list[dict[str, Any]]], Path]
MB = 1024 * 1024


def _sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no disk: NUL bytes, which no reader would accept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)


def _too_large(runner: CliRunner, root: Path) -> tuple[int, list[tuple[str, str, str]], float]:
    start = time.perf_counter()
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    took = time.perf_counter() - start
    assert "Traceback" not in result.output
    found = json.loads(result.stdout)["findings"]
    return (
        result.exit_code,
        [(f["file"], f["message"], f["hint"]) for f in found if f["code"] == "file-too-large"],
        took,
    )


def test_a_50_mb_plan_is_refused_unread(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini([])
    _sparse(root / "targets" / "huge.yaml", 50 * MB)
    code, found, took = _too_large(runner, root)
    assert code == 1
    assert found == [
        (
            "targets/huge.yaml",
            "targets/huge.yaml is 50.0 MB (52,428,800 bytes), over the 10 MB cap for YAML files in targets/ "
            "(plans, the catalogue, area registries); it was not read",
            "Split a plan into several files, or write a large area registry as CSV (docs/areas.md); or raise "
            "the cap, e.g. SWTRACK_MAX_YAML_MB=51 (docs/data-format.md).",
        )
    ]
    assert took < 10  # before: 56 s and 3.7 GB for a 50 MB file


@pytest.mark.parametrize(
    ("path", "size", "what"),
    [
        ("data/observations/huge.csv", 513 * MB, "512 MB cap for snapshot tables (observations, units)"),
        ("data/events.csv", 33 * MB, "32 MB cap for event tables"),
        ("targets/areas/huge.csv", 65 * MB, "64 MB cap for area registries written as CSV"),
        ("sources/mini-plan.md", 6 * MB, "5 MB cap for a plan's source text"),
    ],
)
def test_every_kind_has_its_cap(runner: CliRunner, make_mini: MakeMini, path: str, size: int, what: str) -> None:
    root = make_mini([])
    _sparse(root / path, size)
    code, found, took = _too_large(runner, root)
    assert code == 1
    assert [(file, what in message) for file, message, _ in found] == [(path, True)]
    assert took < 10


def test_a_cap_is_raised_by_its_variable(
    runner: CliRunner, make_mini: MakeMini, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_mini([])
    _sparse(root / "targets" / "huge.yaml", 11 * MB)
    assert len(_too_large(runner, root)[1]) == 1
    monkeypatch.setenv("SWTRACK_MAX_YAML_MB", "12")
    code, found, _ = _too_large(runner, root)
    # Read now, and refused for what it holds: NUL bytes.
    assert (code, found) == (1, [])


@pytest.mark.parametrize("value", ["12MB", "", "0", "-5", "nan", "inf"])
def test_a_malformed_cap_stops_the_run_and_names_its_variable(
    runner: CliRunner, make_mini: MakeMini, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    # It fell back to the default unseen, so a raised cap that did not take looked like a bug elsewhere.
    root = make_mini([])
    monkeypatch.setenv("SWTRACK_MAX_YAML_MB", value)
    result = runner.invoke(app, ["--root", str(root), "validate"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: SWTRACK_MAX_YAML_MB={value!r} is not a size in MB: set it to a positive number such as 20, or "
        "unset it for the default\n"
    )


def test_a_yaml_document_with_too_many_nodes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swtrack.load.yamlfile, "MAX_NODES", 1000)
    path = tmp_path / "plan.yaml"
    path.write_text("items:\n" + "".join(f"  - {i}\n" for i in range(1000)), encoding="utf-8")
    report = Report()
    assert load_yaml(path, "targets/plan.yaml", report) is None
    [f] = report.findings
    assert (f.code, f.line, f.column, f.message) == (
        "file-too-large",
        999,  # the mapping, its key and the list are nodes too: the 998th item is the 1,001st node
        5,
        "the document holds more than 1,000 values; it was not read",
    )
