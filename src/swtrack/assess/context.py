"""The tracker as it stood on an as-of date, indexed for the rules.

Rows stay in the tracker's column tables; the context holds, for each (area, measure) and each
(register, measure), the positions of its rows dated on or before the as-of date, sorted by
date and line. Rows become `Observation`s only when a rule reads them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np

from swtrack.assess.model import Used
from swtrack.load.columns import Array, Observation, RowTable
from swtrack.load.rows import Event
from swtrack.load.tracker import Tracker
from swtrack.model.areas import UNIT_LEVELS, Area, AreaIndex
from swtrack.model.plan import Plan, TargetBase

STALE_DAYS = 366


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
        direction=direction,
    )


def _index(table: RowTable, as_of: date, first: str, second: str) -> dict[tuple[int, int], Array]:
    """Positions of the rows dated on or before as_of, by (first, second) codes, each sorted by
    (date, line) with ties in reading order."""
    rows = np.flatnonzero(table.end <= as_of.toordinal()) if len(table) else np.zeros(0, dtype=np.int64)
    if not len(rows):
        return {}
    width = np.int64(len(table.vocab.items) + 1)
    key = table.text(first)[rows].astype(np.int64) * width + table.text(second)[rows]
    order = np.lexsort((table.columns.line[rows], table.end[rows], key))
    rows, key = rows[order], key[order]
    cuts = np.flatnonzero(np.diff(key)) + 1
    starts = np.concatenate(([0], cuts)).astype(np.int64)
    out: dict[tuple[int, int], Array] = {}
    for s, part in zip(starts.tolist(), np.split(rows, cuts), strict=True):
        k = int(key[s])
        out[(k // int(width), k % int(width))] = part
    return out


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
        self.method = method
        self.area = area
        # How many units an assessment names (those short or unknown); None: every unit.
        self.unit_limit = unit_limit
        # Dates of the rows behind units left unnamed under the limit: the report's oldest and
        # newest figure still count them.
        self.uncited_days: list[str] = []
        self._obs = _index(tracker.observations, as_of, "area", "measure")
        self._units = _index(tracker.unit_rows, as_of, "register", "measure")
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

    def used(self, obs: Observation, *, proxy: bool = False) -> Used:
        direction = self.direction(obs.measure) if proxy else ""
        return used(obs, proxy=proxy, areas=self.tracker.areas, direction=direction)

    def direction(self, measure: str) -> str:
        """How a proxy measure stands to the measure it stands in for (lower, upper, unknown)."""
        found = self._measures.get(measure)
        return found.proxy_direction if found else "unknown"

    def _positions(self, table: RowTable, index: dict[tuple[int, int], Array], a: str, b: str) -> Array:
        found = index.get((table.code(a), table.code(b)))
        return found if found is not None else np.zeros(0, dtype=np.int64)

    def observations(self, area_id: str, measure: str) -> list[Observation]:
        """An area's figures for a measure, oldest first."""
        key = (area_id, measure)
        if key not in self._rows:
            table = self.tracker.observations
            at = self._positions(table, self._obs, area_id, measure)
            self._rows[key] = table.rows(at) if len(at) else []
        return self._rows[key]

    def register_rows(self, register: str, measure: str) -> list[Observation]:
        """Every row of a register for a measure, oldest first."""
        table = self.tracker.unit_rows
        return table.rows(self._positions(table, self._units, register, measure))

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
        city = self.tracker.areas.city(plan.jurisdiction)
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
        known = [table.vocab.index[i] for i in ids if i in table.vocab.index]
        return np.asarray(known, dtype=np.int64)

    def evidence(self, plan: Plan, measure: str, register: str | None) -> tuple[int, str | None]:
        """How many rows up to the as-of date hold a measure, and the newest one's date: the rows of
        one register, or (register None) every figure and register row for an area of the plan.
        Counted on the index arrays: no row is built but the newest."""
        found: list[tuple[RowTable, Array]] = []
        units = self.tracker.unit_rows
        if register is not None:
            found.append((units, self._positions(units, self._units, register, measure)))
        else:
            obs = self.tracker.observations
            m = obs.code(measure)
            codes = set(self._plan_area_codes(obs, plan).tolist())
            parts = [p for (a, mm), p in self._obs.items() if mm == m and a in codes]
            if parts:
                found.append((obs, np.concatenate(parts)))
            mu = units.code(measure)
            regs = [p for (_, mm), p in self._units.items() if mm == mu]
            if regs:
                rows = np.concatenate(regs)
                found.append((units, rows[np.isin(units.text("area")[rows], self._plan_area_codes(units, plan))]))
        count = sum(len(rows) for _, rows in found)
        if not count:
            return 0, None
        table, rows = max(((t, r) for t, r in found if len(r)), key=lambda tr: int(tr[0].end[tr[1]].max()))
        newest = rows[int(np.argmax(table.end[rows]))]
        return count, table.row(int(newest)).date.text

    def unit_areas(self, plan: Plan, level: str, when: date, *, include_city: bool = False) -> list[Area]:
        """The areas at a unit level (county_level, township) valid on a date, narrowed by --area."""
        units = self.tracker.areas.units(plan.jurisdiction, UNIT_LEVELS[level], when)
        if self.area is not None:
            units = [u for u in units if u.id == self.area.id]
        if include_city and self.area is None:
            city = self.tracker.areas.city(plan.jurisdiction)
            if city is not None:
                units = [city, *units]
        return units

    def _latest_per_unit(self, register: str | None, measure: str, when: date) -> Array:
        """Positions of the newest row of each register unit for a measure on or before a date
        (of one register, or of all), in (date, line) order."""
        table = self.tracker.unit_rows
        m = table.code(measure)
        parts = [p for (r, mm), p in self._units.items() if mm == m and (register is None or r == table.code(register))]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        rows = np.concatenate(parts)
        rows = rows[table.end[rows] <= when.toordinal()]
        if len(parts) > 1:
            rows = rows[np.lexsort((table.columns.line[rows], table.end[rows]))]
        width = np.int64(len(table.vocab.items) + 1)
        unit = table.text("register")[rows].astype(np.int64) * width + table.text("unit")[rows]
        # The last row of each unit: the first one met when reading backwards.
        _, last_from_end = np.unique(unit[::-1], return_index=True)
        latest: Array = rows[np.sort(len(rows) - 1 - last_from_end)]
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
                order = np.lexsort((rows, -table.end[rows].astype(np.int64), areas))
                rows, areas = rows[order], areas[order]
                cuts = np.flatnonzero(np.diff(areas)) + 1
                starts = np.concatenate(([0], cuts)).astype(np.int64)
                totals = np.add.reduceat(table.columns.value[rows], starts)
                for s, total in zip(starts.tolist(), totals.tolist(), strict=True):
                    sums[int(areas[s])] = (float(total), int(rows[s]))
            self._sums[key] = sums
        return self._sums[key]

    def area_value(
        self, area_id: str, measure: str, when: date, depth: int = 0
    ) -> tuple[float, str, Observation] | None:
        """An area's value on a date: its own figure, else the sum of its register units, else its
        predecessors' (renamed or merged) figures carried into it. Returns (value, how, newest row)."""
        own = [o for o in self.observations(area_id, measure) if o.date.end <= when]
        if own:
            return own[-1].value, "", own[-1]
        found = self._register_sums(measure, when).get(self.tracker.unit_rows.code(area_id))
        if found is not None:
            return found[0], "register", self.tracker.unit_rows.row(found[1])
        if depth > 5:
            return None
        sources = self.tracker.areas.carried_from(area_id)
        carried = [(p, r) for p in sources if (r := self.area_value(p, measure, when, depth + 1)) is not None]
        if not carried:
            return None
        newest = max((r[2] for _, r in carried), key=lambda o: o.date.end)
        names = "+".join(f"{self.tracker.areas.by_id[p].name} ({p})" for p, _ in carried)
        partial = " (a lower bound: not every predecessor has a figure)" if len(carried) < len(sources) else ""
        return sum(r[0] for _, r in carried), f"carried from {names}{partial}", newest

    def _unit_rank(self, register: str, measure: str) -> Array:
        """Each unit code's place in the order the register's units first appear in the files
        (by file name, then line); computed once per register and measure."""
        key = (register, measure)
        if key not in self._order:
            table = self.tracker.unit_rows
            rows = self._positions(table, self._units, register, measure)
            files = table.text("file")[rows]
            names = [table.vocab.items[c] for c in np.unique(files).tolist()]
            file_rank = np.zeros(len(table.vocab.items), dtype=np.int64)
            file_rank[[table.code(n) for n in sorted(names)]] = np.arange(len(names))
            order = np.lexsort((table.columns.line[rows], file_rank[files]))
            units = table.text("unit")[rows[order]]
            first = units[np.sort(np.unique(units, return_index=True)[1])]
            rank = np.full(len(table.vocab.items), len(first), dtype=np.int64)
            rank[first] = np.arange(len(first))
            self._order[key] = rank
        return self._order[key]

    def _register_latest(self, register: str, measure: str, when: date, within: set[str] | None) -> Array:
        """Positions of the newest row of each unit of a register for a measure, on or before a
        date, in the order the units first appear in the register; narrowed to --area and to
        the areas a target is limited to."""
        table = self.tracker.unit_rows
        rows = self._latest_per_unit(register, measure, when)
        if self.area is not None:
            rows = rows[table.text("area")[rows] == table.code(self.area.id)]
        if within is not None:
            rows = rows[np.isin(table.text("area")[rows], [table.code(a) for a in within])]
        rank: Any = self._unit_rank(register, measure)
        ordered: Array = rows[np.argsort(rank[table.text("unit")[rows]], kind="stable")]
        return ordered

    def register_units(
        self, register: str, measure: str, when: date, within: set[str] | None = None
    ) -> dict[str, Observation]:
        """The newest row of each unit of a register for a measure, on or before a date,
        in the order the units first appear in the register."""
        rows = self._register_latest(register, measure, when, within)
        return {o.unit: o for o in self.tracker.unit_rows.rows(rows)}

    def register_figures(
        self, register: str, measure: str, when: date, within: set[str] | None = None
    ) -> list[tuple[str, float, str, int]]:
        """(unit, value, qualifier, date as ordinal) of the newest row of each unit, in register
        order: what register_units gives, without building the rows."""
        table = self.tracker.unit_rows
        rows = self._register_latest(register, measure, when, within)
        items = table.vocab.items
        units = [items[c] for c in table.text("unit")[rows].tolist()]
        qualifiers = [items[c] for c in table.text("qualifier")[rows].tolist()]
        values = table.columns.value[rows].tolist()
        ends = table.end[rows].tolist()
        return list(zip(units, values, qualifiers, ends, strict=True))

    def register_values(
        self, register: str, measure: str, when: date, within: set[str] | None = None
    ) -> dict[str, float]:
        """What register_units gives, as each unit's value only (no rows are built)."""
        table = self.tracker.unit_rows
        rows = self._register_latest(register, measure, when, within)
        units = [table.vocab.items[c] for c in table.text("unit")[rows].tolist()]
        return dict(zip(units, table.columns.value[rows].tolist(), strict=True))
