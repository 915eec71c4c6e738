"""The notebook API: DataFrames of figures, units, events and verdicts, and the docs' worked example."""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO
from swtrack import assess_tracker, frames, load_tracker
from swtrack.render.frames import EVENT_COLUMNS, FIGURE_COLUMNS, UNIT_COLUMNS, VERDICT_COLUMNS


def test_frames_hold_every_row_with_its_place() -> None:
    tracker, _ = load_tracker(EXAMPLES)
    figures = frames.figures(tracker)
    assert list(figures.columns) == FIGURE_COLUMNS
    assert len(figures) == len(tracker.observations)
    first = figures.iloc[0]
    assert (first["date"], first["area_name"], first["measure"], first["value"]) == (
        "2011-12-31",
        "示例市",
        "workers",
        2000,
    )
    assert (first["file"], first["line"]) == ("data/observations.csv", 2)
    assert str(figures["date_end"].dtype).startswith("datetime64")
    units = frames.units(tracker)
    assert list(units.columns) == UNIT_COLUMNS and len(units) == len(tracker.unit_rows)
    events = frames.events(tracker)
    assert list(events.columns) == EVENT_COLUMNS and len(events) == len(tracker.events)


def test_verdicts_equal_the_status_report() -> None:
    tracker, _ = load_tracker(EXAMPLES)
    status = assess_tracker(tracker, as_of=date(2018, 12, 31))
    verdicts = frames.verdicts(status)
    assert list(verdicts.columns) == VERDICT_COLUMNS
    assert list(verdicts["target"]) == [a.target for a in status.assessments]
    row = verdicts.set_index("target").loc["EX-29"]
    assert (row["status"], row["group"], row["value"], row["lower"]) == ("inconclusive", "needs_data", 23, 23)
    assert math.isnan(row["upper"])  # an open side is empty (NaN) in a frame
    row = verdicts.set_index("target").loc["EX-05"]
    assert (row["status"], row["group"], row["target_value"]) == ("missed", "needs_action", 3000)


def _blocks() -> list[str]:
    text = (REPO / "docs" / "notebook.md").read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)


def test_the_worked_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _blocks()
    assert len(blocks) == 3
    monkeypatch.chdir(REPO)
    out = io.StringIO()
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "docs/notebook.md", "exec"), namespace)
    printed = out.getvalue()
    assert "certified_social_workers" not in printed  # the columns chosen, not the measure id
    assert re.search(r"2009-07\s+北京市\s+2900\.0\s+more_than\s+C", printed)
    assert re.search(r"^needs_data\s+\d+$", printed, re.M)


def test_no_command_imports_pandas_for_the_frames() -> None:
    # The CLI stays light: importing the package and running a command loads no pandas.
    code = "import sys, swtrack; from swtrack.cli import app; print('pandas' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ)
    assert found.stdout.strip() == "False"


def test_frames_module_is_reached_from_the_package() -> None:
    import swtrack

    assert swtrack.frames is frames
    assert Path(frames.__file__).name == "frames.py"
