"""A row that repeats an earlier one exactly is an error naming both lines, in every data table;
two rows with one key and different figures stay `duplicate-row`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import TODAY
from swtrack.cli import app

MakeMini = Callable[[list[dict[str, Any]]], Path]
OBS_COPY = "2016-12-31,迷你市,workers,700,,https://example.org/b,A,\n"
UNIT_COPY = "2016-12-31,community,一社区,西区,certified,1,,https://example.org/d,B,\n"
EVENT_COPY = "MN-03,2016-10-01,held,第一届,https://example.org/e,A,\n"


def _findings(runner: CliRunner, root: Path) -> tuple[int, list[tuple[str, str, int, str, str]]]:
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    found = json.loads(result.stdout)["findings"]
    return result.exit_code, [
        (f["code"], f["file"], f["line"], f["message"], f["hint"])
        for f in found
        if f["code"] in ("repeated-row", "duplicate-row")
    ]


def test_a_copied_event_row(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini([{"file": "data/events.csv", "append": EVENT_COPY}])
    code, found = _findings(runner, root)
    assert code == 1
    assert found == [
        (
            "repeated-row",
            "data/events.csv",
            5,
            "repeats line 3 exactly",
            "Delete one of the two copies, lines 3 and 5 of data/events.csv.",
        )
    ]


def test_a_copied_observation_and_unit_row(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini(
        [
            {"file": "data/observations.csv", "append": OBS_COPY},
            {"file": "data/units.csv", "append": UNIT_COPY},
        ]
    )
    code, found = _findings(runner, root)
    assert code == 1
    assert found == [
        (
            "repeated-row",
            "data/observations.csv",
            9,
            "repeats line 3 exactly",
            "Delete one of the two copies, lines 3 and 9 of data/observations.csv.",
        ),
        (
            "repeated-row",
            "data/units.csv",
            3,
            "repeats line 2 exactly",
            "Delete one of the two copies, lines 2 and 3 of data/units.csv.",
        ),
    ]


def test_a_copy_in_another_file_of_a_table_folder(runner: CliRunner, make_mini: MakeMini) -> None:
    header = "date,area,measure,value,qualifier,source_url,grade,note\n"
    root = make_mini([{"file": "data/observations/more.csv", "write": header + OBS_COPY}])
    code, found = _findings(runner, root)
    assert code == 1
    assert found == [
        (
            "repeated-row",
            "data/observations/more.csv",
            2,
            "repeats line 3 of data/observations.csv exactly",
            "Delete one of the two copies, line 3 of data/observations.csv and line 2 of data/observations/more.csv.",
        )
    ]


def test_same_key_other_figure_stays_a_duplicate_and_a_later_copy_names_its_twin(
    runner: CliRunner, make_mini: MakeMini
) -> None:
    other = OBS_COPY.replace(",700,", ",701,")
    root = make_mini([{"file": "data/observations.csv", "append": other + other}])
    code, found = _findings(runner, root)
    assert code == 1
    assert found == [
        (
            "duplicate-row",
            "data/observations.csv",
            9,
            "same date, area and measure as line 3 (2016-12-31, workers)",
            "Keep one of lines 3 and 9 of data/observations.csv.",
        ),
        (
            "repeated-row",
            "data/observations.csv",
            10,
            "repeats line 9 exactly",
            "Delete one of the two copies, lines 9 and 10 of data/observations.csv.",
        ),
    ]


def test_events_that_differ_are_not_copies(runner: CliRunner, make_mini: MakeMini) -> None:
    root = make_mini([{"file": "data/events.csv", "append": EVENT_COPY.replace("第一届", "第一届（补记）")}])
    assert _findings(runner, root) == (0, [])
