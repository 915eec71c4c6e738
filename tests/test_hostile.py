"""Hostile input: every case of the corpus gets its finding, nothing is modified, no traceback."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import MINI, REPO, TODAY, snapshot_bytes
from swtrack.cli import app

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
EXPECTED: dict[str, dict[str, object]] = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
CASES = sorted(str(p.relative_to(HOSTILE)) for p in HOSTILE.glob("*/*") if p.is_file())


def base_copy(base: str, dest: Path) -> Path:
    if base == "repo":
        shutil.copytree(REPO / "targets", dest / "targets")
        shutil.copytree(REPO / "data", dest / "data")
    else:
        shutil.copytree(MINI, dest)
    return dest


def test_every_case_file_has_an_expectation() -> None:
    assert sorted(EXPECTED) == CASES


@pytest.mark.parametrize("case", CASES)
def test_hostile_case(case: str, runner: CliRunner, tmp_path: Path) -> None:
    expect = EXPECTED[case]
    root = base_copy(str(expect["base"]), tmp_path / "tracker")
    (root / str(expect["replaces"])).write_bytes((HOSTILE / case).read_bytes())
    before = snapshot_bytes(root)
    for command in (["validate", "--format", "json", "--today", TODAY], ["status", "--format", "json"]):
        result = runner.invoke(app, ["--root", str(root), *command])
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), result.output
        assert "internal error" not in result.stderr
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    severity = expect.get("severity", "error")
    assert result.exit_code == (1 if severity == "error" else 0)
    findings = json.loads(result.stdout)["findings"]
    mine = [f for f in findings if f["code"] == expect["code"]]
    assert mine, findings
    assert mine[0]["file"] == expect["replaces"]
    assert mine[0]["line"] == expect["line"]
    assert mine[0]["severity"] == severity
    if "column" in expect:
        assert mine[0]["column"] == expect["column"]
    if "hint" in expect:
        assert mine[0]["hint"] == expect["hint"]
    assert snapshot_bytes(root) == before


def test_alias_bomb_is_refused_with_one_finding(runner: CliRunner, tmp_path: Path) -> None:
    root = base_copy("mini", tmp_path / "tracker")
    (root / "targets" / "mini-plan.yaml").write_bytes((HOSTILE / "yaml" / "alias-bomb.yaml").read_bytes())
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    errors = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    # One root cause; the events of the plan that could not be read follow from it.
    assert [f["code"] for f in errors if "follows" not in f] == ["yaml-alias"]
    assert {f["code"] for f in errors if "follows" in f} == {"unknown-ref"}


def test_a_folder_where_a_file_belongs(runner: CliRunner, tmp_path: Path) -> None:
    root = base_copy("mini", tmp_path / "tracker")
    (root / "targets" / "mini-plan.yaml").unlink()
    (root / "targets" / "mini-plan.yaml").mkdir()
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    assert result.exit_code == 1
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "file-unreadable"]
    assert finding["message"] == "targets/mini-plan.yaml is a folder, not a file"


def test_a_symlink_loop(runner: CliRunner, tmp_path: Path) -> None:
    root = base_copy("mini", tmp_path / "tracker")
    link = root / "data" / "units.csv"
    link.unlink()
    link.symlink_to(link)
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    assert result.exit_code == 1
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "file-unreadable"]
    assert finding["file"] == "data/units.csv"
    assert finding["message"] == "cannot read data/units.csv: Too many levels of symbolic links"


def test_an_unreadable_file(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_copy("mini", tmp_path / "tracker")
    target = root / "data" / "events.csv"
    real = Path.read_bytes

    def guarded(self: Path) -> bytes:
        if self == target:
            raise PermissionError(13, "Permission denied")
        return real(self)

    # Tests run as root in CI, where chmod 000 does not stop a read; the error is raised directly.
    monkeypatch.setattr(Path, "read_bytes", guarded)
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    assert result.exit_code == 1
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "file-unreadable"]
    assert finding["message"] == "cannot read data/events.csv: Permission denied"


def test_missing_targets_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    root = base_copy("mini", tmp_path / "tracker")
    shutil.rmtree(root / "targets")
    result = runner.invoke(app, ["--root", str(root), "validate"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {root} holds no targets/ folder\n"


def test_missing_data_folder_is_a_finding(runner: CliRunner, tmp_path: Path) -> None:
    root = base_copy("mini", tmp_path / "tracker")
    shutil.rmtree(root / "data")
    result = runner.invoke(app, ["--root", str(root), "validate", "--format", "json", "--today", TODAY])
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"] == ["folder-missing"]


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--root", str(MINI), "status", "--format", "yaml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.name != "posix", reason="signals")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_a_signal_mid_write_keeps_the_previous_file(tmp_path: Path, signame: str) -> None:
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "brief.md"
    out.write_text("previous brief\n", encoding="utf-8")
    started = tmp_path / "started"
    # fsync is slowed down so that SIGTERM arrives while the temporary file is being written.
    script = f"""
import os, sys, time, pathlib
real = os.fsync
def slow(fd):
    pathlib.Path({str(started)!r}).write_text("x")
    time.sleep(30)
    real(fd)
os.fsync = slow
sys.argv = ["swtrack", "--root", {str(MINI)!r}, "brief", "-o", {str(out)!r}]
from swtrack.cli import main
main()
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(600):
        if started.exists():
            break
        time.sleep(0.05)
    assert started.exists()
    proc.send_signal(getattr(signal, signame))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert b"Traceback" not in err
    assert out.read_text(encoding="utf-8") == "previous brief\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md", "started"]
