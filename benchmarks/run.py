"""Measure swtrack against baselines, side by side in one run, and print ratios.

    python benchmarks/run.py QUARTER_DIR HALF_DIR FULL_DIR [--planted DIR] [--repeat 3]

Each measurement runs the whole process several times, the commands compared taking turns;
the median wall time and the peak resident memory are quoted. The last (largest) folder is used for the frictionless and the
planted-error comparisons; every folder gives a per-row time, so that growth shows. A copy with
planted errors (generate.py --plant-errors) is given apart with --planted and is only checked
for its findings, never timed. swtrack's modules are byte-compiled first, as installing a
package does (see `byte_compile`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
STARTUP_REPEAT = 15  # start-up takes a tenth of a second: more runs, so that noise does not decide
PY = sys.executable
SWTRACK = [PY, "-m", "swtrack"]
GOALS = {
    "validate / pandas read": 1.2,
    "status / pandas read": 1.5,
    "validate peak memory / pandas": 2.0,
    "status peak memory / pandas": 2.0,
    "frictionless / validate (higher is better)": 20.0,
    "per-row time, largest / smallest": 1.3,
    "--help / import typer": 1.5,
    "--version / import typer": 1.5,
}


def measure_side_by_side(cmds: dict[str, list[str]], repeat: int) -> dict[str, dict[str, float]]:
    """Each command run `repeat` times, the commands taking turns (a, b, c, a, b, c …), so that a
    slow spell of a shared machine falls on all of them alike."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            out = subprocess.run([PY, str(HERE / "measure.py"), "--", *cmd], capture_output=True, text=True, check=True)
            runs[name].append(json.loads(out.stdout))
    return {
        name: {
            "seconds": statistics.median(r["seconds"] for r in done),
            "peak_mb": max(r["peak_mb"] for r in done),
            "exit": done[-1]["exit"],
        }
        for name, done in runs.items()
    }


def byte_compile() -> None:
    """Byte-compile swtrack's modules, as installing a package does. typer and pandas were
    compiled when they were installed; an editable install of swtrack is compiled from source at
    every start where PYTHONDONTWRITEBYTECODE is set (as on the machine these results come
    from), and start-up would then compare unlike with unlike."""
    spec = importlib.util.find_spec("swtrack")
    if spec is None or spec.origin is None:
        raise SystemExit("swtrack is not installed in this Python: pip install -e . first")
    subprocess.run([PY, "-m", "compileall", "-q", str(Path(spec.origin).parent)], check=True)


def data_rows(root: Path) -> int:
    total = 0
    for path in (root / "data").rglob("*.csv"):
        with open(path, "rb") as fh:
            total += sum(1 for _ in fh) - 1
    return total


def table_schema() -> dict[str, object]:
    """A Frictionless Table Schema equivalent to swtrack's checks of a unit-register table."""
    text = {"type": "string", "constraints": {"required": True}}
    return {
        "fields": [
            {"name": "date", **text, "constraints": {"required": True, "pattern": "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"}},
            {"name": "register", **text},
            {"name": "unit", **text},
            {"name": "area", **text},
            {"name": "measure", **text},
            {"name": "value", "type": "integer", "constraints": {"required": True, "minimum": 0}},
            {"name": "qualifier", "type": "string"},
            {"name": "source_url", **text},
            {
                "name": "grade",
                "type": "string",
                "constraints": {"required": True, "enum": ["A", "A/B", "B", "C", "synthetic"]},
            },
            {"name": "note", "type": "string"},
        ],
        "primaryKey": ["date", "register", "unit", "area", "measure"],
    }


def compare_frictionless(root: Path, repeat: int) -> tuple[str, dict[str, float], dict[str, float]]:
    largest = max((root / "data").rglob("*.csv"), key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as tmp:
        single = Path(tmp) / "single"
        shutil.copytree(root / "targets", single / "targets")
        dest = single / "data" / largest.relative_to(root / "data")
        dest.parent.mkdir(parents=True)
        shutil.copy(largest, dest)
        schema = Path(tmp) / "schema.json"
        schema.write_text(json.dumps(table_schema()), encoding="utf-8")
        fl = shutil.which("frictionless") or str(Path(PY).parent / "frictionless")
        both = measure_side_by_side(
            {
                "frictionless": [fl, "validate", "--schema", str(schema), str(dest)],
                "swtrack": [*SWTRACK, "--root", str(single), "validate", "--format", "json"],
            },
            repeat,
        )
    return largest.name, both["frictionless"], both["swtrack"]


def planted(root: Path) -> dict[str, object] | None:
    """With a planted.json (generate.py --plant-errors), check validate reports each planted line."""
    spec = root / "planted.json"
    if not spec.exists():
        return None
    expected = {(p["file"], p["line"]) for p in json.loads(spec.read_text(encoding="utf-8"))}
    out = subprocess.run(
        [*SWTRACK, "--root", str(root), "validate", "--format", "json"], capture_output=True, text=True
    )
    found = {(f["file"], f["line"]) for f in json.loads(out.stdout)["findings"] if f["severity"] == "error"}
    return {"planted": len(expected), "reported": len(expected & found), "extra": len(found - expected)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--planted", type=Path, help="a copy made with --plant-errors: check every error is reported")
    args = parser.parse_args()
    byte_compile()
    roots = sorted(args.roots, key=data_rows)
    results: dict[str, object] = {
        "date": date.today().isoformat(),
        "machine": platform.platform(),
        "python": platform.python_version(),
    }
    per_row: list[tuple[str, int, float]] = []
    ratios: dict[str, float] = {}
    lines = []
    for root in roots:
        rows = data_rows(root)
        done = measure_side_by_side(
            {
                "base": [PY, str(HERE / "baseline_read.py"), str(root)],
                "validate": [*SWTRACK, "--root", str(root), "validate", "--format", "json"],
                "status": [*SWTRACK, "--root", str(root), "status", "--format", "json"],
            },
            args.repeat,
        )
        base, val, sta = done["base"], done["validate"], done["status"]
        if base["exit"] != 0:
            raise SystemExit(f"the pandas baseline could not read {root}: time it on clean data, not a planted copy")
        per_row.append((root.name, rows, val["seconds"] / rows))
        lines.append(
            f"{root.name}: {rows:,} rows | pandas read {base['seconds']:.2f} s, {base['peak_mb']:.0f} MB | "
            f"validate {val['seconds']:.2f} s, {val['peak_mb']:.0f} MB | status {sta['seconds']:.2f} s, {sta['peak_mb']:.0f} MB"
        )
        ratios["validate / pandas read"] = val["seconds"] / base["seconds"]
        ratios["status / pandas read"] = sta["seconds"] / base["seconds"]
        ratios["validate peak memory / pandas"] = val["peak_mb"] / base["peak_mb"]
        ratios["status peak memory / pandas"] = sta["peak_mb"] / base["peak_mb"]
    largest = roots[-1]
    table, friction, ours = compare_frictionless(largest, args.repeat)
    ratios["frictionless / validate (higher is better)"] = friction["seconds"] / ours["seconds"]
    lines.append(
        f"largest table {table}: frictionless {friction['seconds']:.2f} s, swtrack validate {ours['seconds']:.2f} s"
    )
    ratios["per-row time, largest / smallest"] = per_row[-1][2] / per_row[0][2]
    start_up = measure_side_by_side(
        {"typer": [PY, "-c", "import typer"], "help": [*SWTRACK, "--help"], "version": [*SWTRACK, "--version"]},
        max(args.repeat, STARTUP_REPEAT),
    )
    typer_import, helps, version = start_up["typer"], start_up["help"], start_up["version"]
    ratios["--help / import typer"] = helps["seconds"] / typer_import["seconds"]
    ratios["--version / import typer"] = version["seconds"] / typer_import["seconds"]
    lines.append(
        f"import typer {typer_import['seconds'] * 1000:.0f} ms | swtrack --help {helps['seconds'] * 1000:.0f} ms | "
        f"swtrack --version {version['seconds'] * 1000:.0f} ms"
    )
    for name, rows, seconds in per_row:
        lines.append(f"per-row validate time at {name}: {seconds * 1e6:.2f} µs ({rows:,} rows)")
    check = planted(args.planted) if args.planted else None
    if check is not None:
        lines.append(
            f"planted errors: {check['reported']} of {check['planted']} reported on their lines, {check['extra']} other errors"
        )
    results["ratios"] = ratios
    print(
        f"swtrack benchmark, {results['date']}, {results['machine']}, Python {results['python']}, median of {args.repeat}"
    )
    for line in lines:
        print(line)
    print("ratios (goal):")
    for key, value in ratios.items():
        goal = GOALS[key]
        ok = value >= goal if "higher is better" in key else value <= goal
        print(f"  {key}: {value:.2f} (goal {'≥' if 'higher' in key else '≤'} {goal}) {'met' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
