"""Splitting a plain CSV table into columns of codes, with numpy over its bytes.

For tables whose every record is one line of the same number of comma-separated fields (no
quotes: fastcsv checks that first), the fields need no parser: the commas and newlines mark
them. Each column is factorized from the bytes themselves, eight bytes at a time, exactly (no
hashing), so that only its distinct values ever become Python strings.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import Any

import numpy as np

from swtrack.load.columns import first_rows, sorted_groups

Array = np.ndarray[Any, Any]


class Column:
    """A column as codes into its distinct values (in order of first appearance)."""

    def __init__(self, codes: Array, uniques: list[str]) -> None:
        self.codes = codes
        self.uniques = uniques
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Something computed from the distinct values, once: a column that the next year's file
        repeats is the same object (Seen), so what was derived from it is kept with it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def stripped(self) -> list[str]:
        """The distinct values without surrounding whitespace."""
        found: list[str] = self.memo("stripped", lambda: list(map(str.strip, self.uniques)))
        return found

    @classmethod
    def empty(cls, rows: int) -> Column:
        """An absent column: the empty string on every row."""
        return cls(np.zeros(rows, dtype=np.intp), [""])

    def per_value(self, values: list[Any], dtype: Any = bool) -> Array:
        """One value per distinct value, spread over the rows."""
        spread: Array = np.asarray(values, dtype=dtype)[self.codes]
        return spread

    def outside(self, allowed: Container[str]) -> Array:
        """Rows whose value is not among the allowed ones."""
        return self.per_value([u not in allowed for u in self.uniques])

    def blank(self) -> Array:
        """Rows whose value is empty or only whitespace (what the exact path reports missing)."""
        found: Array = self.memo("blank", lambda: self.per_value([not u or u.isspace() for u in self.uniques]))
        return found


def _words(raw: bytes) -> Array:
    """The eight bytes starting at each position of raw, as little-endian integers."""
    padded = raw + b"\0" * 8
    return np.ndarray(shape=(len(raw),), dtype="<u8", buffer=padded, offset=0, strides=(1,))


# The mask that keeps the first k bytes of a little-endian word, for k = 0 … 8.
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)


def _spans(words: Array, starts: Array, lengths: Array) -> list[Array]:
    """The bytes of each span as zero-padded eight-byte words: one array per offset 0, 8, 16 …"""
    out = []
    last = len(words) - 1
    for offset in range(0, int(lengths.max()) if len(lengths) else 0, 8):
        at = starts + offset
        np.minimum(at, last, out=at)
        word = words[at]
        left = lengths - offset
        if int(left.min()) < 8:
            np.clip(left, 0, 8, out=left)
            word &= _MASKS[left]
        out.append(word)
    return out


def _texts(buf: Array, starts: Array, ends: Array) -> list[str]:
    """The spans as strings, decoded together: copied one after another with a newline between
    (no field holds one), decoded once and split."""
    lengths = ends - starts + 1  # each span and the byte after it (a comma or a newline)
    total = int(lengths.sum())
    # One position per byte copied: 32-bit where they fit, summed in place (a register's
    # 100,000 distinct unit names held three 64-bit arrays of 10 MB at once, now two of 5 MB).
    dtype = np.int32 if len(buf) < 2**31 else np.int64
    placed = np.cumsum(lengths, dtype=dtype) - lengths
    source = np.repeat((starts - placed).astype(dtype), lengths)
    source += np.arange(total, dtype=dtype)
    out = buf[source]
    out[placed + lengths - 1] = 10
    texts: list[str] = out.tobytes().decode("utf-8").split("\n")[:-1]
    return texts


def split(raw: bytes, width: int) -> tuple[Array, Array] | None:
    """(starts, ends) of every field of every record after the header, one row per field
    position (shape: width, records); None unless every line holds exactly width fields."""
    buf = np.frombuffer(raw, dtype=np.uint8)
    # The union taken in place: two masks of the file's size at once, not three.
    delimiter = buf == 10
    newlines = np.count_nonzero(delimiter)
    delimiter |= buf == 44
    delims = np.flatnonzero(delimiter)
    del delimiter
    if len(raw) < 2**31 - 8:
        # Positions fit in 32 bits: half the memory for the two positions of every field.
        delims = delims.astype(np.int32)
    if len(delims) % width:
        return None
    grid = delims.reshape(-1, width)
    # Each line: width - 1 commas, then its newline. With as many newlines in all as lines, the
    # newlines at the ends of the lines are all of them: none can stand among the commas.
    if newlines != len(grid) or not (buf[grid[:, -1]] == 10).all():
        return None
    starts = np.empty_like(delims)
    starts[0] = 0
    starts[1:] = delims[:-1] + 1
    return np.ascontiguousarray(starts.reshape(-1, width)[1:].T), np.ascontiguousarray(grid[1:].T)


class Seen:
    """The last columns read of each name, so that a register listing the same units as the
    previous year's file is not factorized and decoded again."""

    MIN_DISTINCT = 1000  # only columns this varied are kept: they are the costly ones

    def __init__(self) -> None:
        self.columns: dict[str, tuple[list[Array], Column]] = {}

    def get(self, name: str, spans: list[Array]) -> Column | None:
        kept = self.columns.get(name)
        if kept is None or len(kept[0]) != len(spans):
            return None
        if all(np.array_equal(a, b) for a, b in zip(kept[0], spans, strict=True)):
            return kept[1]
        return None

    def put(self, name: str, spans: list[Array], column: Column) -> None:
        if len(column.uniques) >= self.MIN_DISTINCT:
            self.columns[name] = (spans, column)


def columns(raw: bytes, names: list[str], seen: Seen | None = None) -> dict[str, Column] | None:
    """Every column of a plain table, by name; None when a line has another number of fields."""
    cut = split(raw, len(names))
    if cut is None:
        return None
    starts, ends = cut
    words = _words(raw)
    buf = np.frombuffer(raw, dtype=np.uint8)
    out: dict[str, Column] = {}
    for j, name in enumerate(names):
        s, e = starts[j], ends[j]
        lengths = e - s
        spans = [lengths.astype(np.uint64), *_spans(words, s, lengths)]
        column = seen.get(name, spans) if seen is not None else None
        if column is None:
            # Equal codes exactly when the spans hold equal bytes: as a plain table holds no NUL
            # byte, zero padding never makes spans of different lengths equal.
            codes = sorted_groups(spans[1:], len(s))
            first = first_rows(codes)
            column = Column(codes, _texts(buf, s[first], e[first]))
            if seen is not None:
                seen.put(name, spans, column)
        out[name] = column
    return out
