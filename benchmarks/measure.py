"""Run one command and print its wall time and peak resident memory as JSON (used by run.py).

    python benchmarks/measure.py -- swtrack --root DIR validate

Run as its own process so that the peak RSS of its only child is the command's own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    start = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "exit": done.returncode}))


if __name__ == "__main__":
    main()
