"""Snapshot rows kept as columns: a national tracker's millions of rows in a few arrays.

Every text field is stored as a code into that field's own vocabulary of distinct strings, in
the narrowest integer type its vocabulary fits (a field with a few distinct values takes a byte
a row), dates as codes into a list of distinct dates, values as floats and lines as integers.
A row becomes an `Observation` only when a rule or a renderer asks for it; the checks and the
groupings that cover every row work on the arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

import numpy as np

from swtrack.load.memory import give_back
from swtrack.load.values import Values
from swtrack.model.dates import PartialDate

Array = np.ndarray[Any, Any]
TEXT_FIELDS = ("area", "measure", "qualifier", "source_url", "grade", "note", "file", "register", "unit", "note_zh")


class Observation(NamedTuple):
    """A dated value of a measure for an area (and, in a register, for one unit)."""

    date: PartialDate
    area: str
    measure: str
    value: float
    qualifier: str
    source_url: str
    grade: str
    note: str
    file: str
    line: int
    register: str = ""
    unit: str = ""
    note_zh: str = ""  # the note in Chinese (data-format.md); empty where the tracker has none


class Vocab:
    """Distinct strings of one text column and their codes."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] | None = {}

    @property
    def index(self) -> dict[str, int]:
        """Each string's code (built again from the items after `drop_index`)."""
        if self._index is None:
            self._index = dict(zip(self.items, range(len(self.items)), strict=True))
        return self._index

    def drop_index(self) -> None:
        self._index = None

    def code(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.items)
            self.items.append(text)
        return found

    def codes_of(self, texts: list[str]) -> Array:
        """The code of each of a list of strings (new strings are added)."""
        found = list(map(self.index.get, texts))
        if None in found:
            new = list(dict.fromkeys(t for t, f in zip(texts, found, strict=True) if f is None))
            self.index.update(zip(new, range(len(self.items), len(self.items) + len(new)), strict=True))
            self.items.extend(new)
            found = list(map(self.index.__getitem__, texts))
        return np.array(found, dtype=np.int32)

    def codes(self, values: Sequence[str]) -> Array:
        """The code of every value, looked up once per distinct value."""
        distinct = list(dict.fromkeys(values))
        if not distinct:
            return np.zeros(0, dtype=np.int32)
        local = dict(zip(distinct, range(len(distinct)), strict=True))
        codes: Array = self.codes_of(distinct)[np.fromiter(map(local.__getitem__, values), np.intp, len(values))]
        return codes


def narrow(codes: Array, size: int) -> Array:
    """Codes below `size` in the narrowest type that holds them (uint8, uint16, else int32)."""
    dtype = np.uint8 if size <= 1 << 8 else np.uint16 if size <= 1 << 16 else np.int32
    return codes if codes.dtype == dtype else codes.astype(dtype)


class Chunk(NamedTuple):
    """The columns of some rows, in the table's codes."""

    date: Array  # codes into RowTable.dates
    value: Array  # float64 in a chunk to add; in the table's own columns, codes into RowTable.values
    line: Array  # int32
    text: dict[str, Array]  # codes into each field's vocabulary, one array per TEXT_FIELDS name

    def take(self, index: Array) -> Chunk:
        return Chunk(self.date[index], self.value[index], self.line[index], {k: v[index] for k, v in self.text.items()})


class RowTable:
    """Rows of one kind (observations or register rows), in the order they were read."""

    def __init__(self) -> None:
        self.vocabs = {name: Vocab() for name in TEXT_FIELDS}
        self.dates: list[PartialDate] = []
        self._date_index: dict[PartialDate, int] = {}
        self.values = Values()
        self._chunks: list[Chunk] = []
        self._frozen: Chunk | None = None

    @classmethod
    def of(cls, rows: Iterable[Observation]) -> RowTable:
        table = cls()
        table.add_rows(list(rows))
        return table

    # building

    def date_code(self, when: PartialDate) -> int:
        found = self._date_index.get(when)
        if found is None:
            found = self._date_index[when] = len(self.dates)
            self.dates.append(when)
        return found

    def chunk_of(self, rows: Sequence[Observation]) -> Chunk:
        """Observations as a chunk of this table's codes (for rows read one by one)."""
        n = len(rows)
        text = {name: self.vocabs[name].codes([getattr(r, name) for r in rows]) for name in TEXT_FIELDS}
        return Chunk(
            np.fromiter((self.date_code(r.date) for r in rows), dtype=np.int32, count=n),
            np.fromiter((r.value for r in rows), dtype=np.float64, count=n),
            np.fromiter((r.line for r in rows), dtype=np.int32, count=n),
            text,
        )

    def add(self, chunk: Chunk) -> None:
        """Take a chunk's rows, each code column narrowed to what its vocabulary needs so far
        (codes never change, so a later, wider chunk only widens the joined column)."""
        if len(chunk.date):
            text = {name: narrow(codes, len(self.vocabs[name].items)) for name, codes in chunk.text.items()}
            value = narrow(self.values.codes(chunk.value), len(self.values))
            self._chunks.append(Chunk(narrow(chunk.date, len(self.dates)), value, chunk.line, text))
            self._frozen = None

    def add_rows(self, rows: Sequence[Observation]) -> None:
        self.add(self.chunk_of(rows))

    # the columns

    @property
    def columns(self) -> Chunk:
        if self._frozen is None:
            if not self._chunks:
                empty = np.zeros(0, dtype=np.uint8)
                self._frozen = Chunk(empty, empty, np.zeros(0, dtype=np.int32), {k: empty for k in TEXT_FIELDS})
            elif len(self._chunks) == 1:
                self._frozen = self._chunks[0]
            else:
                # Columns are joined one at a time, each piece dropped once joined and its pages
                # given back, so that joining never holds two copies of the whole table.
                pieces = [{"date": c.date, "value": c.value, "line": c.line, **c.text} for c in self._chunks]
                self._chunks = []

                def join(name: str) -> Array:
                    joined = np.concatenate([piece.pop(name) for piece in pieces])
                    give_back()
                    return joined

                text = {k: join(k) for k in TEXT_FIELDS}
                self._frozen = Chunk(join("date"), join("value"), join("line"), text)
            self._chunks = [self._frozen] if len(self._frozen.date) else []
        return self._frozen

    # A row's first and last day are looked up from its date code when asked, not kept: kept
    # for a national register, they were 8 MB each for as long as the table lived.

    def _days(self, day: str) -> Array:
        """The first or last day of each distinct date, as proleptic ordinals."""
        return np.fromiter((getattr(d, day).toordinal() for d in self.dates), dtype=np.int32, count=len(self.dates))

    @property
    def end(self) -> Array:
        """The last day of each row's date, as a proleptic ordinal."""
        ends: Array = self._days("end")[self.columns.date]
        return ends

    def value_at(self, index: Array | slice | list[int]) -> Array:
        """The values of some rows (a slice of all of them: `slice(None)`)."""
        found: Array = self.values.floats[self.columns.value[index]]
        return found

    def end_at(self, index: Array) -> Array:
        """The last day of the dates of some rows, as proleptic ordinals."""
        ends: Array = self._days("end")[self.columns.date[index]]
        return ends

    @property
    def start(self) -> Array:
        """The first day of each row's date, as a proleptic ordinal."""
        starts: Array = self._days("start")[self.columns.date]
        return starts

    def drop_indexes(self) -> None:
        """Forget each vocabulary's lookup from string to code until it is asked for again: a
        national register's 157,700 unit names are never looked up once read (10 MB)."""
        for vocab in self.vocabs.values():
            vocab.drop_index()

    def text(self, name: str) -> Array:
        """A text column's codes (into `vocabs[name]`)."""
        return self.columns.text[name]

    def code(self, name: str, text: str) -> int:
        """The code of a string in a text column, or -1 when no row holds it."""
        return self.vocabs[name].index.get(text, -1)

    def codes(self, name: str, texts: Iterable[str]) -> Array:
        """The codes of the strings a text column holds (the others are left out)."""
        index = self.vocabs[name].index
        return np.array([index[t] for t in texts if t in index], dtype=np.int64)

    def items(self, name: str) -> list[str]:
        """A text column's distinct strings, by code."""
        return self.vocabs[name].items

    def distinct(self, *names: str) -> set[tuple[str, ...]]:
        """The distinct combinations of some text columns."""
        if not len(self):
            return set()
        columns = [self.text(n) for n in names]
        items = [self.items(n) for n in names]
        heads = np.flatnonzero(np.bincount(columns[0])).tolist() if len(columns) <= 2 else []
        if len(columns) == 1:
            # Codes index the vocabulary: a count per code finds the distinct ones in one pass
            # and a few bytes per word of vocabulary, not a sort of the whole column.
            return {(items[0][head],) for head in heads}
        if len(columns) == 2 and len(heads) <= 64:
            # A few distinct firsts (registers): the seconds of each, counted the same way.
            found: set[tuple[str, ...]] = set()
            for head in heads:
                tail = np.flatnonzero(np.bincount(columns[1][columns[0] == head])).tolist()
                found.update((items[0][head], items[1][t]) for t in tail)
            return found
        packed = pack(*columns)
        key = packed if packed is not None else group_ids(*columns)
        _, first = np.unique(key, return_index=True)
        picked = [col[first].tolist() for col in columns]
        return {tuple(v[c] for v, c in zip(items, row, strict=True)) for row in zip(*picked, strict=True)}

    def latest_day(self) -> date | None:
        return date.fromordinal(int(self.end.max())) if len(self) else None

    # rows

    def __len__(self) -> int:
        return sum(len(c.date) for c in self._chunks)

    def row(self, i: int) -> Observation:
        return self.rows([i])[0]

    def __getitem__(self, i: int) -> Observation:
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self.row(i % len(self))

    def rows(self, index: Iterable[int] | Array) -> list[Observation]:
        """The rows at some positions, built column by column."""
        at = np.asarray(index, dtype=np.int64)
        c = self.columns

        def texts(name: str) -> list[str]:
            items = self.vocabs[name].items
            return [items[k] for k in c.text[name][at].tolist()]

        dates = [self.dates[k] for k in c.date[at].tolist()]
        fields = (
            dates,
            texts("area"),
            texts("measure"),
            self.value_at(at).tolist(),
            texts("qualifier"),
            texts("source_url"),
            texts("grade"),
            texts("note"),
            texts("file"),
            c.line[at].tolist(),
            texts("register"),
            texts("unit"),
            texts("note_zh"),
        )
        return list(map(Observation._make, zip(*fields, strict=True)))

    def __iter__(self) -> Iterator[Observation]:
        n, batch = len(self), 65536
        for start in range(0, n, batch):
            yield from self.rows(np.arange(start, min(start + batch, n)))

    def without_file(self, file: str) -> RowTable:
        """A copy without the rows read from one file."""
        keep = (
            np.flatnonzero(self.text("file") != self.code("file", file)) if len(self) else np.zeros(0, dtype=np.int64)
        )
        return RowTable.of(self.rows(keep))


def _dense(col: Array) -> Array:
    """Integer codes renumbered 0..k-1 over the values present (order kept), through a lookup
    table as long as the codes' range; 32-bit where k allows (half the memory of a national
    table's column)."""
    low, high = int(col.min()), int(col.max())
    # Shifted only where the lookup table from zero would be much longer than the column: a
    # shifted copy of a national column is 8 MB, a table up to a day's ordinal 3 MB.
    if low > 0 and high < 2 * len(col) + 1024:
        low = 0
    shifted = col - low if low else col
    present = np.zeros(high - low + 1, dtype=bool)
    present[shifted] = True
    rank = np.cumsum(present, dtype=np.int32 if len(present) < 2**31 else np.int64) - 1
    dense: Array = rank[shifted]
    return dense


def pack(*columns: Array) -> Array | None:
    """The columns' values packed into one integer per row, equal exactly where every column is
    equal; None when they do not fit in 62 bits even renumbered densely. Columns are renumbered
    and packed one at a time, so that only one renumbered copy is held at once."""
    n = len(columns[0])
    packed = np.zeros(n, dtype=np.int64)
    bits = 0
    for col in columns:
        dense = _dense(col) if int(col.max()) - int(col.min()) < 8 * n + 1024 else col - col.min()
        span = int(dense.max()) + 1
        bits += span.bit_length()
        if bits > 62:
            return None
        packed *= span
        packed += dense
        del dense
    return packed


def all_distinct(*columns: Array) -> bool:
    """Whether no two rows agree on every column (sorting is quicker than hashing here, most of
    all on rows that come in order)."""
    if not columns or len(columns[0]) < 2:
        return True
    packed = pack(*columns)
    if packed is None:
        return bool(group_ids(*columns).max() == len(columns[0]) - 1)
    packed.sort()  # in place: packed is ours, and a national table's copy is 16 MB
    return not bool((packed[1:] == packed[:-1]).any())


def sorted_groups(keys: list[Array], n: int) -> Array:
    """One id per distinct combination of the key arrays (each of n rows), numbered in order of
    first appearance. A stable sort brings equal rows together (the first of each group is then
    its first row) and the groups are renumbered by their first rows: no hashing, so numpy
    alone does it, in a time close to a hash table's on a few keys of 100,000 rows."""
    varied = [k for k in keys if len(k) and not (k == k[0]).all()]
    if not varied:
        return np.zeros(n, dtype=np.intp)
    order = np.argsort(varied[0], kind="stable") if len(varied) == 1 else np.lexsort(varied[::-1])
    head = np.zeros(n, dtype=bool)
    head[0] = True
    for key in varied:
        ranked = key[order]
        head[1:] |= ranked[1:] != ranked[:-1]
    firsts = order[head]
    rank = np.empty(len(firsts), dtype=np.intp)
    rank[np.argsort(firsts, kind="stable")] = np.arange(len(firsts))
    ids = np.empty(n, dtype=np.intp)
    ids[order] = rank[np.cumsum(head) - 1]
    return ids


def group_ids(*columns: Array) -> Array:
    """One id per distinct combination of integer columns, numbered in order of first appearance."""
    if not columns or not len(columns[0]):
        return np.zeros(0, dtype=np.intp)
    packed = pack(*columns)
    return sorted_groups([packed] if packed is not None else list(columns), len(columns[0]))


def first_rows(ids: Array) -> Array:
    """The row where each id first appears, for ids numbered in order of first appearance."""
    if not len(ids):
        return np.zeros(0, dtype=np.intp)
    before = np.maximum.accumulate(np.concatenate(([-1], ids[:-1])))
    found: Array = np.flatnonzero(ids > before)
    return found
