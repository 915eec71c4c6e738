"""Targets on change over time: an increase over a period (新增 / 累计培养 N), and what a measure
that never falls says at dates after its last figure.

An increase is read from the stock at the period's start and the stocks after it, or from the
yearly flows in between, as the catalogue says the measure behaves (`change` in measures.yaml).
Every figure is an interval, so an increase is one too: the end's interval minus the start's,
and a year of flows with no figure leaves the sum open above (flows are never negative).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from swtrack.assess.context import STALE_DAYS, Context
from swtrack.assess.interval import MARK, Interval, fmt, of
from swtrack.assess.level import Fields, Goal, Point, judge_level
from swtrack.assess.model import Baseline, Status, Used
from swtrack.load.columns import Observation
from swtrack.model.dates import PartialDate
from swtrack.model.measures import Measure
from swtrack.model.plan import IncreaseTarget, Plan, TargetBase


def minus(a: Interval, b: Interval) -> Interval:
    """Every value x - y with x in a and y in b: interval subtraction, ends kept open where either is."""
    return Interval(a.lo - b.hi, a.hi - b.lo, lo_open=a.lo_open or b.hi_open, hi_open=a.hi_open or b.lo_open)


def plus(a: Interval, b: Interval) -> Interval:
    """Every value x + y with x in a and y in b."""
    return Interval(a.lo + b.lo, a.hi + b.hi, lo_open=a.lo_open or b.lo_open, hi_open=a.hi_open or b.hi_open)


def at_least(iv: Interval) -> Interval:
    """What a figure of a measure that never falls says of any later date: at least its low end."""
    return Interval(iv.lo, math.inf, lo_open=iv.lo_open)


def _counted(iv: Interval, measure: Measure | None) -> Interval:
    """A count is never negative: an interval open below is cut at zero."""
    if measure is not None and measure.count and iv.lo < 0:
        return Interval(0.0, iv.hi, hi_open=iv.hi_open)
    return iv


def _row(ctx: Context, o: Observation) -> tuple[Used, Interval]:
    return ctx.used(o), of(o.value, o.qualifier)


def period_start(plan: Plan, target: IncreaseTarget) -> date:
    return (target.start or plan.baseline_date).end


def _stock_points(
    ctx: Context, target: IncreaseTarget, measure: Measure | None, rows: list[Observation], start: date
) -> tuple[list[Point], list[Used], list[str]] | str:
    """The increase at each stock figure after the start; a reason where the start has no figure."""
    near = [o for o in rows if start - timedelta(days=STALE_DAYS) <= o.date.end <= start]
    after = [o for o in rows if o.date.end > start]
    notes: list[str] = []
    if near:
        start_used, start_iv = _row(ctx, near[-1])
        notes.append(f"stock at the period's start: {_shown(start_used)}")
    elif after and measure is not None and measure.change == "non_decreasing":
        # A measure that never falls was at most its first later figure at the start, so the
        # increase is at least the difference: a lower bound, never an upper one.
        start_used, first_iv = _row(ctx, after[0])
        start_iv = _counted(Interval(-math.inf, first_iv.hi, hi_open=first_iv.hi_open), measure)
        notes.append(
            f"no figure at the period's start ({start}); the measure never decreases, so the stock then was at "
            f"most {_shown(start_used)}, and every increase below is a lower bound"
        )
        after = after[1:]
    else:
        return f"no figure of {target.measure} at the period's start ({start} or within a year before it)"
    if not after:
        return f"no figure of {target.measure} after the period's start ({start})"
    points = []
    for o in after:
        used, iv = _row(ctx, o)
        points.append(Point(o.date.end, o.value - start_used.value, used, minus(iv, start_iv)))
    return points, [start_used], notes


def _year_flow(rows: list[Observation]) -> tuple[Observation, bool]:
    """A year's flow: its latest figure, and whether that figure covers the whole year (a figure
    dated within the year counts the year so far, a lower bound on the year)."""
    o = rows[-1]
    return o, o.date.end == date(o.date.end.year, 12, 31)


def _flow_points(
    ctx: Context, target: IncreaseTarget, rows: list[Observation], start: date
) -> tuple[list[Point], list[Used], list[str]] | str:
    """The sum of the yearly flows after the start's year, at each year with a figure."""
    first_year = start.year + 1
    by_year: dict[int, list[Observation]] = {}
    for o in rows:
        if o.date.end.year >= first_year:
            by_year.setdefault(o.date.end.year, []).append(o)
    if not by_year:
        return f"no yearly figure of {target.measure} from {first_year} on"
    total = Interval(0.0, 0.0)
    value = 0.0
    points: list[Point] = []
    missing: list[int] = []
    partial: list[str] = []
    for year in range(first_year, max(by_year) + 1):
        if year not in by_year:
            missing.append(year)
            total = at_least(total)
            continue
        o, whole = _year_flow(by_year[year])
        iv = of(o.value, o.qualifier)
        if not whole:
            partial.append(o.date.text)
            iv = at_least(iv)
        total = plus(total, iv)
        value += o.value
        points.append(Point(o.date.end, value, ctx.used(o), total))
    notes = [f"the sum of the yearly flows from {first_year}"]
    if missing:
        notes.append("no figure for " + ", ".join(str(y) for y in missing) + ": the sum from then on is a lower bound")
    if partial:
        notes.append("a figure of part of a year (" + ", ".join(partial) + ") is a lower bound on that year")
    return points, [], notes


def increase(ctx: Context, plan: Plan, target: IncreaseTarget) -> Fields:
    """An increase over the period against its target, judged like a level whose baseline is zero
    at the period's start: the pace, the phases and the deadline rules all apply to it."""
    measure = ctx.tracker.measures.get(target.measure)
    start = period_start(plan, target)
    rows = [o for o in ctx.observations(ctx.scope_id(plan, target), target.measure) if o.date.end <= ctx.as_of]
    goal = Goal(target.value, target.comparator)
    flow = measure is not None and measure.change == "flow"
    found = _flow_points(ctx, target, rows, start) if flow else _stock_points(ctx, target, measure, rows, start)
    if isinstance(found, str):
        out: Fields = {"status": Status.NO_DATA, "rule": f"the increase cannot be read: {found}"}
        out |= {"comparator": goal.comparator, "target_value": goal.target, "used": [ctx.used(o) for o in rows]}
        if rows:
            out |= {"latest": ctx.used(rows[-1])}
        return out
    points, start_rows, notes = found
    zero = Baseline(
        date=start.isoformat(), value=0, origin="period_start", source="the increase is zero at the period's start"
    )
    out = judge_level(ctx, plan, target, points, goal, stated_baseline=(zero, Interval(0.0, 0.0)))
    out["used"] = start_rows + [p.used for p in points]
    out["notes"] = notes
    return out


def never_decreasing(ctx: Context, plan: Plan, target: TargetBase, measure: Measure | None, out: Fields) -> Fields:
    """A verdict on a measure that never falls (measures.yaml `change: non_decreasing`): its last figure
    is a lower bound at every later date. A stale figure that already meets a "≥" standard still meets
    it, and a target reached before its deadline was met at the deadline; the rule says why."""
    if measure is None or measure.change != "non_decreasing" or target_comparator(target) not in (">=", ">"):
        return out
    judged: Used | None = out.get("judged_on")
    value = getattr(target, "value", None)
    if judged is None or value is None:
        return out
    due = plan.deadline_of(target)
    at = ctx.as_of if due is None else min(ctx.as_of, due.end)
    when = PartialDate.parse(judged.date).end
    if when >= at - timedelta(days=STALE_DAYS):
        return out
    why = f"the measure never decreases, so its figure of {judged.date} is a lower bound on {at}"
    if out.get("status") in (Status.MET, Status.OVERSHOOT):
        return out | {"rule": f"{out['rule']}; {why}"}
    if out.get("status") is Status.STALE and due is None:
        bound = at_least(of(judged.value, judged.qualifier))
        if Goal(value, target_comparator(target)).verdict(bound) == "meets":
            rule = f"the latest figure ({_shown(judged)}) meets the standard; {why}"
            return out | {"status": Status.MET, "rule": rule}
    return out


def target_comparator(target: TargetBase) -> str:
    return str(getattr(target, "comparator", ">="))


def _shown(u: Used) -> str:
    return f"{MARK.get(u.qualifier, '')}{fmt(u.value)} on {u.date}"
