"""The tracker as it stood on an as-of date, indexed for the rules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from swtrack.areas import UNIT_LEVELS, AreaIndex
from swtrack.assess.model import Used
from swtrack.plan import Area, Plan, TargetBase
from swtrack.tracker import Event, Observation, Tracker

STALE_DAYS = 366


def used(obs: Observation, *, proxy: bool = False, areas: AreaIndex | None = None) -> Used:
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
    )


@dataclass
class Context:
    """Everything dated on or before as_of, grouped by (area, measure) and (register, measure)."""

    tracker: Tracker
    as_of: date
    method: str = "linear"
    area: Area | None = None
    obs: dict[tuple[str, str], list[Observation]] = field(default_factory=dict)
    units: dict[tuple[str, str], list[Observation]] = field(default_factory=dict)
    units_in_area: dict[tuple[str, str], list[Observation]] = field(default_factory=dict)
    events: dict[str, list[Event]] = field(default_factory=dict)
    proxies: dict[str, list[str]] = field(default_factory=dict)
    unit_order: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)

    @classmethod
    def build(cls, tracker: Tracker, as_of: date, method: str = "linear", area: Area | None = None) -> Context:
        ctx = cls(tracker=tracker, as_of=as_of, method=method, area=area)
        obs: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        for o in tracker.observations:
            if o.date.end <= as_of:
                obs[(o.area, o.measure)].append(o)
        units: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        for o in tracker.unit_rows:
            if o.date.end <= as_of:
                units[(o.register, o.measure)].append(o)
        events: dict[str, list[Event]] = defaultdict(list)
        for e in tracker.events:
            if e.date.end <= as_of:
                events[e.ref].append(e)
        for group in (*obs.values(), *units.values()):
            group.sort(key=lambda o: (o.date.end, o.line))
        for evs in events.values():
            evs.sort(key=lambda e: (e.date.end, e.line))
        ctx.obs, ctx.units, ctx.events = dict(obs), dict(units), dict(events)
        in_area: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        for rows in units.values():
            for o in rows:
                in_area[(o.area, o.measure)].append(o)
        ctx.units_in_area = dict(in_area)
        for m in tracker.catalogue.measures:
            if m.proxy_for:
                ctx.proxies.setdefault(m.proxy_for, []).append(m.id)
        return ctx

    def used(self, obs: Observation, *, proxy: bool = False) -> Used:
        return used(obs, proxy=proxy, areas=self.tracker.areas)

    def series(self, area_id: str, measure: str) -> list[tuple[Observation, bool]]:
        """Observations of a measure for an area, with proxies where the measure has none that day."""
        exact = self.obs.get((area_id, measure), [])
        days = {o.date.end for o in exact}
        merged = [(o, False) for o in exact]
        for proxy in self.proxies.get(measure, []):
            merged.extend((o, True) for o in self.obs.get((area_id, proxy), []) if o.date.end not in days)
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

    def area_value(
        self, area_id: str, measure: str, when: date, depth: int = 0
    ) -> tuple[float, str, Observation] | None:
        """An area's value on a date: its own figure, else the sum of its register units, else its
        predecessors' (renamed or merged) figures carried into it. Returns (value, how, newest row)."""
        own = [o for o in self.obs.get((area_id, measure), []) if o.date.end <= when]
        if own:
            return own[-1].value, "", own[-1]
        latest: dict[tuple[str, str], Observation] = {}
        for o in self.units_in_area.get((area_id, measure), []):
            if o.date.end <= when:
                latest[(o.register, o.unit)] = o
        if latest:
            newest = max(latest.values(), key=lambda o: o.date.end)
            return sum(o.value for o in latest.values()), "register", newest
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

    def _first_seen(self, register: str, measure: str) -> dict[str, int]:
        """The order in which a register's units first appear in the files (computed once)."""
        key = (register, measure)
        if key not in self.unit_order:
            order: dict[str, int] = {}
            for o in sorted(self.units.get(key, []), key=lambda o: (o.file, o.line)):
                order.setdefault(o.unit, len(order))
            self.unit_order[key] = order
        return self.unit_order[key]

    def register_units(self, register: str, measure: str, when: date) -> dict[str, Observation]:
        """The newest row of each unit of a register for a measure, on or before a date,
        in the order the units first appear in the register."""
        rows = self.units.get((register, measure), [])
        first_seen = self._first_seen(register, measure)
        latest: dict[str, Observation] = {}
        for o in rows:
            if o.date.end <= when:
                latest[o.unit] = o
        latest = dict(sorted(latest.items(), key=lambda kv: first_seen[kv[0]]))
        if self.area is not None:
            latest = {k: v for k, v in latest.items() if v.area == self.area.id}
        return latest
