"""Time `swtrack import` merging into an existing data file at two sizes, and print the ratio.

A SYNTHETIC benchmark: a copy of the repository's tracker gets a data file of N invented rows
(10 Beijing districts, one figure a day from 2002), then a CSV of N rows is imported into it: half of them
already in the file (left as they are), half new. A merge that is linear in the rows takes about
twice as long at 2N as at N; a quadratic one four times as long.

    .venv/bin/python benchmarks/import_merge.py --rows 20000 40000
    PYTHONPATH=/tmp/old/src .venv/bin/python benchmarks/import_merge.py   # the same against older code
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AREAS = ("朝阳区", "海淀区", "丰台区", "石景山区", "门头沟区", "房山区", "通州区", "顺义区", "昌平区", "大兴区")
HEADER = "date,area,measure,value,qualifier,source_url,grade,note\n"


def rows(start: int, count: int) -> str:
    """Rows number start … start+count-1: one area after another, then the next day."""
    first = date(2002, 1, 1)  # every area above is a district from then on
    out = []
    for k in range(start, start + count):
        day = first + timedelta(days=k // len(AREAS))
        out.append(f"{day},{AREAS[k % len(AREAS)]},certified_social_workers,{k % 997},,https://example.org/s,B,\n")
    return "".join(out)


def once(n: int, work: Path) -> float:
    """Seconds one import of n rows (half new) into a file of n rows takes, as a whole process."""
    root = work / f"tracker-{n}"
    shutil.rmtree(root, ignore_errors=True)
    for part in ("targets", "data"):
        shutil.copytree(REPO / part, root / part)
    (root / "data" / "observations").mkdir()
    (root / "data" / "observations" / "bench.csv").write_text(HEADER + rows(0, n), encoding="utf-8")
    source = work / f"bench-{n}.csv"
    source.write_text(HEADER + rows(n // 2, n), encoding="utf-8")
    command = [sys.executable, "-m", "swtrack", "--root", str(root), "import", str(source), "--name", "bench"]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    took = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(f"import of {n} rows failed ({done.returncode}):\n{done.stderr[-2000:]}")
    print(f"{n:>7} rows: {took:7.2f} s   {done.stderr.strip().splitlines()[-1]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs=2, default=(20_000, 40_000), metavar=("N", "M"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = (once(n, Path(tmp)) for n in args.rows)
    size = args.rows[1] / args.rows[0]
    print(f"time ratio {large / small:.2f} for {size:.1f}× the rows (linear ≈ {size:.1f}, quadratic ≈ {size**2:.1f})")


if __name__ == "__main__":
    main()
