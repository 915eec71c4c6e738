"""The context's array lookups against their plain definitions, on random tables.

The context finds rows by sorting and scattering whole columns; these tests state what each
lookup means one row at a time and check the two agree.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINI
from swtrack.assess.context import Context, Grouped
from swtrack.load.columns import Observation, RowTable
from swtrack.load.tracker import load_tracker
from swtrack.model.dates import PartialDate

TRACKER = load_tracker(MINI)[0]
DATES = ["2012", "2013-06-30", "2013", "2014-03", "2015-12-31", "2016"]
AS_OF = st.sampled_from([date(2013, 6, 30), date(2013, 12, 31), date(2015, 12, 31), date(2016, 12, 31)])

row = st.tuples(
    st.sampled_from(["data/units/b.csv", "data/units/a.csv"]),
    st.integers(min_value=2, max_value=30),
    st.sampled_from(DATES),
    st.sampled_from(["community", "school"]),
    st.sampled_from(["u1", "u2", "u3", "u4"]),
    st.sampled_from(["east", "west", "mini", "gone"]),
    st.sampled_from(["social_workers", "agencies"]),
    st.integers(min_value=0, max_value=9),
)


def _table(rows: list[tuple[str, int, str, str, str, str, str, int]], cut: int) -> tuple[RowTable, list[Observation]]:
    """The rows as a table read in two pieces (cut apart), and as observations."""
    obs = [
        Observation(PartialDate.parse(d), area, m, float(v), "", "https://x", "A", "", f, line, reg, unit)
        for f, line, d, reg, unit, area, m, v in rows
    ]
    table = RowTable.of(obs[:cut])
    table.add_rows(obs[cut:])
    return table, obs


def _sorted_positions(obs: list[Observation], keep: list[bool]) -> list[int]:
    """Positions of the kept rows, oldest first: by last day, then line, then reading order."""
    return sorted((i for i, k in enumerate(keep) if k), key=lambda i: (obs[i].date.end, obs[i].line, i))


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(row, max_size=40), cut=st.integers(min_value=0, max_value=40), as_of=AS_OF)
def test_grouped_rows_are_each_pairs_rows_oldest_first(
    rows: list[tuple[str, int, str, str, str, str, str, int]], cut: int, as_of: date
) -> None:
    table, obs = _table(rows, cut)
    grouped = Grouped(table, as_of, "register", "measure")
    for register in ("community", "school", "nowhere"):
        for measure in ("social_workers", "agencies"):
            keep = [o.register == register and o.measure == measure and o.date.end <= as_of for o in obs]
            assert grouped.get(register, measure).tolist() == _sorted_positions(obs, keep)
        chosen = grouped.select("agencies", {table.code("register", register)})
        assert [p.tolist() for p in chosen if len(p)] == [grouped.get(register, "agencies").tolist()][: len(chosen)]


# Rows read from files never share a file and line: the order units first appear in is by them.
@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(row, max_size=40, unique_by=lambda r: (r[0], r[1])),
    cut=st.integers(min_value=0, max_value=40),
    as_of=AS_OF,
    when=AS_OF,
)
def test_a_registers_latest_rows_are_each_units_newest_in_register_order(
    rows: list[tuple[str, int, str, str, str, str, str, int]], cut: int, as_of: date, when: date
) -> None:
    table, obs = _table(rows, cut)
    ctx = Context(dataclasses.replace(TRACKER, unit_rows=table), as_of)
    for register in ("community", "school"):
        for measure in ("social_workers", "agencies"):
            mine = [o.register == register and o.measure == measure and o.date.end <= as_of for o in obs]
            newest: dict[str, int] = {}
            for i in _sorted_positions(obs, [k and o.date.end <= when for k, o in zip(mine, obs, strict=True)]):
                newest[obs[i].unit] = i  # the last one read, oldest first, is the newest
            # Units in the order they first appear in the register: by file name, then line.
            first = sorted((i for i, k in enumerate(mine) if k), key=lambda i: (obs[i].file, obs[i].line))
            order = list(dict.fromkeys(obs[i].unit for i in first))
            expected = [newest[u] for u in order if u in newest]
            assert ctx.register_latest(register, measure, when, None).tolist() == expected


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(row, max_size=40), cut=st.integers(min_value=0, max_value=40), as_of=AS_OF, when=AS_OF)
def test_areas_figures_found_together_are_those_found_one_by_one(
    rows: list[tuple[str, int, str, str, str, str, str, int]], cut: int, as_of: date, when: date
) -> None:
    table, obs = _table([(f, line, d, "", "", area, m, v) for f, line, d, _, _, area, m, v in rows], cut)
    ctx = Context(dataclasses.replace(TRACKER, observations=table), as_of)
    ids = ["mini", "east", "west", "gone", "unknown"]
    together = ctx.area_figures(ids, "social_workers", when)
    assert together == [ctx.area_figure(i, "social_workers", when) for i in ids]
    for area_id, found in zip(ids, together, strict=True):
        keep = [o.area == area_id and o.measure == "social_workers" and o.date.end <= min(as_of, when) for o in obs]
        own = _sorted_positions(obs, keep)
        if own:
            assert found == (obs[own[-1]].value, "", table, own[-1])
