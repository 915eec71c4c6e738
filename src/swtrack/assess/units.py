"""Targets judged unit by unit: coverage ("every district has one"), per-unit ranges and
per-person yearly minimums.

A unit's figure counts for UNIT_FIGURE_YEARS; an older figure, or none, makes the unit
unknown, and unknown units are reported apart from short ones ("2 meet, 0 short, 14
unknown"). A district's count summed from a register of known units is a lower bound: the
register may not hold every unit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal, NamedTuple

import numpy as np

from swtrack.assess.context import Context
from swtrack.assess.interval import Interval, above, judge, of, ratio_text
from swtrack.assess.level import Fields
from swtrack.assess.model import MEETS, Status
from swtrack.assess.pace import band, pace
from swtrack.assess.unitcols import UnitColumns, area_name
from swtrack.load.columns import Observation, RowTable
from swtrack.model.plan import CoverageTarget, PerCapitaTarget, Plan, RangeTarget

# How long a unit's figure stands for the unit: the length of the longest phase of the plans
# tracked (Beijing's 2015–2020). Older figures make the unit unknown, never short or met.
UNIT_FIGURE_YEARS = 5

State = Literal["ok", "short", "over", "no_data", "unknown"]


def _oldest(when: date) -> date:
    """The oldest day a unit's figure may be from to stand for the unit on a date."""
    return date.fromordinal(max(1, when.toordinal() - round(UNIT_FIGURE_YEARS * 365.2425)))


def _too_old(day: date, when: date) -> bool:
    return day < _oldest(when)


def _state_of(target: CoverageTarget | RangeTarget) -> Callable[[float, str, str], State]:
    """A unit's state from its figure (value, qualifier, how it was derived); computed once per
    distinct figure, since a register of 100,000 communities holds a handful of values."""
    hi = target.maximum if isinstance(target, RangeTarget) else None
    seen: dict[tuple[float, str, bool], State] = {}

    def state(value: float, qualifier: str, how: str) -> State:
        lower = how == "register" or "lower bound" in how
        key = (value, qualifier, lower)
        found = seen.get(key)
        if found is None:
            found = seen[key] = _judged(_interval(value, qualifier, lower), target.minimum, hi)
        return found

    return state


def _judged(iv: Interval, minimum: float, hi: float | None) -> State:
    verdict = judge(iv, ">=", minimum)
    if verdict == "fails":
        return "short"
    if verdict == "unknown":
        return "unknown"
    return "over" if hi is not None and above(iv, hi) else "ok"


def _interval(value: float, qualifier: str, lower: bool) -> Interval:
    """A unit's figure as an interval; one summed from a register, or carried from only some
    predecessors, is a lower bound."""
    iv = of(value, qualifier)
    return Interval(iv.lo, float("inf"), lo_open=iv.lo_open) if lower else iv


def unit_results(ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget, when: date) -> UnitColumns:
    """Every unit valid on a date, with its newest figure and its state."""
    state, units = _state_of(target), target.units
    if units.areas is not None:
        areas = ctx.unit_areas(plan, units.areas, when, include_city=units.include_city)
        found = ctx.area_figures([a.id for a in areas], target.measure, when)
        names = [a.name for a in areas]
        figures = (
            [f[0] if f else None for f in found],
            [f[1] if f else "" for f in found],
            [f[2] if f else None for f in found],
            [f[3] if f else -1 for f in found],
        )
        return UnitColumns.judged(names, names, figures, state, _oldest(when), _derived)
    table = ctx.tracker.unit_rows
    rows = ctx.register_latest(units.register_id or "", target.measure, when, _within(ctx, target, when))
    unit_items = table.items("unit")
    in_register = [unit_items[u] for u in table.text("unit")[rows].tolist()]
    area_codes = table.text("area")[rows]
    area_names = {c: area_name(table.items("area")[c], ctx.tracker.areas) for c in np.unique(area_codes).tolist()}
    row_areas = [area_names[c] for c in area_codes.tolist()]
    values: list[float | None] = table.value_at(rows).tolist()
    places: list[int] = rows.tolist()
    if units.names:
        # The named units first (-1: one the register does not hold), then the rest of it.
        latest = {unit: k for k, unit in enumerate(in_register)}
        named = set(units.names)
        order = [latest.get(n, -1) for n in units.names] + [k for k, u in enumerate(in_register) if u not in named]
        in_register = [*units.names, *(u for u in in_register if u not in named)]
        row_areas = [row_areas[k] if k >= 0 else "" for k in order]
        values = [values[k] if k >= 0 else None for k in order]
        places = [places[k] if k >= 0 else -1 for k in order]
    tables: list[RowTable | None] = [table if p >= 0 else None for p in places]
    figures = (values, [""] * len(places), tables, places)
    return UnitColumns.judged(in_register, row_areas, figures, state, _oldest(when), _derived)


def _derived(how: str, old: bool) -> str:
    if not old:
        return how
    aged = f"older than {UNIT_FIGURE_YEARS} years: unknown"
    return f"{how}; {aged}" if how else aged


def unit_states(ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget, when: date) -> list[str]:
    """Each unit's state on a date, without the detail a report shows (for the other dates a
    rule looks at: after the deadline, at the baseline)."""
    states = unit_results(ctx, plan, target, when).states
    universe = _universe(ctx, plan, target, when)
    if universe is not None:
        # Units of an open register it does not list; an unknown number counts as one unknown
        # unit, so that the listed units alone never read as every unit.
        unlisted = 1 if universe.size is None else max(0, universe.size - len(states))
        states += ["no_data"] * unlisted
    return states


class Universe(NamedTuple):
    """How many units an open register's target covers in all: `size` None when no exact,
    recent figure says so; `measure` is the count that would say it; `label` names the units."""

    size: int | None
    measure: str | None
    row: Observation | None
    label: str = "units"


def _universe(ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget, when: date) -> Universe | None:
    """The size of an open register's universe on a date (None for a closed list: every area of a
    level, or named units). Read from the register's universe measure for the plan's area, or
    summed over the areas the target is limited to; a bound, an estimate or an old figure leaves
    the size unknown."""
    units = target.units
    if units.areas is not None or units.names is not None:
        return None
    register = next((r for r in ctx.tracker.catalogue.registers if r.id == units.register_id), None)
    measure = register.universe if register else None
    label = register.label.en if register else f"{units.register_id} units"
    if measure is None:
        return Universe(None, None, None, label)
    total, newest = 0, None
    for area_id in sorted(_within(ctx, target, when) or {ctx.city_id(plan)}):
        found = ctx.area_value(area_id, measure, when)
        if found is None or found[1] or found[2].qualifier or _too_old(found[2].date.end, when):
            return Universe(None, measure, None, label)
        total += round(found[0])
        newest = found[2] if newest is None or found[2].date.end > newest.date.end else newest
    return Universe(total, measure, newest, label)


def _within(ctx: Context, target: CoverageTarget | RangeTarget, when: date) -> set[str] | None:
    """The ids of the areas a register target is limited to (None: no limit)."""
    if not target.units.within:
        return None
    found = (ctx.tracker.areas.resolve(n, when).area for n in target.units.within)
    return {a.id for a in found if a is not None}


def evidence(ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget) -> tuple[int, str | None]:
    """How many figures up to the as-of date bear on a unit target, and the newest one's date:
    every register row of its measure, and for area units every figure of an area of the plan."""
    register = target.units.register_id or "" if target.units.areas is None else None
    return ctx.evidence(plan, target.measure, register)


def _fields(ctx: Context, cols: UnitColumns, universe: Universe | None = None) -> Fields:
    met = sum(s in MEETS for s in cols.states)
    short = cols.states.count("short")
    total = len(cols)
    extra: list[Observation] = []
    if universe is not None and universe.size is not None:
        total = max(total, universe.size)
        extra = [universe.row] if universe.row is not None else []
    # An open register of unknown size has no goal count, gap or share: only the listed units.
    known = universe is None or universe.size is not None
    return {
        "units": cols,
        "units_total": total,
        "units_met": met,
        "units_short": short,
        "units_unknown": total - met - short,
        "units_open": not known,
        "value": float(met),
        "target_value": float(total) if known else None,
        "gap": float(total - met) if known else None,
        "share_achieved": met / total if total and known else None,
        "_extra": extra,
    }


def _finish(ctx: Context, out: Fields) -> Fields:
    """Cite the rows behind the units. With a unit limit (what `status` prints), name only the
    units that fall short or are unknown, up to the limit, and cite only their figures (and the
    count of all units, where one gives the total): a national tracker's community target would
    otherwise cite every community's figure. The dates of the figures left out still count for
    the report's oldest and newest figure."""
    cols: UnitColumns = out.get("units", UnitColumns.empty())
    extra: list[Observation] = out.pop("_extra", [])
    figured = cols.with_figures()
    if ctx.unit_limit is not None and len(cols):
        named = cols.named(ctx.unit_limit)
        if len(named) != len(cols):
            chosen = set(named)
            cited = [i for i in figured if i in chosen]
            if not cited and not extra:
                # Every verdict cites rows: where no named unit has a figure (all meet, or the
                # named ones have none), it rests on the units that meet: cite those, up to the limit.
                cited = [i for i in figured if i not in chosen][: ctx.unit_limit]
            kept = set(cited)
            ctx.uncited_days |= cols.days([i for i in figured if i not in kept])
            rows = _by_place([*cols.rows(sorted(cited)), *extra])
            out = out | {"units": cols.results(named), "units_omitted": len(cols) - len(named)}
            return out | {"used": [ctx.used(o) for o in rows]}
    rows = _by_place([*cols.rows(figured), *extra])
    return out | {"units": cols.results(), "used": [ctx.used(o) for o in rows]}


def _by_place(rows: list[Observation]) -> list[Observation]:
    return sorted(rows, key=lambda o: (o.file, o.line))


def _counts(out: Fields) -> str:
    what = f"{out['units_met']} meet, {out['units_short']} short, {out['units_unknown']} unknown"
    return f"{what} of the {out['units_total']} units listed" if out.get("units_open") else what


def _open(target: CoverageTarget | RangeTarget, universe: Universe | None) -> str:
    """Why an open register's listed units cannot decide the target, and what would."""
    if universe is None or universe.size is not None:
        return ""
    need = f"an exact, recent '{universe.measure}' figure" if universe.measure else "a count of them all"
    return f"; how many {universe.label} there are in all is not known: {need} decides it"


def units_rule(ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget) -> Fields:
    """Coverage and per-unit ranges: every unit must hold at least the minimum."""
    return _finish(ctx, _units_rule(ctx, plan, target))


def _units_rule(ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget) -> Fields:
    due = plan.deadline_of(target)
    deadline = due.end if due else ctx.as_of
    judge_day = min(ctx.as_of, deadline)
    cols = unit_results(ctx, plan, target, judge_day)
    universe = _universe(ctx, plan, target, judge_day)
    out: Fields = _fields(ctx, cols, universe)
    if not len(cols) and not (ctx.as_of > deadline and len(unit_results(ctx, plan, target, ctx.as_of))):
        # Nothing to count: no goal and no figure, not a count of 0 against a goal of 0.
        empty = {"value": None, "target_value": None, "gap": None, "share_achieved": None}
        return out | empty | {"status": Status.NO_DATA, "rule": _no_units(ctx, target, plan, judge_day)}
    what, unlisted = _counts(out), _open(target, universe)
    if out["units_met"] == out["units_total"] and not unlisted:
        return out | {"status": Status.MET, "rule": f"{what}: every unit meets the minimum"}
    if ctx.as_of >= deadline:
        return out | _after_deadline(ctx, plan, target, out, deadline, unlisted)
    latest_day = cols.newest_day()
    if not latest_day:
        return out | _no_unit_figure(ctx, plan, target, what)
    if out["units_unknown"] or unlisted:
        return out | {"status": Status.INCONCLUSIVE, "rule": _undecided(what, out, unlisted)}
    # Every unit has a figure: judge the share of units meeting the minimum against 100% by the deadline.
    start = plan.baseline_date.end
    base = unit_states(ctx, plan, target, start)
    if not base or any(s in ("no_data", "unknown") for s in base) or due is None:
        return out | {"status": Status.NOT_JUDGED_YET, "rule": f"{what}; no complete baseline to read a pace from"}
    s0 = sum(s in MEETS for s in base) / len(base)
    latest = date.fromordinal(latest_day)
    p = pace((start, s0), (latest, out["units_met"] / out["units_total"]), (deadline, 1.0), "linear", direction=1)
    if p is None:
        return out | {"status": Status.NOT_JUDGED_YET, "rule": f"{what}; no pace can be read"}
    return out | {
        "pace": p,
        "status": band(p.ratio),
        "rule": f"{what}; R = {ratio_text(p.ratio)} on the share of units",
    }


def _after_deadline(
    ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget, out: Fields, deadline: date, unlisted: str
) -> Fields:
    what = _counts(out)
    later = unit_states(ctx, plan, target, ctx.as_of) if ctx.as_of > deadline else []
    later_cols = unit_results(ctx, plan, target, ctx.as_of) if later else UnitColumns.empty()
    all_later = bool(later) and all(s in MEETS for s in later)
    if all_later:
        status = Status.MET_LATE if out["units_short"] else Status.MET_BY
        why = "short units at the deadline" if out["units_short"] else "on time unknown"
        rule = f"at the deadline {what}; all {len(later)} meet by {ctx.as_of} ({why})"
        universe = _universe(ctx, plan, target, ctx.as_of)
        return _fields(ctx, later_cols, universe) | {"status": status, "rule": rule}
    if out["units_short"]:
        return {"status": Status.MISSED, "rule": f"at the deadline {what}"}
    cols: UnitColumns = out["units"]
    if not any(cols.dates):
        if any(s != "no_data" for s in later):
            met = sum(s in MEETS for s in later)
            of_all = f"{met} meet the minimum{unlisted}" if unlisted else f"{met} of {len(later)} meet the minimum"
            rule = f"no unit has a figure at the deadline; by {ctx.as_of} {of_all}"
            return {"status": Status.INCONCLUSIVE, "rule": rule, "_extra": [*out["_extra"], *_cited(ctx, later_cols)]}
        return _no_unit_figure(ctx, plan, target, f"at the deadline: {what}")
    aged = sum("older than" in d for d in cols.derived)
    if aged and not out["units_met"] and aged == cols.states.count("unknown"):
        return {"status": Status.STALE, "rule": f"at the deadline {what}: the figures there are too old to judge it"}
    return {"status": Status.INCONCLUSIVE, "rule": "at the deadline " + _undecided(what, out, unlisted)}


def _no_units(ctx: Context, target: CoverageTarget | RangeTarget, plan: Plan, when: date) -> str:
    """Why there is nothing to judge, in words: which level or register holds no unit, and when."""
    day = when.isoformat()
    within = f" within {ctx.area.name}" if ctx.area is not None else ""
    if target.units.areas is not None:
        level = target.units.areas
        return f"no units to judge: targets/areas/ holds no {level} area of '{plan.jurisdiction}'{within} on {day}"
    register = target.units.register_id
    return f"no units to judge: the {register} register holds no {target.measure} row{within} on or before {day}"


def _cited(ctx: Context, cols: UnitColumns) -> list[Observation]:
    """The rows of the units that have a figure, up to the unit limit: what a verdict read off
    units other than those it lists rests on."""
    figured = cols.with_figures()
    return cols.rows(figured if ctx.unit_limit is None else figured[: ctx.unit_limit])


def _undecided(what: str, out: Fields, unlisted: str) -> str:
    return what + (": the unknown units decide it" if out["units_unknown"] else "") + unlisted


def _no_unit_figure(ctx: Context, plan: Plan, target: CoverageTarget | RangeTarget, what: str) -> Fields:
    """No unit has a figure of its own: no data, unless figures of the measure exist that cannot be
    split by unit (a city total), which make it inconclusive rather than unknown."""
    count, newest = evidence(ctx, plan, target)
    if not count:
        return {"status": Status.NO_DATA, "rule": f"no unit has a figure ({what})"}
    rule = (
        f"no unit has a figure of its own ({what}); {count} figure(s) of the measure, newest {newest}, "
        "do not say which units meet it"
    )
    register = target.units.register_id or "" if target.units.areas is None else None
    rows = ctx.evidence_rows(plan, target.measure, register, ctx.unit_limit)
    return {"status": Status.INCONCLUSIVE, "rule": rule, "_extra": rows}


def per_capita(ctx: Context, plan: Plan, target: PerCapitaTarget) -> Fields:
    """Each person must reach a yearly minimum: judged on the latest year's register."""
    out = _per_capita(ctx, target)
    cols: UnitColumns = out.get("units", UnitColumns.empty())
    rows = _by_place(cols.rows(cols.with_figures()))
    newest = max((o.date for o in rows), key=lambda d: d.end).text if rows else None
    # The evidence is every person's figure, also when status names only some of them.
    return _finish(ctx, out) | {"_evidence": (len(rows), newest)}


def _per_capita(ctx: Context, target: PerCapitaTarget) -> Fields:
    table = ctx.tracker.unit_rows
    at = ctx.register_positions(target.register_id, target.measure)
    if ctx.area is not None:
        at = at[table.text("area")[at] == table.code("area", ctx.area.id)]
    if not len(at):
        return {"status": Status.NO_DATA, "rule": "no per-person figures on or before the as-of date"}
    year = date.fromordinal(int(table.end_at(at).max())).year
    at = at[table.end_at(at) >= date(year, 1, 1).toordinal()]
    units = table.items("unit")
    # The newest row of each person that year (rows come oldest first), people by name.
    this_year = dict(zip((units[u] for u in table.text("unit")[at].tolist()), at.tolist(), strict=True))
    people = sorted(this_year)
    places = [this_year[p] for p in people]
    areas = [area_name(table.items("area")[a], ctx.tracker.areas) for a in table.text("area")[places].tolist()]
    values: list[float | None] = table.value_at(places).tolist()
    states = {"meets": "ok", "fails": "short", "unknown": "unknown"}

    def state(value: float, qualifier: str, how: str) -> str:
        return states[judge(of(value, qualifier), ">=", target.minimum)]

    figures = (values, [""] * len(places), [table] * len(places), places)
    # A person's figure of the year is never too old.
    cols = UnitColumns.judged(people, areas, figures, state, date.min, _derived)
    out = _fields(ctx, cols)
    out |= {"value": out["units_met"] / len(cols), "target_value": 1.0, "comparator": ">="}
    what = f"{_counts(out)} in {year} (minimum {target.minimum:g})"
    if out["units_short"]:
        return out | {"status": Status.MISSED, "rule": what}
    if out["units_unknown"]:
        return out | {"status": Status.INCONCLUSIVE, "rule": f"{what}: the unknown persons decide it"}
    return out | {"status": Status.MET, "rule": what}
