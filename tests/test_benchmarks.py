"""The benchmark scripts run at small scale and print every ratio; the fast CSV path agrees with
the exact one; and `swtrack --help` stays light. No timing is asserted here: speed lives in
benchmarks/RESULTS.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import swtrack.load.fastcsv
import swtrack.load.tracker
from conftest import EXAMPLES, MINI, REPO, copy_tracker
from swtrack.check.validate import validate
from swtrack.load.tracker import load_tracker

BENCH = REPO / "benchmarks"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False, timeout=600)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("bench")
    one, two = base / "one", base / "two"
    assert run(str(BENCH / "generate.py"), "--scale", "tiny", "--out", str(one)).returncode == 0
    done = run(str(BENCH / "generate.py"), "--scale", "tiny", "--seed", "9", "--out", str(two), "--plant-errors", "50")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "scale": "tiny",
        "areas": 481,
        "counties": 31,
        "townships": 387,
        "rows": 22405,
        "planted_errors": 50,
    }
    return one, two


def test_generated_tracker_validates_and_is_labelled_synthetic(tiny: tuple[Path, Path]) -> None:
    tracker, report = load_tracker(tiny[0])
    report.extend(validate(tracker))
    assert report.errors == []
    assert {o.source_url for o in [*tracker.observations, *tracker.unit_rows]} == {"synthetic://benchmarks"}
    assert len(tracker.plan("national_synthetic").targets) == 3 + 31


def test_generation_is_deterministic(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run(str(BENCH / "generate.py"), "--scale", "tiny", "--out", str(again)).returncode == 0
    for path in sorted(tiny[0].rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (again / path.relative_to(tiny[0])).read_bytes(), path


def test_every_planted_error_is_reported_on_its_line(tiny: tuple[Path, Path]) -> None:
    root = tiny[1]
    planted = {(p["file"], p["line"]) for p in json.loads((root / "planted.json").read_text(encoding="utf-8"))}
    tracker, report = load_tracker(root)
    report.extend(validate(tracker))
    found = {(f.file, f.line) for f in report.errors}
    assert found == planted


def test_the_benchmark_prints_every_ratio(tiny: tuple[Path, Path]) -> None:
    done = run(str(BENCH / "run.py"), str(tiny[0]), str(tiny[0]), "--planted", str(tiny[1]), "--repeat", "1")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for name in (
        "validate / pandas read",
        "status / pandas read",
        "validate peak memory / pandas",
        "status peak memory / pandas",
        "frictionless / validate (higher is better)",
        "per-row time, largest / smallest",
        "--help / import typer",
        "--version / import typer",
    ):
        assert f"  {name}: " in out, name
    assert "planted errors: 50 of 50 reported on their lines, 0 other errors" in out


def test_the_memory_benchmark_prints_both_measures_and_their_ratios(tiny: tuple[Path, Path]) -> None:
    done = run(str(BENCH / "memory.py"), str(tiny[0]), "--repeat", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].split() == ["peak", "RSS", "net", "of", "python", "traced", "peak"]
    rows = {line[:30].strip(): line[30:].split() for line in lines[2:7]}
    assert list(rows) == ["python -c pass", "pandas read", "status", "pandas read imports", "status imports"]
    for name in ("pandas read", "status"):
        rss, net, traced = (float(rows[name][k]) for k in (0, 2, 4))
        assert rss > net > traced > 0, name  # the interpreter and C memory are in the RSS only
    assert lines[7] == "ratios (goal ≤ 2.0):"
    names = [line.split(":")[0].strip() for line in lines[8:]]
    assert names == [
        "status peak RSS / pandas read",
        "status peak RSS net of python / pandas read",
        "status traced peak / pandas read",
    ]


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_import_neither_pandas_nor_rich(args: list[str]) -> None:
    done = run("-X", "importtime", "-m", "swtrack", *args)
    assert done.returncode == 0
    modules = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert "typer" in modules
    assert not modules & {"pandas", "numpy", "rich", "pydantic", "yaml"}


def _snapshot(root: Path) -> tuple[list[object], list[object], list[tuple[object, ...]]]:
    tracker, report = load_tracker(root)
    report.extend(validate(tracker))
    findings = sorted((f.code, f.file, f.line, str(f.column), f.message) for f in report.findings)
    return list(tracker.observations), list(tracker.unit_rows), findings  # type: ignore[return-value]


@pytest.mark.parametrize("root", [REPO, EXAMPLES, MINI], ids=["repo", "example", "mini"])
def test_fast_path_agrees_with_the_exact_path(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exact = _snapshot(root)
    monkeypatch.setattr(swtrack.load.fastcsv, "FAST_MIN_BYTES", 0)
    assert _snapshot(root) == exact


@pytest.mark.parametrize("which", [0, 1], ids=["clean", "planted"])
def test_fast_path_agrees_on_generated_registers(
    tiny: tuple[Path, Path], which: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many files of one folder, the same units year after year: the fast path's caches across
    # files (a column's codes and strings, area lookups) must give what the exact reader gives.
    monkeypatch.setattr(swtrack.load.fastcsv, "FAST_MIN_BYTES", 10**12)
    exact = _snapshot(tiny[which])
    monkeypatch.setattr(swtrack.load.fastcsv, "FAST_MIN_BYTES", 0)
    assert _snapshot(tiny[which]) == exact


EXPECTED = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
HOSTILE_CSV = sorted(case for case, spec in EXPECTED.items() if case.endswith(".csv") and spec["base"] == "mini")


@pytest.mark.parametrize("case", HOSTILE_CSV)
def test_fast_path_agrees_on_hostile_tables(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expect = EXPECTED[case]
    root = copy_tracker(MINI, tmp_path / "tracker")
    (root / expect["replaces"]).write_bytes((HOSTILE / case).read_bytes())
    exact = _snapshot(root)
    monkeypatch.setattr(swtrack.load.fastcsv, "FAST_MIN_BYTES", 0)
    assert _snapshot(root) == exact


# pyarrow's CSV reader, evaluated (benchmarks/pyarrow_reader.py): it must read every table as the
# exact path does, or hand it to the exact path. pyarrow is not a dependency: skipped without it.


def _arrow_reader(monkeypatch: pytest.MonkeyPatch) -> object:
    pytest.importorskip("pyarrow")
    monkeypatch.syspath_prepend(str(BENCH))
    import pyarrow_reader  # type: ignore[import-not-found]

    monkeypatch.setattr(pyarrow_reader.ArrowReader, "min_bytes", 0)
    monkeypatch.setattr(swtrack.load.tracker, "FastReader", pyarrow_reader.ArrowReader)
    return pyarrow_reader


def test_pyarrow_record_lines_skip_newlines_in_quoted_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    reader = _arrow_reader(monkeypatch)
    raw = b'a,b\n1,"x\ny"\n2,"p""\nq"\r\n3,z\n'
    assert reader.record_lines(np.frombuffer(raw, dtype=np.uint8)).tolist() == [2, 4, 6]  # type: ignore[attr-defined]
    for unsafe in (b"a,b\n1,2\n\n3,4\n", b'a,b\n1,x"y\n', b'a,b\n1,"x"y\n', b"a,b\r1,2\r", b'a,b\n1,"x\n'):
        assert reader.record_lines(np.frombuffer(unsafe, dtype=np.uint8)) is None, unsafe  # type: ignore[attr-defined]


@pytest.mark.parametrize("which", [0, 1], ids=["clean", "planted"])
def test_pyarrow_reader_agrees_on_generated_registers(
    tiny: tuple[Path, Path], which: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swtrack.load.fastcsv, "FAST_MIN_BYTES", 10**12)
    exact = _snapshot(tiny[which])
    _arrow_reader(monkeypatch)
    assert _snapshot(tiny[which]) == exact


@pytest.mark.parametrize("case", HOSTILE_CSV)
def test_pyarrow_reader_agrees_on_hostile_tables(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expect = EXPECTED[case]
    root = copy_tracker(MINI, tmp_path / "tracker")
    (root / expect["replaces"]).write_bytes((HOSTILE / case).read_bytes())
    monkeypatch.setattr(swtrack.load.fastcsv, "FAST_MIN_BYTES", 10**12)
    exact = _snapshot(root)
    _arrow_reader(monkeypatch)
    assert _snapshot(root) == exact


def test_pyarrow_reader_agrees_on_quoted_newlines_bom_and_gb18030(tiny: tuple[Path, Path]) -> None:
    pytest.importorskip("pyarrow")
    done = run(str(BENCH / "pyarrow_reader.py"), str(tiny[0]), "--check-only")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 10
    assert all("same findings and rows" in line and "on the same lines as validate's" in line for line in lines)
    read_by = {line.split(":")[0].strip(): line.rsplit("read by ", 1)[1].split(";")[0] for line in lines}
    assert read_by == {
        "quoted-newlines": "pyarrow",
        "bom": "pyarrow",
        "crlf": "pyarrow",
        "gb18030": "pyarrow",
        "bom-and-gb18030": "pyarrow",
        "blank-line": "the exact path",
        "quote-in-field": "the exact path",
        "ragged": "the exact path",
        "lone-cr": "the exact path",
        "plain": "pyarrow",
    }


def test_the_national_benchmark_stays_inside_the_size_caps(tiny: tuple[Path, Path]) -> None:
    """The tiny tracker is a hundredth of the national one: a hundred times its files (and all
    its tables as one file) stay under the caps, which are checked before a file is read."""
    from swtrack.load.textfile import cap_bytes

    root = tiny[0]
    tables = [p.stat().st_size for p in (root / "data").rglob("*.csv")]
    assert 100 * max(tables) < cap_bytes("table") and 100 * sum(tables) < cap_bytes("table")
    assert 100 * (root / "targets" / "areas" / "nation.csv").stat().st_size < cap_bytes("areas_csv")
    assert 100 * (root / "targets" / "national.yaml").stat().st_size < cap_bytes("yaml")
