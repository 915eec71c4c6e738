"""The baseline: read every CSV table swtrack reads, with pandas' C engine and string dtypes, and nothing else."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def main() -> None:
    root = Path(sys.argv[1])
    rows = 0
    for path in sorted([*(root / "data").rglob("*.csv"), *(root / "targets" / "areas").glob("*.csv")]):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, engine="c")
        rows += len(frame)
    print(rows)


if __name__ == "__main__":
    main()
