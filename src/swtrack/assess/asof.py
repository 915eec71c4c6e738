"""A plan's default as-of date: the newest figure the plan reads, so a figure it does not read never moves it.

A plan reads the figures (observations and register rows) of the measures its targets name, and of
their proxies, for the areas of its jurisdiction (and a target's own area), every row of the
registers its unit targets name, and the events of its own targets. Nothing else: another plan's
figures, another city's, a measure no target names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from swtrack.load.columns import RowTable
from swtrack.load.tracker import Tracker
from swtrack.model.plan import CoverageTarget, PerCapitaTarget, Plan, RangeTarget


@dataclass(frozen=True)
class Newest:
    """The newest row a plan reads: its date as published, the day that date ends, where it is."""

    date: str
    day: dt.date
    file: str
    line: int


def plan_measures(tracker: Tracker, plan: Plan) -> set[str]:
    """The measures a plan's targets name, and the proxies the catalogue gives for them."""
    named = {m for t in plan.targets for m in t.measures()}
    return named | {m.id for m in tracker.catalogue.measures if m.proxy_for in named}


def plan_areas(tracker: Tracker, plan: Plan) -> set[str]:
    """The ids of every area of a plan's jurisdiction, and of each target's own area."""
    ids = {a.id for reg in tracker.areas.registries if reg.jurisdiction == plan.jurisdiction for a in reg.areas}
    for t in plan.targets:
        if t.area is not None:
            due = plan.deadline_of(t)
            found = tracker.areas.resolve(t.area, due.end if due else plan.horizon.end).area
            ids.add(found.id if found else t.area)
    return ids


def plan_registers(plan: Plan) -> set[str]:
    """The registers a plan's unit targets are judged over."""
    out: set[str] = set()
    for t in plan.targets:
        if isinstance(t, CoverageTarget | RangeTarget) and t.units.register_id:
            out.add(t.units.register_id)
        elif isinstance(t, PerCapitaTarget):
            out.add(t.register_id)
    return out


def _newest_row(table: RowTable, rows: np.ndarray) -> Newest | None:
    if not len(rows):
        return None
    ends = table.end_at(rows)
    # Of the rows on the newest day, the first in reading order: the same row every run.
    latest = rows[ends == ends.max()]
    files, lines = table.text("file")[latest], table.columns.line[latest]
    # Files ranked by name, then one sort of the newest day's rows (a national table has 100,000s).
    names = table.items("file")
    rank = np.empty(len(names), dtype=np.int64)
    rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    pick = int(np.lexsort((lines, rank[files]))[0])
    row = table.row(int(latest[pick]))
    return Newest(row.date.text, row.date.end, row.file, row.line)


def newest_read(tracker: Tracker, plan: Plan, until: dt.date | None = None) -> Newest | None:
    """The newest figure or event the plan reads, dated on or before `until` (None: any date)."""
    measures, areas, registers = plan_measures(tracker, plan), plan_areas(tracker, plan), plan_registers(plan)
    found: list[Newest] = []
    for table, by_register in ((tracker.observations, False), (tracker.unit_rows, True)):
        if not len(table):
            continue
        mask = np.isin(table.text("measure"), table.codes("measure", measures))
        where = np.isin(table.text("area"), table.codes("area", areas))
        if by_register:
            where |= np.isin(table.text("register"), table.codes("register", registers))
        mask &= where
        if until is not None:
            mask &= table.end <= until.toordinal()
        newest = _newest_row(table, np.flatnonzero(mask))
        if newest is not None:
            found.append(newest)
    ids = {t.id for t in plan.targets}
    found += [
        Newest(e.date.text, e.date.end, e.file, e.line)
        for e in tracker.events
        if e.ref in ids and (until is None or e.date.end <= until)
    ]
    return min(found, key=lambda n: (-n.day.toordinal(), n.file, n.line), default=None)
