"""Reading large, regular snapshot tables column by column, checking whole columns at once.

A table takes this path only when its bytes show it is plain: UTF-8 without BOM, no quotes,
no NUL, no CR, no blank line (tokens.split refuses one), the same number of fields on every
line, and a header exactly as the format names it. Then every record is one physical line
(line = index + 2), the columns are cut from the bytes (tokens.py), and every check runs once
per distinct value of a column (dates, numbers, choices, areas) instead of once per row. The
rows land in the table as codes, never as Python objects. Any row a check flags is handed to
the exact row reader, which gives the same findings the slow path would; a table that is not
plain is read by the slow path.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from swtrack.load.columns import TEXT_FIELDS, Array, Chunk, RowTable
from swtrack.load.rows import KEY_COLUMNS, RowReader
from swtrack.load.snapshots import (
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
from swtrack.load.tokens import Column, Seen, columns
from swtrack.model.dates import DateError, PartialDate

FAST_MIN_BYTES = 16 * 1024  # below this the exact path is quick enough and simpler to trust


def _plain(raw: bytes, spec: TableSpec) -> list[str] | None:
    """The header names when the bytes are plain enough for the fast path, else None."""
    if raw.startswith(b"\xef\xbb\xbf") or not raw.endswith(b"\n"):
        return None
    if b'"' in raw or b"\x00" in raw or b"\r" in raw:
        return None
    try:
        header = raw[: raw.index(b"\n")].decode("utf-8")
    except UnicodeDecodeError:
        return None
    names = header.split(",")
    # No search for a blank line (ten times slower than the others): every table has several
    # required columns, and a line without a comma makes tokens.split refuse the table.
    if any(n != n.strip() or not n for n in names) or len(set(names)) != len(names):
        return None
    if set(spec.required) - set(names) or set(names) - set(spec.columns):
        return None
    return names


def plain_columns(raw: bytes, spec: TableSpec, seen: Seen | None = None) -> tuple[list[str], dict[str, Column]] | None:
    """The header names and columns of a plain table with at least one row, else None (the
    table takes the exact path, which reports what is wrong with it)."""
    names = _plain(raw, spec)
    if names is None:
        return None
    try:
        found = columns(raw, names, seen)  # decodes every distinct cell: bytes that are not UTF-8 raise
    except UnicodeDecodeError:
        return None
    if found is None or not len(found[names[0]].codes):
        return None  # a header without rows included
    return names, found


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


class FastReader:
    """Reads plain tables into one row table; keeps what every table of it shares (the areas)."""

    def __init__(self, reader: RowReader, table: RowTable) -> None:
        self.reader = reader
        self.table = table
        index = reader.areas
        self._area_pos = index.single
        self._area_ids = table.vocabs["area"].codes_of(index.ids)
        self._area_lo = np.array(index.first, dtype=np.int64)
        self._area_hi = np.array(index.last, dtype=np.int64)
        self._columns = Seen()

    def _areas(self, area: Column, dates: Column, when: list[PartialDate | None]) -> Array:
        """The area id of every row as a code of the table (-1 where the name means no area on the
        row's date). A name that means one area is checked against each row's date with its
        validity span; other names are resolved once per distinct (name, date)."""
        ends = np.array([d.end.toordinal() if d else 0 for d in when], dtype=np.int64)[dates.codes]
        pos: Array = area.memo("area places", lambda: np.fromiter(map(self._area_pos, area.uniques), dtype=np.int64))
        row_pos = pos[area.codes]
        single = row_pos >= 0
        out: Array = np.where(single, self._area_ids[row_pos], -1).astype(np.int64)
        inside = (self._area_lo[row_pos] <= ends) & (ends <= self._area_hi[row_pos])
        out[single & ~inside] = -1
        other = np.flatnonzero(~single & (ends > 0))
        if len(other):
            index, vocab = self.reader.areas, self.table.vocabs["area"]
            seen: dict[tuple[int, int], int] = {}
            for i, a, d in zip(other.tolist(), area.codes[other].tolist(), dates.codes[other].tolist(), strict=True):
                if (a, d) not in seen:
                    day = when[d]
                    found = index.id_at(area.uniques[a], day.end) if day else None
                    seen[(a, d)] = -1 if found is None else vocab.code(found)
                out[i] = seen[(a, d)]
        out[ends == 0] = -1
        return out

    def read(self, path: Path, display: str, spec: TableSpec) -> Chunk | None:
        """The rows of a plain table as a chunk of the table, or None when it must take the exact path."""
        try:
            if path.stat().st_size < FAST_MIN_BYTES:
                return None
            raw = path.read_bytes()
        except OSError:
            return None
        plain = plain_columns(raw, spec, self._columns)
        del raw
        if plain is None:
            return None
        names, found = plain
        n = len(found[names[0]].codes)
        cols = {name: found.get(name) or Column.empty(n) for name in ("date", "value", *TEXT_FIELDS) if name != "file"}
        return self._check(cols, names, display, spec)

    def _check(self, cols: dict[str, Column], names: list[str], display: str, spec: TableSpec) -> Chunk:
        reader, table = self.reader, self.table
        bad = cols["source_url"].blank()
        if spec is UNITS:
            bad |= cols["unit"].blank()
            bad |= cols["register"].outside(reader.registers)
        bad |= cols["grade"].outside(GRADES)
        bad |= cols["qualifier"].outside(QUALIFIERS)
        measures = reader.measures
        bad |= cols["measure"].outside(measures)
        # str.strip returns the string itself when there is nothing to strip, so equal lists compare fast.
        stripped = {name: col.stripped() for name, col in cols.items()}
        for name in KEY_COLUMNS:
            col = cols[name]
            if stripped[name] != col.uniques:
                bad |= col.per_value([a != b for a, b in zip(col.uniques, stripped[name], strict=True)])
        when = [_date(u) for u in cols["date"].uniques]
        bad |= cols["date"].per_value([d is None for d in when])
        numbers = [_number(u) for u in cols["value"].uniques]
        bad |= cols["value"].per_value([v is None for v in numbers])
        whole = cols["value"].per_value([v is not None and check_count(v) is None for v in numbers])
        counts = cols["measure"].per_value([m in measures and measures[m].count for m in cols["measure"].uniques])
        bad |= counts & ~whole
        area_codes = self._areas(cols["area"], cols["date"], when)
        bad |= area_codes < 0

        good = np.flatnonzero(~bad)
        everyone = len(good) == len(bad)  # the usual case: no row was flagged
        vocabs = table.vocabs

        def spread(mapping: Array, col: Column) -> Array:
            """Each good row's value, from one value per distinct cell."""
            if len(mapping) == 1:
                return np.full(len(good), mapping[0], dtype=mapping.dtype)
            spread: Array = mapping[col.codes if everyone else col.codes[good]]
            return spread

        def codes(name: str) -> Array:
            col = cols[name]
            return spread(col.memo(f"{name} codes", lambda: vocabs[name].codes_of(stripped[name])), col)

        date_map = np.array([table.date_code(d) if d else -1 for d in when], dtype=np.int32)
        value_map = np.array([v if v is not None else np.nan for v in numbers], dtype=np.float64)
        text = {name: codes(name) for name in TEXT_FIELDS if name not in ("file", "area")}
        text["area"] = (area_codes if everyone else area_codes[good]).astype(np.int32)
        text["file"] = np.full(len(good), vocabs["file"].code(display), dtype=np.int32)
        chunk = Chunk(
            spread(date_map, cols["date"]),
            spread(value_map, cols["value"]),
            (good + 2).astype(np.int32),
            text,
        )
        exact = []
        for i in np.flatnonzero(bad).tolist():
            fields = {name: cols[name].uniques[cols[name].codes[i]] for name in names}
            found = reader.observation(Row(line=i + 2, fields=fields), display, spec)
            if found is not None:
                exact.append(found)
        if not exact:
            return chunk
        extra = table.chunk_of(exact)
        merged = Chunk(
            np.concatenate([chunk.date, extra.date]),
            np.concatenate([chunk.value, extra.value]),
            np.concatenate([chunk.line, extra.line]),
            {k: np.concatenate([chunk.text[k], extra.text[k]]) for k in TEXT_FIELDS},
        )
        return merged.take(np.argsort(merged.line, kind="stable"))
