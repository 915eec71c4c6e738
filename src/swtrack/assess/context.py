"""The tracker as it stood on an as-of date, indexed for the rules.

Rows stay in the tracker's column tables; the context holds, for each (area, measure) and each
(register, measure), the positions of its rows dated on or before the as-of date, sorted by
date and line. Rows become `Observation`s only when a rule reads them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import Any

import numpy as np

from swtrack.assess.model import Used
from swtrack.load.columns import Array, Observation, RowTable, pack
from swtrack.load.memory import give_back
from swtrack.load.rows import Event
from swtrack.load.tracker import Tracker
from swtrack.model.areas import UNIT_LEVELS, Area, AreaIndex
from swtrack.model.plan import Plan, TargetBase

STALE_DAYS = 366

# An area's figure: (value, how it was derived, the table and position of its newest row).
Figure = tuple[float, str, RowTable, int]


def used(obs: Observation, *, proxy: bool = False, areas: AreaIndex | None = None, direction: str = "") -> Used:
    area = areas.by_id[obs.area].name if areas is not None and obs.area in areas.by_id else obs.area
    return Used(
        date=obs.date.text,
        value=obs.value,
        qualifier=obs.qualifier,
        measure=obs.measure,
        area=area,
        proxy=proxy,
        source_url=obs.source_url,
        grade=obs.grade,
        file=obs.file,
        line=obs.line,
        unit=obs.unit,
        note=obs.note,
        note_zh=obs.note_zh,
        direction=direction,
    )


def _sorted_positions(packed: Array | None, dtype: Any) -> Array | None:
    """The positions that sort packed keys stably, in dtype (None: key and position need over 63
    bits). With its position in its low bits every key differs, so an in-place sort is stable,
    without argsort's 64-bit order array (national registers: 50 MB for a moment, now 25)."""
    if packed is None:
        return None
    n = len(packed)
    shift = max(n - 1, 1).bit_length()
    if n and int(packed.max()) >= 1 << (63 - shift):
        return None
    packed <<= shift
    packed |= np.arange(n, dtype=dtype)
    packed.sort()
    packed &= (1 << shift) - 1
    return packed.astype(dtype)


class Grouped:
    """Positions of a table's rows dated on or before a day, grouped by two text columns, each
    group sorted by (date, line) with ties in reading order."""

    def __init__(self, table: RowTable, as_of: date, first: str, second: str) -> None:
        self.table, self.first, self.second = table, first, second
        self._spans: dict[tuple[int, int], tuple[int, int]] = {}
        self.rows: Array = np.zeros(0, dtype=np.int32)
        if not len(table):
            return
        end = table.end
        dated = end <= as_of.toordinal()
        everyone = bool(dated.all())  # the usual case: as of the newest data, and no positions to hold
        rows = np.zeros(0, dtype=np.int64) if everyone else np.flatnonzero(dated)
        if not everyone and not len(rows):
            return

        def picked(column: Array) -> Array:
            return column if everyone else column[rows]

        a, b = picked(table.text(first)), picked(table.text(second))
        dtype = np.int32 if len(table) < 2**31 else np.int64
        order = _sorted_positions(pack(a, b, picked(end), picked(table.columns.line)), dtype)
        if order is None:
            order = np.lexsort((picked(table.columns.line), picked(end), b, a)).astype(dtype)
        self.rows = order if everyone else rows[order].astype(dtype)
        a, b = a[order], b[order]
        heads = [0, *(np.flatnonzero((a[1:] != a[:-1]) | (b[1:] != b[:-1])) + 1).tolist()]
        ends = [*heads[1:], len(a)]
        firsts, seconds = a[heads].tolist(), b[heads].tolist()
        self._spans = {(f, g): (s, e) for f, g, s, e in zip(firsts, seconds, heads, ends, strict=True)}

    def get(self, a: str, b: str) -> Array:
        """The positions of the rows holding a in the first column and b in the second."""
        span = self._spans.get((self.table.code(self.first, a), self.table.code(self.second, b)))
        return self.rows[span[0] : span[1]] if span else self.rows[:0]

    def select(self, b: str, firsts: Collection[int] | None = None) -> list[Array]:
        """The groups holding b in the second column (and, given codes, one of them in the first)."""
        code = self.table.code(self.second, b)
        return [
            self.rows[s:e]
            for (first, second), (s, e) in self._spans.items()
            if second == code and (firsts is None or first in firsts)
        ]


class Context:
    """Everything dated on or before as_of, grouped by (area, measure) and (register, measure)."""

    def __init__(
        self,
        tracker: Tracker,
        as_of: date,
        method: str = "linear",
        area: Area | None = None,
        unit_limit: int | None = None,
    ) -> None:
        self.tracker = tracker
        self.as_of = as_of
        # Why this is the date (assess/asof.py BASES): set by whoever chose it.
        self.as_of_basis = "option"
        self.method = method
        self.area = area
        # How many units an assessment names (those short or unknown); None: every unit.
        self.unit_limit = unit_limit
        # Dates of the rows behind units left unnamed under the limit: the report's oldest and
        # newest figure still count them.
        self.uncited_days: set[str] = set()
        self._obs = Grouped(tracker.observations, as_of, "area", "measure")
        self._units = Grouped(tracker.unit_rows, as_of, "register", "measure")
        give_back()  # the sorts' scratch arrays
        self._rows: dict[tuple[str, str], list[Observation]] = {}
        self._order: dict[tuple[str, str], Array] = {}
        self._sums: dict[tuple[str, date], dict[int, tuple[float, int]]] = {}
        events: dict[str, list[Event]] = defaultdict(list)
        for e in tracker.events:
            if e.date.end <= as_of:
                events[e.ref].append(e)
        for evs in events.values():
            evs.sort(key=lambda e: (e.date.end, e.line))
        self.events = dict(events)
        self._measures = tracker.measures
        self.proxies: dict[str, list[str]] = {}
        for m in tracker.catalogue.measures:
            if m.proxy_for:
                self.proxies.setdefault(m.proxy_for, []).append(m.id)

    def forget(self) -> None:
        """Drop the rows and sums read for one target. Targets seldom share them, and a
        national tracker's would otherwise all be held until the report is written."""
        self._rows.clear()
        self._sums.clear()
        self._order.clear()

    def used(self, obs: Observation, *, proxy: bool = False) -> Used:
        direction = self.direction(obs.measure) if proxy else ""
        return used(obs, proxy=proxy, areas=self.tracker.areas, direction=direction)

    def direction(self, measure: str) -> str:
        """How a proxy measure stands to the measure it stands in for (lower, upper, unknown)."""
        found = self._measures.get(measure)
        return found.proxy_direction if found else "unknown"

    def observations(self, area_id: str, measure: str) -> list[Observation]:
        """An area's figures for a measure, oldest first."""
        key = (area_id, measure)
        if key not in self._rows:
            at = self._obs.get(area_id, measure)
            self._rows[key] = self.tracker.observations.rows(at) if len(at) else []
        return self._rows[key]

    def register_positions(self, register: str, measure: str) -> Array:
        """The positions of every row of a register for a measure, oldest first."""
        return self._units.get(register, measure)

    def series(self, area_id: str, measure: str) -> list[tuple[Observation, bool]]:
        """Observations of a measure for an area, with proxies where the measure has none that day."""
        exact = self.observations(area_id, measure)
        days = {o.date.end for o in exact}
        merged = [(o, False) for o in exact]
        for proxy in self.proxies.get(measure, []):
            merged.extend((o, True) for o in self.observations(area_id, proxy) if o.date.end not in days)
        merged.sort(key=lambda pair: (pair[0].date.end, pair[0].line))
        return merged

    def city_id(self, plan: Plan) -> str:
        city = self.tracker.areas.top(plan.jurisdiction)
        return city.id if city else plan.jurisdiction

    def scope_id(self, plan: Plan, target: TargetBase) -> str:
        """The area a target's figures are read for: its own `area`, else the jurisdiction."""
        if target.area is None:
            return self.city_id(plan)
        due = plan.deadline_of(target)
        found = self.tracker.areas.resolve(target.area, due.end if due else self.as_of).area
        return found.id if found else target.area

    def _plan_area_codes(self, table: RowTable, plan: Plan) -> Array:
        """The codes, in a table's vocabulary, of every area of the plan's jurisdiction."""
        ids = [
            a.id for reg in self.tracker.areas.registries if reg.jurisdiction == plan.jurisdiction for a in reg.areas
        ]
        return table.codes("area", ids)

    def evidence(self, plan: Plan, measure: str, register: str | None) -> tuple[int, str | None]:
        """How many rows up to the as-of date hold a measure, and the newest one's date: the rows of
        one register, or (register None) every figure and register row for an area of the plan.
        Counted on the index arrays: no row is built but the newest."""
        found = self._evidence(plan, measure, register)
        count = sum(len(rows) for _, rows in found)
        if not count:
            return 0, None
        table, rows = max(((t, r) for t, r in found if len(r)), key=lambda tr: int(tr[0].end_at(tr[1]).max()))
        newest = rows[int(np.argmax(table.end_at(rows)))]
        return count, table.row(int(newest)).date.text

    def evidence_rows(self, plan: Plan, measure: str, register: str | None, limit: int | None) -> list[Observation]:
        """The rows `evidence` counts, newest first, up to limit (None: all); rows are built only
        for those returned."""
        found = [(t, r) for t, r in self._evidence(plan, measure, register) if len(r)]
        picked: list[tuple[int, int, int, int]] = []
        for k, (table, rows) in enumerate(found):
            ends = table.end_at(rows)
            order = np.argsort(-ends, kind="stable")[:limit]
            picked.extend((-int(ends[j]), k, i, int(rows[j])) for i, j in enumerate(order.tolist()))
        picked.sort()
        return [found[k][0].row(p) for _, k, _, p in picked[:limit]]

    def _evidence(self, plan: Plan, measure: str, register: str | None) -> list[tuple[RowTable, Array]]:
        found: list[tuple[RowTable, Array]] = []
        units = self.tracker.unit_rows
        if register is not None:
            found.append((units, self._units.get(register, measure)))
        else:
            obs = self.tracker.observations
            parts = self._obs.select(measure, set(self._plan_area_codes(obs, plan).tolist()))
            if parts:
                found.append((obs, np.concatenate(parts)))
            regs = self._units.select(measure)
            if regs:
                rows = np.concatenate(regs)
                found.append((units, rows[np.isin(units.text("area")[rows], self._plan_area_codes(units, plan))]))
        return found

    def unit_areas(self, plan: Plan, level: str, when: date, *, include_city: bool = False) -> list[Area]:
        """The areas at a unit level (county_level, township) valid on a date, narrowed by --area."""
        units = self.tracker.areas.units(plan.jurisdiction, UNIT_LEVELS[level], when)
        if self.area is not None:
            units = [u for u in units if u.id == self.area.id]
        if include_city and self.area is None:
            city = self.tracker.areas.top(plan.jurisdiction)
            if city is not None:
                units = [city, *units]
        return units

    def _latest_per_unit(self, register: str | None, measure: str, when: date) -> Array:
        """Positions of the newest row of each register unit for a measure on or before a date
        (of one register, or of all), in (date, line) order."""
        table = self.tracker.unit_rows
        registers = None if register is None else {table.code("register", register)}
        parts = self._units.select(measure, registers)
        if not parts:
            return np.zeros(0, dtype=np.int64)
        rows: Array = np.concatenate(parts)
        rows = rows[table.end_at(rows) <= when.toordinal()]
        if len(parts) > 1 and len(rows):
            packed = pack(table.end_at(rows), table.columns.line[rows])
            assert packed is not None  # two 32-bit columns renumbered fit in 62 bits
            rows = rows[np.argsort(packed, kind="stable")]
        if not len(rows):
            return rows
        width = np.int64(len(table.items("unit")) + 1)
        unit = table.text("register")[rows].astype(np.int64) * width + table.text("unit")[rows]
        # The last row of each unit: the greatest place among its rows (ufunc.at is unbuffered,
        # so every place is compared; a sort of the rows would hold several copies of them).
        last = np.full(int(unit.max()) + 1, -1, dtype=np.int64)
        np.maximum.at(last, unit, np.arange(len(rows)))
        latest: Array = rows[np.sort(last[last >= 0])]
        return latest

    def _register_sums(self, measure: str, when: date) -> dict[int, tuple[float, int]]:
        """Area code -> (sum of the newest value of each unit in the area, position of the newest
        of those rows: latest date, then first in reading order), for every area at once."""
        key = (measure, when)
        if key not in self._sums:
            table = self.tracker.unit_rows
            rows = self._latest_per_unit(None, measure, when)
            areas = table.text("area")[rows]
            sums: dict[int, tuple[float, int]] = {}
            if len(rows):
                order = np.lexsort((rows, -table.end_at(rows).astype(np.int64), areas))
                rows, areas = rows[order], areas[order]
                cuts = np.flatnonzero(np.diff(areas)) + 1
                starts = np.concatenate(([0], cuts)).astype(np.int64)
                totals = np.add.reduceat(table.value_at(rows), starts)
                for s, total in zip(starts.tolist(), totals.tolist(), strict=True):
                    sums[int(areas[s])] = (float(total), int(rows[s]))
            self._sums[key] = sums
        return self._sums[key]

    def area_value(
        self, area_id: str, measure: str, when: date, depth: int = 0
    ) -> tuple[float, str, Observation] | None:
        """An area's value on a date: its own figure, else the sum of its register units, else its
        predecessors' (renamed or merged) figures carried into it. Returns (value, how, newest row)."""
        found = self.area_figure(area_id, measure, when, depth)
        return None if found is None else (found[0], found[1], found[2].row(found[3]))

    def area_figure(self, area_id: str, measure: str, when: date, depth: int = 0) -> Figure | None:
        """What area_value gives, with the newest row as its table and position (no row built)."""
        obs = self.tracker.observations
        own = self._obs.get(area_id, measure)
        own = own[: int(np.searchsorted(obs.end_at(own), when.toordinal(), side="right"))]
        if len(own):
            return float(obs.value_at(own[-1:])[0]), "", obs, int(own[-1])
        return self._summed_or_carried(area_id, measure, when, depth)

    def _summed_or_carried(self, area_id: str, measure: str, when: date, depth: int) -> Figure | None:
        units = self.tracker.unit_rows
        summed = self._register_sums(measure, when).get(units.code("area", area_id))
        if summed is not None:
            return summed[0], "register", units, summed[1]
        if depth > 5:
            return None
        sources = self.tracker.areas.carried_from(area_id)
        carried = [(p, f) for p in sources if (f := self.area_figure(p, measure, when, depth + 1)) is not None]
        if not carried:
            return None
        newest = max((f for _, f in carried), key=lambda f: f[2].row(f[3]).date.end)
        names = "+".join(f"{self.tracker.areas.by_id[p].name} ({p})" for p, _ in carried)
        partial = " (a lower bound: not every predecessor has a figure)" if len(carried) < len(sources) else ""
        return sum(f[0] for _, f in carried), f"carried from {names}{partial}", newest[2], newest[3]

    def area_figures(self, area_ids: list[str], measure: str, when: date) -> list[Figure | None]:
        """area_figure for many areas at once: their own newest figures found together on the
        index arrays, the others summed or carried one by one."""
        obs = self.tracker.observations
        parts = self._obs.select(measure)
        rows = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        rows = rows[obs.end_at(rows) <= when.toordinal()]
        # Each area's rows are together, oldest first: the newest is the last of its run. The
        # slot past the last code stays -1, for ids no row holds (code -1).
        codes = obs.text("area")[rows]
        last = np.flatnonzero(np.append(codes[1:] != codes[:-1], True)) if len(rows) else rows
        newest = np.full(len(obs.items("area")) + 1, -1, dtype=np.int64)
        newest[codes[last]] = rows[last]
        index, codes, values = obs.vocabs["area"].index, obs.columns.value, obs.values.floats
        found: list[Figure | None] = []
        for area_id in area_ids:
            at = int(newest[index.get(area_id, -1)])
            if at >= 0:
                found.append((float(values[codes[at]]), "", obs, at))
            else:
                found.append(self._summed_or_carried(area_id, measure, when, 0))
        return found

    def _unit_rank(self, register: str, measure: str) -> Array:
        """Each unit code's place in the order the register's units first appear in the files
        (by file name, then line); computed once per register and measure."""
        key = (register, measure)
        if key not in self._order:
            table = self.tracker.unit_rows
            rows = self._units.get(register, measure)
            files = table.text("file")[rows]
            names = [table.items("file")[c] for c in np.unique(files).tolist()]
            file_rank = np.zeros(len(table.items("file")), dtype=np.int64)
            file_rank[[table.code("file", n) for n in sorted(names)]] = np.arange(len(names))
            lines = table.columns.line[rows].astype(np.int64)
            place = file_rank[files] * (int(lines.max(initial=0)) + 1) + lines
            # Each unit's first place: the least of its rows' places (no sort of the rows).
            never = np.iinfo(np.int64).max
            first = np.full(len(table.items("unit")), never, dtype=np.int64)
            np.minimum.at(first, table.text("unit")[rows], place)
            seen = np.flatnonzero(first < never)
            rank = np.full(len(first), len(seen), dtype=np.int64)
            rank[seen[np.argsort(first[seen])]] = np.arange(len(seen))
            self._order[key] = rank
        return self._order[key]

    def register_latest(self, register: str, measure: str, when: date, within: set[str] | None) -> Array:
        """Positions of the newest row of each unit of a register for a measure, on or before a
        date, in the order the units first appear in the register; narrowed to --area and to
        the areas a target is limited to."""
        table = self.tracker.unit_rows
        rows = self._latest_per_unit(register, measure, when)
        if self.area is not None:
            rows = rows[table.text("area")[rows] == table.code("area", self.area.id)]
        if within is not None:
            rows = rows[np.isin(table.text("area")[rows], table.codes("area", within))]
        rank: Any = self._unit_rank(register, measure)
        ordered: Array = rows[np.argsort(rank[table.text("unit")[rows]], kind="stable")]
        return ordered
