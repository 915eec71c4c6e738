"""What keeps a national status under twice the pandas read's memory gives the same answers:
values as codes into their distinct values, days looked up by date code, vocabularies' lookups
rebuilt when dropped, the in-place stable sort of Grouped, and the YAML documents dropped for
the commands that never point into them. (The memory itself is measured by benchmarks/memory.py.)"""

from __future__ import annotations

import math
import struct

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, MINI
from swtrack.assess.context import _sorted_positions
from swtrack.load.columns import Observation, RowTable, pack
from swtrack.load.tracker import load_tracker
from swtrack.load.values import Values
from swtrack.model.dates import PartialDate


def _bits(values: list[float]) -> list[bytes]:
    return [struct.pack("<d", v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=40), max_size=5))
def test_values_come_back_bit_for_bit_and_codes_never_change(chunks: list[list[float]]) -> None:
    values = Values()
    given_codes: list[tuple[list[float], list[int]]] = []
    for chunk in chunks:
        codes = values.codes(np.array(chunk, dtype=np.float64))
        assert codes.tolist() == [int(c) for c in codes]
        given_codes.append((chunk, codes.tolist()))
    floats = values.floats
    for chunk, codes in given_codes:  # an earlier chunk's codes still mean its values
        assert _bits(floats[codes].tolist()) == _bits(chunk)
    assert len(values) == len(set(_bits([v for c in chunks for v in c])))


def test_zero_and_negative_zero_stay_apart() -> None:
    values = Values()
    codes = values.codes(np.array([0.0, -0.0, 0.0, 1.5], dtype=np.float64)).tolist()
    assert codes[0] == codes[2] != codes[1]
    assert math.copysign(1, values.floats[codes[1]]) == -1


def _obs(line: int, value: float, day: str = "2020") -> Observation:
    return Observation(PartialDate.parse(day), "bj", "workers", value, "", "https://x", "A", "", "a.csv", line)


def test_a_table_keeps_its_values_as_narrow_codes_and_reads_them_back() -> None:
    rows = [_obs(i + 2, float(i % 3), "2020-06" if i % 2 else "2021") for i in range(300)]
    rows.append(_obs(302, -0.0))
    table = RowTable.of(rows[:100])
    table.add_rows(rows[100:])
    assert table.columns.value.dtype == np.uint8  # four distinct values among 301 rows
    assert _bits(table.value_at(np.arange(301)).tolist()) == _bits([r.value for r in rows])
    assert _bits(table.value_at(slice(None)).tolist()) == _bits([r.value for r in rows])
    assert list(table) == rows
    assert table.end_at(np.array([0, 1])).tolist() == [r.date.end.toordinal() for r in rows[:2]]
    assert table.end.tolist() == [r.date.end.toordinal() for r in rows]
    assert table.start.tolist() == [r.date.start.toordinal() for r in rows]


def test_a_dropped_vocabulary_lookup_is_built_again_when_asked_for() -> None:
    tracker, _ = load_tracker(MINI)
    table = tracker.observations
    items = list(table.items("area"))
    assert items and all(table.code("area", a) == i for i, a in enumerate(items))
    table.drop_indexes()
    assert all(table.code("area", a) == i for i, a in enumerate(items))
    table.add_rows([_obs(99, 1.0)._replace(area="somewhere new")])
    assert table.code("area", "somewhere new") == len(items)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), max_size=200))
def test_the_in_place_sort_is_the_stable_argsort(keys: list[int]) -> None:
    packed = np.array(keys, dtype=np.int64)
    expected = np.argsort(packed, kind="stable").tolist()
    found = _sorted_positions(packed.copy(), np.int32)
    assert found is not None and found.dtype == np.int32
    assert found.tolist() == expected


def test_keys_too_wide_for_a_position_beside_them_are_left_to_lexsort() -> None:
    assert _sorted_positions(np.array([1 << 61, 0, 5], dtype=np.int64), np.int32) is None
    assert _sorted_positions(None, np.int32) is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-5, 5), st.integers(0, 3000), st.integers(700_000, 700_010)), min_size=1),
)
def test_packed_keys_are_equal_exactly_where_the_rows_are(rows: list[tuple[int, int, int]]) -> None:
    cols = [np.array(c, dtype=np.int64) for c in zip(*rows, strict=True)]
    packed = pack(*cols)
    assert packed is not None
    for i in range(len(rows)):
        for j in range(len(rows)):
            assert (packed[i] == packed[j]) == (rows[i] == rows[j])
    order = np.argsort(packed, kind="stable")
    assert [rows[k] for k in order.tolist()] == sorted(rows)


def test_without_marks_the_documents_are_dropped_and_the_rest_is_the_same() -> None:
    for root in (MINI, EXAMPLES):
        full, full_report = load_tracker(root)
        lean, lean_report = load_tracker(root, marks=False)
        assert full.docs and lean.docs == {}
        assert lean.plans == full.plans and lean.catalogue == full.catalogue
        assert list(lean.observations) == list(full.observations)
        assert list(lean.unit_rows) == list(full.unit_rows)
        assert lean_report.findings == full_report.findings
