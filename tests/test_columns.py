"""The column store and the byte-level table splitter, against plain Python references."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swtrack.load.columns import Observation, RowTable, all_distinct, first_rows, group_ids
from swtrack.load.tokens import Seen, columns
from swtrack.model.dates import PartialDate

# Cells of a plain table: no comma, quote, newline, CR or NUL; ASCII and CJK, empty to long.
CELL = st.text(
    alphabet=st.sampled_from([*"ab z09-_.:/", "北", "京", "社", "工", "é"]),
    max_size=30,
)


def _reference(raw: bytes) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    return {name: [r[j] for r in rows[1:]] for j, name in enumerate(rows[0])}


@settings(max_examples=200, deadline=None)
@given(
    width=st.integers(min_value=1, max_value=5),
    data=st.data(),
)
def test_columns_match_the_csv_module(width: int, data: st.DataObject) -> None:
    names = [f"c{j}" for j in range(width)]
    records = data.draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=40))
    if width == 1:
        records = [r for r in records if r[0]]  # a one-column empty cell is a blank line, not plain
    raw = ("\n".join(",".join(r) for r in [names, *records]) + "\n").encode("utf-8")
    found = columns(raw, names)
    assert found is not None
    expected = _reference(raw)
    for name in names:
        col = found[name]
        assert [col.uniques[c] for c in col.codes.tolist()] == expected[name]
        assert len(col.uniques) == len(set(expected[name]))  # one code per distinct value
        assert col.uniques == list(dict.fromkeys(expected[name]))  # in order of first appearance


def test_cells_that_share_their_first_eight_bytes_stay_apart() -> None:
    raw = b"u\nabcdefgh\nabcdefghi\nabcdefgh\nabcdefghij\nabcdefghi\n"
    found = columns(raw, ["u"])
    assert found is not None
    assert found["u"].uniques == ["abcdefgh", "abcdefghi", "abcdefghij"]
    assert found["u"].codes.tolist() == [0, 1, 0, 2, 1]


def test_a_column_read_before_is_reused_only_when_its_bytes_are_the_same() -> None:
    seen = Seen()
    seen.MIN_DISTINCT = 2
    names = ["unit", "v"]
    first = columns(b"unit,v\nabcdefghij,1\nb,2\n", names, seen)
    again = columns(b"unit,v\nabcdefghij,3\nb,4\n", names, seen)
    changed = columns(b"unit,v\nabcdefghik,1\nb,2\n", names, seen)
    assert first is not None and again is not None and changed is not None
    assert again["unit"] is first["unit"]
    assert again["v"].uniques == ["3", "4"]
    assert changed["unit"] is not first["unit"]
    assert changed["unit"].uniques == ["abcdefghik", "b"]


def test_a_line_with_another_number_of_fields_is_refused() -> None:
    assert columns(b"a,b\n1,2\n3\n", ["a", "b"]) is None
    assert columns(b"a,b\n1,2\n3,4,5\n", ["a", "b"]) is None
    assert columns(b"a,b\n1,2,\n3\n", ["a", "b"]) is None  # the right number of commas, on the wrong lines
    # Blank lines (fastcsv does not look for them): one, two together, and at the end.
    assert columns(b"a,b\n1,2\n\n3,4\n", ["a", "b"]) is None
    assert columns(b"a,b\n\n\n1,2\n", ["a", "b"]) is None
    assert columns(b"a,b\n1,2\n\n", ["a", "b"]) is None


def test_bytes_that_are_not_utf8_raise() -> None:
    with pytest.raises(UnicodeDecodeError):
        columns(b"a,b\n1,\xe4\n", ["a", "b"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 5), st.sampled_from([0, 7, 2**40, 2**61])),
        max_size=50,
    )
)
def test_group_ids_number_combinations_in_order_of_first_appearance(rows: list[tuple[int, int, int]]) -> None:
    cols = [np.array([r[j] for r in rows], dtype=np.int64) for j in range(3)]
    ids = group_ids(*cols).tolist()
    numbering: dict[tuple[int, int, int], int] = {}
    assert ids == [numbering.setdefault(r, len(numbering)) for r in rows]
    assert first_rows(np.array(ids, dtype=np.int64)).tolist() == [ids.index(i) for i in range(len(numbering))]
    assert all_distinct(*cols) == (len(numbering) == len(rows))


def _obs(line: int, *, file: str = "data/a.csv", unit: str = "", value: float = 1.0) -> Observation:
    return Observation(
        PartialDate.parse("2020"), "bj", "workers", value, "", "https://x", "A", "", file, line, "reg", unit
    )


def test_a_row_table_gives_back_the_rows_it_was_given() -> None:
    rows = [_obs(2, unit="u1"), _obs(3, unit="u2", value=2.5), _obs(2, file="data/b.csv", unit="u1")]
    table = RowTable.of(rows)
    assert list(table) == rows
    assert len(table) == 3
    assert table[-1] == rows[2]
    with pytest.raises(IndexError):
        table[3]
    assert list(table.without_file("data/a.csv")) == [rows[2]]
    assert table.distinct("register", "unit") == {("reg", "u1"), ("reg", "u2")}
    assert table.latest_day() == date(2020, 12, 31)
    assert RowTable().latest_day() is None
    assert table.code("unit", "no such text") == -1


def test_text_columns_keep_their_own_codes_in_the_narrowest_type() -> None:
    rows = [_obs(line, unit=f"u{line}") for line in range(2, 302)]
    table = RowTable.of(rows[:100])  # 100 units so far: a byte each
    assert table.text("unit").dtype == np.uint8
    table.add_rows(rows[100:])  # 300 units: the joined column widens
    assert table.text("unit").dtype == np.uint16
    assert table.text("grade").dtype == np.uint8
    assert table.columns.date.dtype == np.uint8
    assert (table.code("unit", "u2"), table.code("unit", "u301"), table.code("grade", "A")) == (0, 299, 0)
    assert table.code("area", "u2") == -1
    assert table.codes("unit", ["u3", "nowhere", "u2"]).tolist() == [1, 0]
    assert table.items("register") == ["reg"]
    assert list(table) == rows


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    import gc

    from swtrack.load.gcpause import gc_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("left early")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()


def test_iterating_a_table_longer_than_a_batch_gives_every_row_in_order() -> None:
    rows = [_obs(i + 2, unit=f"u{i % 1000}", value=float(i)) for i in range(70_000)]
    assert list(RowTable.of(rows)) == rows


def test_a_source_of_only_spaces_is_missing_on_the_fast_path_too(mini: Path) -> None:
    """A table large enough for the fast path reports a blank source as the exact path does."""
    from swtrack.load.fastcsv import FAST_MIN_BYTES
    from swtrack.load.tracker import load_tracker

    header = "date,area,measure,value,qualifier,source_url,grade,note\n"
    rows = [
        f"{2000 + i % 20}-{1 + i % 12:02d},迷你市,workers,{i},,https://example.org/{i},B,row {i}\n" for i in range(600)
    ]
    rows[123] = "2016-05,迷你市,cert_junior,5,,  ,B,blank source\n"
    text = header + "".join(rows)
    assert len(text.encode("utf-8")) > FAST_MIN_BYTES
    (mini / "data" / "observations.csv").write_text(text, encoding="utf-8")
    _, report = load_tracker(mini)
    found = [(f.code, f.line) for f in report.errors]
    assert found == [("missing-value", 125)]
