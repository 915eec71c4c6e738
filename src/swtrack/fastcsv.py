"""Reading large, regular snapshot tables with pandas, checking whole columns at once.

A table takes this path only when its bytes show it is plain: UTF-8 without BOM, no quotes,
no NUL, no CR, no blank line, the same number of fields on every line, and a header exactly as
the format names it. Then every record is one physical line (line = index + 2), pandas' C
reader parses it, and the checks run once per distinct value (dates, numbers, areas) instead of
once per row. Any row a check flags is handed to the exact row reader, which gives the same
findings the slow path would; a table that is not plain is read by the slow path entirely.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from swtrack.dates import DateError, PartialDate
from swtrack.findings import Report
from swtrack.snapshots import (
    GRADES,
    PLAUSIBLE_MAX,
    QUALIFIERS,
    UNITS,
    NumberError,
    Row,
    TableSpec,
    check_count,
    parse_number,
)
from swtrack.tracker import KEY_COLUMNS, Observation, RowReader

FAST_MIN_BYTES = 16 * 1024  # below this the exact path is quick enough and simpler to trust


def _plain(raw: bytes, spec: TableSpec) -> list[str] | None:
    """The header names when the bytes are plain enough for the fast path, else None."""
    if raw.startswith(b"\xef\xbb\xbf") or not raw.endswith(b"\n"):
        return None
    if b'"' in raw or b"\x00" in raw or b"\r" in raw or b"\n\n" in raw:
        return None
    try:
        header = raw[: raw.index(b"\n")].decode("utf-8")
    except UnicodeDecodeError:
        return None
    names = header.split(",")
    if any(n != n.strip() or not n for n in names) or len(set(names)) != len(names):
        return None
    if set(spec.required) - set(names) or set(names) - set(spec.columns):
        return None
    if raw.count(b",") != (len(names) - 1) * raw.count(b"\n"):
        return None
    return names


def _per_value(column: Any, fn: Callable[[str], Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """fn applied once per distinct value: (codes of the rows, fn of each distinct value)."""
    codes, uniques = pd.factorize(column, sort=False)
    mapped = np.empty(len(uniques), dtype=object)
    mapped[:] = [fn(value) for value in uniques.tolist()]
    return codes, mapped


def _spread(column: Any, fn: Callable[[str], Any]) -> np.ndarray[Any, Any]:
    codes, mapped = _per_value(column, fn)
    spread: np.ndarray[Any, Any] = mapped[codes]
    return spread


def _failing(column: Any, fn: Callable[[str], Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """(fn of each row, rows where fn gave None), computed once per distinct value."""
    codes, mapped = _per_value(column, fn)
    missing = np.fromiter((m is None for m in mapped), dtype=bool, count=len(mapped))
    return mapped[codes], missing[codes]


def _date(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text)
    except DateError:
        return None


def _number(text: str) -> float | None:
    try:
        value = parse_number(text)
    except NumberError:
        return None
    return value if abs(value) <= PLAUSIBLE_MAX else None


def read_fast(path: Path, display: str, spec: TableSpec, reader: RowReader, report: Report) -> list[Observation] | None:
    """The observations of a plain table, or None when the table must take the exact path."""
    try:
        if path.stat().st_size < FAST_MIN_BYTES:
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    names = _plain(raw, spec)
    if names is None:
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    df = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, na_filter=False, engine="c")
    n = len(df)
    if n != raw.count(b"\n") - 1:
        return None
    if n == 0:
        return None  # the exact path reports a header without rows

    columns: dict[str, np.ndarray[Any, Any]] = {}

    def col(name: str) -> np.ndarray[Any, Any]:
        if name not in columns:
            columns[name] = df[name].to_numpy(dtype=object) if name in df else np.full(n, "", dtype=object)
        return columns[name]

    def outside(name: str, allowed: Any) -> np.ndarray[Any, Any]:
        if name not in df:
            return np.zeros(n, dtype=bool) if "" in allowed else np.ones(n, dtype=bool)
        return ~df[name].isin(list(allowed)).to_numpy()

    bad = np.zeros(n, dtype=bool)
    for name in ("source_url", "unit") if spec is UNITS else ("source_url",):
        bad |= (df[name] == "").to_numpy() if name in df else np.ones(n, dtype=bool)
    bad |= outside("grade", GRADES)
    bad |= outside("qualifier", QUALIFIERS)
    measures = reader.measures
    bad |= outside("measure", measures)
    if spec is UNITS:
        bad |= outside("register", reader.registers)
    # Spaces around a key cell show in the bytes as " ," ", " " \n" "\n " or a tab; only then look per cell.
    if any(mark in raw for mark in (b" ,", b", ", b" \n", b"\n ", b"\t")) or raw.startswith(b" "):
        for name in (c for c in KEY_COLUMNS if c in df):
            bad |= _spread(df[name], lambda v: v != v.strip()).astype(bool)
    dates, no_date = _failing(df["date"], _date)
    bad |= no_date
    values, no_value = _failing(df["value"], _number)
    bad |= no_value
    counts = [m for m, spec_m in measures.items() if spec_m.count]
    is_count = df["measure"].isin(counts).to_numpy()
    whole = _spread(df["value"], lambda v: (x := _number(v)) is not None and check_count(x) is None)
    bad |= is_count & ~whole.astype(bool)
    areas = reader.tracker.areas
    area_ids = np.empty(n, dtype=object)
    # Areas are resolved once per distinct name within each distinct date.
    for day, rows in df.groupby("date", sort=False).indices.items():
        when = _date(str(day))
        if when is None:
            continue

        def resolve(name: str, end: Any = when.end) -> str | None:
            return areas.id_at(name, end)

        area_ids[rows] = _spread(col("area")[rows], resolve)
    bad |= np.fromiter((a is None for a in area_ids), dtype=bool, count=n)
    lines = np.arange(2, n + 2)
    good = ~bad
    note = _spread(df["note"], str.strip) if "note" in df else np.full(n, "", dtype=object)
    make = partial(tuple.__new__, Observation)  # C-level construction: no per-row Python frame
    out: list[Observation] = list(
        map(
            make,
            zip(
                dates[good].tolist(),
                area_ids[good].tolist(),
                col("measure")[good].tolist(),
                values[good].astype(float).tolist(),
                col("qualifier")[good].tolist(),
                col("source_url")[good].tolist(),
                col("grade")[good].tolist(),
                note[good].tolist(),
                repeat(display),
                lines[good].tolist(),
                col("register")[good].tolist(),
                col("unit")[good].tolist(),
                strict=False,
            ),
        )
    )
    flagged = np.flatnonzero(bad)
    if len(flagged):
        records = df.iloc[flagged]
        for i, record in zip(flagged.tolist(), records.itertuples(index=False), strict=True):
            row = Row(line=i + 2, fields=dict(zip(names, record, strict=True)))
            exact = reader.observation(row, display, spec)
            if exact is not None:
                out.append(exact)
        out.sort(key=lambda o: o.line)
    return out
