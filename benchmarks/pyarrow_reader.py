"""pyarrow's CSV reader in place of swtrack's own tokenizer, evaluated (needs `pip install pyarrow`).

    python benchmarks/pyarrow_reader.py /tmp/bench/national [/tmp/bench/quarter] [--planted DIR] [--repeat 3]
    python benchmarks/pyarrow_reader.py swtrack --root DIR validate --format json   # swtrack, this reader inside

`ArrowReader` does what swtrack's fast path (fastcsv.py with tokens.py) does for an observations
or units table, with pyarrow: every cell read as text into dictionary-encoded columns, the
physical line of every record computed from the bytes (a quoted field may hold a newline), the
checks run once per distinct value of a column (dates, numbers, counts, qualifiers, grades,
measures, registers, areas at each row's date, whitespace in key columns), and every flagged row
handed to swtrack's exact row reader, so that findings name file, line and column as before.
Duplicate keys are looked for with pyarrow's group_by. Bytes that pyarrow would read differently
from Python's csv module (a blank line, a lone CR, a quote inside an unquoted field or after a
closing one, a ragged row, a NUL) go to the exact path, as in fastcsv.

The evaluation runs swtrack itself with this reader put in place of fastcsv's (the load
function imports `swtrack.load.tracker.FastReader` when it reads, so replacing that name is enough):
first small tables (a quoted newline, a BOM, GB18030, CRLF, hostile cells) read both ways and
their findings compared; then, for each tracker, the time spent reading in one process, and
whole processes side by side, taking turns (measure.py): the pandas read and `swtrack validate`
as shipped (pyarrow hidden, as in the project's environment), both with pyarrow installed, and
validate with this reader (`--status`: `status --format json` too); then the planted errors.
Results and the decision: RESULTS.md, "pyarrow's CSV reader, evaluated". Nothing under src/
is changed.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

import swtrack.load.fastcsv
import swtrack.load.tracker
from swtrack.check.validate import validate
from swtrack.findings import Report
from swtrack.load.columns import TEXT_FIELDS, Chunk, RowTable, all_distinct
from swtrack.load.rows import KEY_COLUMNS, RowReader
from swtrack.load.snapshots import (
    GRADES,
    OBSERVATIONS,
    PLAUSIBLE_MAX,
    QUALIFIERS,
    UNITS,
    NumberError,
    Row,
    TableSpec,
    parse_number,
)
from swtrack.load.textfile import decode
from swtrack.load.tracker import Tracker, load_tracker
from swtrack.model.dates import DateError, PartialDate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import measure_side_by_side

# Arrow's own allocator keeps freed memory for reuse: 30-40 MB more peak memory here than malloc.
pa.set_memory_pool(pa.system_memory_pool())

Array = np.ndarray[Any, Any]
HERE = Path(__file__).resolve().parent
PY = sys.executable
TEXT = pa.dictionary(pa.int32(), pa.string())
BOM = b"\xef\xbb\xbf"
PLAIN_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"  # parse_number's own fast case: float() reads these alike
_SPACE = r"[\t-\r\x1c-\x1f\x85\p{Z}]"  # what str.isspace calls whitespace, in RE2's terms
PADDED = f"^{_SPACE}|{_SPACE}$"


# Where each record starts


def record_lines(buf: Array) -> Array | None:
    """The physical line (1-based) each record after the header starts on, for bytes that
    pyarrow and Python's csv module read alike; None otherwise (the exact path then reads them).

    A newline ends a record when an even number of quotes comes before it (a doubled quote
    inside a quoted field counts twice). That holds when every opening quote starts a field (or
    doubles the quote before it) and every closing quote ends one (or is doubled), which is
    checked; blank lines and lone CRs, which pyarrow skips or reads as line ends, send the file
    to the exact path too."""
    n = len(buf)
    newlines = np.flatnonzero(buf == 10)
    returns = np.flatnonzero(buf == 13)
    if len(returns) and (returns[-1] == n - 1 or (buf[returns + 1] != 10).any()):
        return None
    quotes = np.flatnonzero(buf == 34)
    if len(quotes) % 2:
        return None
    if len(quotes):
        opening, closing = quotes[0::2], quotes[1::2]
        before = buf[np.maximum(opening - 1, 0)]
        starts_field = (opening == 0) | (before == 44) | (before == 10) | (before == 34)
        after = buf[np.minimum(closing + 1, n - 1)]
        after_cr = buf[np.minimum(closing + 2, n - 1)]
        ends_field = (
            (closing == n - 1) | (after == 44) | (after == 10) | (after == 34) | ((after == 13) & (after_cr == 10))
        )
        if not (starts_field.all() and ends_field.all()):
            return None
        ends = np.flatnonzero(np.searchsorted(quotes, newlines) % 2 == 0)  # indices into newlines
    else:
        ends = np.arange(len(newlines))
    if not len(ends):
        return np.zeros(0, dtype=np.int64)
    at = newlines[ends]
    gap = np.diff(np.concatenate(([-1], at)))
    blank = (gap == 1) | ((gap == 2) & (buf[np.maximum(at - 1, 0)] == 13))
    if blank.any():
        return None
    if at[-1] == n - 1:
        ends = ends[:-1]  # the last newline ends the file, not a record before another
    lines: Array = ends + 2
    return lines


# Reading a table


class ArrowReader:
    """fastcsv.FastReader's interface (read → a chunk of the row table, or None for the exact path)."""

    min_bytes = swtrack.load.fastcsv.FAST_MIN_BYTES

    def __init__(self, reader: RowReader, table: RowTable) -> None:
        self.reader = reader
        self.table = table
        index = reader.areas
        self._area_pos = index.single
        self._area_ids = table.vocabs["area"].codes_of(index.ids)
        self._area_lo = np.array(index.first, dtype=np.int64)
        self._area_hi = np.array(index.last, dtype=np.int64)
        self._seen: dict[str, Column] = {}  # the last column read of each name

    def read(self, path: Path, display: str, spec: TableSpec) -> Chunk | None:
        try:
            if path.stat().st_size < self.min_bytes:
                return None
            raw = path.read_bytes()
        except OSError:
            return None
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
            return None  # UTF-16 or not text: the exact path says so
        notes = Report()
        body = raw[len(BOM) :] if raw.startswith(BOM) else raw
        if body is not raw:
            decode(raw[: len(BOM)], display, notes)  # the same warning as the exact path
        names = self._header(body, spec)
        if names is None:
            return None
        lines = record_lines(np.frombuffer(body, dtype=np.uint8))
        if lines is None or not len(lines):
            return None
        try:
            table = self._arrow(body, names)
        except pa.ArrowInvalid as exc:
            if "UTF8" not in str(exc):
                return None  # a ragged row: the exact path reports it
            notes = Report()
            text = decode(raw, display, notes)  # GB18030 with its warning, or the exact path's error
            if text is None:
                return None
            try:
                table = self._arrow(text.encode("utf-8"), names)
            except pa.ArrowInvalid:
                return None
        if table.num_rows != len(lines):
            return None
        self.reader.report.extend(notes)
        return self._check(table, names, lines, display, spec)

    @staticmethod
    def _header(body: bytes, spec: TableSpec) -> list[str] | None:
        """The header's names when the header is as the format names it (else the exact path)."""
        end = body.find(b"\n")
        try:
            header = body[: end if end >= 0 else len(body)].decode("utf-8").removesuffix("\r")
        except UnicodeDecodeError:
            return None
        names = header.split(",")
        if '"' in header or any(n != n.strip() or not n for n in names) or len(set(names)) != len(names):
            return None
        if set(spec.required) - set(names) or set(names) - set(spec.columns):
            return None
        return names

    @staticmethod
    def _arrow(data: bytes, names: list[str]) -> pa.Table:
        return pcsv.read_csv(
            pa.py_buffer(data),
            parse_options=pcsv.ParseOptions(newlines_in_values=b'"' in data),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, TEXT),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        ).unify_dictionaries()

    def _areas(self, area: Column, dates: Column, when: list[PartialDate | None]) -> Array:
        """Each row's area id as a table code, -1 where the name means no area on the row's date."""
        ends = np.array([d.end.toordinal() if d else 0 for d in when], dtype=np.int64)[dates.codes]
        places = area.once("places", lambda: np.array([self._area_pos(u) for u in area.uniques], dtype=np.int64))
        pos = places[area.codes]
        single = pos >= 0
        out: Array = np.where(single, self._area_ids[pos], -1).astype(np.int64)
        out[single & ~((self._area_lo[pos] <= ends) & (ends <= self._area_hi[pos]))] = -1
        other = np.flatnonzero(~single & (ends > 0))
        if len(other):
            index, vocab = self.reader.areas, self.table.vocabs["area"]
            pairs = np.unique(np.stack([area.codes[other], dates.codes[other]]), axis=1, return_inverse=True)
            found = []
            for a, d in pairs[0].T.tolist():
                day = when[d]
                got = index.id_at(area.uniques[a], day.end) if day else None
                found.append(-1 if got is None else vocab.code(got))
            out[other] = np.array(found, dtype=np.int64)[pairs[1].ravel()]
        out[ends == 0] = -1
        return out

    def _check(self, arrow: pa.Table, names: list[str], lines: Array, display: str, spec: TableSpec) -> Chunk:
        n = arrow.num_rows
        cols = {
            name: Column.of(arrow.column(name), self._seen.get(name)) if name in names else Column.empty(n)
            for name in ("date", "value", *TEXT_FIELDS)
        }
        self._seen.update((name, cols[name]) for name in names)
        reader, vocabs = self.reader, self.table.vocabs
        measures = reader.measures
        bad = cols["source_url"].blank() | cols["grade"].outside(GRADES) | cols["qualifier"].outside(QUALIFIERS)
        bad |= cols["measure"].outside(list(measures))
        if spec is UNITS:
            bad |= cols["unit"].blank() | cols["register"].outside(list(reader.registers))
        for name in KEY_COLUMNS:
            bad |= cols[name].spread(cols[name].padded())
        when: list[PartialDate | None] = cols["date"].once("dates", lambda: [_date(u) for u in cols["date"].uniques])
        bad |= cols["date"].spread(np.array([d is None for d in when]))
        numbers = cols["value"].numbers()
        bad |= cols["value"].spread(np.isnan(numbers))
        nearest = np.round(numbers)  # check_count: math.isclose(value, round(value)), vectorised
        whole = (numbers >= 0) & (np.abs(numbers - nearest) <= 1e-9 * np.maximum(np.abs(numbers), np.abs(nearest)))
        counts = np.array([m in measures and measures[m].count for m in cols["measure"].uniques], dtype=bool)
        bad |= cols["measure"].spread(counts) & ~cols["value"].spread(whole)
        area = self._areas(cols["area"], cols["date"], when)
        bad |= area < 0

        good = np.flatnonzero(~bad)
        date_map = np.array([self.table.date_code(d) if d else -1 for d in when], dtype=np.int32)
        text = {name: cols[name].codes_in(vocabs[name], good) for name in TEXT_FIELDS if name not in ("file", "area")}
        text["area"] = area[good].astype(np.int32)
        text["file"] = np.full(len(good), vocabs["file"].code(display), dtype=np.int32)
        chunk = Chunk(
            date_map[cols["date"].codes[good]],
            numbers[cols["value"].codes[good]],
            lines[good].astype(np.int32),
            text,
        )
        exact = []
        for i in np.flatnonzero(bad).tolist():
            fields = {name: cols[name].uniques[cols[name].codes[i]] for name in names}
            found = reader.observation(Row(line=int(lines[i]), fields=fields), display, spec)
            if found is not None:
                exact.append(found)
        if not exact:
            return chunk
        extra = self.table.chunk_of(exact)
        merged = Chunk(
            np.concatenate([chunk.date, extra.date]),
            np.concatenate([chunk.value, extra.value]),
            np.concatenate([chunk.line, extra.line]),
            {k: np.concatenate([chunk.text[k], extra.text[k]]) for k in TEXT_FIELDS},
        )
        return merged.take(np.argsort(merged.line, kind="stable"))


class Column:
    """One dictionary-encoded column: row codes (numpy) and the distinct values (an Arrow array).
    What is derived from the distinct values is kept in a memo, which a column with an equal
    dictionary (next year's register listing the same units) shares."""

    def __init__(self, codes: Array, values: pa.Array, memo: dict[str, Any] | None = None) -> None:
        self.codes = codes
        self.values = values
        self.memo: dict[str, Any] = {} if memo is None else memo

    @classmethod
    def of(cls, chunked: pa.ChunkedArray, previous: Column | None = None) -> Column:
        whole = chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)
        codes, values = whole.indices.to_numpy(zero_copy_only=False), whole.dictionary
        if previous is not None and previous.values.equals(values):
            return cls(codes, previous.values, previous.memo)
        return cls(codes, values)

    @classmethod
    def empty(cls, rows: int) -> Column:
        return cls(np.zeros(rows, dtype=np.int32), pa.array([""]))

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def uniques(self) -> list[str]:
        found: list[str] = self.once("uniques", self.values.to_pylist)
        return found

    def spread(self, per_value: Array) -> Array:
        """One value per distinct value, spread over the rows."""
        out: Array = per_value[self.codes]
        return out

    def padded(self) -> Array:
        """Per distinct value: whether it has whitespace around it, as Python's str.strip sees it."""
        found: Array = self.once(
            "padded", lambda: pc.match_substring_regex(self.values, PADDED).to_numpy(zero_copy_only=False)
        )
        return found

    def stripped(self) -> list[str]:
        """The distinct values without surrounding whitespace (Python strips only the padded ones)."""

        def strip() -> list[str]:
            out = list(self.uniques)
            for i in np.flatnonzero(self.padded()).tolist():
                out[i] = out[i].strip()
            return out

        found: list[str] = self.once("stripped", strip)
        return found

    def blank(self) -> Array:
        """Rows whose value is empty once stripped."""
        empty = pc.equal(self.values, "").to_numpy(zero_copy_only=False)
        padded = self.padded()
        if padded.any():
            stripped = self.stripped()
            empty |= np.array([p and not stripped[i] for i, p in enumerate(padded.tolist())], dtype=bool)
        return self.spread(empty)

    def outside(self, allowed: list[str]) -> Array:
        inside = pc.is_in(self.values, value_set=pa.array(allowed, type=pa.string()))
        return self.spread(~inside.to_numpy(zero_copy_only=False))

    def numbers(self) -> Array:
        """Per distinct value: the number, NaN where the exact reader reports it (not a number, or
        beyond any plausible size). Plain decimals are cast by Arrow; the rest by parse_number."""

        def compute() -> Array:
            plain = pc.match_substring_regex(self.values, PLAIN_NUMBER).to_numpy(zero_copy_only=False)
            out = np.full(len(self.values), np.nan)
            if plain.any():
                out[plain] = pc.cast(self.values.filter(pa.array(plain)), pa.float64()).to_numpy()
            for i in np.flatnonzero(~plain).tolist():
                out[i] = _number(self.uniques[i])
            out[np.abs(out) > PLAUSIBLE_MAX] = np.nan
            return out

        found: Array = self.once("numbers", compute)
        return found

    def codes_in(self, vocab: Any, rows: Array) -> Array:
        """The codes of the stripped values in their column's vocabulary, for some rows."""
        mapping: Array = self.once("codes", lambda: vocab.codes_of(self.stripped()))
        out: Array = mapping[self.codes[rows]]
        return out


def _date(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text)
    except DateError:
        return None


def _number(text: str) -> float:
    try:
        return parse_number(text)
    except NumberError:
        return float("nan")


def duplicate_rows(table: RowTable) -> Array:
    """Positions of rows whose key (date, register, unit, area, measure) an earlier row has,
    with pyarrow's group_by (validate.py does this with packed integer keys)."""
    keys = {"end": table.end, **{k: table.text(k) for k in ("register", "unit", "area", "measure")}}
    frame = pa.table({**keys, "row": np.arange(len(table))})
    groups = frame.group_by(list(keys), use_threads=False).aggregate([("row", "min"), ("row", "count")])
    if pc.max(groups["row_count"]).as_py() in (None, 1):
        return np.zeros(0, dtype=np.int64)
    joined = frame.join(groups.select([*keys, "row_min"]), list(keys))
    later = joined.filter(pc.not_equal(joined["row"], joined["row_min"]))
    out: Array = np.sort(later["row"].to_numpy())
    return out


# The evaluation


def with_arrow() -> None:
    swtrack.load.tracker.FastReader = ArrowReader  # type: ignore[misc, assignment]


class Exact:
    """A reader that sends every table to the exact path (the reference the others must match)."""

    def __init__(self, reader: RowReader, table: RowTable) -> None:
        pass

    def read(self, path: Path, display: str, spec: TableSpec) -> Chunk | None:
        return None


def findings_and_tracker(root: Path, reader: Callable[..., Any]) -> tuple[Tracker, Report]:
    """The tracker loaded with one reader in place of fastcsv's."""
    shipped = swtrack.load.tracker.FastReader
    swtrack.load.tracker.FastReader = reader  # type: ignore[misc]
    try:
        return load_tracker(root)
    finally:
        swtrack.load.tracker.FastReader = shipped  # type: ignore[misc]


def findings_and_rows(
    root: Path, reader: Callable[..., Any]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], Tracker]:
    """Every finding of loading and validating a tracker, and every row read, with one reader in place."""
    tracker, report = findings_and_tracker(root, reader)
    report.extend(validate(tracker))
    found = [(f.code, f.severity.value, f.file, f.line, f.column, f.message) for f in report.sorted()]
    rows = [tuple(o) for t in (tracker.observations, tracker.unit_rows) for o in t]
    return found, rows, tracker


HOSTILE_ROWS = [
    'YEAR-12-31,AREA,social_workers,12,,synthetic://x,synthetic,"two\nlines"',
    'YEAR-12-31,AREA,certified," 4",about,synthetic://x,synthetic,"a ""quoted"" note"',
    "YEAR-12-31,AREA,agencies,lots,,synthetic://x,synthetic,",
    "YEAR-12-31,AREA,agencies,2.5,,synthetic://x,synthetic,",
    "YEAR-12-31,nowhere,agencies,2,,synthetic://x,synthetic,",
    "YEAR-13-31,AREA,agencies,2,,synthetic://x,synthetic,",
    'YEAR-12-31,AREA,agencies,"1,234",,synthetic://x,synthetic,',
    "YEAR-12-31,AREA,agencies,3,roughly,synthetic://x, A,",
    "YEAR-12-31,AREA,agencies,3,,  ,synthetic,",
    "YEAR-12-31,AREA,agencies,NaN,,synthetic://x,synthetic,",
    "YEAR-12-31,\u3000AREA,agencies,2,,synthetic://x,synthetic,",
    "YEAR-12-31,AREA,agencies,2\x1f,,synthetic://x,synthetic,",
]


def self_check(root: Path) -> list[str]:
    """Small tables written in every way the fast path must read exactly, each read with the
    exact path alone and with this reader; the differences, if any."""
    obs = sorted((root / "data" / "observations").glob("*.csv"))
    base = obs[-1].read_text(encoding="utf-8").splitlines(keepends=True)
    area = base[1].split(",")[1]
    year = base[1][:4]
    hostile = [r.replace("YEAR", year).replace("AREA", area) + "\n" for r in HOSTILE_ROWS]
    # The hostile rows among the first forty, so that the lines after each quoted newline are checked.
    text = base[0] + "".join(row + hostile[i % len(hostile)] for i, row in enumerate(base[1:40])) + "".join(base[40:])
    text += base[50] + base[60]  # two duplicate keys
    variants = {
        "quoted-newlines": text.encode("utf-8"),
        "bom": BOM + text.encode("utf-8"),
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "gb18030": text.encode("gb18030"),
        "bom-and-gb18030": BOM + text.encode("gb18030"),
        "blank-line": (text[: text.index("\n", 500) + 1] + "\n" + text[text.index("\n", 500) + 1 :]).encode("utf-8"),
        "quote-in-field": text.replace(",synthetic,\n", ',syn"thetic,\n', 1).encode("utf-8"),
        "ragged": text.replace(",synthetic,\n", ",synthetic\n", 1).encode("utf-8"),
        "lone-cr": text.replace("\n", "\r", 3).encode("utf-8"),
        "plain": "".join(base).encode("utf-8"),
    }
    problems = []
    for name, data in variants.items():
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "t"
            (copy / "data" / "observations").mkdir(parents=True)
            subprocess.run(["cp", "-r", str(root / "targets"), str(copy / "targets")], check=True)
            (copy / "data" / "observations" / obs[-1].name).write_bytes(data)
            ArrowReader.min_bytes = 0
            *exact, _ = findings_and_rows(copy, Exact)
            *arrow, tracker = findings_and_rows(copy, ArrowReader)
            ArrowReader.min_bytes = swtrack.load.fastcsv.FAST_MIN_BYTES
            took = _took_arrow_path(copy, obs[-1].name)
        same = "same findings and rows" if exact == arrow else "DIFFERENT"
        table = tracker.observations
        duplicates = sorted(int(table.columns.line[i]) for i in duplicate_rows(table))
        reported = sorted(f[3] for f in exact[0] if f[0] == "duplicate-row")
        agree = "the same" if duplicates == reported else "OTHER"
        print(
            f"  {name}: {len(exact[0])} findings, {len(exact[1])} rows; {same}; read by {took}; "
            f"{len(duplicates)} duplicate keys by group_by, on {agree} lines as validate's"
        )
        if exact != arrow or duplicates != reported:
            problems.append(name)
    return problems


def _took_arrow_path(root: Path, name: str) -> str:
    tracker, _ = load_tracker(root)
    reader = ArrowReader(RowReader(tracker.catalogue, tracker.areas, Report()), RowTable())
    ArrowReader.min_bytes = 0
    chunk = reader.read(root / "data" / "observations" / name, name, OBSERVATIONS)
    ArrowReader.min_bytes = swtrack.load.fastcsv.FAST_MIN_BYTES
    return "pyarrow" if chunk is not None else "the exact path"


def planted(root: Path, command: list[str]) -> tuple[int, int, int, bytes]:
    """(planted, reported on their lines, other errors, the output) for validate run as `command`."""
    expected = {(p["file"], p["line"]) for p in json.loads((root / "planted.json").read_text(encoding="utf-8"))}
    out = subprocess.run([*command, "--root", str(root), "validate", "--format", "json"], capture_output=True)
    found = {(f["file"], f["line"]) for f in json.loads(out.stdout)["findings"] if f["severity"] == "error"}
    return len(expected), len(expected & found), len(found - expected), out.stdout


# The project's environment has no pyarrow; installed, pandas imports it and keeps str columns in
# it. The shipped commands are run with it hidden (as if not installed), and apart with it there.
HIDDEN = "import runpy, sys; sys.modules['pyarrow'] = None; "
WITHOUT_PYARROW = [
    PY,
    "-c",
    HIDDEN + "sys.argv = ['swtrack', *sys.argv[1:]]; runpy.run_module('swtrack', run_name='__main__')",
]
SCRIPT_WITHOUT_PYARROW = [
    PY,
    "-c",
    HIDDEN + "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
]


def reader_seconds(root: Path, repeat: int) -> dict[str, float]:
    """In one process: the time spent in each reader's read() while loading the tracker (median),
    and the duplicate-key search over the unit rows, validate's and pyarrow's."""
    spent: dict[str, list[float]] = {"fastcsv + tokens": [], "pyarrow": []}
    tracker = None
    for _ in range(repeat):
        for name, cls in (("fastcsv + tokens", swtrack.load.tracker.FastReader), ("pyarrow", ArrowReader)):
            total = [0.0]
            plain = cls.read

            def timed(self: Any, *args: Any, _read: Any = plain, _total: list[float] = total) -> Any:
                start = time.perf_counter()
                try:
                    return _read(self, *args)
                finally:
                    _total[0] += time.perf_counter() - start

            cls.read = timed  # type: ignore[method-assign]
            try:
                tracker, _ = findings_and_tracker(root, cls)
            finally:
                cls.read = plain  # type: ignore[method-assign]
            spent[name].append(total[0])
    out = {name: statistics.median(times) for name, times in spent.items()}
    assert tracker is not None
    table = tracker.unit_rows
    keys = (table.end, *(table.text(k) for k in ("register", "unit", "area", "measure")))
    start = time.perf_counter()
    all_distinct(*keys)
    out["duplicate keys, validate.py"] = time.perf_counter() - start
    start = time.perf_counter()
    duplicate_rows(table)
    out["duplicate keys, pyarrow group_by"] = time.perf_counter() - start
    return out


def evaluate(args: argparse.Namespace) -> None:
    arrow = [PY, str(Path(__file__).resolve()), "swtrack"]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE)
    print(
        f"pyarrow {pa.__version__}, pandas {pd_version()}, {date.today().isoformat()}, {platform.platform()}, "
        f"Python {platform.python_version()}, commit {commit.stdout.strip()}, median of {args.repeat}"
    )
    roots = sorted(args.roots, key=lambda r: sum(p.stat().st_size for p in (r / "data").rglob("*.csv")))
    print("small tables, read by the exact path alone and with pyarrow:")
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny"
        subprocess.run(
            [PY, str(HERE / "generate.py"), "--scale", "tiny", "--out", str(tiny)], check=True, capture_output=True
        )
        problems = self_check(tiny)
    for root in roots:
        seconds = reader_seconds(root, args.repeat)
        print(f"{root.name}, in one process: " + ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items()))
        done = measure_side_by_side(
            {
                "pandas read": [*SCRIPT_WITHOUT_PYARROW, str(HERE / "baseline_read.py"), str(root)],
                "pandas read, pyarrow installed": [PY, str(HERE / "baseline_read.py"), str(root)],
                "validate": [*WITHOUT_PYARROW, "--root", str(root), "validate", "--format", "json"],
                "validate, pyarrow installed": [
                    PY,
                    "-m",
                    "swtrack",
                    "--root",
                    str(root),
                    "validate",
                    "--format",
                    "json",
                ],
                "validate, pyarrow reader": [*arrow, "--root", str(root), "validate", "--format", "json"],
            }
            | (
                {
                    "status": [*WITHOUT_PYARROW, "--root", str(root), "status", "--format", "json"],
                    "status, pyarrow reader": [*arrow, "--root", str(root), "status", "--format", "json"],
                }
                if args.status
                else {}
            ),
            args.repeat,
        )
        base, with_pa = done["pandas read"], done["pandas read, pyarrow installed"]
        print(f"{root.name}, whole processes (ratios to the pandas read without pyarrow, then with it):")
        for name, r in done.items():
            print(
                f"  {name}: {r['seconds']:.2f} s, {r['peak_mb']:.0f} MB, exit {r['exit']:.0f} | "
                f"{r['seconds'] / base['seconds']:.2f}× / {r['seconds'] / with_pa['seconds']:.2f}× time, "
                f"{r['peak_mb'] / base['peak_mb']:.2f}× / {r['peak_mb'] / with_pa['peak_mb']:.2f}× memory"
            )
        for command in ("validate", "status") if args.status else ("validate",):
            outputs = [
                subprocess.run([*cmd, "--root", str(root), command, "--format", "json"], capture_output=True).stdout
                for cmd in (WITHOUT_PYARROW, arrow)
            ]
            same = "identical" if outputs[0] == outputs[1] else "DIFFERENT"
            print(f"  {command} --format json, shipped and with the pyarrow reader: {same} ({len(outputs[0]):,} bytes)")
    if args.planted:
        results = [planted(args.planted, cmd) for cmd in (WITHOUT_PYARROW, arrow)]
        for name, (total, on_line, other, _) in zip(("shipped", "pyarrow reader"), results, strict=True):
            print(f"planted errors, {name}: {on_line} of {total} reported on their lines, {other} other errors")
        same = "identical" if results[0][3] == results[1][3] else "DIFFERENT"
        print(f"  validate --format json on the planted copy, shipped and with the pyarrow reader: {same}")
        done = measure_side_by_side(
            {
                "validate": [*WITHOUT_PYARROW, "--root", str(args.planted), "validate", "--format", "json"],
                "validate, pyarrow reader": [*arrow, "--root", str(args.planted), "validate", "--format", "json"],
            },
            args.repeat,
        )
        for name, r in done.items():
            print(f"  planted copy, {name}: {r['seconds']:.2f} s, {r['peak_mb']:.0f} MB")
    if problems:
        raise SystemExit(f"pyarrow's reading differs from the exact path on: {', '.join(problems)}")


def pd_version() -> str:
    from importlib.metadata import version

    return version("pandas")


def main() -> None:
    if sys.argv[1:2] == ["swtrack"]:
        with_arrow()
        sys.argv = ["swtrack", *sys.argv[2:]]
        from swtrack.cli import main as swtrack_main

        swtrack_main()
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--planted", type=Path, help="a copy made with generate.py --plant-errors")
    parser.add_argument("--check-only", action="store_true", help="only the small tables, no timing")
    parser.add_argument("--status", action="store_true", help="time `status --format json` too (the reader is shared)")
    args = parser.parse_args()
    if args.check_only:
        problems = self_check(args.roots[0])
        if problems:
            raise SystemExit(f"pyarrow's reading differs from the exact path on: {', '.join(problems)}")
        return
    evaluate(args)


if __name__ == "__main__":
    main()
