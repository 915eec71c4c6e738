"""Fuzzing the readers: mutated snapshot and plan files never crash swtrack or get modified.

Each example mutates one file of the mini tracker (byte flips, truncation, duplicated lines,
hostile cells, other encodings) and runs validate and status in-process. The number of
examples is bounded so the test stays within a few seconds.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MINI, TODAY, snapshot_bytes
from swtrack.cli import app

FILES = [
    "data/observations.csv",
    "data/units.csv",
    "data/events.csv",
    "targets/mini-plan.yaml",
    "targets/measures.yaml",
    "targets/areas/mini.yaml",
]
HOSTILE_CELLS = [
    "",
    "１２３４",
    "4万",
    "约1000",
    "1,234",
    "NaN",
    "-inf",
    "1e400",
    "2015年12月31日",
    '"',
    "\x00",
    "𠀀",
    "\t",
    "旧县",
]

runner = CliRunner()


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, object]:
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["flip", "truncate", "duplicate", "cell", "encode", "insert"]))
    if kind == "flip":
        return name, kind, (draw(st.integers(0, 10_000)), draw(st.integers(0, 255)))
    if kind == "truncate":
        return name, kind, draw(st.integers(0, 10_000))
    if kind == "duplicate":
        return name, kind, draw(st.integers(0, 100))
    if kind == "cell":
        return name, kind, (draw(st.integers(0, 100)), draw(st.integers(0, 12)), draw(st.sampled_from(HOSTILE_CELLS)))
    if kind == "encode":
        return name, kind, draw(st.sampled_from(["gb18030", "utf-16", "utf-8-sig", "latin-1", "big5"]))
    return name, kind, (draw(st.integers(0, 10_000)), draw(st.binary(min_size=1, max_size=8)))


def apply(raw: bytes, kind: str, arg: object) -> bytes:
    if kind == "flip":
        pos, byte = arg  # type: ignore[misc]
        if not raw:
            return raw
        pos %= len(raw)
        return raw[:pos] + bytes([byte]) + raw[pos + 1 :]
    if kind == "truncate":
        return raw[: int(arg) % (len(raw) + 1)]  # type: ignore[call-overload]
    if kind == "insert":
        pos, blob = arg  # type: ignore[misc]
        pos %= len(raw) + 1
        return raw[:pos] + blob + raw[pos:]
    lines = raw.decode("utf-8").splitlines(keepends=True)
    if kind == "duplicate":
        i = int(arg) % len(lines)  # type: ignore[call-overload]
        return "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]]).encode("utf-8")
    if kind == "cell":
        row, col, value = arg  # type: ignore[misc]
        i = row % len(lines)
        cells = lines[i].rstrip("\n").split(",")
        cells[col % len(cells)] = value
        lines[i] = ",".join(cells) + "\n"
        return "".join(lines).encode("utf-8")
    try:
        return raw.decode("utf-8").encode(str(arg))
    except UnicodeEncodeError:
        return raw


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_mutated_files_get_findings_not_crashes(change: tuple[str, str, object]) -> None:
    name, kind, arg = change
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tracker"
        shutil.copytree(MINI, root)
        path = root / name
        path.write_bytes(apply(path.read_bytes(), kind, arg))
        before = snapshot_bytes(root)
        result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "internal error" not in result.stderr
        report = json.loads(result.stdout)
        for finding in report["findings"]:
            if finding["severity"] == "error":
                assert finding["file"], finding
                assert finding["line"] is not None or finding["code"] in ("file-unreadable", "folder-missing"), finding
        for command in (["status", "--format", "json"], ["brief"]):
            out = runner.invoke(app, ["--root", str(root), *command])
            assert out.exit_code in (0, 1), out.output
            assert "internal error" not in out.stderr
        assert snapshot_bytes(root) == before
