"""Peak memory of `swtrack status` against the pandas read, by two measures, side by side in one run.

    python benchmarks/memory.py /tmp/bench/national [--repeat 3]

Each side runs in a fresh process of its own (so that one side's heap never counts for the
other), the sides taking turns:

- peak RSS: the resident memory the machine had to hold, the whole process (interpreter,
  shared libraries, C buffers and all), read as RUSAGE_CHILDREN in a process that runs only the
  measured one (`measure.py`, as run.py does); the largest of the repeats;
- traced peak: what `tracemalloc` saw allocated at the peak, in a process that starts tracing
  before its first import (`--child`): Python's objects and numpy's arrays, not the
  interpreter, the shared libraries or memory C code takes from malloc itself (pandas' CSV
  tokenizer buffers).

The interpreter is counted the same way for both sides: in the peak RSS it is in both
processes alike (printed: `python -c pass`), and is also taken off both ("net of python");
the traced peak starts after it, so that only each side's own imports and work count. Each
side's imports are printed apart, by both measures. swtrack is byte-compiled first (run.py).
"""

from __future__ import annotations

# Only what the traced child needs is imported here: anything imported before tracing starts
# would not be counted for the side that imports it too.
import json
import os
import runpy
import sys
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
GOAL = 2.0
IMPORTS = {
    "pandas read": "import pandas",
    # What `status --format json` imports to load, assess and write its report.
    "status": "import swtrack.cli.app, swtrack.cli.report, swtrack.load.tracker, swtrack.assess, swtrack.render.status",
}


def sides(root: Path) -> dict[str, list[str]]:
    """Each side's command line after the interpreter."""
    return {
        "pandas read": [str(HERE / "baseline_read.py"), str(root)],
        "status": ["-m", "swtrack", "--root", str(root), "status", "--format", "json"],
    }


def child(out: Path, args: list[str]) -> None:
    """Run a script or `-m module` in this process, traced from before its first import, and
    write the traced peak and the process's own high-water mark (VmHWM) to out."""
    tracemalloc.start()
    code: object = 0
    try:
        if args[0] == "-c":
            exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        elif args[0] == "-m":
            sys.argv = [args[1], *args[2:]]
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = list(args)
            runpy.run_path(args[0], run_name="__main__")
    except SystemExit as done:
        code = done.code
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sys.stdout.flush()
    out.write_text(json.dumps({"traced_mb": traced / 2**20, "hwm_mb": hwm_mb(), "exit": code}), encoding="utf-8")


def hwm_mb() -> float | None:
    """This process's peak resident memory (Linux), else None."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_rss(args: list[str]) -> float:
    """The peak RSS of the command run alone in a fresh process (measure.py)."""
    import subprocess

    out = subprocess.run([PY, str(HERE / "measure.py"), "--", PY, *args], capture_output=True, text=True, check=True)
    done = json.loads(out.stdout)
    if done["exit"] != 0:
        raise SystemExit(f"{' '.join(args)} failed (exit {done['exit']})")
    return float(done["peak_mb"])


def traced_peak(args: list[str]) -> float:
    """The traced peak of the command, in a fresh process traced from before its first import."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "traced.json"
        subprocess.run(
            [PY, str(HERE / "memory.py"), "--child", str(out), "--", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=True,
        )
        done = json.loads(out.read_text(encoding="utf-8"))
    if done["exit"] not in (0, None):
        raise SystemExit(f"{' '.join(args)} failed under tracemalloc (exit {done['exit']})")
    return float(done["traced_mb"])


def measure(root: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Both measures of both sides and of their imports, the sides taking turns; the largest of
    the repeats of each."""
    runs = {
        **sides(root),
        **{f"{name} imports": ["-c", code] for name, code in IMPORTS.items()},
        "python": ["-c", "pass"],
    }
    found: dict[str, dict[str, float]] = {name: {"rss": 0.0, "traced": 0.0} for name in runs}
    for _ in range(repeat):
        for name, args in runs.items():
            found[name]["rss"] = max(found[name]["rss"], peak_rss(args))
            found[name]["traced"] = max(found[name]["traced"], traced_peak(args))
    return found


def ratios(found: dict[str, dict[str, float]]) -> dict[str, float]:
    base, status, python = found["pandas read"], found["status"], found["python"]["rss"]
    return {
        "status peak RSS / pandas read": status["rss"] / base["rss"],
        "status peak RSS net of python / pandas read": (status["rss"] - python) / (base["rss"] - python),
        "status traced peak / pandas read": status["traced"] / base["traced"],
    }


def report(root: Path, found: dict[str, dict[str, float]], repeat: int) -> list[str]:
    python = found["python"]["rss"]
    lines = [
        f"peak memory, {root.name}, largest of {repeat} (each side a fresh process, the sides taking turns)",
        f"  {'':28} {'peak RSS':>10} {'net of python':>14} {'traced peak':>12}",
        f"  {'python -c pass':28} {python:7.1f} MB",
    ]
    for name in ("pandas read", "status", "pandas read imports", "status imports"):
        rss, traced = found[name]["rss"], found[name]["traced"]
        lines.append(f"  {name:28} {rss:7.1f} MB {rss - python:11.1f} MB {traced:9.1f} MB")
    lines.append(f"ratios (goal ≤ {GOAL}):")
    for name, value in ratios(found).items():
        lines.append(f"  {name}: {value:.2f} {'met' if value <= GOAL else 'NOT MET'}")
    return lines


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        rest = sys.argv[3:]
        child(Path(sys.argv[2]), rest[1:] if rest[:1] == ["--"] else rest)
        return
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from run import byte_compile

    byte_compile()
    os.environ.pop("PYTHONTRACEMALLOC", None)  # the traced side starts tracing itself, after start-up
    found = measure(args.root, args.repeat)
    print("\n".join(report(args.root, found, args.repeat)))


if __name__ == "__main__":
    main()
