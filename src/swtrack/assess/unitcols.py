"""The units of a target on a date, as columns.

A national register holds 100,000 communities. Judging them needs each unit's name, value and
state, and the row its figure was read from; a report names only the units that fall short or
are unknown, up to a limit. So the units are kept as one list per field, each figure as the
table and position of its row, and `UnitResult`s and rows are built only for the units a report
names (for every unit when there is no limit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from swtrack.assess.model import UnitResult, named_indices
from swtrack.load.columns import Array, Observation, RowTable
from swtrack.model.areas import AreaIndex
from swtrack.model.dates import PartialDate

# A unit's state from its figure: (value, qualifier, how it was derived) -> state.
StateOf = Callable[[float, str, str], str]


@dataclass(slots=True)
class UnitColumns:
    """Every unit of a target on a date, a list per field. A unit's figure is the row at
    `positions[i]` of `tables[which[i]]` (which -1: the unit has no figure)."""

    names: list[str]
    areas: list[str]
    values: list[float | None]
    states: list[str]
    dates: list[str | None]
    derived: list[str]
    qualifiers: list[str]
    tables: list[RowTable]
    which: Array  # int8
    positions: Array  # int64

    @classmethod
    def empty(cls) -> UnitColumns:
        none = np.zeros(0, dtype=np.int64)
        return cls([], [], [], [], [], [], [], [], none.astype(np.int8), none)

    @classmethod
    def judged(
        cls,
        names: list[str],
        areas: list[str],
        figures: tuple[list[float | None], list[str], Sequence[RowTable | None], Sequence[int]],
        state: StateOf,
        oldest: date,
        aged: Callable[[str, bool], str],
    ) -> UnitColumns:
        """The units with their figures: (values, how each was derived, the table and position
        of each one's row; None and -1 where a unit has none). A figure older than `oldest` makes
        its unit unknown; `aged(how, old)` says how a figure was derived."""
        values, hows, tables_of, places = figures
        tables = list({id(t): t for t in tables_of if t is not None}.values())
        slot = {id(t): k for k, t in enumerate(tables)}
        which = np.array([-1 if t is None else slot[id(t)] for t in tables_of], dtype=np.int8)
        positions = np.asarray(places, dtype=np.int64)
        # Each unit's date and qualifier as codes into the lists of every table, one after another.
        day_code = np.full(len(names), -1, dtype=np.int64)
        qualifier_code = np.full(len(names), -1, dtype=np.int64)
        days: list[PartialDate] = []
        qualifiers: list[str] = []
        for k, table in enumerate(tables):
            mine = which == k
            day_code[mine] = table.columns.date[positions[mine]].astype(np.int64) + len(days)
            qualifier_code[mine] = table.text("qualifier")[positions[mine]].astype(np.int64) + len(qualifiers)
            days.extend(table.dates)
            qualifiers.extend(table.items("qualifier"))
        texts = [d.text for d in days]
        old = [d.end < oldest for d in days]
        unit_qualifiers = [qualifiers[c] if c >= 0 else "" for c in qualifier_code.tolist()]
        unit_old = [c >= 0 and old[c] for c in day_code.tolist()]
        return cls(
            names=names,
            areas=areas,
            values=values,
            states=[
                "no_data" if v is None else "unknown" if o else state(v, q, h)
                for v, q, h, o in zip(values, unit_qualifiers, hows, unit_old, strict=True)
            ],
            dates=[texts[c] if c >= 0 else None for c in day_code.tolist()],
            derived=[aged(h, o) for h, o in zip(hows, unit_old, strict=True)],
            qualifiers=unit_qualifiers,
            tables=tables,
            which=which,
            positions=positions,
        )

    def __len__(self) -> int:
        return len(self.names)

    def results(self, indices: list[int] | None = None) -> list[UnitResult]:
        """The units (or some of them) as results, in order."""
        return [
            UnitResult(
                unit=self.names[i],
                area=self.areas[i],
                value=self.values[i],
                state=self.states[i],  # type: ignore[arg-type]
                date=self.dates[i],
                derived=self.derived[i],
                qualifier=self.qualifiers[i],
            )
            for i in (range(len(self)) if indices is None else indices)
        ]

    def named(self, limit: int) -> list[int]:
        """The units a summary names: those short or unknown, up to limit, in order."""
        return named_indices(self.states, limit)

    def with_figures(self) -> list[int]:
        """The units that have a figure, in order."""
        found: list[int] = np.flatnonzero(self.which >= 0).tolist()
        return found

    def newest_day(self) -> int:
        """The last day (proleptic ordinal) of the newest figure; 0 when none has one."""
        ends = [int(t.end_at(self.positions[self.which == k]).max()) for k, t in enumerate(self.tables)]
        return max(ends, default=0)

    def _by_table(self, indices: list[int]) -> list[tuple[RowTable, Array, Array]]:
        """The units at some indices (each with a figure) by the table of their rows: (table,
        places in indices, positions of the rows)."""
        at = np.asarray(indices, dtype=np.int64)
        which = self.which[at]
        assert (which >= 0).all(), "a unit without a figure has no row"
        return [
            (table, ks, self.positions[at[ks]])
            for k, table in enumerate(self.tables)
            if len(ks := np.flatnonzero(which == k))
        ]

    def rows(self, indices: list[int]) -> list[Observation]:
        """The rows behind some units (each with a figure), in order."""
        out: list[Observation] = [None] * len(indices)  # type: ignore[list-item]
        for table, ks, at in self._by_table(indices):
            for k, row in zip(ks.tolist(), table.rows(at), strict=True):
                out[k] = row
        return out

    def days(self, indices: list[int]) -> set[str]:
        """The dates, as written, of the rows behind some units."""
        found: set[str] = set()
        for table, _, at in self._by_table(indices):
            found.update(table.dates[d].text for d in np.unique(table.columns.date[at]).tolist())
        return found


def area_name(area_id: str, areas: AreaIndex) -> str:
    """An area's name, or the id itself where no area has it."""
    found = areas.by_id.get(area_id)
    return found.name if found is not None else area_id
